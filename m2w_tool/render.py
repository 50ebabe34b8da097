"""Rendering: Jinja2 templates -> self-contained HTML, and HTML -> PDF through WeasyPrint.

Everything a user typed (names, notes, evidence) reaches the page only through Jinja2 with
autoescape on, so `<script>` shows as text; StrictUndefined turns a template typo into an error
instead of an empty spot in a funder's report. WeasyPrint is imported only when a PDF is asked
for, and it renders with `SafeFetcher`, which serves nothing but packaged assets: no file://,
no network, no data: URL, whatever ends up in the HTML.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache, partial
from pathlib import Path
from typing import Any

from m2w_tool.atomic import write_atomic
from m2w_tool.charts import level_css
from m2w_tool.errors import RenderError, cannot_write
from m2w_tool.format import decimal, percent
from m2w_tool.gcpause import gc_paused
from m2w_tool.i18n import _, translation
from m2w_tool.resources import templates_dir

ASSET_SCHEME = "m2w-asset:"  # the only URLs the PDF renderer will fetch: files in templates/assets/
# A tagged PDF (structure tree, reading order, /Lang, the title shown): PDF/UA-1 keeps attached files.
TAGGED_VARIANT = "pdf/ua-1"


# --- HTML --------------------------------------------------------------------------------------

TEMPLATES_VAR = "M2W_TEMPLATES"  # a folder of the user's own templates, searched before the packaged ones
DEFAULT_PREFIX = "default:"  # `{% extends "default:report.html.j2" %}`: always the packaged template


def _asset_path(name: str, root: Path | None = None) -> Path | None:
    """A file under `root` (the packaged templates/ by default) by relative name; None for anything
    that escapes it or does not exist."""
    root = (root or templates_dir()).resolve()
    try:
        path = (root / name).resolve()
        path.relative_to(root)
    except (ValueError, OSError):
        return None
    return path if path.is_file() else None


def user_templates(templates: str | Path | None = None) -> Path | None:
    """The user's templates folder: `templates`, else $M2W_TEMPLATES; None when neither is given."""
    import os

    chosen = templates if templates is not None else (os.environ.get(TEMPLATES_VAR) or None)
    if chosen is None or str(chosen).strip() == "":
        return None
    folder = Path(chosen).expanduser()
    if not folder.is_dir():
        raise RenderError(_("The templates folder %(folder)s does not exist.", folder=folder))
    return folder.resolve()


@lru_cache(maxsize=8)
def _environment(packaged: str, user: str, lang: str):
    import jinja2

    try:
        # Compiling the report templates costs ~60 ms per run; Jinja's own per-user cache folder in the
        # temp dir (created 0700 and checked for ownership) keeps `m2w report` quick. Keyed on the
        # template name, file and source, so an edited template is never served stale.
        # The compiled code depends on the environment's options (finalize, the i18n extension), which
        # Jinja's cache key does not include: a name of our own keeps code compiled without them unused.
        cache = jinja2.FileSystemBytecodeCache(pattern="__m2w_jinja2_i18n_finalize_%s.cache")
    except (OSError, RuntimeError):
        cache = None
    # The user's folder first, so a template there replaces the packaged one of the same name; the
    # packaged ones also answer to "default:<name>", so a user's template can extend the one it replaces.
    loader = jinja2.ChoiceLoader(
        [
            jinja2.FileSystemLoader([user, packaged] if user else [packaged]),
            jinja2.PrefixLoader({DEFAULT_PREFIX[:-1]: jinja2.FileSystemLoader(packaged)}, delimiter=":"),
        ]
    )
    env = jinja2.Environment(
        extensions=["jinja2.ext.i18n"],
        loader=loader,
        bytecode_cache=cache,
        autoescape=True,  # every template is HTML; nothing is rendered unescaped unless marked safe
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=_printable,  # NUL, ESC and other control characters never reach a page
    )
    env.globals["inline_css"] = partial(inline_css, templates=Path(user) if user else None)
    env.filters["breakable"] = breakable
    env.globals["inline_svg"] = _inline_svg
    env.globals["level_css"] = _level_css
    # Numbers in the document's language: `{{ value | pct }}`, `{{ value | num(2) }}`.
    env.filters["pct"] = partial(_pct_filter, lang=lang)
    env.filters["num"] = partial(_num_filter, lang=lang)
    # `_()` and `{% trans %}` in templates speak the document's language (newstyle: always %-formatted).
    env.install_gettext_translations(translation(lang), newstyle=True)
    return env


def _printable(value: Any) -> Any:
    """What a template prints, without control characters (also inside text marked safe)."""
    from markupsafe import Markup

    from m2w_tool.safetext import printable

    if isinstance(value, Markup):
        return Markup(printable(str(value)))
    return printable(value) if isinstance(value, str) else value


