"""Portfolio exports: tidy tables as CSV files and as one XLSX workbook.

Tidy tables, one observation per row, the same in both formats:

- initiatives: one row per initiative: organisation, region, date, content version, respondents,
  change since the previous assessment, overall, module and dimension scores, and its summary
  (in the XLSX the scores are coloured by level, as on the portfolio's heat map, and each
  dimension's column is headed by its code and name);
- triage: the initiatives that need support first, with their reasons in words;
- statements: one row per initiative and statement (the answer, its percent, note and evidence);
  the statement's text and dimension are in `questions`, one row per question id, so the big
  table stays lean (10,000 initiatives x 142 statements is 1.4 million rows: in the XLSX they
  continue on a second sheet past Excel's 1,048,576 rows);
- dimensions: one row per initiative and dimension (score, level, importance, target, priority);
- actions: the action plans: the initiative's own actions, then the first recommendation for
  each of its three priorities (from the content, chosen by level), with a due date;
- questions: the key to question ids (module, dimension, statement text, answer scale).

The XLSX opens with a "How to read" sheet: what each sheet holds, the levels and their colours,
and every dimension's code and name. Dates are real dates there (ISO text in CSV).

CSV headers are stable snake_case names for scripts; XLSX headers are in the chosen language.
Names go through the portfolio's `Names`, so an anonymised portfolio exports codes, also inside
notes and actions.

Every cell is text unless m2w computed or checked the number (scores, counts, answers on a
scale): text never becomes a formula. In CSV such text gets an apostrophe in front (safetext.cell);
in XLSX it is stored as text with Excel's quote prefix, so it still reads exactly as typed. Text
loses control characters in both.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from m2w_tool.answers_model import DONT_KNOW, NA
from m2w_tool.content import Content
from m2w_tool.errors import RenderError, cannot_write
from m2w_tool.i18n import N_, tr
from m2w_tool.portfolio import Portfolio
from m2w_tool.safetext import cell as safe_cell

PRIORITIES_IN_PLAN = 3
RECOMMENDATIONS_PER_PRIORITY = 1

# The sheet titles of the XLSX workbook, by table.
SHEET_TITLES = {
    "initiatives": N_("Initiatives"),
    "triage": N_("Needs support first"),
    "statements": N_("Statements"),
    "dimensions": N_("Dimensions"),
    "actions": N_("Action plans"),
    "questions": N_("Questions"),
}
TABLE_KEYS = ("triage", "initiatives", "statements", "dimensions", "actions", "questions")


@dataclass(frozen=True)
class ExportColumn:
    """A column of an exported table: a stable CSV name for scripts, a header people read in XLSX."""

    key: str  # the CSV header: stable snake_case, the same in every language
    title: str  # the XLSX header: a catalogue message, or the text itself when `literal`
    literal: bool = False  # a header from the content (a module title, a dimension id): not translated
    width: float = 0  # the XLSX column width (0: the spreadsheet's default)

    def header(self, lang: str) -> str:
        return self.title if self.literal else tr(lang, self.title)


Columns = tuple[ExportColumn, ...]
C = ExportColumn
STATEMENT_COLUMNS: Columns = (
    C("initiative", N_("Initiative"), width=30),
    C("question_id", N_("Question id")),
    C("value", N_("Answer")),
    C("how_well", N_("How well")),
    C("percent", N_("Percent")),
    C("note", N_("Note"), width=40),
    C("evidence", N_("Evidence"), width=30),
    C("respondents", N_("Respondents")),
    C("spread", N_("Spread")),
    C("disagree", N_("Disagreement")),
)
DIMENSION_COLUMNS: Columns = (
    C("initiative", N_("Initiative"), width=30),
    C("dimension_id", N_("Dimension")),
    C("dimension", N_("Dimension name"), width=36),
    C("percent", N_("Score (%%)")),
    C("level", N_("Level"), width=16),
    C("answered", N_("Answered")),
    C("not_applicable", N_("Not applicable")),
    C("dont_know", N_("Don't know")),
    C("importance", N_("Importance (1-5)")),
    C("target", N_("Target"), width=16),
    C("target_reached", N_("Target reached")),
    C("priority", N_("Priority (gap x importance)")),
    C("how_well", N_("How well (1-5)")),
)
QUESTION_COLUMNS: Columns = (
    C("question_id", N_("Question id")),
    C("module", N_("Module")),
    C("dimension_id", N_("Dimension id")),
    C("dimension", N_("Dimension"), width=36),
    C("statement", N_("Statement or criterion"), width=80),
    C("scale", N_("Scale"), width=40),
)
ACTION_COLUMNS: Columns = (
    C("initiative", N_("Initiative"), width=30),
    C("organisation", N_("Organisation"), width=28),
    C("dimension_id", N_("Dimension id")),
    C("dimension", N_("Dimension"), width=32),
    C("source", N_("Source")),
    C("what", N_("What"), width=60),
    C("who", N_("Who"), width=24),
    C("when", N_("When"), width=12),
)
INITIATIVE_COLUMNS: Columns = (
    C("initiative", N_("Initiative"), width=32),
    C("organisation", N_("Organisation"), width=28),
    C("region", N_("Region"), width=16),
    C("date", N_("Date"), width=11),
    C("content_version", N_("Content version")),
    C("respondents", N_("Respondents")),
    C("change", N_("Change since previous (pts)")),
    C("previous_date", N_("Previous assessment"), width=11),
    C("overall", N_("Overall (%%)")),
)
TRIAGE_COLUMNS: Columns = (
    C("initiative", N_("Initiative"), width=32),
    C("organisation", N_("Organisation"), width=28),
    C("date", N_("Date"), width=11),
    C("overall", N_("Overall (%%)")),
    C("reasons", N_("Reasons"), width=100),
)
FIRST_SCORE = len(INITIATIVE_COLUMNS) - 1  # the overall score, then the modules, then the dimensions


@dataclass(frozen=True)
class Table:
    key: str  # file stem and sheet message key
    columns: Columns
    rows: Iterator[tuple]  # made as they are written: the big tables are never held whole


def _num(value: float | None, digits: int = 1) -> int | float | None:
    """Rounded; a whole number stays whole (5, not 5.0)."""
    if value is None:
        return None
    value = round(value, digits)
    return int(value) if value == int(value) else value


def _text(value: str) -> str | None:
    """Empty text as an empty cell (None), so spreadsheets and the XLSX writer skip it."""
    return value if value else None


def _day(text: str) -> date | str | None:
    """An ISO day as a date (a real date in XLSX, ISO text in CSV); other text as it is."""
    try:
        return date.fromisoformat(text)
    except (TypeError, ValueError):
        return _text(text)


def initiative_columns(portfolio: Portfolio) -> Columns:
    """One row per initiative: who, when, the scores (overall, modules, every dimension), the summary."""
    modules = tuple(C(m, t, literal=True, width=12) for m, t in portfolio.modules)
    dims = tuple(C(c.short_id, f"{c.short_id} {c.title}", literal=True, width=9) for c in portfolio.columns)
    return INITIATIVE_COLUMNS + modules + dims + (C("summary", N_("Summary"), width=90),)


def initiative_rows(portfolio: Portfolio) -> Iterator[tuple]:
    for row in portfolio.rows:
        yield (
            row.name, _text(row.organisation), _text(row.region), _day(row.date), row.content_version,
            len(row.respondents) or None, _num(row.change, 0), _day(row.previous_date), _num(row.overall.percent),
            *(_num(row.modules[m].percent) if m in row.modules else None for m, _ in portfolio.modules),
            *(_num(c.percent) for c in row.cells),
            row.summary,
        )  # fmt: skip


def triage_rows(portfolio: Portfolio) -> Iterator[tuple]:
    for item in portfolio.triage:
        yield (item.name, _text(item.organisation), _day(item.date), _num(item.overall),
               " ".join(r.text for r in item.reasons))  # fmt: skip


def statement_rows(portfolio: Portfolio, content: Content, lang: str) -> Iterator[tuple]:
    """One row per initiative and statement, in portfolio and content order (the biggest table:
    written lean, a row has no trailing empty cells)."""
    scrub = portfolio.names.scrub
    ids = list(content.questions)
    yes, no = tr(lang, "yes"), tr(lang, "no")
    # The two answers that are no number, in words of the document's language (as levels and yes/no).
    words = {NA: tr(lang, "not applicable"), DONT_KNOW: tr(lang, "don't know")}
    for row in portfolio.rows:
        d = row.digest
        extras = {e.index: e for e in d.extras}
        values, how_well, percents = d.values, d.how_well, d.percents
        for i, here in enumerate(d.present):
            if not here:
                continue
            p = percents[i]
            p = None if p != p else (int(p) if (p := round(p, 1)).is_integer() else p)  # NaN: no percent
            head = (row.name, ids[i], words.get(values[i], values[i]), words.get(how_well[i], how_well[i]), p)
            e = extras.get(i)
            if e is None:
                yield head
                continue
            group = e.disagree is not None
            yield (*head, _text(scrub(e.note)), _text(scrub(e.evidence)), e.respondents if group else None,
                   e.spread if group else None, (yes if e.disagree else no) if group else None)  # fmt: skip


def dimension_rows(portfolio: Portfolio, content: Content, lang: str) -> Iterator[tuple]:
    """One row per initiative and dimension."""
    levels = {lv.id: lv.title(lang) for lv in content.levels}
    titles = [(d.short_id, d.title(lang)) for d in content.dimensions]
    yes, no = tr(lang, "yes"), tr(lang, "no")
    for row in portfolio.rows:
        for (short_id, title), s in zip(titles, row.digest.dimensions, strict=True):
            reached = None if s.target_reached is None else (yes if s.target_reached else no)
            yield (row.name, short_id, title, _num(s.percent), levels.get(s.level) if s.level else None, s.answered,
                   s.na, s.dont_know, _num(s.importance), levels.get(s.target) if s.target else None, reached,
                   _num(s.priority, 0), _num(s.how_well, 2))  # fmt: skip


def question_rows(content: Content, lang: str) -> Iterator[tuple]:
    """The key to the question ids of the statements table."""
    for qid, (d, q) in content.questions.items():
        scale = content.scales[q.scale]
        options = " / ".join(f"{o.value} {o.label(lang)}" for o in scale.options)
        yield (qid, content.module(d.module).title(lang), d.short_id, d.title(lang), q.text(lang), options)


def _due(day: str, months: int) -> date | None:
    try:
        start = date.fromisoformat(day)
    except ValueError:
        return None
    return start + timedelta(days=round(30.44 * months))


def action_rows(portfolio: Portfolio, content: Content, lang: str) -> Iterator[tuple]:
    """Each initiative's own actions, then recommendations for its top priorities."""
    scrub = portfolio.names.scrub
    dims = {d.id: d for d in content.dimensions}
    own, recommendation = tr(lang, "own action"), tr(lang, "recommendation")
    for row in portfolio.rows:
        org = _text(row.organisation)
        for did, what, who, when in row.digest.actions:
            d = dims.get(did)
            yield (row.name, org, d.short_id if d else did, d.title(lang) if d else did, own, scrub(what),
                   _text(scrub(who)), _day(when))  # fmt: skip
        levels = {dim.id: f.level for dim, f in zip(content.dimensions, row.digest.dimensions, strict=True)}
        for did in row.digest.priorities[:PRIORITIES_IN_PLAN]:
            d = dims[did]
            for rec in d.recommendations.for_level(levels[did])[:RECOMMENDATIONS_PER_PRIORITY]:
                yield (row.name, org, d.short_id, d.title(lang), recommendation, rec.text(lang), rec.who(lang),
                       _due(row.date, rec.months))  # fmt: skip


