"""The answer sheet: a spreadsheet (.xlsx) to fill in, and reading a filled one back.

`m2w template --xlsx FILE` writes one sheet with every statement of the chosen part: its text, a
drop-down list of the scale's answers (with "not applicable" where the statement allows it, and
"don't know"), room for a note and evidence, and per dimension its importance, target, reflection
questions and actions (a quick scan: its statements only, as its workbook). The first column holds
the ids (`d03-q1`, `d03.importance`): locked, so nobody types one. Only the cells to fill in are
unlocked (the protection has no password: it guards against slips, not people). A hidden sheet `m2w`
holds the lists and a marker saying which content and part the sheet was made for.

Several people: each fills in a copy of the sheet (one tab per person, their name in the
`respondent.name` row), or a table has a `respondent` column. `read_sheet` turns every answers
table of a workbook into rows (m2w_tool.answer_rows), which `m2w assess --from` checks like CSV rows.
"""

from __future__ import annotations

import gc
import io
import math
import re
import sys
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from m2w_tool.answer_rows import COLUMNS as ROW_COLUMNS
from m2w_tool.answer_rows import Row, blank, column_name, make_row
from m2w_tool.content import Content, Dimension, Question
from m2w_tool.errors import Problem
from m2w_tool.i18n import N_, _, tr
from m2w_tool.labels import importance_options, target_options
from m2w_tool.safetext import cell as safe_cell

MARKER_PREFIX = "m2w-sheet/1"
HIDDEN = "m2w"  # the hidden sheet: marker in A1, the drop-down lists from column B
HEADER_ROW = 7
MAX_UNPACKED = 200_000_000  # bytes a workbook may unpack to (an answer sheet is well under 1 MB)
MAX_ROWS = 20_000  # rows read per sheet
COLUMNS = ("id", "text", "value", "how_well", "note", "evidence", "who", "when")
HEADERS = {
    "id": N_("Code"), "text": N_("Statement"), "value": N_("Answer"), "how_well": N_("How well?"),
    "note": N_("Note"), "evidence": N_("Evidence"), "who": N_("Who"), "when": N_("By when"),
}  # fmt: skip
WIDTHS = {"id": 15, "text": 62, "value": 26, "how_well": 16, "note": 40, "evidence": 30, "who": 18, "when": 14}
META_ROWS = (
    ("initiative.name", N_("Name of the initiative")),
    ("initiative.organisation", N_("Organisation")),
    ("initiative.region", N_("Region")),
    ("respondent.name", N_("Filled in by (your name)")),
    ("respondent.role", N_("Your role, e.g. coordinator")),
)
LETTER = {name: chr(ord("A") + i) for i, name in enumerate(COLUMNS)}
TEXT_CHARS = 68  # characters on one line of the statement column, about


@dataclass(frozen=True)
class SheetScope:
    """Which part of the content a sheet asks about; written in its marker."""

    version: str
    sha256: str
    lang: str
    module: str = "all"
    only: tuple[str, ...] = ()
    quick: bool = False

    def __str__(self) -> str:
        return (f"{MARKER_PREFIX} version={self.version} sha256={self.sha256} lang={self.lang} "
                f"module={self.module} only={','.join(self.only) or '-'} quick={int(self.quick)}")  # fmt: skip

    def answers_scope(self) -> dict[str, Any]:
        scope: dict[str, Any] = {"module": self.module, "only": list(self.only)}
        if self.quick:
            scope["quick"] = True
        return scope


_MARKER = re.compile(re.escape(MARKER_PREFIX) + r" version=(\S+) sha256=([0-9a-f]{64}) lang=(\w+) "
                     r"module=(sustainability|quality|all) only=(\S+) quick=([01])")  # fmt: skip


def parse_scope(text: Any) -> SheetScope | None:
    found = _MARKER.search(str(text or ""))
    if found is None:
        return None
    only = () if found[5] == "-" else tuple(found[5].split(","))
    return SheetScope(found[1], found[2], found[3], found[4], only, found[6] == "1")


# --- writing --------------------------------------------------------------------------------------


