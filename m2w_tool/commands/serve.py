"""`m2w serve`: the questionnaire, reports and workbooks in a browser, on the answers files in FOLDER;
with --team a session on the local network that team members join from their phones."""

from __future__ import annotations

from pathlib import Path

import click

from m2w_tool.commands.common import content_option, lang_option, metavar
from m2w_tool.i18n import N_


@click.command(
    help=N_(
        "Fill in the questionnaire, read reports and get workbooks in your browser, on the answers files in FOLDER "
        "(default: output/). With --team, a session on the local network: team members join from their phones."
    )
)
@click.argument("folder", required=False, metavar=metavar("folder"), type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--port",
    type=click.IntRange(1, 65535),
    default=None,
    help=N_("Port to listen on (default 8765, or the next free one)."),
)
@click.option("--no-browser", is_flag=True, help=N_("Do not open the browser."))
@click.option(
    "--team", is_flag=True, help=N_("Team session: listen on the local network, with a secret link and a QR code.")
)
@click.option("--new-link", is_flag=True, help=N_("Team session: make a new secret link (the old one stops working)."))
@click.option(
    "--host", "bind", default=None, help=N_("Address to listen on (default 127.0.0.1; with --team every network).")
)
@lang_option
@content_option
def serve(folder, port, no_browser, team, new_link, bind, lang, content) -> None:  # noqa: ANN001
    from m2w_tool.web.server import configure, run

    config = configure(folder or Path("output"), content, lang=lang, team=team, port=port, bind=bind, new_link=new_link)
    run(config, open_browser=not no_browser, say=click.echo)
