"""Server-rendered pages: the Jinja2 environment of `templates/web/`, the interface language of a
request, and the page every refusal or problem becomes (a status and words, never a traceback)."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from typing import Any
from urllib.parse import urlencode

import jinja2
from markupsafe import Markup
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response

from m2w_tool.i18n import N_, set_lang, tr, translation
from m2w_tool.resources import templates_dir
from m2w_tool.web.security import ROLE_KEY, SID_KEY, csrf_token

LANG_COOKIE = "m2w_lang"
LANGS = ("nl", "en")  # the languages the content is written in: the pages offer these
STATIC = {  # the only files served under /static/: name -> path under templates/
    "m2w.css": "web/static/m2w.css",
    "m2w.js": "web/static/m2w.js",
    "report.css": "report.css",
    "report-screen.css": "web/static/report-screen.css",
}
MEDIA = {".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8"}


class Problem(Exception):
    """A request that cannot be served, with its status and a message in the user's language."""

    def __init__(self, status: int, message: str, *, retry: bool = False, download: str = "") -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.retry = retry
        self.download = download  # an answers file that cannot be read: its address, to fix or pass on


@jinja2.pass_context
def _gettext(context, message: str) -> str:
    return translation(context.get("lang") or "nl").gettext(message)


@jinja2.pass_context
def _ngettext(context, singular: str, plural: str, n: int) -> str:
    return translation(context.get("lang") or "nl").ngettext(singular, plural, n)


@lru_cache(maxsize=2)
def environment(folder: str) -> jinja2.Environment:
    try:  # compiled templates kept between runs (as render.py does): the first page comes sooner
        cache = jinja2.FileSystemBytecodeCache()
    except (OSError, RuntimeError):
        cache = None
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(folder),
        bytecode_cache=cache,
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=["jinja2.ext.i18n"],
    )
    env.install_gettext_callables(_gettext, _ngettext, newstyle=True)  # type: ignore[attr-defined]
    env.globals["static"] = static_url
    env.globals["inline_static"] = inline_static
    return env


@lru_cache(maxsize=8)
def _static_version(name: str) -> str:
    data = (templates_dir() / STATIC[name]).read_bytes()
    return hashlib.sha256(data).hexdigest()[:10]


def static_url(name: str) -> str:
    """`/static/m2w.css?v=<hash>`: a changed file gets a new address, so caches never serve it stale."""
    return f"/static/{name}?v={_static_version(name)}"


def inline_static(name: str) -> Markup:
    """One of our stylesheets, to put inside <style> (for a refusal page: its address is refused too,
    so it cannot load /static/). Our own file, never user text; `</` is neutralised anyway."""
    return Markup((templates_dir() / STATIC[name]).read_text(encoding="utf-8").replace("</", "<\\/"))


def static_file(name: str) -> Response:
    if name not in STATIC:
        raise Problem(404, "")
    path = templates_dir() / STATIC[name]
    media = MEDIA[path.suffix]
    return Response(path.read_bytes(), media_type=media, headers={"cache-control": "max-age=86400"})


def request_lang(request: Request, default: str) -> str:
    """The interface language: `?lang=` (remembered in a cookie), else the cookie, else the browser's
    preference among Dutch and English, else the server's language."""
    asked = request.query_params.get("lang", "")
    if asked in LANGS:
        return asked
    kept = request.cookies.get(LANG_COOKIE, "")
    if kept in LANGS:
        return kept
    for part in request.headers.get("accept-language", "").split(","):
        code = part.split(";")[0].strip().lower()[:2]
        if code in LANGS:
            return code
    return default


class LanguageMiddleware:
    """Makes the request's language the interface language (`i18n.set_lang`) while it is served, so
    every message, also from the library, speaks it. Each request runs in its own context."""

    def __init__(self, app, default: str) -> None:  # noqa: ANN001 - an ASGI app
        self.app = app
        self.default = default

    async def __call__(self, scope, receive, send) -> None:  # noqa: ANN001
        if scope["type"] == "http":
            set_lang(request_lang(Request(scope), self.default))
        await self.app(scope, receive, send)


def lang_url(request: Request, lang: str) -> str:
    """The same page in `lang`."""
    params = {k: v for k, v in request.query_params.items() if k not in ("lang", "saved")}
    params["lang"] = lang
    return f"{request.url.path}?{urlencode(params)}"


def render(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    """A page in the request's language; every page gets the language switch and the CSRF token."""
    services = request.app.state.m2w
    lang = context.pop("lang", None) or request_lang(request, services.config.lang)
    env = environment(str(templates_dir()))
    html = env.get_template(template).render(
        lang=lang,
        other_langs=[(code, lang_url(request, code)) for code in LANGS],
        csrf=csrf_token(services.config.secrets.key, request.scope.get(SID_KEY, "")),
        role=request.scope.get(ROLE_KEY),
        team=services.config.team,
        path=request.url.path,
        **context,
    )
    response = HTMLResponse(html, status_code=status)
    remember_lang(request, response)
    return response


def remember_lang(request: Request, response: Response) -> None:
    if request.query_params.get("lang", "") in LANGS:
        response.set_cookie(LANG_COOKIE, request.query_params["lang"], max_age=365 * 86400, samesite="lax")


def wants_json(request: Request) -> bool:
    return "application/json" in request.headers.get("accept", "")


def problem_response(request: Request, problem: Problem) -> Response:
    if wants_json(request):
        return JSONResponse({"ok": False, "error": problem.message, "retry": problem.retry}, problem.status)
    return render(
        request, "web/problem.html.j2", status=problem.status, message=problem.message, download=problem.download
    )


REFUSALS = {
    "host": N_("This address is not the one this m2w server listens on. Open the address m2w printed when it started."),
    "token": N_("This is a team session: open the link or scan the QR code that the facilitator shows."),
    "cross_site": N_("Refused: this request came from another web site."),
    "csrf": N_("This page was out of date. Go back, reload the page and send it again; what you typed is kept."),
    "crash": N_(
        "m2w stopped on an unexpected problem. Every answer this page confirmed as saved is in the file; "
        "reload the page to carry on."
    ),
}


def refusal(lang: str, kind: str) -> str:
    return tr(lang, REFUSALS[kind])


def refuse_page(services):  # noqa: ANN001, ANN201 - returns the middleware's refuse callable
    """What the security middleware answers: a small page (or JSON) in words, with its status."""

    def refuse(scope, status: int, kind: str) -> Response:  # noqa: ANN001
        request = Request(scope)
        lang = request_lang(request, services.config.lang)
        message = refusal(lang, kind)
        if wants_json(request):
            return JSONResponse({"ok": False, "error": message, "retry": False}, status)
        html = (
            environment(str(templates_dir()))
            .get_template("web/refused.html.j2")
            .render(lang=lang, message=message, status=status, other_langs=[(c, lang_url(request, c)) for c in LANGS])
        )
        return HTMLResponse(html, status_code=status)

    return refuse


def safe(markup: str) -> Markup:
    """Mark HTML that m2w made itself (a QR code, the report) as safe to put in a page."""
    return Markup(markup)
