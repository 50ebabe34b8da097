"""Portfolio exports: tidy tables as CSV files and as one XLSX workbook.

Tidy tables, one observation per row, the same in both formats:

- initiatives: one row per initiative: organisation, region, date, content version, respondents,
  change since the previous assessment, overall, module and dimension scores, and its summary
  (in the XLSX the scores are coloured by level, as on the portfolio's heat map);
- statements: one row per initiative and statement (the answer, its percent, note and evidence);
  the statement's text and dimension are in `questions`, one row per question id, so the big
  table stays lean (500 initiatives x 142 statements is 70,000 rows);
- dimensions: one row per initiative and dimension (score, level, importance, target, priority);
- actions: the action plans: the initiative's own actions, then the first recommendation for
  each of its three priorities (from the content, chosen by level), with a due date;
- questions: the key to question ids (module, dimension, statement text, answer scale).

CSV headers are stable snake_case names for scripts; XLSX headers are in the chosen language.
Names go through the portfolio's `Names`, so an anonymised portfolio exports codes, also inside
notes and actions.

Text typed by users never becomes a formula: in CSV a leading = + - @ gets an apostrophe (the
usual spreadsheet-injection guard); in XLSX such cells are stored as plain text.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator
from copy import copy
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from m2w_tool.charts import LEVEL_PALETTE
from m2w_tool.content import Content
from m2w_tool.errors import RenderError
from m2w_tool.i18n import N_, tr
from m2w_tool.identity import GROUP_KEY
from m2w_tool.portfolio import Portfolio
from m2w_tool.safetext import cell as safe_cell
from m2w_tool.safetext import is_formula, printable

PRIORITIES_IN_PLAN = 3
RECOMMENDATIONS_PER_PRIORITY = 1
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Characters XLSX (XML 1.0) cannot hold: a control character pasted into a note would
# break the file.
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")

# The sheet titles of the XLSX workbook, by table.
SHEET_TITLES = {
    "initiatives": N_("Initiatives"),
    "statements": N_("Statements"),
    "dimensions": N_("Dimensions"),
    "actions": N_("Action plans"),
    "questions": N_("Questions"),
}

@dataclass(frozen=True)
class ExportColumn:
    """A column of an exported table: a stable CSV name for scripts, a header people read in XLSX."""

    key: str  # the CSV header: stable snake_case, the same in every language
    title: str  # the XLSX header: a catalogue message, or the text itself when `literal`
    literal: bool = False  # a header from the content (a module title, a dimension id): not translated

    def header(self, lang: str) -> str:
        return self.title if self.literal else tr(lang, self.title)


Columns = tuple[ExportColumn, ...]
C = ExportColumn
STATEMENT_COLUMNS: Columns = (
    C("initiative", N_("Initiative")),
    C("question_id", N_("Question id")),
    C("value", N_("Answer")),
    C("how_well", N_("How well")),
    C("percent", N_("Percent")),
    C("note", N_("Note")),
    C("evidence", N_("Evidence")),
    C("respondents", N_("Respondents")),
    C("spread", N_("Spread")),
    C("disagree", N_("Disagreement")),
)
DIMENSION_COLUMNS: Columns = (
    C("initiative", N_("Initiative")),
    C("dimension_id", N_("Dimension")),
    C("percent", N_("Score (%%)")),
    C("level", N_("Level")),
    C("answered", N_("Answered")),
    C("not_applicable", N_("N/a / don't know")),
    C("importance", N_("Importance (1-5)")),
    C("target", N_("Target")),
    C("target_reached", N_("Target reached")),
    C("priority", N_("Priority (gap x importance)")),
    C("how_well", N_("How well (1-5)")),
)
QUESTION_COLUMNS: Columns = (
    C("question_id", N_("Question id")),
    C("module", N_("Module")),
    C("dimension_id", N_("Dimension id")),
    C("dimension", N_("Dimension")),
    C("statement", N_("Statement or criterion")),
    C("scale", N_("Scale")),
)
ACTION_COLUMNS: Columns = (
    C("initiative", N_("Initiative")),
    C("organisation", N_("Organisation")),
    C("dimension_id", N_("Dimension id")),
    C("dimension", N_("Dimension")),
    C("source", N_("Source")),
    C("what", N_("What")),
    C("who", N_("Who")),
    C("when", N_("When")),
)
INITIATIVE_COLUMNS: Columns = (
    C("initiative", N_("Initiative")),
    C("organisation", N_("Organisation")),
    C("region", N_("Region")),
    C("date", N_("Date")),
    C("content_version", N_("Content version")),
    C("respondents", N_("Respondents")),
    C("change", N_("Change since previous (pts)")),
    C("overall", N_("Overall (%%)")),
)


@dataclass(frozen=True)
class Table:
    key: str  # file stem and sheet message key
    columns: Columns
    rows: list[tuple]


def _num(value: float | None, digits: int = 1) -> int | float | None:
    """Rounded; a whole number stays whole (5, not 5.0)."""
    if value is None:
        return None
    value = round(value, digits)
    return int(value) if value == int(value) else value


def _text(value: str) -> str | None:
    """Empty text as an empty cell (None), so spreadsheets and the XLSX writer skip it."""
    return value if value else None


def initiative_columns(portfolio: Portfolio) -> Columns:
    """One row per initiative: who, when, the scores (overall, modules, every dimension), the summary."""
    modules = tuple(C(m, t, literal=True) for m, t in portfolio.modules)
    dims = tuple(C(c.short_id, c.short_id, literal=True) for c in portfolio.columns)
    return INITIATIVE_COLUMNS + modules + dims + (C("summary", N_("Summary")),)


def initiative_rows(portfolio: Portfolio) -> Iterator[tuple]:
    for row in portfolio.rows:
        yield (
            row.name,
            _text(row.organisation),
            _text(row.region),
            row.date,
            row.content_version,
            len(row.respondents) or None,
            _num(row.change, 0),
            _num(row.overall.percent),
            *(
                _num(row.modules[m].percent) if m in row.modules else None
                for m, _ in portfolio.modules
            ),
            *(_num(c.percent) for c in row.cells),
            row.summary,
        )


def statement_rows(portfolio: Portfolio, content: Content, lang: str) -> Iterator[tuple]:
    """One row per initiative and statement, in portfolio and content order."""
    names = portfolio.names
    for row in portfolio.rows:
        answers = row.answers.answers
        for qid, qs in row.scores.questions.items():
            answer = answers.get(qid)
            if answer is None:
                continue
            group = (
                answer.extra.get(GROUP_KEY)
                if isinstance(answer.extra.get(GROUP_KEY), dict)
                else None
            )
            yield (
                row.name,
                qid,
                answer.value,
                answer.how_well,
                _num(qs.percent),
                _text(names.scrub(answer.note)),
                _text(names.scrub(answer.evidence)),
                group.get("n") if group else None,
                group.get("spread") if group else None,
                (tr(lang, "yes") if group.get("disagree") else tr(lang, "no")) if group else None,
            )


def dimension_rows(portfolio: Portfolio, content: Content, lang: str) -> Iterator[tuple]:
    """One row per initiative and dimension."""
    levels = {lv.id: lv.title(lang) for lv in content.levels}
    for row in portfolio.rows:
        for d in content.dimensions:
            s = row.scores.dimensions[d.id]
            yield (
                row.name,
                d.short_id,
                _num(s.percent),
                levels.get(s.level) if s.level else None,
                s.answered,
                s.na,
                _num(s.importance),
                levels.get(s.target) if s.target else None,
                None
                if s.target_reached is None
                else (tr(lang, "yes") if s.target_reached else tr(lang, "no")),
                _num(s.priority, 0),
                _num(s.how_well, 2),
            )


def question_rows(content: Content, lang: str) -> Iterator[tuple]:
    """The key to the question ids of the statements table."""
    for qid, (d, q) in content.questions.items():
        scale = content.scales[q.scale]
        options = " / ".join(f"{o.value} {o.label(lang)}" for o in scale.options)
        yield (qid, d.module, d.short_id, d.title(lang), q.text(lang), options)


def _due(day: str, months: int) -> str:
    try:
        start = date.fromisoformat(day)
    except ValueError:
        return ""
    return (start + timedelta(days=round(30.44 * months))).isoformat()


def action_rows(portfolio: Portfolio, content: Content, lang: str) -> Iterator[tuple]:
    """Each initiative's own actions, then recommendations for its top priorities."""
    names = portfolio.names
    dims = {d.id: d for d in content.dimensions}
    for row in portfolio.rows:
        for did, dim_answers in row.answers.dimensions.items():
            d = dims.get(did)
            for action in dim_answers.actions:
                yield (
                    row.name,
                    _text(row.organisation),
                    d.short_id if d else did,
                    d.title(lang) if d else did,
                    tr(lang, "own action"),
                    names.scrub(action.what),
                    _text(names.scrub(action.who)),
                    _text(action.when),
                )
        for s in row.scores.priorities(PRIORITIES_IN_PLAN):
            d = dims[s.dimension_id]
            for rec in d.recommendations.for_level(s.level)[:RECOMMENDATIONS_PER_PRIORITY]:
                yield (
                    row.name,
                    _text(row.organisation),
                    d.short_id,
                    d.title(lang),
                    tr(lang, "recommendation"),
                    rec.text(lang),
                    rec.who(lang),
                    _due(row.date, rec.months) or None,
                )