def tables(portfolio: Portfolio, content: Content, lang: str) -> list[Table]:
    """Every table, its rows made while it is written."""
    return [
        Table("triage", TRIAGE_COLUMNS, triage_rows(portfolio)),
        Table("initiatives", initiative_columns(portfolio), initiative_rows(portfolio)),
        Table("statements", STATEMENT_COLUMNS, statement_rows(portfolio, content, lang)),
        Table("dimensions", DIMENSION_COLUMNS, dimension_rows(portfolio, content, lang)),
        Table("actions", ACTION_COLUMNS, action_rows(portfolio, content, lang)),
        Table("questions", QUESTION_COLUMNS, question_rows(content, lang)),
    ]


# --- CSV -----------------------------------------------------------------------------------------


def _csv_cell(value: object) -> object:
    if isinstance(value, date):
        return value.isoformat()
    value = safe_cell(value)
    return "" if value is None else value


def csv_names() -> list[str]:
    """The files write_csv makes in its folder."""
    return [f"{key}.csv" for key in TABLE_KEYS]


def csv_files(portfolio: Portfolio, content: Content, lang: str) -> dict[str, bytes]:
    """initiatives.csv, triage.csv, statements.csv, dimensions.csv, actions.csv and questions.csv, by
    name: UTF-8 with BOM so spreadsheet programs show accents and Arabic names right."""
    files = {}
    for table in tables(portfolio, content, lang):
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow([c.key for c in table.columns])
        width = len(table.columns)  # a statement without a note is a short row: padded here
        writer.writerows([*(_csv_cell(v) for v in row), *([""] * (width - len(row)))] for row in table.rows)
        files[f"{table.key}.csv"] = buffer.getvalue().encode("utf-8-sig")
    return files


