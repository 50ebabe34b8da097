"""`m2w serve`: the questionnaire, reports and workbooks in a browser, on the answers files in FOLDER;
with --team a session on the local network that team members join from their phones."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from m2w_tool.commands.common import content_option, lang_option
from m2w_tool.errors import M2WError
from m2w_tool.i18n import _, set_lang

DEFAULT_PORT = 8765
PORT_TRIES = 20  # without --port, the next free port is taken when 8765 is busy


def _free_port(bind: str, first: int, tries: int) -> int | None:
    import socket

    for port in range(first, first + tries):
        family = socket.AF_INET6 if ":" in bind else socket.AF_INET
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            if os.name != "nt":  # as the server will: a port whose last connections are closing is free
                probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind((bind, port))
            except OSError:
                continue
            return port
    return None


def _announce(config) -> None:
    if not config.team:
        click.echo(_("m2w is running at %(url)s", url=config.url("/")))
    else:
        import segno

        click.echo(_("Team session. Team members scan this code or open %(url)s", url=config.team_url))
        segno.make(config.team_url, error="m").terminal(out=sys.stdout, compact=True)
        click.echo(_("Facilitator page (keep this link to yourself): %(url)s", url=config.lead_url))
    click.echo(_("Everything is saved in %(folder)s. Press Ctrl-C to stop.", folder=config.folder))


@click.command(help=_("Fill in the questionnaire, read reports and get workbooks in your browser, on the answers "
                      "files in FOLDER (default: output/). With --team, a session on the local network: team members "
                      "join from their phones."))  # fmt: skip
@click.argument("folder", required=False, type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--port",
    type=click.IntRange(1, 65535),
    default=None,
    help=_("Port to listen on (default 8765, or the next free one)."),
)
@click.option("--no-browser", is_flag=True, help=_("Do not open the browser."))
@click.option(
    "--team", is_flag=True, help=_("Team session: listen on the local network, with a secret link and a QR code.")
)
@click.option("--new-link", is_flag=True, help=_("Team session: make a new secret link (the old one stops working)."))
@click.option(
    "--host", "bind", default=None, help=_("Address to listen on (default 127.0.0.1; with --team every network).")
)
@lang_option
@content_option
def serve(folder, port, no_browser, team, new_link, bind, lang, content_path) -> None:  # noqa: ANN001
    from m2w_tool.content import load_content
    from m2w_tool.web.config import Secrets, ServeConfig

    set_lang(lang)
    folder = folder or Path("output")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise M2WError(
            _("Cannot use the folder %(folder)s: %(reason)s", folder=folder, reason=exc.strerror or exc)
        ) from None
    bind = bind or ("0.0.0.0" if team else "127.0.0.1")
    chosen = _free_port(bind, port or DEFAULT_PORT, 1 if port else PORT_TRIES)
    if chosen is None:
        raise M2WError(_("Port %(port)s is in use; choose another one with --port.", port=port or DEFAULT_PORT))
    config = ServeConfig(
        folder=folder, content=load_content(content_path), secrets=Secrets.load_or_create(folder, renew=new_link),
        lang=lang, team=team, bind=bind, port=chosen, content_path=content_path,
    )  # fmt: skip
    run(config, open_browser=not no_browser)


def run(config, open_browser: bool = False) -> None:  # noqa: ANN001
    """Serve until Ctrl-C (or SIGTERM); the first page is ready well within a second."""
    import threading
    import webbrowser

    import uvicorn

    from m2w_tool.web.app import create_app

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
    _announce(config)
    if open_browser:
        url = config.lead_url if config.team else config.url("/")
        threading.Timer(0.3, lambda: webbrowser.open(url)).start()
    server.run()
