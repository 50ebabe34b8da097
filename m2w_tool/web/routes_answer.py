"""Home (every assessment in FOLDER, start one, start a new round) and the questionnaire (one
dimension per page; each change saved at once by script, or the whole page as a plain form)."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import datetime
from functools import partial
from urllib.parse import quote

import anyio
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response

from m2w_tool.answering import (
    BASELINE_KEY,
    STATEMENT_FIELDS,
    Change,
    ChangeRefused,
    FileBusy,
    NewAssessment,
    file_in,
    next_open,
    percent_of,
    round_from,
    scope_dimensions,
    start_assessment,
    wants_how_well,
)
from m2w_tool.answers import Answers
from m2w_tool.errors import AnswersError, M2WError
from m2w_tool.i18n import tr
from m2w_tool.web.access import (
    answers_path,
    existing,
    is_lead,
    lang_of,
    may_open,
    member_file,
    read_form,
    require_lead,
    services,
    text_of,
)
from m2w_tool.web.pages import Problem, render
from m2w_tool.web.views import QUICK, assessment_rows, dimension_page, part_choices, plan_page


def file_url(name: str, *rest: str) -> str:
    return "/".join([f"/a/{quote(name, safe='')}", *rest])


def raw_url(name: str) -> str:
    """Where the answers file itself is downloaded (also one that cannot be read, to fix it)."""
    return f"/f/{quote(name, safe='')}"


def see_other(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


# --- home ----------------------------------------------------------------------------------------


async def home(request: Request) -> Response:
    if not is_lead(request):
        own = member_file(request)
        return see_other(file_url(own) if own else "/join")
    svc = services(request)
    lang = lang_of(request)
    rows = await run_in_threadpool(assessment_rows, svc.config.folder, svc.store, svc.content, lang)
    modules = part_choices(svc.content, lang)
    return render(request, "web/home.html.j2", rows=rows, modules=modules, folder=str(svc.config.folder))


async def start(request: Request) -> Response:
    require_lead(request)
    form = await read_form(request)
    svc = services(request)
    lang = lang_of(request)
    baseline_name = text_of(form, "baseline")
    try:
        if baseline_name:
            baseline = file_in(svc.config.folder, baseline_name)
            if baseline is None:
                raise Problem(404, tr(lang, "There is no answers file called %(name)s here.", name=baseline_name[:120]))
            earlier = await run_in_threadpool(svc.store.read, baseline)
            new = round_from(earlier)
        else:
            baseline = None
            new = NewAssessment(
                initiative=text_of(form, "initiative"), organisation=text_of(form, "organisation"),
                region=text_of(form, "region"), respondent=text_of(form, "respondent"), role=text_of(form, "role"),
                module="all" if text_of(form, "module") == QUICK else text_of(form, "module", "all"),
                language=lang, quick=text_of(form, "module") == QUICK,
            )  # fmt: skip
        path = await run_in_threadpool(lambda: start_assessment(svc.config.folder, svc.content, new, baseline=baseline))
    except ChangeRefused as exc:
        raise Problem(422, exc.format_message()) from None
    except M2WError as exc:
        raise Problem(409, exc.format_message()) from None
    return see_other(file_url(path.name))


# --- the questionnaire ---------------------------------------------------------------------------


async def _load(request: Request, name: str) -> tuple:
    svc = services(request)
    path = answers_path(request, name)
    lang = lang_of(request)
    try:
        answers = await run_in_threadpool(svc.store.read, path)
    except M2WError as exc:
        raise Problem(422, exc.format_message(), download=raw_url(name)) from None
    if isinstance(answers.extra.get("group"), dict):
        raise Problem(409, tr(lang, "%(name)s is a group file made by merging; open its report instead.", name=name))
    return path, answers


def _dimension(request: Request, answers: Answers, key: str):
    for dim in scope_dimensions(services(request).content, answers):
        if key in (dim.short_id, dim.id):
            return dim
    raise Problem(404, tr(lang_of(request), "Dimension %(id)s is not part of this assessment.", id=key[:40]))


async def assessment(request: Request) -> Response:
    name = request.path_params["file"]
    _, answers = await _load(request, name)
    found = next_open(services(request).content, answers)
    if found is None:
        first = scope_dimensions(services(request).content, answers)[0]
        return see_other(file_url(name, first.short_id) + "?done=1")
    return see_other(file_url(name, found[0].short_id) + f"#{found[1]}")


def from_here(dims: list, here: str) -> str | None:
    """The anchor to look for open questions after, so the search starts at dimension `here`
    (and wraps around to the start): the last question of the dimension before it."""
    position = next((i for i, d in enumerate(dims) if d.short_id == here), 0)
    return f"target-{dims[position - 1].short_id}" if position > 0 else None


async def next_question(request: Request) -> Response:
    """`/a/<file>/next?from=d03`: the first open question from dimension d03 on."""
    name = request.path_params["file"]
    _, answers = await _load(request, name)
    dims = scope_dimensions(services(request).content, answers)
    here = request.query_params.get("from", "")
    after = request.query_params.get("after") or from_here(dims, here)
    found = next_open(services(request).content, answers, after)
    if found is None:
        dim = next((d for d in dims if d.short_id == here), dims[0])
        return see_other(file_url(name, dim.short_id) + "?done=1")
    return see_other(file_url(name, found[0].short_id) + f"#{found[1]}")


async def questionnaire(request: Request) -> Response:
    name = request.path_params["file"]
    svc = services(request)
    lang = lang_of(request)
    _, answers = await _load(request, name)
    dim = _dimension(request, answers, request.path_params["dim"])
    if svc.team is not None:
        svc.team.seen(name, dim.short_id)
    page = dimension_page(svc.content, answers, dim, lang)
    return render(
        request, "web/questionnaire.html.j2", page=page, file=name, answers=answers,
        base=file_url(name), saved=request.query_params.get("saved", ""), done=request.query_params.get("done") == "1",
        updated=answers.updated,
    )  # fmt: skip


def _saved_state(svc, path, answers: Answers) -> dict:
    parts = svc.store.progress(path, answers)
    dims = [{"id": p.dimension.short_id, "answered": p.answered, "total": p.total} for p in parts]
    return {"ok": True, "saved": datetime.now().strftime("%H:%M:%S"), "percent": percent_of(parts),
            "dimensions": dims, "updated": answers.updated}  # fmt: skip


@contextmanager
def problems():
    """A change refused, a file held by `m2w assess`, a file that cannot be read: a status and words."""
    try:
        yield
    except ChangeRefused as exc:
        raise Problem(422, exc.format_message()) from None
    except FileBusy as exc:
        raise Problem(409, exc.format_message(), retry=True) from None
    except AnswersError as exc:
        raise Problem(409, exc.format_message()) from None


async def _change(request: Request, path, changes: list[Change]) -> Answers:
    with problems():
        return await run_in_threadpool(services(request).store.change, path, changes)


_SAVES: anyio.CapacityLimiter | None = None


def save_limiter() -> anyio.CapacityLimiter:
    """Saves run on a few threads, not forty: many threads fighting over the interpreter lock slow
    every request down, and a few already keep the disk busy."""
    global _SAVES
    if _SAVES is None:
        _SAVES = anyio.CapacityLimiter(8)
    return _SAVES


async def save_one(request: Request) -> Response:
    """One changed field, sent by the page's script the moment it changes."""
    name = request.path_params["file"]
    form = await read_form(request)
    may_open(request, name)
    svc = services(request)
    work = partial(_save_one, svc, name, text_of(form, "name"), text_of(form, "value"))
    return JSONResponse(await anyio.to_thread.run_sync(work, limiter=save_limiter()))


