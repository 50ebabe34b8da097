"""The web app of `m2w serve`: routes, the security guard, and the shared services."""

from __future__ import annotations

from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from m2w_tool.answering import AnswersStore
from m2w_tool.i18n import tr
from m2w_tool.web import routes_answer as answer
from m2w_tool.web import routes_report as report
from m2w_tool.web import routes_team as team
from m2w_tool.web.access import Services, lang_of
from m2w_tool.web.config import ServeConfig
from m2w_tool.web.jobs import Jobs
from m2w_tool.web.limits import BodyLimit
from m2w_tool.web.pages import LanguageMiddleware, Problem, problem_response, refuse_page, static_file
from m2w_tool.web.security import SecurityMiddleware
from m2w_tool.web.team import TeamSession


async def static(request: Request) -> Response:
    return static_file(request.path_params["name"])


def routes() -> list[Route]:
    """Every page and action; how large a request may be is BodyLimit's (limits.py), so a request
    over it gets a page in words."""
    post = ["POST"]
    return [
        Route("/", answer.home),
        Route("/start", answer.start, methods=post),
        Route("/api/token", answer.token),
        Route("/a/{file}", answer.assessment),
        Route("/a/{file}/next", answer.next_question),
        Route("/a/{file}/save", answer.save_one, methods=post),
        Route("/a/{file}/plan", answer.plan),
        Route("/a/{file}/plan", answer.save_plan, methods=post),
        Route("/a/{file}/full", answer.widen, methods=post),
        Route("/a/{file}/{dim}", answer.questionnaire),
        Route("/a/{file}/{dim}", answer.save_page, methods=post),
        Route("/r/{file}", report.report),
        Route("/r/{file}/pdf", report.report_pdf),
        Route("/r/{file}/actions.csv", report.report_csv),
        Route("/f/{file}", report.answers_download),
        Route("/workbooks", report.workbooks),
        Route("/workbooks/pdf", report.workbook_pdf),
        Route("/workbooks/upload", report.upload, methods=post),
        Route("/t/{token}", team.enter),
        Route("/join", team.join_form),
        Route("/join", team.join, methods=post),
        Route("/team", team.facilitator),
        Route("/team/live", team.live),
        Route("/team/settings", team.settings, methods=post),
        Route("/team/merge", team.merge, methods=post),
        Route("/static/{name}", static),
    ]


async def _problem(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, Problem)
    if not exc.message:
        exc = Problem(exc.status, tr(lang_of(request), "There is no such page."))
    return problem_response(request, exc)


async def _http(request: Request, exc: Exception) -> Response:
    from starlette.exceptions import HTTPException

    assert isinstance(exc, HTTPException)
    lang = lang_of(request)
    messages = {
        404: tr(lang, "There is no such page."),
        405: tr(lang, "This page cannot be used that way."),
        413: tr(lang, "This is too large to send."),
    }
    return problem_response(request, Problem(exc.status_code, messages.get(exc.status_code, exc.detail)))


def create_app(config: ServeConfig) -> Starlette:
    """The ASGI app for `config`; the server (uvicorn) or a test client runs it."""
    services = Services(
        config=config,
        store=AnswersStore(config.content),
        jobs=Jobs(),
        team=TeamSession(config.folder) if config.team else None,
    )

    @asynccontextmanager
    async def lifespan(app: Starlette):
        yield
        services.jobs.close()

    from starlette.exceptions import HTTPException

    app = Starlette(
        routes=routes(),
        middleware=[
            Middleware(SecurityMiddleware, config=config, refuse=refuse_page(services)),
            Middleware(BodyLimit, config=config),
            Middleware(LanguageMiddleware, default=config.lang),
        ],
        exception_handlers={Problem: _problem, HTTPException: _http},
        lifespan=lifespan,
    )
    app.state.m2w = services
    return app