def write_csv(portfolio: Portfolio, content: Content, folder: Path, lang: str) -> list[Path]:
    """The tables as CSV files in `folder` (see csv_files); return their paths."""
    from m2w_tool.atomic import write_atomic

    folder = Path(folder)
    written = []
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for name, data in csv_files(portfolio, content, lang).items():
            path = folder / name
            write_atomic(path, data)
            written.append(path)
    except OSError as exc:
        raise RenderError(cannot_write(exc.filename or folder, exc)) from exc
    return written


# --- XLSX ----------------------------------------------------------------------------------------


def xlsx_bytes(portfolio: Portfolio, content: Content, lang: str) -> bytes:
    """The workbook: how to read it, then every table (see m2w_tool.export_xlsx)."""
    from m2w_tool.export_xlsx import workbook_bytes

    return workbook_bytes(portfolio, content, lang, tables(portfolio, content, lang), SHEET_TITLES, FIRST_SCORE)


def write_xlsx(portfolio: Portfolio, content: Content, path: Path, lang: str) -> Path:
    """The workbook of xlsx_bytes, written to `path`."""
    from m2w_tool.atomic import write_atomic

    data = xlsx_bytes(portfolio, content, lang)
    try:
        write_atomic(Path(path), data)
    except OSError as exc:
        raise RenderError(cannot_write(exc.filename or path, exc)) from exc
    return Path(path)