def _save_one(svc, name: str, field: str, value: str) -> dict:
    """All a save does with files and the content, away from the server's event loop."""
    path = existing(svc.config, name)
    with problems():
        change = Change.parse(field, value)
        answers = svc.store.change(path, [change])
    dim = svc.content.questions.get(change.key)
    if svc.team is not None:
        svc.team.seen(name, dim[0].short_id if dim else change.key.split("-")[0])
    state = _saved_state(svc, path, answers)
    if change.kind in STATEMENT_FIELDS:
        answer = answers.answers.get(change.key)
        state["how_well"] = wants_how_well(svc.content, dim[1], answer.value if answer else None)
    return state


def form_changes(form, content) -> list[Change]:
    """The fields of a whole page that the user changed: each field carries the value the page
    showed (`was.<name>`); only a different value counts, so a page sent late never undoes what was
    changed meanwhile elsewhere (in the terminal, on another device)."""
    changes: list[Change] = []
    for key in form.keys():
        if not key.startswith("was."):
            continue
        name = key[4:]
        shown = text_of(form, key)
        sent = text_of(form, name)
        if sent != shown:
            changes.append(Change.parse(name, sent))
    values = {c.key: c.value for c in changes if c.kind == "value"}
    kept = []
    for change in changes:  # "how well" of a criterion just set to "no" or n/a does not apply
        if change.kind == "how_well" and change.key in values and change.key in content.questions:
            question = content.questions[change.key][1]
            scale = content.scales[question.scale]
            try:
                value = scale.parse(values[change.key]) if values[change.key] else None
            except ValueError:
                value = None
            if not wants_how_well(content, question, value):
                continue
        kept.append(change)
    kept.sort(key=lambda c: c.kind == "how_well")  # values first: they decide whether how_well applies
    return kept


