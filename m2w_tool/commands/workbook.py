"""`m2w workbook` (printable or fillable PDF workbooks) and `m2w import` (filled workbooks -> answers).

The commands parse options and call the functions below; the workbook itself is modelled in
m2w_tool.workbook and read back in m2w_tool.pdfform. Rendering a full workbook takes a few
seconds, so finished PDFs are kept in a small cache keyed by everything that shapes them.
"""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path

import click

from m2w_tool.commands.common import (
    HELP_LANG,
    content_option,
    lang_option,
    metavar,
    module_option,
    only_option,
    select_dimensions,
)
from m2w_tool.errors import M2WError
from m2w_tool.gcpause import gc_paused
from m2w_tool.i18n import Catalog, _, set_lang
from m2w_tool.outputs import FORCE_HELP
from m2w_tool.safetext import terminal

CACHE_KEEP = 16  # finished workbooks kept in the cache; older ones are removed
TEMPLATE = "workbook.html.j2"
STYLESHEET = "workbook.css"
# Drawn as repeated background images on paper (templates/assets/): the tick box of a rating row
# and one ruled writing line.
PRINT_ASSETS = ("tickbox.svg", "ruled.svg")

MSG = Catalog(
    {
        "workbook_help": (
            "Maak een werkboek (A4-PDF) voor een teamsessie: gids voor de begeleider, theorie, stellingen "
            "om aan te kruisen, reflectievragen, oefeningen en een actieplan. Met --fillable een invulbare "
            "PDF die je met `m2w import` weer inleest.",
            "Make a workbook (A4 PDF) for a team session: facilitator guide, theory, statements to tick, "
            "reflection questions, exercises and an action plan. With --fillable a fillable PDF that "
            "`m2w import` reads back.",
        ),
        "output_help": (
            "Bestand om te schrijven (standaard in output/).",
            "File to write (default: in output/).",
        ),
        "fillable_help": (
            "Invulbare PDF: keuzelijsten en tekstvakken die elke PDF-lezer kan invullen en bewaren.",
            "Fillable PDF: drop-down lists and text boxes any PDF reader can fill in and save.",
        ),
        "no_cache_help": (
            "Maak het werkboek opnieuw, ook als een identiek exemplaar in de cache zit.",
            "Render the workbook again, even when an identical one is in the cache.",
        ),
        "rendering": (
            "Het werkboek wordt opgemaakt. Voor een volledig werkboek (zo'n 125 pagina's) kan dat een "
            "tiental seconden duren.",
            "Laying out the workbook. For a full workbook (some 125 pages) this can take ten seconds or so.",
        ),
        "rendering_cached": (
            "Vraag je hetzelfde werkboek later opnieuw, dan is het er meteen.",
            "Ask for the same workbook again later and it is there at once.",
        ),
        "written": ("Werkboek geschreven: {path}", "Workbook written: {path}"),
        "written_fillable": (
            "Invulbaar werkboek geschreven: {path}\nVul het in met een PDF-lezer, bewaar het en lees het in met:\n"
            "  m2w import {path}",
            "Fillable workbook written: {path}\nFill it in with a PDF reader, save it and read it in with:\n"
            "  m2w import {path}",
        ),
        "asset_missing": (
            "De afbeeldingen voor de vakjes en de schrijflijnen ({names}) ontbreken in templates/assets/; "
            "installeer m2w opnieuw.",
            "The images for the tick boxes and writing lines ({names}) are missing from templates/assets/; "
            "reinstall m2w.",
        ),
        "nothing_selected": (
            "Geen dimensies gekozen: --only {only} valt niet binnen --module {module}.",
            "No dimensions chosen: --only {only} is not part of --module {module}.",
        ),
        "import_help": (
            "Lees ingevulde werkboeken (invulbare PDF's van `m2w workbook --fillable`) in als "
            "antwoordbestanden voor `m2w report`. Elk werkboek wordt een aparte respondent.",
            "Read filled-in workbooks (fillable PDFs from `m2w workbook --fillable`) into answers files "
            "for `m2w report`. Each workbook becomes a separate respondent.",
        ),
        "import_output_help": (
            "Antwoordbestand (.yaml) bij één werkboek, of een map (standaard output/).",
            "Answers file (.yaml) for one workbook, or a folder (default: output/).",
        ),
        "force_help": (
            "Bestaande antwoordbestanden overschrijven.",
            "Overwrite existing answers files.",
        ),
        "one_file_many": (
            "{n} werkboeken maar één bestand ({path}): geef met -o een map op; elk werkboek wordt een "
            "eigen antwoordbestand.",
            "{n} workbooks but one file ({path}): give a folder with -o; each workbook becomes its own "
            "answers file.",
        ),
        "exists": (
            "{path} bestaat al. Kies een ander bestand met -o, of overschrijf met --force.",
            "{path} already exists. Choose another file with -o, or overwrite with --force.",
        ),
        "nothing_written": (
            "Er is niets geschreven; los dit op en probeer opnieuw.",
            "Nothing was written; fix this and try again.",
        ),
        "imported": (
            "{pdf} -> {path}\n  {who}: {answered} van {total} vragen beantwoord ({na} n.v.t.).",
            "{pdf} -> {path}\n  {who}: {answered} of {total} questions answered ({na} n/a).",
        ),
        "anonymous": ("(geen naam ingevuld)", "(no name filled in)"),
        "empty_all": ("  Alles ingevuld.", "  Nothing left empty."),
        "empty_head": ("  Leeg gelaten:", "  Left empty:"),
        "empty_line": ("    {dim}: {ids}", "    {dim}: {ids}"),
        "empty_whole": ("    {dim}: alle {n} vragen", "    {dim}: all {n} questions"),
        "next": (
            "Maak het rapport met: m2w report {path}",
            "Make the report with: m2w report {path}",
        ),
    }
)