# A run of this many characters without white space (a pasted link, a hash) gets a break
# opportunity every BREAK_EVERY characters (wide East Asian characters count double).
LONG_RUN = 30
BREAK_EVERY = 10
_LONG_RUN = re.compile(rf"\S{{{LONG_RUN + 1},}}")
# What WeasyPrint gets instead of <wbr>: the same break opportunity as a character, which its line
# breaking handles in linear time (a <wbr> is an element of its own; without any break opportunity a
# 100 kB run took minutes, laid out again for every line).
_PDF_BREAK = "\u200b"


def breakable(text: Any):
    """User text for HTML, escaped, with `<wbr>` break opportunities inside long runs without spaces,
    so a pasted 100 kB link breaks across lines quickly instead of running off the page. A browser
    copies the text without them."""
    from markupsafe import Markup, escape

    text = "" if text is None else str(text)
    parts, last = [], 0
    for run in _LONG_RUN.finditer(text):
        parts.append(escape(text[last : run.start()]))
        parts.append(Markup("<wbr>").join(escape(chunk) for chunk in _chunks(run.group())))
        last = run.end()
    parts.append(escape(text[last:]))
    return Markup("").join(parts)


def _chunks(run: str) -> list[str]:
    out, start, width = [], 0, 0
    for i, ch in enumerate(run):
        width += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
        if width >= BREAK_EVERY:
            out.append(run[start : i + 1])
            start, width = i + 1, 0
    if start < len(run):
        out.append(run[start:])
    return out


def environment(lang: str, templates: str | Path | None = None):
    """The Jinja2 environment in document language `lang`: the user's `templates` folder (or
    $M2W_TEMPLATES) searched before the packaged templates, which are also `default:<name>`."""
    user = user_templates(templates)
    return _environment(str(templates_dir()), str(user) if user else "", lang)


def _folders(templates: Path | None) -> str:
    return ", ".join(str(f) for f in (templates, templates_dir()) if f is not None)


def inline_css(name: str, templates: Path | None = None):
    """The stylesheet `name`, to put inside <style> unescaped: from the user's `templates` folder
    when it has one of that name, else the packaged one (`default:<name>`: always the packaged one).

    It is a template author's file, never text typed in answers; `</` is neutralised anyway so it
    cannot close <style>.
    """
    from markupsafe import Markup

    if name.startswith(DEFAULT_PREFIX):
        path = _asset_path(name[len(DEFAULT_PREFIX) :])
    else:
        path = (_asset_path(name, templates) if templates is not None else None) or _asset_path(name)
    if path is None:
        raise RenderError(_("Template %(name)s not found in %(folder)s.", name=name, folder=_folders(templates)))
    return Markup(path.read_text(encoding="utf-8").replace("</", "<\\/"))


def _pct_filter(value: float | None, empty: str = "–", *, lang: str) -> str:
    return percent(value, lang, empty)


def _num_filter(value: float | None, digits: int = 1, empty: str = "–", *, lang: str) -> str:
    return decimal(value, lang, digits, empty=empty)


def _level_css():
    """The level colours as CSS rules (charts.palette), to put inside <style> unescaped: our own text."""
    from markupsafe import Markup

    return Markup(level_css())


def _inline_svg(svg: str):
    """Mark an SVG string built by m2w_tool.charts as safe (charts escape every text they hold)."""
    from markupsafe import Markup

    return Markup(svg)


def render_html(template_name: str, lang: str, *, templates: str | Path | None = None, **context: Any) -> str:
    """Render a template to an HTML string; the template also sees `lang`.

    `templates` is the user's templates folder (else $M2W_TEMPLATES), searched before the packaged
    ones. Raises RenderError (a readable message, no traceback) when a template is missing or broken.
    """
    import jinja2

    user = user_templates(templates)
    env = environment(lang, user)
    try:
        template = env.get_template(template_name)
        return template.render(lang=lang, **context)
    except jinja2.TemplateNotFound as exc:
        folders = _folders(user)
        raise RenderError(
            _("Template %(name)s not found in %(folder)s.", name=exc.name or template_name, folder=folders)
        ) from None
    except (jinja2.TemplateError, TypeError, AttributeError, KeyError) as exc:
        raise RenderError(
            _("Template %(name)s could not be rendered: %(reason)s", name=template_name, reason=exc)
        ) from exc


def render_report_html(report, templates: str | Path | None = None) -> str:
    """The reflection report (a m2w_tool.report.Report) as one self-contained HTML page."""
    return render_html("report.html.j2", report.lang, templates=templates, report=report)