def tables(portfolio: Portfolio, content: Content, lang: str) -> list[Table]:
    return [
        Table("initiatives", initiative_columns(portfolio), list(initiative_rows(portfolio))),
        Table("statements", STATEMENT_COLUMNS, list(statement_rows(portfolio, content, lang))),
        Table("dimensions", DIMENSION_COLUMNS, list(dimension_rows(portfolio, content, lang))),
        Table("actions", ACTION_COLUMNS, list(action_rows(portfolio, content, lang))),
        Table("questions", QUESTION_COLUMNS, list(question_rows(content, lang))),
    ]


# --- CSV -----------------------------------------------------------------------------------------

CSV_KEYS = ("initiatives", "statements", "dimensions", "actions", "questions")


def _csv_cell(value: object) -> object:
    value = safe_cell(value)
    return "" if value is None else value


def csv_names() -> list[str]:
    """The files write_csv makes in its folder."""
    return [f"{key}.csv" for key in CSV_KEYS]


def csv_files(portfolio: Portfolio, content: Content, lang: str) -> dict[str, bytes]:
    """initiatives.csv, statements.csv, dimensions.csv, actions.csv and questions.csv, by name: UTF-8
    with BOM so spreadsheet programs show accents and Arabic names right."""
    files = {}
    for table in tables(portfolio, content, lang):
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow([c.key for c in table.columns])
        writer.writerows([_csv_cell(v) for v in row] for row in table.rows)
        files[f"{table.key}.csv"] = buffer.getvalue().encode("utf-8-sig")
    return files