# --- rendering ----------------------------------------------------------------------------------


def default_cache_dir() -> Path:
    """Where finished workbooks are cached: $M2W_CACHE_DIR, else the user's cache folder."""
    if os.environ.get("M2W_CACHE_DIR"):
        return Path(os.environ["M2W_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "m2w" / "workbooks"


def cache_key(workbook) -> str:
    """A hash of everything that shapes the PDF: content, options, templates and the code around them."""
    from m2w_tool import __version__, render
    from m2w_tool import workbook as model
    from m2w_tool.resources import templates_dir

    digest = hashlib.sha256()
    parts = [__version__, str(workbook.marker), str(workbook.fillable), ",".join(d.id for d in workbook.dimensions)]
    for part in parts:
        digest.update(part.encode() + b"\0")
    try:  # the renderer's version, read without importing it (that alone takes ~0.4 s)
        from importlib.metadata import PackageNotFoundError, version

        digest.update(version("weasyprint").encode() + b"\0")
    except PackageNotFoundError:  # pragma: no cover - weasyprint is a dependency
        pass
    files = [
        templates_dir() / TEMPLATE,
        templates_dir() / STYLESHEET,
        Path(model.__file__),
        Path(render.__file__),
        Path(__file__),
    ]
    files += [templates_dir() / "assets" / name for name in PRINT_ASSETS]
    macros = templates_dir() / "_macros.html.j2"
    if macros.is_file():
        files.append(macros)
    for path in files:
        try:
            digest.update(path.read_bytes() + b"\0")
        except OSError:  # a missing file is reported by the render itself, in words
            digest.update(b"missing\0")
    return digest.hexdigest()


def _hide_marker(document, pdf) -> None:
    """Make the marker field hidden and read-only, so nobody changes it by accident."""
    from m2w_tool.workbook import MARKER_FIELD

    for obj in pdf.objects:
        if isinstance(obj, dict) and getattr(obj.get("T"), "string", None) == MARKER_FIELD:
            obj["Ff"] = 1  # ReadOnly
            obj["F"] = 2  # Hidden: not shown, not printed, but kept and saved by readers


# White space that only indents the template: a line break (and indentation) between two tags.
_INDENT_BETWEEN_TAGS = re.compile(r">[ \t]*\n\s*<")


def compact_html(html: str) -> str:
    """The workbook's HTML without the template's indentation between tags.

    Every such run would become a text node and an anonymous box that WeasyPrint parses, styles
    and lays out only to collapse it away. Runs on one line are kept: between two inline
    elements a single space can be a visible word space.
    """
    return _INDENT_BETWEEN_TAGS.sub("><", html)


def render_workbook(workbook) -> bytes:
    """The workbook as PDF bytes (form fields when it is fillable)."""
    from m2w_tool.render import ASSET_SCHEME, RenderError, html_to_pdf, make_fetcher, render_html

    html = compact_html(render_html(TEMPLATE, workbook.lang, wb=workbook))
    fetcher = make_fetcher()
    with gc_paused():
        data = html_to_pdf(
            html,
            title=workbook.title,
            lang=workbook.lang,
            fetcher=fetcher,
            pdf_forms=workbook.fillable,
            # Also in the document information, read by `m2w import`; the hidden field is the
            # fallback for readers that rewrite the information dictionary when they save.
            custom_metadata={"m2w-workbook": str(workbook.marker)},
            finisher=_hide_marker if workbook.fillable else None,
        )
    # WeasyPrint leaves out an image it cannot load and carries on: a paper workbook without its
    # boxes and lines would look finished and be useless, so say so instead.
    missing = [] if workbook.fillable else [n for n in PRINT_ASSETS if ASSET_SCHEME + n not in fetcher.served]
    if missing:
        raise RenderError(MSG("asset_missing", workbook.lang, names=", ".join(missing)))
    return data


def workbook_pdf(workbook, cache_dir: Path | None = None, on_render: Callable[[], None] | None = None) -> bytes:
    """The PDF of `workbook`, from the cache when an identical one was made before.

    `on_render` is called just before a real render starts, so the command can tell the user that
    this will take a while (it does not when the cache serves the request).
    """
    if cache_dir is not None:
        path = Path(cache_dir) / f"{cache_key(workbook)}.pdf"
        try:
            return path.read_bytes()
        except OSError:
            pass
    if on_render is not None:
        on_render()
    data = render_workbook(workbook)
    if cache_dir is None:
        return data
    try:
        from m2w_tool.atomic import write_atomic

        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, data)
        _prune(path.parent)
    except OSError:
        pass  # a cache that cannot be written only costs time, never the result
    return data


def _prune(folder: Path) -> None:
    entries = sorted(folder.glob("*.pdf"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in entries[CACHE_KEEP:]:
        old.unlink(missing_ok=True)


def default_workbook_name(module: str, only: str, lang: str, fillable: bool) -> str:
    scope = "-".join(k.strip().lower() for k in only.split(",") if k.strip()) or module
    return f"workbook-{scope}-{lang}{'-fillable' if fillable else ''}.pdf"


@click.command(help=MSG("workbook_help", HELP_LANG))
@module_option(default="all")
@only_option
@lang_option
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help=MSG("output_help", HELP_LANG))
@click.option("--fillable", is_flag=True, help=MSG("fillable_help", HELP_LANG))
@click.option("--no-cache", is_flag=True, help=MSG("no_cache_help", HELP_LANG))
@click.option("--force", is_flag=True, help=_(FORCE_HELP))
@content_option
def workbook(
    module: str,
    only: str,
    lang: str,
    output: Path | None,
    fillable: bool,
    no_cache: bool,
    force: bool,
    content_path: Path | None,
) -> None:
    from m2w_tool.atomic import write_atomic
    from m2w_tool.content import load_content
    from m2w_tool.outputs import PDF, check_output
    from m2w_tool.render import RenderError
    from m2w_tool.workbook import build_workbook

    set_lang(lang)
    path = output or Path("output") / default_workbook_name(module, only, lang, fillable)
    check_output(path, force=force, kind=PDF, named=output is not None)  # before the slow render
    content = load_content(content_path)
    chosen = select_dimensions(content, module, only, lang)
    if not chosen:
        raise M2WError(MSG("nothing_selected", lang, only=only, module=module))
    model = build_workbook(content, chosen, lang=lang, fillable=fillable, module=module, only=only.split(","))
    cache_dir = None if no_cache else default_cache_dir()
    waiting = MSG("rendering", lang) + ("" if no_cache else " " + MSG("rendering_cached", lang))
    data = workbook_pdf(model, cache_dir, on_render=lambda: click.echo(waiting, err=True))
    check_output(path, force=True, kind=PDF, named=False)  # still a PDF (or nothing) after the render
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, data)
    except OSError as exc:
        from m2w_tool.render import MSG as RENDER_MSG

        raise RenderError(RENDER_MSG("write_error", lang, path=path, reason=exc.strerror or exc)) from exc
    click.echo(MSG("written_fillable" if fillable else "written", lang, path=terminal(path, one_line=True)))


# --- import -------------------------------------------------------------------------------------


def slug(text: str) -> str:
    """A file-name-safe version of a person's name: `Fatima El Amrani` -> `fatima-el-amrani`."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")[:60]


def answers_paths(results, output: Path | None, lang: str) -> list[Path]:
    """Where each imported workbook is written: the -o file for one, else one file per respondent."""
    if output is not None and output.suffix.lower() in (".yaml", ".yml") and not output.is_dir():
        if len(results) > 1:
            raise M2WError(MSG("one_file_many", lang, n=len(results), path=output))
        return [output]
    folder = output if output is not None else Path("output")
    paths: list[Path] = []
    for result in results:
        base = slug(result.answers.respondent.get("name", "")) or slug(result.source.stem) or "workbook"
        name, n = f"answers-{base}.yaml", 2
        while folder / name in paths:
            name, n = f"answers-{base}-{n}.yaml", n + 1
        paths.append(folder / name)
    return paths


def describe_empty(result, lang: str) -> list[str]:
    """The lines that say which questions were left empty, grouped by dimension."""
    if not result.empty:
        return [MSG("empty_all", lang)]
    lines = [MSG("empty_head", lang)]
    for dim_id, (total, empty) in result.empty_by_dimension().items():
        if len(empty) == total:
            lines.append(MSG("empty_whole", lang, dim=dim_id, n=total))
        else:
            lines.append(MSG("empty_line", lang, dim=dim_id, ids=", ".join(empty)))
    return lines


@click.command(help=MSG("import_help", HELP_LANG))
@click.argument(
    "pdfs", nargs=-1, required=True, metavar=metavar("filled"), type=click.Path(dir_okay=False, path_type=Path)
)
@click.option("-o", "--output", type=click.Path(path_type=Path), help=MSG("import_output_help", HELP_LANG))
@click.option("--force", is_flag=True, help=MSG("force_help", HELP_LANG))
@lang_option
@content_option
def import_workbook(
    pdfs: tuple[Path, ...], output: Path | None, force: bool, lang: str, content_path: Path | None
) -> None:
    from m2w_tool.answers import save_answers
    from m2w_tool.content import load_content
    from m2w_tool.lock import AnswersLock
    from m2w_tool.outputs import check_output
    from m2w_tool.pdfform import read_workbooks

    set_lang(lang)
    content = load_content(content_path)
    # Every workbook is read and checked before a single file is written.
    results = read_workbooks(list(pdfs), content, lang)
    paths = answers_paths(results, output, lang)
    if not force:
        for path in paths:
            if path.exists():
                raise M2WError(MSG("exists", lang, path=path) + "\n" + MSG("nothing_written", lang))
    with ExitStack() as locks:  # every answers file is written under its lock, like `m2w assess` does
        for path in paths:
            path.parent.mkdir(parents=True, exist_ok=True)
            locks.enter_context(AnswersLock(path, lang))
            check_output(path, force=True)  # never a read-only file, nor a folder
        for result, path in zip(results, paths, strict=True):
            save_answers(result.answers, path)
    for result, path in zip(results, paths, strict=True):
        for notice in result.notices:
            click.echo(terminal(notice), err=True)
        who = terminal(result.answers.respondent.get("name") or MSG("anonymous", lang), one_line=True)
        click.echo(
            MSG("imported", lang, pdf=terminal(result.source, one_line=True), path=terminal(path, one_line=True),
                who=who, answered=result.answered, total=result.total, na=result.not_applicable)
        )
        for line in describe_empty(result, lang):
            click.echo(terminal(line))
    click.echo(MSG("next", lang, path=" ".join(terminal(p, one_line=True) for p in paths)))