def render_workbook_html(workbook, templates: str | Path | None = None) -> str:
    """The workbook (a m2w_tool.workbook.Workbook) as HTML, ready for the PDF renderer."""
    return render_html("workbook.html.j2", workbook.lang, templates=templates, workbook=workbook)


def render_portfolio_html(portfolio, templates: str | Path | None = None, *, for_print: bool = False) -> str:
    """The portfolio (a m2w_tool.portfolio.Portfolio) as one self-contained HTML page; `for_print`
    for the PDF, which leaves out the full table of a large portfolio (see Portfolio.large)."""
    return render_html(
        "portfolio.html.j2", portfolio.lang, templates=templates, portfolio=portfolio, for_print=for_print
    )


# --- PDF ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AttachmentFile:
    """A file to embed inside the PDF (for example the answers file the report was made from)."""

    name: str
    data: bytes
    description: str = ""


class RefusedURL(ValueError):
    """Raised (and caught by WeasyPrint, which then leaves the resource out) for a refused URL."""


def import_weasyprint():
    """`import weasyprint`, without ctypes' library search where the plain names load anyway.

    WeasyPrint tries several names for each C library (Pango, HarfBuzz...); for each name that fails
    cffi asks `ctypes.util.find_library`, which on Linux runs ldconfig, gcc and ld: 16 programs, a
    quarter of a second, more than the rest of the import. The names WeasyPrint tries include the
    libraries' own (`libpango-1.0.so.0`), which the system's loader finds without any search; only
    when that is not enough (a library found by the search alone) is it imported the usual way.
    OSError: WeasyPrint is installed but a library is missing.
    """
    import sys

    if "weasyprint" in sys.modules or not sys.platform.startswith("linux"):
        import weasyprint

        return _compress_quicker(weasyprint)
    import contextlib
    import ctypes.util
    import io

    search = ctypes.util.find_library
    try:
        ctypes.util.find_library = lambda name: None
        with contextlib.redirect_stdout(io.StringIO()):  # WeasyPrint prints advice before it fails
            import weasyprint

        return _compress_quicker(weasyprint)
    except OSError:
        pass
    finally:
        ctypes.util.find_library = search
    import weasyprint

    return _compress_quicker(weasyprint)


# pydyf, which writes WeasyPrint's PDFs, compresses every stream at zlib's level 9: 0.1 s of a report,
# four times what zlib's default level 6 takes, for a file 3 % smaller.
ZLIB_LEVEL = 6


class _Zlib:
    """The zlib module as pydyf sees it: the same, with ZLIB_LEVEL whatever level pydyf asks for."""

    def __getattr__(self, name: str) -> Any:
        import zlib

        return getattr(zlib, name)

    @staticmethod
    def compressobj(level: int = ZLIB_LEVEL, *args: Any, **kwargs: Any) -> Any:
        import zlib

        return zlib.compressobj(ZLIB_LEVEL, *args, **kwargs)


def _compress_quicker(weasyprint):
    import pydyf

    if not isinstance(getattr(pydyf, "zlib", None), _Zlib):
        pydyf.zlib = _Zlib()
    return weasyprint


def _fetcher_base():
    # WeasyPrint >= 68 wants an URLFetcher subclass; older versions take any callable.
    import_weasyprint()
    from weasyprint import urls

    return getattr(urls, "URLFetcher", object)


def make_fetcher():
    """A fresh SafeFetcher: serves `m2w-asset:NAME` from templates/assets/, refuses everything else.

    The instance records what it `served` and what it `refused`, so tests (and curious users
    with --verbose) can see that nothing was fetched from the machine or the network.
    """
    import_weasyprint()
    from weasyprint import urls

    base = _fetcher_base()

    class SafeFetcher(base):  # type: ignore[misc, valid-type]
        def __init__(self) -> None:
            if base is not object:
                super().__init__(allowed_protocols=())
            self.served: list[str] = []
            self.refused: list[str] = []

        def fetch(self, url: str, headers=None):  # noqa: ANN001 - WeasyPrint's signature
            if url.startswith(ASSET_SCHEME):
                name = url[len(ASSET_SCHEME) :].lstrip("/")
                path = _asset_path("assets/" + name) if name and "\\" not in name else None
                if path is not None:
                    self.served.append(url)
                    data = path.read_bytes()
                    mime = _MIME.get(path.suffix.lower(), "application/octet-stream")
                    if hasattr(urls, "URLFetcherResponse"):
                        return urls.URLFetcherResponse(url, data, {"Content-Type": mime})
                    return {"string": data, "mime_type": mime, "redirected_url": url}
            self.refused.append(url)
            raise RefusedURL(f"m2w does not fetch {url[:80]!r}")

        def open(self, url, data=None, timeout=None):  # noqa: ANN001 - never reach urllib
            return self.fetch(getattr(url, "full_url", url))

        def __call__(self, url: str):
            return self.fetch(url)

    return SafeFetcher()