class _Lists:
    """The drop-down lists, one column each on the hidden sheet, shared by the rows that use them."""

    def __init__(self, hidden) -> None:  # noqa: ANN001 - an openpyxl worksheet
        self.hidden, self.ranges, self.validations = hidden, {}, {}

    def range_for(self, key: str, labels: list[str]) -> str:
        if key not in self.ranges:
            column = chr(ord("B") + len(self.ranges))
            for n, label in enumerate(labels, 1):
                self.hidden[f"{column}{n}"] = safe_cell(label)
            self.ranges[key] = f"'{HIDDEN}'!${column}$1:${column}${len(labels)}"
        return self.ranges[key]

    def add(self, sheet, key: str, labels: list[str], cell: str, lang: str) -> None:  # noqa: ANN001
        from openpyxl.worksheet.datavalidation import DataValidation

        if key not in self.validations:
            dv = DataValidation(type="list", formula1=self.range_for(key, labels), allow_blank=True)
            dv.error = tr(lang, "Choose one of the answers in the list.")
            dv.errorTitle, dv.showErrorMessage = "m2w", True
            sheet.add_data_validation(dv)
            self.validations[key] = dv
        self.validations[key].add(cell)


def scale_choices(content: Content, question: Question, lang: str) -> list[str]:
    """What the answer list of `question` offers: its options (`4 · Grotendeels`, or words for a short
    unnumbered scale), not applicable where the question allows it, and don't know."""
    scale = content.scales[question.scale]
    labels = [f"{o.value} · {o.label(lang)}" if scale.numbered else o.label(lang) for o in scale.options]
    if question.na_allowed:
        labels.append(scale.na(lang))
    return labels + [scale.dont_know_text(lang)]


def how_well_choices(content: Content, question: Question, lang: str) -> list[str]:
    """The "how well" list: its options and don't know (as in the browser and `m2w assess`)."""
    scale = content.scales[question.how_well]
    return [f"{o.value} · {o.label(lang)}" for o in scale.options] + [scale.dont_know_text(lang)]


def importance_choices(content: Content, lang: str) -> list[str]:
    """The importance list: `4 · Heel belangrijk`, the content's words (m2w_tool.labels, as everywhere)."""
    return [f"{value} · {label}" for value, label in importance_options(content, lang)]


def target_choices(content: Content, lang: str) -> list[str]:
    """The target list: the content's words for each level to aim for."""
    return [label for _level, label in target_options(content, lang)]


class _Writer:
    """Fills the answer sheet row by row."""

    def __init__(self, content: Content, lang: str) -> None:
        from openpyxl import Workbook

        self.content, self.lang = content, lang
        self.book = Workbook()
        self.sheet = self.book.active
        self.sheet.title = tr(lang, "Answers")
        hidden = self.book.create_sheet(HIDDEN)
        hidden.sheet_state = "hidden"
        self.lists, self.row = _Lists(hidden), HEADER_ROW

    def put(self, column: str, value: Any, *, open_: bool = False, style: str = "") -> str:
        from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side

        ref = f"{LETTER[column]}{self.row}"
        target = self.sheet[ref]
        target.value = safe_cell(value) if value not in (None, "") else None
        target.alignment = Alignment(wrap_text=True, vertical="top")
        if open_:
            target.protection = Protection(locked=False)
            target.fill = PatternFill("solid", fgColor="FFF8E1")
            edge = Side(style="thin", color="E0C97F")
            target.border = Border(left=edge, right=edge, top=edge, bottom=edge)
        if style == "id":
            target.font = Font(color="808080", size=9)
        elif style == "bold":
            target.font = Font(bold=True)
        return ref

    def line(self, rid: str, text: str, *, open_cells: tuple[str, ...] = ("value",), style: str = "") -> None:
        self.row += 1
        self.put("id", rid, style="id")
        self.put("text", text, style=style)
        for column in open_cells:
            self.put(column, None, open_=True)
        # Spreadsheet programs do not measure wrapped text when they open a file: the height is set here.
        lines = sum(math.ceil(max(len(part), 1) / TEXT_CHARS) for part in text.split("\n"))
        if lines > 1:
            self.sheet.row_dimensions[self.row].height = 15 * lines

    def choice(self, key: str, labels: list[str], column: str = "value") -> None:
        self.lists.add(self.sheet, key, labels, f"{LETTER[column]}{self.row}", self.lang)


