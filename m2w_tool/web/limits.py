"""How large a request may be: a form at most MAX_FORM, an uploaded workbook at most the configured
size. A request over its limit gets the usual page in words (413, "at most N MB", with the way back),
also when its size shows only while it arrives (no Content-Length); nothing of it reaches a handler
as a whole, and nothing is written."""

from __future__ import annotations

from starlette.requests import Request

from m2w_tool.i18n import tr
from m2w_tool.web.config import MAX_FORM, ServeConfig
from m2w_tool.web.pages import Problem, problem_response, request_lang
from m2w_tool.web.security import TrackedSend

UPLOAD_PATH = "/workbooks/upload"
MULTIPART_SLACK = 64 * 1024  # the form around an uploaded file: boundaries, headers, the CSRF field
MB = 1024 * 1024


class BodyTooLarge(Exception):
    """A request body went over its limit while it was read."""


def limit_for(config: ServeConfig, path: str) -> int:
    return config.max_upload + MULTIPART_SLACK if path == UPLOAD_PATH else MAX_FORM


class BodyLimit:
    """Pure ASGI middleware: checks the announced size first, then counts what arrives."""

    def __init__(self, app, config: ServeConfig) -> None:  # noqa: ANN001 - an ASGI app
        self.app = app
        self.config = config

    async def __call__(self, scope, receive, send) -> None:  # noqa: ANN001
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            return await self.app(scope, receive, send)
        limit = limit_for(self.config, scope["path"])
        length = dict(scope["headers"]).get(b"content-length", b"")
        if length.isdigit() and int(length) > limit:
            return await self._refuse(scope, receive, send)
        total = 0

        async def counted():  # noqa: ANN202
            nonlocal total
            message = await receive()
            total += len(message.get("body", b""))
            if total > limit:
                raise BodyTooLarge
            return message

        tracked = TrackedSend(send)
        try:
            await self.app(scope, counted, tracked)
        except BodyTooLarge:
            if tracked.started:
                raise
            await self._refuse(scope, receive, send)

    async def _refuse(self, scope, receive, send) -> None:  # noqa: ANN001
        request = Request(scope)
        lang = request_lang(request, self.config.lang)
        if scope["path"] == UPLOAD_PATH:
            message = tr(lang, "This file is too large: at most %(n)s MB.", n=max(1, self.config.max_upload // MB))
        else:
            message = tr(lang, "This is too large to send.")
        await problem_response(request, Problem(413, message))(scope, receive, send)