_MIME = {
    ".css": "text/css",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
}


def html_to_pdf(
    html: str,
    *,
    title: str,
    lang: str,
    attachments: Iterable[AttachmentFile] = (),
    fetcher=None,
    pdf_forms: bool = False,
    custom_metadata: Mapping[str, str] | None = None,
    finisher: Callable[[Any, Any], None] | None = None,
    tagged: bool = False,
) -> bytes:
    """Render self-contained HTML to PDF bytes with WeasyPrint and the safe URL fetcher.

    `title` and `lang` become the document metadata (the HTML's <title> and lang attribute are
    used too; these win). `attachments` are embedded files. Pass your own `fetcher` (from
    make_fetcher) to inspect what was served or refused afterwards.

    `pdf_forms` turns HTML form elements into fillable PDF fields (workbooks);
    `custom_metadata` adds keys to the PDF's document information (letters and digits only);
    `finisher(document, pdf)` may adjust the PDF objects just before they are written;
    `tagged` makes an accessible PDF (PDF/UA-1: a structure tree for screen readers).
    """
    import logging

    try:
        weasyprint = import_weasyprint()
    except (ImportError, OSError) as exc:  # OSError: WeasyPrint is there but Pango is not
        raise RenderError(
            _(
                "WeasyPrint cannot start (%(reason)s). Install WeasyPrint and Pango (see the README), or make HTML "
                "only with --format html.",
                reason=exc,
            )
        ) from exc

    fetcher = fetcher if fetcher is not None else make_fetcher()
    # WeasyPrint logs every refused URL as a warning; the fetcher keeps its own list, and users
    # should not see library log lines in their terminal.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    try:
        with gc_paused():  # (the collector's re-scans of the layout cost a fifth of the time)
            html = html.replace("<wbr>", _PDF_BREAK)  # only `breakable` writes <wbr>: user text is escaped
            document = weasyprint.HTML(string=html, base_url=None, url_fetcher=fetcher).render(
                pdf_forms=pdf_forms or None
            )
            _set_metadata(document, title, lang, custom_metadata)
            files = [
                weasyprint.Attachment(
                    string=a.data, name=a.name, description=a.description or a.name, url_fetcher=fetcher
                )
                for a in attachments
            ]
            return document.write_pdf(
                attachments=files or None, custom_metadata=bool(custom_metadata), finisher=finisher,
                pdf_variant=TAGGED_VARIANT if tagged else None,
            )  # fmt: skip
    except Exception as exc:  # WeasyPrint raises many kinds; the user needs one clear message
        raise RenderError(_("The PDF could not be made: %(reason)s", reason=f"{type(exc).__name__}: {exc}")) from exc


def _set_metadata(document, title: str, lang: str, custom: Mapping[str, str] | None) -> None:
    from m2w_tool.safetext import printable

    document.metadata.title = printable(title)  # a name's control characters stay out of it
    document.metadata.lang = lang
    if custom:
        document.metadata.custom.update(custom)


# --- files -------------------------------------------------------------------------------------


def write_outputs(
    out_dir: Path,
    stem: str,
    html: str,
    formats: Iterable[str],
    *,
    title: str,
    lang: str,
    attachments: Iterable[AttachmentFile] = (),
    extra_files: Mapping[str, str | bytes] | None = None,
    tagged: bool = False,
    pdf_writer: Callable[..., None] | None = None,
) -> list[Path]:
    """Write `stem.html` and/or `stem.pdf` (a tagged one with `tagged`; and `extra_files` by name)
    into `out_dir`. `pdf_writer(path, html, **options)` makes the PDF instead of this process
    (m2w_tool.pdfworker.write_pdf: in a worker that got WeasyPrint ready meanwhile).

    Returns the paths written, in the order html, pdf, extras. The folder is created if needed.
    """
    out_dir = Path(out_dir)
    written: list[Path] = []
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        formats = list(formats)
        if "html" in formats:
            path = out_dir / f"{stem}.html"
            write_atomic(path, html.encode("utf-8"))
            written.append(path)
        if "pdf" in formats:
            path = out_dir / f"{stem}.pdf"
            options = {"title": title, "lang": lang, "attachments": list(attachments), "tagged": tagged}
            if pdf_writer is not None:
                pdf_writer(path, html, **options)
            else:
                write_atomic(path, html_to_pdf(html, **options))
            written.append(path)
        for name, data in (extra_files or {}).items():
            path = out_dir / name
            write_atomic(path, data.encode("utf-8") if isinstance(data, str) else data)
            written.append(path)
    except OSError as exc:
        raise RenderError(cannot_write(exc.filename or out_dir, exc)) from exc
    return written