def _statement(w: _Writer, q: Question, quality: bool) -> None:
    content, lang = w.content, w.lang
    text = q.text(lang) + (" " + tr(lang, "(minimum criterion)") if q.minimum else "")
    open_cells = ("value", "how_well", "note", "evidence") if q.how_well else ("value", "note", "evidence")
    w.line(q.id, text, open_cells=open_cells)
    w.choice(f"{q.scale}:{int(q.na_allowed)}", scale_choices(content, q, lang))
    if q.how_well:
        w.choice(f"{q.how_well}:how_well", how_well_choices(content, q, lang), "how_well")


def _dimension(w: _Writer, dim: Dimension, questions: list[Question], quick: bool) -> None:
    lang, short = w.lang, dim.short_id
    w.row += 1
    w.put("text", f"{short} · {dim.title(lang)}", style="bold")
    for q in questions:
        _statement(w, q, dim.module == "quality")
    if quick:
        return  # the quick scan asks the statements only, as its workbook does
    w.line(f"{short}.importance", tr(lang, "How important is this for your initiative now?"))
    w.choice("importance", importance_choices(w.content, lang))
    w.line(f"{short}.target", tr(lang, "Where do you want to be within a year?"))
    w.choice("target", target_choices(w.content, lang))
    for n, question in enumerate(dim.reflection, 1):
        w.line(f"{short}.reflection{n}", question(lang))
    for n in range(1, 4):
        w.line(f"{short}.action{n}", tr(lang, "Action %(n)s: what will you do?", n=n),
               open_cells=("value", "who", "when"))  # fmt: skip


def _head(w: _Writer, title: str) -> None:
    from openpyxl.styles import Alignment, Font

    lang, sheet = w.lang, w.sheet
    sheet["A1"] = safe_cell(title)
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A2"] = tr(lang, "How to fill in")
    sheet["A2"].font = Font(bold=True)
    sheet["A3"] = safe_cell(how_to(lang))
    sheet.merge_cells(f"A3:{LETTER['when']}5")
    sheet["A3"].alignment = Alignment(wrap_text=True, vertical="top")
    for name in COLUMNS:
        cell = sheet[f"{LETTER[name]}{HEADER_ROW}"]
        cell.value, cell.font = tr(lang, HEADERS[name]), Font(bold=True)
        sheet.column_dimensions[LETTER[name]].width = WIDTHS[name]
    sheet.row_dimensions[3].height = 90
    sheet.freeze_panes = f"C{HEADER_ROW + 1}"


