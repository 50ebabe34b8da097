"""The portfolio's XLSX workbook: a "How to read" sheet, then the tables of m2w_tool.export.

Written with m2w_tool.xlsx, row by row: the initiatives with every score coloured by level (the
portfolio's palette), the big tables as plain rows; a table longer than a sheet holds continues
on the next one ("Statements (2)").
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from itertools import chain, islice

from m2w_tool.charts import LEVEL_PALETTE
from m2w_tool.content import Content
from m2w_tool.format import percent
from m2w_tool.i18n import N_, tr
from m2w_tool.portfolio import Portfolio
from m2w_tool.xlsx import MAX_ROWS, Fill, Workbook

HEADER_HEIGHT = 62  # points: room for a dimension's code and name, wrapped


def workbook_bytes(portfolio: Portfolio, content: Content, lang: str, tables: Sequence, titles: Mapping[str, str],
                   first_score: int) -> bytes:  # fmt: skip
    """The workbook's bytes; `tables` are export.tables(), in order, `titles` the sheets' (export.SHEET_TITLES),
    `first_score` the column of the first score in the initiatives' table (export.FIRST_SCORE)."""
    fills = {key: Fill(c.background, c.text) for key, c in LEVEL_PALETTE.items()}
    book = Workbook(fills, title=portfolio.title, created=portfolio.today)
    _how_to_read(book, portfolio, content, lang, titles)
    for table in tables:
        title = tr(lang, titles[table.key])
        if table.key == "initiatives":
            _initiatives(book, portfolio, table, title, lang, first_score)
        else:
            _plain(book, title, table.columns, table.rows, lang)
    return book.finish()


def _header(sheet, columns, lang: str, height: float | None = None) -> None:  # noqa: ANN001
    sheet.row([c.header(lang) for c in columns], "header", height=height)


def _plain(book: Workbook, title: str, columns, rows: Iterator[tuple], lang: str) -> None:  # noqa: ANN001
    """A table as plain rows, on as many sheets as it needs."""
    widths = [c.width for c in columns]
    part = 1
    while True:
        name = title if part == 1 else f"{title} ({part})"
        with book.sheet(name, widths) as sheet:
            _header(sheet, columns, lang)
            sheet.plain_rows(islice(rows, MAX_ROWS - 1))
            full = sheet.rows == MAX_ROWS
        following = next(rows, None) if full else None
        if following is None:
            return
        rows, part = chain([following], rows), part + 1


def _initiatives(book: Workbook, portfolio: Portfolio, table, title: str, lang: str, first_score: int) -> None:  # noqa: ANN001
    """The initiatives with every score coloured by level, as on the portfolio page's heat map."""
    with book.sheet(title, [c.width for c in table.columns], freeze=(1, 1)) as sheet:
        _header(sheet, table.columns, lang, HEADER_HEIGHT)
        for row, values in zip(portfolio.rows, table.rows, strict=True):
            scores = [row.overall, *(row.modules.get(m) for m, _ in portfolio.modules), *row.cells]
            styles = [None] * first_score + [(c.level if c else None) or "none" for c in scores] + [None]
            sheet.row(values, styles)


def _how_to_read(book: Workbook, portfolio: Portfolio, content: Content, lang: str, titles: Mapping[str, str]) -> None:
    """What the workbook holds, how the scores work, the levels' colours and every dimension's code."""
    with book.sheet(tr(lang, "How to read"), [30, 100, 22], freeze=(0, 0), autofilter=False) as sheet:
        sheet.row([portfolio.title], "title")
        sheet.row([portfolio.subtitle])
        if portfolio.anonymised:
            sheet.row(
                [tr(lang, "Anonymised: initiatives, organisations and respondents have a code instead of a name.")]
            )
        sheet.row([])
        note = tr(
            lang, "Scores are percents from 0 to 100; dates are real dates; text is always text, never a formula."
        )
        sheet.row(
            [tr(lang, "How to read this"), portfolio.method], ["bold", "wrap"], height=_wrapped_height(portfolio.method)
        )
        sheet.row([None, note], [None, "wrap"])
        sheet.row([])
        sheet.row([tr(lang, "Sheet"), tr(lang, "What it holds")], "bold")
        for key, text in SHEET_TEXTS.items():
            sheet.row([tr(lang, titles[key]), tr(lang, text)], [None, "wrap"])
        _levels(sheet, content, lang)
        sheet.row([])
        sheet.row([tr(lang, "Code"), tr(lang, "Dimension"), tr(lang, "Module")], "bold")
        modules = {m.id: m.title(lang) for m in content.modules}
        for d in content.dimensions:
            sheet.row([d.short_id, d.title(lang), modules.get(d.module, d.module)])


def _wrapped_height(text: str, chars_per_line: int = 95, line_points: float = 15.0) -> float:
    """Row height for `text` wrapped in the 100-wide second column (spreadsheets do not grow rows
    of text that is set there by a program)."""
    return line_points * (len(text) // chars_per_line + 1) + 4


def _levels(sheet, content: Content, lang: str) -> None:  # noqa: ANN001
    sheet.row([])
    sheet.row([tr(lang, "Level"), tr(lang, "Score")], "bold")
    bounds = [lv.min for lv in content.levels] + [101]
    for lv, high in zip(content.levels, bounds[1:], strict=False):
        span = f"{percent(lv.min, lang)} – {percent(high - 1, lang)}"
        sheet.row([lv.title(lang), span], [None, lv.id if lv.id in LEVEL_PALETTE else None])
    sheet.row([tr(lang, "not enough answers"), "–"], [None, "none"])


SHEET_TEXTS = {
    "triage": N_("The initiatives that need support first, the most urgent first, each with its reasons in words."),
    "initiatives": N_(
        "One row per initiative: its latest assessment, the change since the one before, and every score (%%), "
        "coloured by level."
    ),
    "statements": N_(
        "Every answer: one row per initiative and statement. The Questions sheet gives each statement's text."
    ),
    "dimensions": N_("One row per initiative and dimension: score, level, importance, target and priority."),
    "actions": N_(
        "Each initiative's own actions, then a recommendation for each of its three priorities, with a due date."
    ),
    "questions": N_("The key to the question ids: module, dimension, statement and answer scale."),
}
