"""The guard in front of every request: the Host header, the team token, cross-site requests, and
the headers every answer carries (Content-Security-Policy and friends).

- Host: a request must name this server (its loopback or LAN address and port); anything else is
  refused with 421, which stops DNS rebinding (a web page whose name suddenly points at 127.0.0.1).
- Team mode: every request needs the team or the facilitator token, from the link (`/t/<token>`,
  which sets a cookie and redirects) or from that cookie; without it: 403.
- State-changing requests (POST): refused (403) when the browser says they come from another site
  (`Sec-Fetch-Site`, `Origin`); the form's CSRF token is checked by `access.read_form`. Another
  site's page may link here, but not load anything from here (an image, a fetch): 403 too.
- Every response: a strict CSP (scripts and styles only from this server), no framing, no referrer
  to other sites (the team token must not travel), no sniffing, no caching of pages.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import traceback
from http.cookies import SimpleCookie
from urllib.parse import urlsplit

from m2w_tool.web.config import ServeConfig

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
# Inline styles stay allowed: the report's own stylesheet and its meters are inline. Scripts never.
HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
]
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
SID_COOKIE = "m2w_sid"
OPEN_PREFIXES = ("/static/", "/t/")  # reachable without the team cookie (the link sets it)

ROLE_KEY = "m2w.role"  # scope keys the routes read
SID_KEY = "m2w.sid"


def access_cookie(port: int) -> str:
    """The team cookie's name; with the port in it, two sessions on one machine never mix."""
    return f"m2w_access_{port}"


def member_cookie(port: int) -> str:
    return f"m2w_member_{port}"


def sign(key: bytes, purpose: str, value: str) -> str:
    return hmac.new(key, f"{purpose}\0{value}".encode(), hashlib.sha256).hexdigest()[:32]


def csrf_token(key: bytes, sid: str) -> str:
    """The token forms carry: bound to the browser's session cookie, so another site cannot know it."""
    return sign(key, "csrf", sid)


def same(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())


def split_host(value: str) -> tuple[str, int | None]:
    """`Host: 127.0.0.1:8765` -> ('127.0.0.1', 8765); `[::1]:80` -> ('::1', 80)."""
    value = value.strip().lower()
    if value.startswith("["):
        host, _, rest = value[1:].partition("]")
        port_text = rest[1:] if rest.startswith(":") else ""
    else:
        host, _, port_text = value.partition(":")
    try:
        port = int(port_text) if port_text else None
    except ValueError:
        return "", -1
    return host, port


def role_for(config: ServeConfig, cookies: dict[str, str]) -> str | None:
    """'lead' (the whole folder), 'member' (own answers only) or None (no valid token)."""
    if not config.team:
        return "lead"
    given = cookies.get(access_cookie(config.port), "")
    if given and same(given, config.secrets.lead_token):
        return "lead"
    if given and same(given, config.secrets.team_token):
        return "member"
    return None


def _cookies(headers: dict[bytes, bytes]) -> dict[str, str]:
    jar: SimpleCookie = SimpleCookie()
    try:
        jar.load(headers.get(b"cookie", b"").decode("latin-1"))
    except Exception:  # a malformed cookie header is treated as no cookies at all
        return {}
    return {k: m.value for k, m in jar.items()}


def _with_headers(send, new_sid: str | None):  # noqa: ANN001, ANN202 - ASGI callables
    """`send`, adding the security headers (and a new session cookie) to the response's start."""

    async def send_with_headers(message) -> None:  # noqa: ANN001
        if message["type"] == "http.response.start":
            extra = list(HEADERS)
            names = {k.lower() for k, _ in message.get("headers", [])}
            if b"cache-control" not in names:
                extra.append((b"cache-control", b"no-store"))
            if new_sid:
                extra.append((b"set-cookie", f"{SID_COOKIE}={new_sid}; Path=/; HttpOnly; SameSite=Lax".encode()))
            message = {**message, "headers": list(message.get("headers", [])) + extra}
        await send(message)

    return send_with_headers


class TrackedSend:
    """An ASGI `send` that remembers whether the response has started: after that, a middleware can
    no longer answer with a page of its own (an error, a refusal) and must let the failure through."""

    def __init__(self, send) -> None:  # noqa: ANN001 - an ASGI send
        self.send = send
        self.started = False

    async def __call__(self, message) -> None:  # noqa: ANN001 - an ASGI message
        self.started = self.started or message["type"] == "http.response.start"
        await self.send(message)


class SecurityMiddleware:
    """Pure ASGI middleware (no per-request task switching): checks, then headers on the way out."""

    def __init__(self, app, config: ServeConfig, refuse) -> None:  # noqa: ANN001 - ASGI callables
        self.app = app
        self.config = config
        self.refuse = refuse  # refuse(scope, status, kind) -> ASGI response (a page in words)

    async def __call__(self, scope, receive, send) -> None:  # noqa: ANN001
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = dict(scope["headers"])
        cookies = _cookies(headers)
        sid = cookies.get(SID_COOKIE, "")
        new_sid = None if 20 <= len(sid) <= 64 else secrets.token_urlsafe(24)
        scope[SID_KEY] = new_sid or sid
        scope[ROLE_KEY] = role_for(self.config, cookies)
        problem = self._check(scope, headers)
        if problem is None and scope[ROLE_KEY] is None and not scope["path"].startswith(OPEN_PREFIXES):
            problem = (403, "token")
        send = _with_headers(send, new_sid)
        if problem is not None:
            return await self.refuse(scope, *problem)(scope, receive, send)
        tracked = TrackedSend(send)
        try:
            await self.app(scope, receive, tracked)
        except Exception:
            # A bug, not a refusal: say so in words (with these headers), keep the details for M2W_DEBUG.
            if os.environ.get("M2W_DEBUG"):
                traceback.print_exc()
            if tracked.started:
                raise
            await self.refuse(scope, 500, "crash")(scope, receive, send)

    def _check(self, scope, headers: dict[bytes, bytes]) -> tuple[int, str] | None:  # noqa: ANN001
        host, port = split_host(headers.get(b"host", b"").decode("latin-1"))
        if host not in self.config.hosts or (port or 80) != self.config.port:
            return (421, "host")
        site = headers.get(b"sec-fetch-site", b"").decode("latin-1")
        if scope["method"] in SAFE_METHODS:
            # Another site may link to a page (a navigation), but not pull one in as an image, a
            # script or a fetch: that could start PDF renders or probe what is here.
            mode = headers.get(b"sec-fetch-mode", b"").decode("latin-1")
            if site == "cross-site" and mode != "navigate":
                return (403, "cross_site")
            return None
        if site and site not in ("same-origin", "none"):
            return (403, "cross_site")
        # "null" says nothing (a browser may send it for its own forms); the CSRF token decides then.
        origin = headers.get(b"origin", b"").decode("latin-1")
        if origin and origin != "null":
            parts = urlsplit(origin)
            if (parts.hostname or "", parts.port or 80) != (host, port or 80):
                return (403, "cross_site")
        return None
