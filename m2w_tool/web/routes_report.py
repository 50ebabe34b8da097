"""Reports (HTML in the browser, PDF and action plan as downloads, the comparison with a baseline),
workbooks to download, and filled-in fillable workbooks uploaded back as answers files."""

from __future__ import annotations

import hashlib
import re
import tempfile
from datetime import date
from html import escape
from pathlib import Path
from urllib.parse import quote, urlencode

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import Response

from m2w_tool import __version__
from m2w_tool.answering import BASELINE_KEY, file_in, reserve_file, safe_stem
from m2w_tool.atomic import write_atomic
from m2w_tool.errors import M2WError
from m2w_tool.i18n import tr
from m2w_tool.lock import AnswersLock
from m2w_tool.scoring import is_quick
from m2w_tool.web import library
from m2w_tool.web.access import answers_path, is_lead, lang_of, read_form, require_lead, services
from m2w_tool.web.pages import LANGS, Problem, environment, lang_url, remember_lang, render, static_url
from m2w_tool.web.routes_answer import raw_url
from m2w_tool.web.views import assessment_rows, part_choices

PDF_MAGIC = b"%PDF-"


def report_url(name: str, *rest: str, **params: str) -> str:
    url = "/".join([f"/r/{quote(name, safe='')}", *rest])
    kept = {k: v for k, v in params.items() if v}
    return url + (f"?{urlencode(kept)}" if kept else "")


def download(data: bytes, name: str, media: str, inline: bool = False) -> Response:
    """A file to save (or, `inline`, to show in the browser's own viewer: a PDF) under `name`."""
    # The name is ours (a slug of the initiative); RFC 5987 keeps non-Latin letters intact.
    ascii_name = name.encode("ascii", "replace").decode().replace("?", "_")
    kind = "inline" if inline else "attachment"
    disposition = f"{kind}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"
    return Response(data, media_type=media, headers={"content-disposition": disposition})


def _baseline(request: Request, path: Path, answers) -> tuple[str, Path | None]:
    """The file to compare with: `?baseline=`, else the one a new round recorded ('' for none)."""
    asked = request.query_params.get("baseline")
    name = asked if asked is not None else str(answers.extra.get(BASELINE_KEY) or "")
    if not name or name == path.name or not is_lead(request):
        return "", None
    other = file_in(services(request).config.folder, name)
    if other is None or not other.is_file():
        return "", None
    return name, other


async def _answers(request: Request):
    svc = services(request)
    name = request.path_params["file"]
    path = answers_path(request, name)
    try:
        answers = await run_in_threadpool(svc.store.read, path)
    except M2WError as exc:
        raise Problem(422, exc.format_message(), download=raw_url(name)) from None
    return name, path, answers


async def report(request: Request) -> Response:
    """The report as `m2w report` makes it, with a bar on top: back, language, downloads, compare."""
    svc = services(request)
    lang = lang_of(request)
    name, path, answers = await _answers(request)
    baseline_name, baseline = _baseline(request, path, answers)
    try:
        page = await run_in_threadpool(library.report_page, svc.content, path, lang, baseline)
    except M2WError as exc:
        raise Problem(500, exc.format_message()) from None
    others = []
    if is_lead(request):
        rows = await run_in_threadpool(assessment_rows, svc.config.folder, svc.store, svc.content, lang)
        others = [r for r in rows if not r.problem and r.file != name]
    bar = environment_render(request, "web/_report_bar.html.j2", lang, file=name, baseline=baseline_name, others=others,
                             is_group=isinstance(answers.extra.get("group"), dict), quick=is_quick(answers),
                             pdf=report_url(name, "pdf", baseline=baseline_name, lang=lang),
                             pdf_appendix=report_url(name, "pdf", baseline=baseline_name, lang=lang, appendix="1"),
                             csv=report_url(name, "actions.csv", lang=lang))  # fmt: skip
    html = _inject(workbook_links(page.html, lang) if is_lead(request) else page.html, bar)
    response = Response(html, media_type="text/html; charset=utf-8")
    remember_lang(request, response)
    return response


