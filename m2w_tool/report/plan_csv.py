"""The action plan as a CSV file, to edit further in a spreadsheet."""

from __future__ import annotations

import csv
import io

from m2w_tool.i18n import tr
from m2w_tool.report.model import Report
from m2w_tool.safetext import cell


def action_plan_csv(report: Report) -> str:
    """The action plan as CSV text for a spreadsheet, by date, with each action's status.

    Dutch uses `;` between fields (what Excel expects with Belgian and Dutch settings), English `,`.
    A byte-order mark makes Excel read the accents and non-Latin names correctly.
    """
    lang = report.lang
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";" if report.lang == "nl" else ",", lineterminator="\r\n")
    writer.writerow(
        [
            tr(lang, "Source"),
            tr(lang, "Dimension"),
            tr(lang, "What"),
            tr(lang, "Who"),
            tr(lang, "By when"),
            tr(lang, "By when (date)"),
            tr(lang, "Status"),
        ]
    )
    for a in report.action_plan:
        # Typed text becomes text in the spreadsheet: never a formula (=HYPERLINK...), never a control character.
        writer.writerow(
            [cell(v) for v in (a.source_label, a.dimension_title, a.what, a.who, a.when, a.due, a.status_label)]
        )
    return "\ufeff" + buffer.getvalue()
