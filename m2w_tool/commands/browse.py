"""Browse and check the content: `m2w dimensions`, `m2w show`, `m2w validate`, `m2w schema`."""

from __future__ import annotations

import json
import shutil
import textwrap
from pathlib import Path

import click

from m2w_tool.commands.common import HELP_LANG, content_option, lang_option, metavar, module_option
from m2w_tool.errors import M2WError
from m2w_tool.i18n import Catalog
from m2w_tool.safetext import terminal

MSG = Catalog(
    {
        "dimensions_help": (
            "Toon de dimensies (of met --module quality de procesonderdelen), genummerd.",
            "List the dimensions (or with --module quality the process components), numbered.",
        ),
        "show_help": (
            "Toon één dimensie of onderdeel: theorie, stellingen, reflectievragen, methodes.",
            "Show one dimension or component: theory, statements, reflection questions, methods.",
        ),
        "validate_help": (
            "Controleer een inhoudsmap (standaard de meegeleverde) en toon alle problemen.",
            "Check a content folder (the shipped one by default) and list every problem.",
        ),
        "schema_help": (
            "Druk het JSON Schema van een inhoudsbestand af, voor je editor.",
            "Print the JSON Schema of a content file, for your editor.",
        ),
        "unknown_id": (
            "Onbekende dimensie of onderdeel '{key}'. Probeer `m2w dimensions` of `m2w dimensions --module quality`.",
            "Unknown dimension or component '{key}'. Try `m2w dimensions` or `m2w dimensions --module quality`.",
        ),
        "valid": (
            "Inhoud in orde: {dims} duurzaamheidsdimensies, {comps} kwaliteitsonderdelen, {questions} vragen (versie "
            "{version}).",
            "Content is valid: {dims} sustainability dimensions, {comps} quality components, {questions} questions "
            "(version {version}).",
        ),
        "statements": ("Stellingen", "Statements"),
        "criteria": ("Criteria", "Criteria"),
        "fully": ("Volledig aanwezig", "Fully in place"),
        "evidence": ("Bewijs", "Evidence"),
        "reflection": ("Reflectievragen", "Reflection questions"),
        "methods": ("Methodes", "Methods"),
        "minutes": ("{n} minuten", "{n} minutes"),
        "theory": ("Achtergrond", "Background"),
        "sources": ("Bronnen", "Sources"),
        "basis_m2w": (
            "Deze dimensie is door m2w zelf omschreven.",
            "This dimension is defined by m2w itself.",
        ),
        "basis_memore": (
            "Deze dimensie volgt de MeMoRe-toolkit (Hefboom).",
            "This dimension follows the MeMoRe toolkit (Hefboom).",
        ),
        "questions_count": ("{n} vragen", "{n} questions"),
    }
)


def _load(content_path: Path | None):
    from m2w_tool.content import load_content

    return load_content(content_path)


@click.command(help=MSG("dimensions_help", HELP_LANG))
@module_option(default="sustainability")
@lang_option
@content_option
def dimensions(module: str, lang: str, content_path: Path | None) -> None:
    content = _load(content_path)
    for module_id in ("sustainability", "quality"):
        if module not in ("all", module_id):
            continue
        click.secho(terminal(content.module(module_id).title(lang)), bold=True)  # content may be anyone's
        for d in content.in_module(module_id):
            count = MSG("questions_count", lang, n=len(d.questions))
            click.echo(terminal(f"{d.number:>3}. {d.short_id}  {d.title(lang)}  ({count})"))
            summary = textwrap.fill(d.summary(lang), _width(), initial_indent=" " * 9, subsequent_indent=" " * 9)
            click.echo(terminal(summary))
        click.echo()


def _width() -> int:
    return max(40, min(100, shutil.get_terminal_size((88, 20)).columns) - 2)


def _para(text: str, indent: int = 0) -> str:
    pad = " " * indent
    return "\n\n".join(
        textwrap.fill(" ".join(p.split()), _width(), initial_indent=pad, subsequent_indent=pad)
        for p in text.split("\n\n")
        if p.strip()
    )


def _hanging(marker: str, text: str, indent: int) -> str:
    """A numbered or bulleted item whose following lines align with its text."""
    first = " " * indent + marker + " "
    return textwrap.fill(" ".join(text.split()), _width(), initial_indent=first, subsequent_indent=" " * len(first))


def describe(content, key: str, lang: str) -> str:
    """The readable text of one dimension or component, as `m2w show` prints it."""
    d = content.find(key)
    if d is None:
        raise M2WError(MSG("unknown_id", lang, key=key))
    out = [click.style(f"{d.short_id} · {d.number}. {d.title(lang)}", bold=True), _para(d.summary(lang)), ""]
    out += [click.style(MSG("theory", lang), bold=True), _para(d.theory(lang)), ""]
    heading = "criteria" if d.module == "quality" else "statements"
    out.append(click.style(MSG(heading, lang), bold=True))
    scale_ids = dict.fromkeys(s for q in d.questions for s in (q.scale, q.how_well) if s)
    for scale_id in scale_ids:  # each answer set once, not under every statement
        scale = content.scales[scale_id]
        labels = " / ".join(f"{o.value} {o.label(lang)}" for o in scale.options)
        out.append(_para(f"{scale.title(lang)} {labels} / n/a {scale.na(lang)}", 2))
    for i, q in enumerate(d.questions, 1):
        out.append("")
        out.append(_hanging(f"{i}.", q.text(lang), 2))
        out.append(_para(f"{MSG('fully', lang)}: {q.fully(lang)}", 5))
        if q.evidence:
            out.append(_para(f"{MSG('evidence', lang)}: {q.evidence(lang)}", 5))
    out += ["", click.style(MSG("reflection", lang), bold=True)]
    out += [_hanging("-", r(lang), 2) for r in d.reflection]
    out += ["", click.style(MSG("methods", lang), bold=True)]
    for m in d.methods:
        out.append(f"  {m.title(lang)} ({MSG('minutes', lang, n=m.duration_minutes)})")
        out.append(_para(m.goal(lang), 4))
        out += [_hanging(f"{j}.", s(lang), 4) for j, s in enumerate(m.steps, 1)]
    out += ["", click.style(MSG("sources", lang), bold=True), MSG(f"basis_{d.basis}", lang)]
    out += [f"  - {s}" for s in d.sources]
    return "\n".join(out)


@click.command(help=MSG("show_help", HELP_LANG))
@click.argument("dimension_id", metavar=metavar("dimension"))
@lang_option
@content_option
def show(dimension_id: str, lang: str, content_path: Path | None) -> None:
    click.echo(terminal(describe(_load(content_path), dimension_id, lang)))


@click.command(help=MSG("validate_help", HELP_LANG))
@click.argument("directory", required=False, metavar=metavar("directory"), type=click.Path(path_type=Path))
@lang_option
def validate(directory: Path | None, lang: str) -> None:
    content = _load(directory)
    click.echo(
        MSG(
            "valid",
            lang,
            dims=len(content.in_module("sustainability")),
            comps=len(content.in_module("quality")),
            questions=len(content.questions),
            version=content.version,
        )
    )


@click.command(help=MSG("schema_help", HELP_LANG))
@click.argument(
    "kind",
    required=False,
    default="dimension",
    metavar=metavar("kind"),
    type=click.Choice(["dimension", "scales", "capitals", "modules"]),
)
def schema(kind: str) -> None:
    from m2w_tool.content import schema_for

    click.echo(json.dumps(schema_for(kind), indent=2, ensure_ascii=False))