def environment_render(request: Request, template: str, lang: str, **context) -> str:
    from m2w_tool.resources import templates_dir

    return (
        environment(str(templates_dir()))
        .get_template(template)
        .render(
            lang=lang, other_langs=[(code, lang_url(request, code)) for code in LANGS], role=None, team=False, **context
        )
    )


_BODY = re.compile(r"<body\b[^>]*>", re.IGNORECASE)
_WORKBOOK_COMMAND = re.compile(r"<code>m2w workbook --only ([a-z]\d\d)</code>")


def workbook_links(html: str, lang: str) -> str:
    """The report names `m2w workbook --only d03` for a dimension worth the full questions (after a
    quick scan); in the browser that is a link to the same workbook, no terminal needed."""

    def link(found: re.Match) -> str:
        url = "/workbooks/pdf?" + urlencode({"module": "all", "only": found[1], "doc_lang": lang})
        text = tr(lang, "its workbook session (PDF)")
        return f'<a href="{escape(url)}">{escape(text)}</a>'

    return _WORKBOOK_COMMAND.sub(link, html)


def _inject(html: str, bar: str) -> str:
    """The report page with our stylesheet for screens and the bar at the top of its body (also
    when a user's own template gives `<body>` attributes)."""
    link = f'<link rel="stylesheet" href="{static_url("report-screen.css")}">'
    html = html.replace("</head>", link + "\n</head>", 1)
    found = _BODY.search(html)
    if found is None:
        return bar + html
    return html[: found.end()] + "\n" + bar + html[found.end() :]


def _pdf_key(*parts: bytes | str) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part if isinstance(part, bytes) else part.encode())
        digest.update(b"\0")
    return digest.hexdigest()


async def _job_response(request: Request, key: str, func, args: tuple, name: str, title: str) -> Response:
    """The PDF when it is ready; until then a page that says it is being made and looks again."""
    svc = services(request)
    job = svc.jobs.get(key, func, *args)
    if not job.done():
        page = render(request, "web/making.html.j2", status=202, title=title, again=str(request.url))
        page.headers["retry-after"] = "2"
        return page
    error = job.exception()
    if error is not None:
        svc.jobs.forget(key)
        message = error.format_message() if isinstance(error, M2WError) else f"{type(error).__name__}: {error}"
        raise Problem(500, tr(lang_of(request), "The PDF could not be made: %(reason)s", reason=message))
    return download(job.result(), name, "application/pdf", inline=True)


async def report_pdf(request: Request) -> Response:
    svc = services(request)
    lang = lang_of(request)
    name, path, answers = await _answers(request)
    baseline_name, baseline_path = _baseline(request, path, answers)
    data = path.read_bytes()
    old = baseline_path.read_bytes() if baseline_path else b""
    appendix = request.query_params.get("appendix") == "1"  # every answer once more at the end
    # The date is part of it: recommendations are dated from the day of the report.
    key = _pdf_key("report", data, old, lang, date.today().isoformat(), str(appendix), __version__)
    stem = library.report_file_stem(answers) + ("-appendix" if appendix else "")
    args = (str(path), str(baseline_path) if baseline_path else None, lang, svc.config.content_path, appendix)
    return await _job_response(request, key, library.report_pdf_job, args, f"{stem}.pdf", tr(lang, "The report as PDF"))


async def report_csv(request: Request) -> Response:
    svc = services(request)
    lang = lang_of(request)
    name, path, answers = await _answers(request)
    page = await run_in_threadpool(library.report_page, svc.content, path, lang, None)
    return download(page.csv_text.encode("utf-8"), page.csv_name, "text/csv; charset=utf-8")


async def answers_download(request: Request) -> Response:
    """The answers file as it is on disk, also when it cannot be read: to fix it, or to pass it on."""
    name = request.path_params["file"]
    path = answers_path(request, name)
    return download(await run_in_threadpool(path.read_bytes), name, "application/yaml; charset=utf-8")