def write_csv(portfolio: Portfolio, content: Content, folder: Path, lang: str) -> list[Path]:
    """The tables as CSV files in `folder` (see csv_files); return their paths."""
    from m2w_tool.atomic import write_atomic

    folder = Path(folder)
    files = csv_files(portfolio, content, lang)
    written = []
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for name, data in files.items():
            path = folder / name
            write_atomic(path, data)
            written.append(path)
    except OSError as exc:
        raise RenderError(
            tr(lang, "Cannot write %(path)s: %(reason)s", path=exc.filename or folder, reason=exc.strerror or exc)
        ) from exc
    return written


# --- XLSX ----------------------------------------------------------------------------------------


def _column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index)


def _xlsx_value(ws, value: object) -> object:
    """A cell value for the write-only sheet: numbers as numbers, all else as text (never a formula)."""
    from openpyxl.cell import WriteOnlyCell

    if value is None or (isinstance(value, int | float) and not isinstance(value, bool)):
        return safe_cell(value)  # a number (an infinite one becomes text)
    text = _ILLEGAL_XML.sub("", printable(str(value)))
    if not is_formula(text):
        return text
    quoted = WriteOnlyCell(ws, value=text)
    quoted.data_type = "s"  # text, never a formula
    quoted.quotePrefix = True  # and Excel keeps it text when someone edits the cell
    return quoted


