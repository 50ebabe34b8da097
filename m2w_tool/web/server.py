"""Starting `m2w serve`: the folder, a free port, the secrets, the address to print, the browser."""

from __future__ import annotations

import os
import socket
import sys
from collections.abc import Callable
from pathlib import Path

from m2w_tool.content import Content
from m2w_tool.errors import M2WError, os_reason
from m2w_tool.i18n import _
from m2w_tool.web.config import Secrets, ServeConfig

DEFAULT_PORT = 8765
PORT_TRIES = 20  # without --port, the next free port is taken when 8765 is busy


def free_port(bind: str, first: int, tries: int) -> int | None:
    """The first port from `first` that `bind` can listen on, trying `tries` ports."""
    family = socket.AF_INET6 if ":" in bind else socket.AF_INET
    for port in range(first, first + tries):
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            if os.name != "nt":  # as the server will: a port whose last connections are closing is free
                probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind((bind, port))
            except OSError:
                continue
            return port
    return None


def configure(
    folder: Path, content: Content, *, lang: str, team: bool, port: int | None, bind: str | None, new_link: bool
) -> ServeConfig:
    """Everything `m2w serve` needs, checked: a usable folder and a free port."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise M2WError(
            _("Cannot use the folder %(folder)s: %(reason)s", folder=folder, reason=os_reason(exc))
        ) from None
    bind = bind or ("0.0.0.0" if team else "127.0.0.1")
    chosen = free_port(bind, port or DEFAULT_PORT, 1 if port else PORT_TRIES)
    if chosen is None:
        raise M2WError(_("Port %(port)s is in use; choose another one with --port.", port=port or DEFAULT_PORT))
    secrets = Secrets.load_or_create(folder, renew=new_link)
    return ServeConfig(folder=folder, content=content, secrets=secrets, lang=lang, team=team, bind=bind, port=chosen)


def announce(config: ServeConfig, say: Callable[[str], None]) -> None:
    if not config.team:
        say(_("m2w is running at %(url)s", url=config.url("/")))
    else:
        import segno

        say(_("Team session. Team members scan this code or open %(url)s", url=config.team_url))
        segno.make(config.team_url, error="m").terminal(out=sys.stdout, compact=True)
        say(_("Facilitator page (keep this link to yourself): %(url)s", url=config.lead_url))
    say(_("Everything is saved in %(folder)s. Press Ctrl-C to stop.", folder=config.folder))


def run(config: ServeConfig, open_browser: bool = False, say: Callable[[str], None] = print) -> None:
    """Serve until Ctrl-C (or SIGTERM); the first page is ready well within a second."""
    import threading
    import webbrowser

    import uvicorn

    from m2w_tool.web.app import create_app

    # Saves run on worker threads; the event loop answers everyone. Handing the interpreter lock
    # over sooner (1 ms instead of 5) keeps one busy thread from holding up every other answer.
    sys.setswitchinterval(0.001)

    server = uvicorn.Server(
        uvicorn.Config(
            create_app(config),
            host=config.bind,
            port=config.port,
            log_level="warning",
            access_log=False,
            lifespan="on",
            server_header=False,
        )  # fmt: skip
    )
    announce(config, say)
    if open_browser:
        url = config.lead_url if config.team else config.url("/")
        threading.Timer(0.3, lambda: webbrowser.open(url)).start()
    server.run()