async def save_page(request: Request) -> Response:
    """The whole page as a plain form (without script): save what changed, then go where asked."""
    name = request.path_params["file"]
    form = await read_form(request)
    path = answers_path(request, name)
    svc = services(request)
    try:
        changes = form_changes(form, svc.content)
    except ChangeRefused as exc:
        raise Problem(422, exc.format_message()) from None
    answers = await _change(request, path, changes) if changes else await run_in_threadpool(svc.store.read, path)
    here = _dimension(request, answers, request.path_params["dim"])
    go = text_of(form, "go", "stay")
    dims = scope_dimensions(svc.content, answers)
    position = dims.index(here)
    if go == "next" and position + 1 < len(dims):
        return see_other(file_url(name, dims[position + 1].short_id) + "?saved=1")
    if go == "previous" and position > 0:
        return see_other(file_url(name, dims[position - 1].short_id) + "?saved=1")
    if go == "open":
        found = next_open(svc.content, answers, from_here(dims, here.short_id))
        if found is not None:
            return see_other(file_url(name, found[0].short_id) + f"?saved=1#{found[1]}")
        return see_other(file_url(name, here.short_id) + "?saved=1&done=1")
    return see_other(file_url(name, here.short_id) + "?saved=1")


async def plan(request: Request) -> Response:
    """The file's actions, each with how far it got (planned, started, done), set with one click."""
    name = request.path_params["file"]
    svc = services(request)
    _, answers = await _load(request, name)
    page = plan_page(svc.content, answers, lang_of(request))
    baseline = str(answers.extra.get(BASELINE_KEY) or "")
    earlier = baseline if is_lead(request) and file_in(svc.config.folder, baseline) is not None else ""
    return render(request, "web/plan.html.j2", page=page, file=name, answers=answers, base=file_url(name),
                  baseline=earlier, saved=request.query_params.get("saved", ""))  # fmt: skip


async def save_plan(request: Request) -> Response:
    """The action plan as a plain form (without script): save the statuses that changed."""
    name = request.path_params["file"]
    form = await read_form(request)
    path = answers_path(request, name)
    try:
        changes = form_changes(form, services(request).content)
    except ChangeRefused as exc:
        raise Problem(422, exc.format_message()) from None
    if changes:
        await _change(request, path, changes)
    return see_other(file_url(name, "plan") + "?saved=1")


async def widen(request: Request) -> Response:
    """A quick scan goes on as the full questionnaire, keeping every answer: to the first open question."""
    name = request.path_params["file"]
    await read_form(request)  # the form's CSRF token is checked there
    path = answers_path(request, name)
    with problems():
        await run_in_threadpool(services(request).store.widen_to_full, path)
    return see_other(file_url(name, "next"))


async def token(request: Request) -> Response:
    """A fresh CSRF token for the page's script (after a server restart, say)."""
    from m2w_tool.web.security import SID_KEY, csrf_token

    return JSONResponse({"csrf": csrf_token(services(request).config.secrets.key, request.scope.get(SID_KEY, ""))})
