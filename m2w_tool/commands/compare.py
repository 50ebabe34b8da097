"""`m2w compare`: a portfolio of many initiatives, with exports (m2w_tool.api does the work)."""

from __future__ import annotations

from pathlib import Path

import click

from m2w_tool.commands.common import (
    Bar,
    content_option,
    echo_failures,
    echo_paths,
    force_option,
    jobs_option,
    lang_option,
    metavar,
    templates_option,
)
from m2w_tool.i18n import N_, _


@click.command(
    help=N_(
        "Compare many initiatives in one portfolio (for funders and networks): a heat map of the dimensions, "
        "the distribution per dimension, the weak spots they share and one line per initiative; with exports "
        "to XLSX and CSV. Give answers files or folders."
    )
)
@click.argument("sources", nargs=-1, required=True, metavar=metavar("sources"), type=click.Path(path_type=Path))
@click.option("-o", "--output", "outputs", multiple=True, type=click.Path(dir_okay=False, path_type=Path),
              help=N_("Portfolio file: .html or .pdf (may be given twice; default "
                      "output/portfolio.html)."))  # fmt: skip
@click.option(
    "--xlsx", type=click.Path(dir_okay=False, path_type=Path), help=N_("Also an Excel workbook with the tables.")
)
@click.option(
    "--csv",
    "csv_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help=N_("Also the tables as CSV files in this folder."),
)
@click.option("--anonymise", "--anonymize", "anonymise", is_flag=True,
              help=N_("Replace names of initiatives, organisations and respondents by codes, "
                      "in every output."))  # fmt: skip
@click.option("--no-cache", "no_cache", is_flag=True,
              help=N_("Read and score every file again, without the cache of files read before "
                      "(nor updating it)."))  # fmt: skip
@jobs_option
@force_option
@lang_option
@templates_option
@content_option
def compare(sources, outputs, xlsx, csv_dir, anonymise, no_cache, jobs, force, lang, templates, content) -> None:
    from m2w_tool import api

    made = api.make_portfolio(sources, content=content, lang=lang, outputs=outputs, xlsx=xlsx, csv_dir=csv_dir,
                              anonymise=anonymise, jobs=jobs, progress=Bar(_("Reading files")), templates=templates,
                              force=force, cache=not no_cache)  # fmt: skip
    echo_paths(_("Written:"), made.paths)
    if made.skipped:
        echo_paths(_("Skipped, not answers files (.yaml):"), made.skipped)
    echo_failures(made.failures)