def _header(ws, title: str, font):
    """A bold column title (module titles come from the content, which may be anyone's)."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import Cell

    value = _xlsx_value(ws, title)
    header = value if isinstance(value, Cell) else WriteOnlyCell(ws, value=value)
    header.font = font
    return header


def _xlsx_rows(ws, rows: Iterable[tuple]) -> None:
    """Append rows fast: plain values, except text that Excel would take for a formula."""
    for row in rows:
        ws.append([_xlsx_value(ws, v) for v in row])


def _sheet(
    wb, title: str, columns: Columns, rows: list[tuple], lang: str, widths: dict[int, float]
) -> None:
    from openpyxl.styles import Font

    ws = wb.create_sheet(title)
    ws.freeze_panes = "A2"
    for index, width in widths.items():
        ws.column_dimensions[_column_letter(index)].width = width
    ws.auto_filter.ref = f"A1:{_column_letter(len(columns))}{len(rows) + 1}"
    bold = Font(bold=True)
    ws.append([_header(ws, c.header(lang), bold) for c in columns])
    _xlsx_rows(ws, rows)


def _initiatives_sheet(wb, portfolio: Portfolio, table: Table, lang: str) -> None:
    """The initiatives with every score coloured by level, as on the portfolio page's heat map."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill

    ws = wb.create_sheet(tr(lang, "Initiatives"))
    ws.freeze_panes = "B2"
    for letter, width in (("A", 32), ("B", 28), ("C", 16), ("D", 11), (_column_letter(len(table.columns)), 90)):
        ws.column_dimensions[letter].width = width
    ws.auto_filter.ref = f"A1:{_column_letter(len(table.columns))}{len(table.rows) + 1}"
    bold = Font(bold=True)
    ws.append([_header(ws, c.header(lang), bold) for c in table.columns])
    # One styled cell per level; every score cell copies its style record, which is much cheaper
    # than setting fill, font and alignment on thousands of cells one by one.
    styles = {}
    for level, colours in LEVEL_PALETTE.items():  # the portfolio's palette, "none" for no score
        proto = WriteOnlyCell(ws)
        proto.fill = PatternFill("solid", fgColor="FF" + colours.background[1:].upper())
        proto.font = Font(color="FF" + colours.text[1:].upper())
        proto.alignment = Alignment(horizontal="center")
        styles[level] = proto._style
    first_score = 7  # overall, then the modules, then the dimensions
    for row, values in zip(portfolio.rows, table.rows, strict=True):
        scores = [row.overall, *(row.modules.get(m) for m, _ in portfolio.modules), *row.cells]
        out: list = [_xlsx_value(ws, v) for v in values[:first_score]]
        for cell_data, value in zip(scores, values[first_score:-1], strict=True):
            score = WriteOnlyCell(ws, value=safe_cell(value))
            score._style = copy(styles[(cell_data.level if cell_data else None) or "none"])
            out.append(score)
        out.append(_xlsx_value(ws, values[-1]))
        ws.append(out)


def xlsx_bytes(portfolio: Portfolio, content: Content, lang: str) -> bytes:
    """One workbook: overview, statements, dimensions, action plans (openpyxl write-only mode,
    so memory stays flat however many initiatives there are)."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    widths = {
        "statements": {1: 30, 6: 40, 7: 30},
        "questions": {4: 36, 5: 80, 6: 40},
        "dimensions": {1: 30, 4: 16, 9: 16},
        "actions": {1: 30, 2: 28, 4: 32, 6: 60, 7: 24},
    }
    for table in tables(portfolio, content, lang):
        if table.key == "initiatives":
            _initiatives_sheet(wb, portfolio, table, lang)
        else:
            _sheet(wb, tr(lang, SHEET_TITLES[table.key]), table.columns, table.rows, lang, widths[table.key])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def write_xlsx(portfolio: Portfolio, content: Content, path: Path, lang: str) -> Path:
    """The workbook of xlsx_bytes, written to `path`."""
    from m2w_tool.atomic import write_atomic

    data = xlsx_bytes(portfolio, content, lang)
    try:
        write_atomic(Path(path), data)
    except OSError as exc:
        raise RenderError(
            tr(lang, "Cannot write %(path)s: %(reason)s", path=exc.filename or path, reason=exc.strerror or exc)
        ) from exc
    return Path(path)
