"""A workbook as PDF: rendered through WeasyPrint, and kept in a small cache.

A full workbook takes seconds to lay out, so finished PDFs are cached, keyed by a hash of
everything that shapes them (content, options, templates, the code around them, the renderer's
version). A cache that cannot be read or written only costs time, never the result.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable
from pathlib import Path

from m2w_tool.errors import RenderError
from m2w_tool.gcpause import gc_paused
from m2w_tool.i18n import _

CACHE_KEEP = 16  # finished workbooks kept in the cache; older ones are removed
TEMPLATE = "workbook.html.j2"
STYLESHEET = "workbook.css"
# Drawn as repeated background images on paper (templates/assets/): the tick box of a rating row
# and one ruled writing line.
PRINT_ASSETS = ("tickbox.svg", "ruled.svg")


def default_cache_dir() -> Path:
    """Where finished workbooks are cached: $M2W_CACHE_DIR, else the user's cache folder."""
    if os.environ.get("M2W_CACHE_DIR"):
        return Path(os.environ["M2W_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "m2w" / "workbooks"


def cache_key(workbook, templates: Path | None = None) -> str:
    """A hash of everything that shapes the PDF: content, options, templates (the user's `templates`
    folder too) and the code around them."""
    from m2w_tool import __version__, render
    from m2w_tool import workbook as model
    from m2w_tool.resources import templates_dir

    digest = hashlib.sha256()
    parts = [__version__, str(workbook.marker), str(workbook.fillable), ",".join(d.id for d in workbook.dimensions)]
    parts.append(repr(workbook.guide))  # the guide's text is content (guide.yaml), maybe the shipped one
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
    user = render.user_templates(templates)  # a user's templates folder shapes the PDF too
    if user is not None:
        files += sorted(p for p in user.rglob("*") if p.is_file())
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


def render_workbook(workbook, templates: Path | None = None) -> bytes:
    """The workbook as PDF bytes (form fields when it is fillable), with the user's `templates` first."""
    from m2w_tool.render import ASSET_SCHEME, html_to_pdf, make_fetcher, render_workbook_html

    html = compact_html(render_workbook_html(workbook, templates))
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
        raise RenderError(
            _(
                "The images for the tick boxes and writing lines (%(names)s) are missing from templates/assets/; "
                "reinstall m2w.",
                names=", ".join(missing),
            )
        )
    return data


def workbook_pdf(
    workbook,
    cache_dir: Path | None = None,
    on_render: Callable[[], None] | None = None,
    templates: Path | None = None,
) -> bytes:
    """The PDF of `workbook`, from the cache when an identical one was made before.

    `on_render` is called just before a real render starts, so the command can tell the user that
    this will take a while (it does not when the cache serves the request).
    """
    if cache_dir is not None:
        path = Path(cache_dir) / f"{cache_key(workbook, templates)}.pdf"
        try:
            return path.read_bytes()
        except OSError:
            pass
    if on_render is not None:
        on_render()
    data = render_workbook(workbook, templates)
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