def _print_setup(sheet) -> None:  # noqa: ANN001 - an openpyxl worksheet
    """Printed landscape, every column on the page's width, the header row on every page."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"


def how_to(lang: str) -> str:
    """The note at the top of the sheet."""
    return tr(lang, "Fill in only the coloured cells. Choose each answer from the list in the Answer column; "
                    "leave a statement empty when you want to answer it later. Note and evidence are optional. "
                    "Several people: each fills in a copy of this sheet (right-click the tab, Move or Copy, "
                    "Create a copy) with their own name. Read it in with: m2w assess answers.yaml --from FILE "
                    "(or --split FOLDER for one answers file per person).")  # fmt: skip


def write_sheet(content: Content, dimensions: list[Dimension], lang: str, scope: SheetScope, title: str) -> bytes:
    """The answer sheet for `dimensions` (the quick-scan statements only when `scope.quick`), as xlsx bytes."""
    w = _Writer(content, lang)
    _head(w, title)
    for rid, label in META_ROWS:
        w.line(rid, tr(lang, label))
    for dim in dimensions:
        questions = [q for q in dim.questions if q.quick or not scope.quick]
        if questions:
            _dimension(w, dim, questions, scope.quick)
    w.lists.hidden["A1"] = str(scope)
    protection = w.sheet.protection
    protection.sheet, protection.formatColumns, protection.formatRows = True, False, False
    _print_setup(w.sheet)
    w.book.properties.title, w.book.properties.creator = title, "m2w"
    return _book_bytes(w.book)


def _book_bytes(book) -> bytes:  # noqa: ANN001 - an openpyxl workbook
    """The workbook as xlsx bytes. openpyxl writes each sheet through a temporary file: when that fails
    (a full disk, a file-size limit) the OSError goes up without a file name (the caller names the
    target), and the half-closed writer of that sheet is let go without printing a traceback of its own."""
    buffer, failure = io.BytesIO(), None
    saved_hook, sys.unraisablehook = sys.unraisablehook, lambda _unraisable: None
    try:
        try:
            book.save(buffer)
        except OSError as exc:
            failure = OSError(exc.errno, exc.strerror or str(exc))
        if failure is not None:
            gc.collect()  # the writer sits in a reference cycle of the failed save's frames
    finally:
        sys.unraisablehook = saved_hook
    if failure is not None:
        raise failure
    return buffer.getvalue()


# --- reading -----------------------------------------------------------------------------------------


@dataclass
class Sheet:
    """What a filled-in workbook holds: its rows, problems, notices, and the scope of its marker."""

    rows: list[Row] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    scope: dict[str, Any] | None = None


def _unpacked_size(data: bytes) -> int | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError):
        return None


def _open_book(data: bytes, label: str):  # noqa: ANN202 - an openpyxl workbook, or a Problem
    size = _unpacked_size(data)
    if size is None:
        return Problem(label, _("the spreadsheet is damaged and cannot be read; save it again as .xlsx"))
    if size > MAX_UNPACKED:
        return Problem(label, _("the spreadsheet unpacks to more than %(n)s MB; is this the right file?",
                                n=MAX_UNPACKED // 1_000_000))  # fmt: skip
    from openpyxl import load_workbook

    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl fails in many ways on a broken file
        return Problem(label, _("the spreadsheet cannot be read (%(reason)s); save it again as .xlsx",
                                reason=type(exc).__name__))  # fmt: skip


def _cell_value(value: Any) -> Any:
    """A cell as the rows take it: a date as 2026-09-01, a whole float as a whole number."""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _table(ws, label: str) -> tuple[int, list[str]] | None:  # noqa: ANN001 - an openpyxl worksheet
    """The header row of an answers table in the first 40 rows, with its column names."""
    for number, cells in enumerate(ws.iter_rows(max_row=40, values_only=True), 1):
        names = [column_name(c) for c in cells]
        if "id" in names and "value" in names:
            return number, names
    return None


def _sheet_rows(ws, label: str, header: tuple[int, list[str]]) -> tuple[list[Row], list[Problem]]:  # noqa: ANN001
    """The rows of one answers table that give something; its unknown columns as problems."""
    first, names = header
    letters = tuple((n, _letter(i)) for i, n in enumerate(names) if n and not n.startswith("?"))
    problems = [
        Problem(label, _("unknown column '%(name)s'; allowed: %(known)s", name=n[1:], known=", ".join(ROW_COLUMNS)),
                first, cell=f"{ws.title}!{_letter(i)}{first}")
        for i, n in enumerate(names) if n.startswith("?")
    ]  # fmt: skip
    rows = []
    last = first + MAX_ROWS
    for number, cells in enumerate(ws.iter_rows(min_row=first + 1, max_row=last, values_only=True), first + 1):
        row = make_row(label, number, names, [_cell_value(c) for c in cells], sheet=ws.title, letters=letters)
        if row is not None and not all(blank(getattr(row, c)) for c in ANSWER_COLUMNS):
            rows.append(row)  # not a statement left open, a heading or an empty row
    return rows, problems


ANSWER_COLUMNS = ("value", "how_well", "note", "evidence", "who", "when")


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def _with_respondent(row: Row, respondent: str) -> Row:
    from dataclasses import replace

    return replace(row, respondent=respondent)


def read_sheet(data: bytes, label: str, content: Content) -> Sheet:
    """The rows of every answers table in a workbook; with several tables (one per person), each
    sheet's rows carry its respondent (its `respondent.name`, else the sheet's name)."""
    result = Sheet()
    book = _open_book(data, label)
    if isinstance(book, Problem):
        result.problems.append(book)
        return result
    try:
        _read_book(book, label, content, result)
    finally:
        book.close()
    result.problems += _unsaved_formulas(data, label)
    return result


# A formula cell in the sheet XML (`<f>`, `<f t="shared" ...>`, `<x:f>`), not `<formula1>` of a drop-down.
_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")


def _has_formulas(data: bytes) -> bool:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/") and n.endswith(".xml")]
        return any(_FORMULA.search(archive.read(name)) for name in sheets)


def _unsaved_formulas(data: bytes, label: str) -> list[Problem]:
    """Formula cells whose result the file does not hold (a file made by a script, not saved by a
    spreadsheet program): they read as empty, so what they show would be lost without a word."""
    if not _has_formulas(data):
        return []
    from openpyxl import load_workbook

    formulas = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    values = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        return [
            Problem(label, _unsaved_message(formula), cell=f"{ws.title}!{where}")
            for ws in formulas.worksheets  # not a chart sheet, which has no cells
            if ws.title != HIDDEN
            for where, formula in _formulas_without_result(ws, values[ws.title])
        ]
    finally:
        formulas.close()
        values.close()


def _formulas_without_result(formulas, values) -> list[tuple[str, str]]:  # noqa: ANN001 - openpyxl sheets
    """(cell, formula) of each formula cell of one sheet whose value the file does not hold."""
    found = []
    rows = zip(formulas.iter_rows(max_row=MAX_ROWS), values.iter_rows(max_row=MAX_ROWS), strict=False)
    for cells, shown in rows:
        for cell, value in zip(cells, shown, strict=False):
            if getattr(cell, "data_type", "") == "f" and value.value is None:
                found.append((cell.coordinate, str(cell.value)))
    return found


def _unsaved_message(formula: Any) -> str:
    shown = str(formula)[:40] + ("…" if len(str(formula)) > 40 else "")
    return _("this cell holds a formula (%(formula)s) without its result, so m2w cannot see what it shows; "
             "type the text without '=' in front, or open the file in a spreadsheet program and save it again",
             formula=shown)  # fmt: skip


def _read_book(book, label: str, content: Content, result: Sheet) -> None:  # noqa: ANN001
    tables = [(ws, header) for ws in book.worksheets if ws.title != HIDDEN and (header := _table(ws, label))]
    if not tables:
        result.problems.append(Problem(label, _("no answers table found: a sheet needs a header row with the "
                                                "columns 'id' (or 'code') and 'value' (or 'answer')")))  # fmt: skip
        return
    names: set[str] = set()
    for ws, header in tables:
        rows, problems = _sheet_rows(ws, label, header)
        result.problems += problems
        respondent = _respondent(rows, ws.title, names) if len(tables) > 1 else ""
        result.rows += [r if r.respondent or not respondent else _with_respondent(r, respondent) for r in rows]
    _marker(book, label, content, result)


def _respondent(rows: list[Row], title: str, taken: set[str]) -> str:
    name = next((str(r.value).strip() for r in rows if r.id.strip().lower() == "respondent.name"), "") or title
    if name in taken:
        name = f"{name} ({title})"
    taken.add(name)
    return name


def _marker(book, label: str, content: Content, result: Sheet) -> None:  # noqa: ANN001
    if HIDDEN not in book.sheetnames:
        return
    scope = parse_scope(next(book[HIDDEN].iter_rows(max_row=1, max_col=1, values_only=True), (None,))[0])
    if scope is None:
        return
    result.scope = scope.answers_scope()
    if scope.sha256 != content.sha256:
        result.notices.append(_("%(file)s was made with content version %(theirs)s; m2w now uses %(ours)s. "
                                "Every answer was checked against the content in use.",
                                file=label, theirs=scope.version, ours=content.version))  # fmt: skip
