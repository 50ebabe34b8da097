"""The team session: the link that lets a phone in, joining with a name, and the facilitator's page
with the QR code, who is where, and the live group view (mean, spread and disagreements per
statement, by the rules of `m2w merge`); one click makes the merged file and its report."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from m2w_tool.answering import ChangeRefused, file_in, percent_done, reserve_file, scope_dimensions
from m2w_tool.answers import Answers
from m2w_tool.errors import M2WError
from m2w_tool.i18n import _, tr
from m2w_tool.web import library
from m2w_tool.web.access import (
    lang_of,
    member_file,
    member_value,
    read_form,
    require_lead,
    require_team,
    services,
    text_of,
)
from m2w_tool.web.pages import Problem, remember_lang, render, safe
from m2w_tool.web.routes_answer import file_url, see_other
from m2w_tool.web.routes_report import report_url
from m2w_tool.web.security import access_cookie, member_cookie, same
from m2w_tool.web.views import part_choices, part_title

COOKIE_DAYS = 7


async def enter(request: Request) -> Response:
    """`/t/<token>`: the link from the QR code. Remember the token in a cookie, then drop it from
    the address bar (so it is not shown on a projector or kept in a screenshot)."""
    require_team(request)
    config = services(request).config
    given = request.path_params["token"]
    if same(given, config.secrets.lead_token):
        target = "/team"
    elif same(given, config.secrets.team_token):
        target = "/join"
    else:
        message = _("This team link is not (or no longer) valid. Scan the QR code the facilitator shows now.")
        raise Problem(403, message)
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(access_cookie(config.port), given, max_age=COOKIE_DAYS * 86400, httponly=True, samesite="lax")
    remember_lang(request, response)  # a link with ?lang=en keeps its language after the redirect
    return response


async def join_form(request: Request) -> Response:
    team = require_team(request)
    own = member_file(request)
    member = team.member(own) if own else None
    svc = services(request)
    part = part_title(svc.content, team.settings.module, lang_of(request))
    return render(request, "web/join.html.j2", ready=team.ready, settings=team.settings, part=part,
                  member=member, continue_url=file_url(own) if member else "")  # fmt: skip


async def join(request: Request) -> Response:
    team = require_team(request)
    form = await read_form(request)
    svc = services(request)
    lang = lang_of(request)
    if not team.ready:
        raise Problem(409, tr(lang, "The facilitator has not started the session yet. Wait a moment and try again."))
    try:
        path = await run_in_threadpool(team.join, text_of(form, "name"), text_of(form, "role"), svc.content, lang)
    except ChangeRefused as exc:
        raise Problem(422, exc.format_message()) from None
    except M2WError as exc:
        raise Problem(409, exc.format_message()) from None
    response = see_other(file_url(path.name))
    response.set_cookie(member_cookie(svc.config.port), member_value(svc.config, path.name),
                        max_age=COOKIE_DAYS * 86400, httponly=True, samesite="lax")  # fmt: skip
    return response


# --- the facilitator's page ----------------------------------------------------------------------


def qr_svg(url: str, label: str) -> str:
    """The team link as an SVG QR code (made here, no outside service), with a text alternative."""
    import segno

    svg = segno.make(url, error="m").svg_inline(scale=5, dark="#16365c", light="#ffffff")
    return f'<div class="qr" role="img" aria-label="{_attr(label)}">{svg}</div>'


def _attr(text: str) -> str:
    from markupsafe import escape

    return str(escape(text))


@dataclass(frozen=True)
class MemberRow:
    name: str
    file: str
    where: str
    seen: str
    percent: int | None
    problem: str = ""


@dataclass(frozen=True)
class StatementRow:
    qid: str
    text: str
    n: int
    mean: str
    spread: str
    disagree: bool
    answers: tuple[tuple[str, str], ...]  # (who, value): ("Anna", "4"), ("Bram", "2")


@dataclass(frozen=True)
class DimensionRows:
    short_id: str
    title: str
    rows: list[StatementRow]


@dataclass(frozen=True)
class Live:
    members: list[MemberRow]
    readable: int
    disagreements: list[StatementRow]
    dimensions: list[DimensionRows]


def _ago(moment: float | None, lang: str) -> str:
    if moment is None:
        return ""
    minutes = int((time.time() - moment) // 60)
    return tr(lang, "just now") if minutes < 1 else tr(lang, "%(n)s min ago", n=minutes)


def _decimal(value: float | None, lang: str) -> str:
    if value is None:
        return "–"
    text = f"{value:.1f}"
    return text.replace(".", ",") if lang == "nl" else text


def _member_rows(svc, team, lang: str) -> tuple[list[MemberRow], list[tuple[str, Answers]]]:
    rows, items = [], []
    for m in team.members:
        path = file_in(svc.config.folder, m.file)
        dim_id, moment = team.where.get(m.file, ("", None))
        dim = svc.content.find(dim_id) if dim_id else None
        where = f"{dim.short_id} · {dim.title(lang)}" if dim else ""
        try:
            answers = svc.store.read(path) if path else None
        except M2WError as exc:
            rows.append(MemberRow(m.name, m.file, where, _ago(moment, lang), None, exc.format_message()))
            continue
        if answers is None:
            continue  # the file was removed from the folder
        rows.append(MemberRow(m.name, m.file, where, _ago(moment, lang), percent_done(svc.content, answers)))
        items.append((m.file, answers))
    return rows, items


def _value_text(value: float, lang: str) -> str:
    return str(int(value)) if float(value).is_integer() else _decimal(value, lang)


def _statement_rows(dim, data, lang: str) -> list[StatementRow]:
    rows = []
    for q in dim.questions:
        g = data.get(q.id)
        if g is None:
            continue
        given = tuple((who, _value_text(v, lang)) for who, v in zip(g.by, g.values, strict=False))
        rows.append(StatementRow(q.id, q.text(lang), len(g.values), _decimal(g.mean, lang), _decimal(g.spread, lang),
                                 g.disagree, given))  # fmt: skip
    return rows


def live_view(svc, team, lang: str) -> Live:
    """Who is where, and, from two people on, the group view by the rules of `m2w merge`."""
    members, items = _member_rows(svc, team, lang)
    if len(items) < 2:
        return Live(members, len(items), [], [])
    merged = library.merge(items, svc.content)
    data = library.group_answers(merged.answers)
    dims = []
    for dim in scope_dimensions(svc.content, merged.answers):
        rows = _statement_rows(dim, data, lang)
        if rows:
            dims.append(DimensionRows(dim.short_id, dim.title(lang), rows))
    flagged = [r for d in dims for r in d.rows if r.disagree]
    flagged.sort(key=lambda r: -float(r.spread.replace(",", ".")))
    return Live(members, len(items), flagged, dims)


async def facilitator(request: Request) -> Response:
    team = require_team(request)
    require_lead(request)
    svc = services(request)
    lang = lang_of(request)
    live = await run_in_threadpool(live_view, svc, team, lang)
    modules = part_choices(svc.content, lang)
    return render(
        request, "web/team.html.j2", settings=team.settings, ready=team.ready, modules=modules, live=live,
        join_url=svc.config.team_url, qr=safe(qr_svg(svc.config.team_url, tr(lang, "QR code of the team link"))),
    )  # fmt: skip


async def live(request: Request) -> Response:
    team = require_team(request)
    require_lead(request)
    svc = services(request)
    view = await run_in_threadpool(live_view, svc, team, lang_of(request))
    return render(request, "web/_team_live.html.j2", live=view)


async def settings(request: Request) -> Response:
    team = require_team(request)
    require_lead(request)
    form = await read_form(request)
    lang = lang_of(request)
    try:
        team.configure(text_of(form, "initiative"), text_of(form, "organisation"), text_of(form, "module", "all"), lang)
    except ChangeRefused as exc:
        raise Problem(422, exc.format_message()) from None
    return see_other("/team")


async def merge(request: Request) -> Response:
    """The merged file (`group-<initiative>.yaml`, as `m2w merge` names it) and its report."""
    team = require_team(request)
    require_lead(request)
    await read_form(request)
    svc = services(request)
    lang = lang_of(request)
    path = await run_in_threadpool(_write_group, svc, team, lang)
    return see_other(report_url(path.name))


def _write_group(svc, team, lang: str) -> Path:
    _, items = _member_rows(svc, team, lang)
    if len(items) < 2:
        raise Problem(409, tr(lang, "A group file needs the answers of at least two people."))
    stem = library.group_stem(items[0][1])
    path = svc.config.folder / f"{stem}.yaml"
    try:
        is_group = path.is_file() and isinstance(svc.store.read(path).extra.get("group"), dict)
    except M2WError:
        is_group = False
    if not is_group and path.exists():
        path = reserve_file(svc.config.folder, stem)  # never overwrite someone's own answers
    # merge_files writes the group file under its lock, as `m2w merge` does.
    library.write_group([svc.config.folder / file for file, _ in items], svc.content, path)
    return path
