"""Who may do what, and reading forms safely.

A lead (anyone on the machine in a local session; the facilitator in a team session) may open every
answers file in FOLDER. A team member may open only the file they made when they joined, which a
signed cookie names. Every form is read with limits and its CSRF token checked before any handler
sees a single field.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, unquote

from starlette.datastructures import FormData
from starlette.formparsers import MultiPartException
from starlette.requests import Request

from m2w_tool.answering import AnswersStore, file_in
from m2w_tool.content import Content
from m2w_tool.i18n import _, tr
from m2w_tool.web.config import MAX_FORM, ServeConfig
from m2w_tool.web.jobs import Jobs
from m2w_tool.web.pages import Problem, refusal, request_lang
from m2w_tool.web.security import ROLE_KEY, SID_KEY, csrf_token, member_cookie, same, sign
from m2w_tool.web.team import TeamSession


@dataclass
class Services:
    config: ServeConfig
    store: AnswersStore
    jobs: Jobs
    team: TeamSession | None

    @property
    def content(self) -> Content:
        return self.config.content


def services(request: Request) -> Services:
    return request.app.state.m2w


def lang_of(request: Request) -> str:
    return request_lang(request, services(request).config.lang)


def is_lead(request: Request) -> bool:
    return request.scope.get(ROLE_KEY) == "lead"


def require_lead(request: Request) -> None:
    if not is_lead(request):
        raise Problem(403, tr(lang_of(request), "Only the facilitator can open this page."))


def require_team(request: Request) -> TeamSession:
    team = services(request).team
    if team is None:
        raise Problem(404, tr(lang_of(request), "There is no such page."))
    return team


def member_value(config: ServeConfig, file: str) -> str:
    """The cookie that ties a team member's browser to their own answers file."""
    return f"{quote(file, safe='')}|{sign(config.secrets.key, 'member', file)}"


def member_file(request: Request) -> str | None:
    """The answers file this browser's team member made, when the cookie is genuine."""
    config = services(request).config
    raw = request.cookies.get(member_cookie(config.port), "")
    quoted, _, signature = raw.rpartition("|")
    file = unquote(quoted)
    if file and same(signature, sign(config.secrets.key, "member", file)):
        return file
    return None


def may_open(request: Request, name: str) -> None:
    """A team member opens only their own answers file (403 otherwise); a lead opens any."""
    if not is_lead(request) and name != member_file(request):
        raise Problem(403, _("You can open only your own answers in a team session."))


def existing(config: ServeConfig, name: str) -> Path:
    """The answers file `name` in FOLDER; 404 for anything else (never a path outside FOLDER)."""
    path = file_in(config.folder, name)
    if path is None:
        raise Problem(404, _("There is no answers file called %(name)s here.", name=name[:120]))
    return path


def answers_path(request: Request, name: str) -> Path:
    """The answers file `name` in FOLDER, when this user may open it; else 403 or 404."""
    may_open(request, name)
    return existing(services(request).config, name)


async def read_form(request: Request, *, files: int = 0) -> FormData:
    """The posted form (at most `files` uploads), once its CSRF token is found to be right."""
    svc = services(request)
    lang = lang_of(request)
    try:
        form = await request.form(max_files=files, max_fields=2000, max_part_size=MAX_FORM)
    except MultiPartException as exc:
        raise Problem(400, tr(lang, "The form could not be read: %(reason)s", reason=exc.message)) from None
    given = request.headers.get("x-csrf-token") or str(form.get("csrf") or "")
    expected = csrf_token(svc.config.secrets.key, request.scope.get(SID_KEY, ""))
    if not given or not same(given, expected):
        await form.close()
        raise Problem(403, refusal(lang, "csrf"))
    return form


def text_of(form: FormData, name: str, default: str = "") -> str:
    value = form.get(name)
    return value if isinstance(value, str) else default