# --- workbooks -----------------------------------------------------------------------------------


async def workbooks(request: Request) -> Response:
    require_lead(request)
    svc = services(request)
    lang = lang_of(request)
    modules = part_choices(svc.content, lang)
    dims = [(d.short_id, f"{d.short_id} · {d.title(lang)}") for d in svc.content.dimensions]
    return render(request, "web/workbooks.html.j2", modules=modules, dims=dims,
                  max_mb=svc.config.max_upload // (1024 * 1024))  # fmt: skip


async def workbook_pdf(request: Request) -> Response:
    require_lead(request)
    svc = services(request)
    lang = lang_of(request)
    q = request.query_params
    module = q.get("module", "all")
    only = q.get("only", "")
    doc_lang = q.get("doc_lang", lang)
    fillable = q.get("fillable") == "1"
    if module not in ("sustainability", "quality", "all", "quick") or doc_lang not in LANGS:
        raise Problem(400, tr(lang, "Choose a part and a language for the workbook."))
    if only and svc.content.find(only) is None:
        raise Problem(404, tr(lang, "Dimension %(id)s is not part of this assessment.", id=only[:40]))
    quick = module == "quick" and not only  # the quick scan's workbook: one session on its statements
    if only or quick:
        module = "all"
    key = _pdf_key("workbook", module, only, doc_lang, str(fillable), str(quick), __version__)
    args = (module, only, doc_lang, fillable, svc.config.content_path, quick)
    name = library.workbook_name(module, only, doc_lang, fillable, quick)
    return await _job_response(request, key, library.workbook_pdf_job, args, name, tr(lang, "The workbook as PDF"))


async def upload(request: Request) -> Response:
    """A filled-in fillable workbook becomes an answers file in FOLDER (the checks of `m2w import`)."""
    require_lead(request)
    svc = services(request)
    lang = lang_of(request)
    limit_mb = svc.config.max_upload // (1024 * 1024)
    too_big = tr(lang, "This file is too large: at most %(n)s MB.", n=limit_mb)
    length = request.headers.get("content-length", "")
    if length.isdigit() and int(length) > svc.config.max_upload:
        raise Problem(413, too_big)
    form = await read_form(request, files=1)
    upload = form.get("pdf")
    if not isinstance(upload, UploadFile):
        raise Problem(400, tr(lang, "Choose a filled-in workbook (a PDF file) to upload."))
    data = await upload.read(svc.config.max_upload + 1)
    await form.close()
    if len(data) > svc.config.max_upload:
        raise Problem(413, too_big)
    if not data.lstrip()[:5] == PDF_MAGIC:
        raise Problem(415, tr(lang, "This is not a PDF file. Upload the filled-in workbook as a PDF."))
    try:
        path, item = await run_in_threadpool(_import, svc, data, upload.filename or "workbook.pdf")
    except M2WError as exc:
        raise Problem(422, exc.format_message()) from None
    who = item.respondent or tr(lang, "(no name filled in)")
    return render(request, "web/imported.html.j2", file=path.name, who=who, answered=item.answered,
                  total=item.total, na=item.not_applicable, dk=item.dont_know, empty=item.empty_by_dimension,
                  notices=item.notices)  # fmt: skip


def _import(svc, data: bytes, filename: str):
    """Read the PDF from a private temporary folder (named after the upload, so messages make
    sense), then write the answers file under a new name: an upload never overwrites a file."""
    stem = safe_stem(Path(filename).stem, 60) or "workbook"
    with tempfile.TemporaryDirectory(prefix="m2w-upload-") as tmp:
        pdf = Path(tmp) / f"{stem}.pdf"
        pdf.write_bytes(data)
        text, item = library.import_workbook(pdf, svc.content)
    path = reserve_file(svc.config.folder, item.path.stem)
    try:
        with AnswersLock(path):
            write_atomic(path, text)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return path, item
