"""The content: `m2w dimensions` and `m2w show` to read it, `m2w validate` and `m2w schema` to check it."""

from __future__ import annotations

import json
import shutil
import textwrap
from pathlib import Path

import click

from m2w_tool.commands.common import content_option, lang_option, messages_lang_option, metavar, module_option
from m2w_tool.errors import M2WError
from m2w_tool.i18n import N_, _
from m2w_tool.safetext import terminal


@click.command(help=N_("List the dimensions (or with --module quality the process components), numbered."))
@module_option(default="sustainability")
@lang_option
@content_option
def dimensions(module: str, lang: str, content) -> None:
    for module_id in ("sustainability", "quality"):
        if module not in ("all", module_id):
            continue
        click.secho(terminal(content.module(module_id).title(lang)), bold=True)  # content may be anyone's
        for d in content.in_module(module_id):
            count = _("%(n)s questions", n=len(d.questions))
            click.echo(terminal(f"{d.number:>3}. {d.short_id}  {d.title(lang)}  ({count})"))
            summary = textwrap.fill(d.summary(lang), _width(), initial_indent=" " * 9, subsequent_indent=" " * 9)
            click.echo(terminal(summary))
        click.echo()


def _width() -> int:
    return max(40, min(100, shutil.get_terminal_size((88, 20)).columns) - 2)


def _para(text: str, indent: int = 0) -> str:
    pad = " " * indent
    return "\n\n".join(
        terminal(textwrap.fill(" ".join(p.split()), _width(), initial_indent=pad, subsequent_indent=pad))
        for p in text.split("\n\n")
        if p.strip()
    )


def _hanging(marker: str, text: str, indent: int) -> str:
    """A numbered or bulleted item whose following lines align with its text."""
    first = " " * indent + marker + " "
    wrapped = textwrap.fill(" ".join(text.split()), _width(), initial_indent=first, subsequent_indent=" " * len(first))
    return terminal(wrapped)


def _bold(text: str) -> str:
    """A heading: bold on a terminal, its own control characters written out first."""
    return click.style(terminal(text, one_line=True), bold=True)


def describe(content, key: str, lang: str) -> str:
    """The readable text of one dimension or component, as `m2w show` prints it."""
    d = content.find(key)
    if d is None:
        raise M2WError(
            _(
                "Unknown dimension or component '%(key)s'. Try `m2w dimensions` or `m2w dimensions --module quality`.",
                key=key,
            )
        )
    out = [_bold(f"{d.short_id} · {d.number}. {d.title(lang)}"), _para(d.summary(lang)), ""]
    out += [_bold(_("Background")), _para(d.theory(lang)), ""]
    out.append(_bold(_("Criteria") if d.module == "quality" else _("Statements")))
    scale_ids = dict.fromkeys(s for q in d.questions for s in (q.scale, q.how_well) if s)
    for scale_id in scale_ids:  # each answer set once, not under every statement
        scale = content.scales[scale_id]
        labels = " / ".join(f"{o.value} {o.label(lang)}" for o in scale.options)
        out.append(_para(f"{scale.title(lang)} {labels} / n/a {scale.na(lang)}", 2))
    for i, q in enumerate(d.questions, 1):
        out.append("")
        out.append(_hanging(f"{i}.", q.text(lang), 2))
        out.append(_para(_("Fully in place: %(text)s", text=q.fully(lang)), 5))
        if q.evidence:
            out.append(_para(_("Evidence: %(text)s", text=q.evidence(lang)), 5))
    out += ["", _bold(_("Reflection questions"))]
    out += [_hanging("-", r(lang), 2) for r in d.reflection]
    out += ["", _bold(_("Methods"))]
    for m in d.methods:
        minutes = _("%(n)s minutes", n=m.duration_minutes)  # outside the f-string, where Babel finds it
        out.append(terminal(f"  {m.title(lang)} ({minutes})", one_line=True))
        out.append(_para(m.goal(lang), 4))
        out += [_hanging(f"{j}.", s(lang), 4) for j, s in enumerate(m.steps, 1)]
    out += [
        "",
        _bold(_("Sources")),
        _("This dimension is defined by m2w itself.")
        if d.basis == "m2w"
        else _("This dimension follows the MeMoRe toolkit (Hefboom)."),
    ]
    out += [terminal(f"  - {s}", one_line=True) for s in d.sources]
    return "\n".join(out)


@click.command(help=N_("Show one dimension or component: theory, statements, reflection questions, methods."))
@click.argument("dimension_id", metavar=metavar("dimension"))
@lang_option
@content_option
def show(dimension_id: str, lang: str, content) -> None:
    click.echo(describe(content, dimension_id, lang))  # neutralised piece by piece, headings bold


@click.command(help=N_("Check a content folder (the shipped one by default) and list every problem."))
@click.argument("directory", required=False, metavar=metavar("directory"), type=click.Path(path_type=Path))
@messages_lang_option
def validate(directory: Path | None) -> None:
    from m2w_tool.content import load_content

    content = load_content(directory)
    click.echo(
        _(
            "Content is valid: %(dims)s sustainability dimensions, %(comps)s quality components, %(questions)s "
            "questions (version %(version)s).",
            dims=len(content.in_module("sustainability")),
            comps=len(content.in_module("quality")),
            questions=len(content.questions),
            version=content.version,
        )
    )


@click.command(help=N_("Print the JSON Schema of a content file, for your editor."))
@click.argument(
    "kind",
    required=False,
    default="dimension",
    metavar=metavar("kind"),
    type=click.Choice(["dimension", "scales", "capitals", "modules", "migration", "guide"]),
)
def schema(kind: str) -> None:
    from m2w_tool.content import schema_for

    click.echo(json.dumps(schema_for(kind), indent=2, ensure_ascii=False))
