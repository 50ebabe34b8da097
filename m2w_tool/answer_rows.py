"""One row per answer, as CSV files and spreadsheets hold them, turned into the shape of an answers file.

A row names what it answers in its `id` column and gives it in `value` (plus `how_well`, `note`,
`evidence`, and `who` and `when` for an action):

    d03-q1                 a statement (or a quality criterion; `d3-q1` is read as d03-q1)
    d03.importance         the dimension's importance; d03.target its target level
    d03.reflection1        the answer to its first reflection question
    d03.action1            its first action (what; who, when and status in their columns), up to action3
    d03.action1.status     how far that action is: planned, started or done (or its `status` column)
    initiative.name|organisation|region, respondent.name|role, language

Column names may be Dutch or English (`vraag`, `antwoord`, `toelichting`, `bewijs`, ...), in any
order; columns that only help a person read (the statement's text) are left alone. A `respondent`
column lets one table hold the answers of several people (see `by_respondent`).

`rows_to_data` makes the answers-file shape and a `TableWhere` that knows which row (and cell) gave
each key, so every problem the schema or the content rules find names its row: `file:row: id:
message`, or `file:Sheet!C5: id: message` for a spreadsheet.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from typing import Any

from m2w_tool.answers_rules import MAX_ACTIONS, Refused, action_index, question_like, reflection_index
from m2w_tool.content import Content, short_key
from m2w_tool.errors import Problem
from m2w_tool.i18n import _

COLUMNS = ("id", "value", "how_well", "note", "evidence", "who", "when", "status", "respondent")
# Header words, compared in lower case with spaces for underscores: English, Dutch, and the
# headers of the answer sheet `m2w template --xlsx` writes.
HEADER_WORDS = {
    "id": ("id", "code", "vraag", "question", "vraagcode"),
    "value": ("value", "answer", "antwoord", "waarde", "score"),
    "how_well": ("how well", "how well?", "hoe goed", "hoe goed?"),
    "note": ("note", "notes", "notitie", "nota", "opmerking", "toelichting", "comment"),
    "evidence": ("evidence", "bewijs", "bewijsstuk", "bron"),
    "who": ("who", "wie"),
    "when": ("when", "by when", "wanneer", "tegen wanneer", "deadline"),
    "status": ("status", "stand", "stand van zaken"),
    "respondent": ("respondent", "filled in by", "ingevuld door"),
}
# Columns that help a person read the table; their cells are not answers.
TEXT_COLUMNS = ("statement", "stelling", "text", "tekst", "dimension", "dimensie", "component",
                "onderdeel", "criterion", "criterium", "minimum", "help", "uitleg")  # fmt: skip
META = {"initiative.name", "initiative.organisation", "initiative.region", "respondent.name", "respondent.role",
        "language"}  # fmt: skip
_DIM_ROW = re.compile(
    r"^(?P<dim>[a-z0-9-]+)\.(?P<field>importance|target|reflection(?P<r>\d+)|action(?P<a>\d+)(?P<s>\.status)?)$"
)
_MAX_REFLECTIONS = 50  # no dimension asks more; a larger number is refused before a list is made
_BY_WORD = {word: name for name, words in HEADER_WORDS.items() for word in words}


@dataclass(frozen=True)
class Row:
    """One answer to import, with where it came from: its file, line (row number) and sheet."""

    file: str
    line: int
    id: str
    value: Any = ""
    how_well: Any = ""
    note: Any = ""
    evidence: Any = ""
    who: Any = ""
    when: Any = ""
    status: Any = ""
    respondent: str = ""
    sheet: str = ""  # the spreadsheet's sheet; "" in a CSV file
    letters: tuple[tuple[str, str], ...] = ()  # (column name, column letter) in a spreadsheet

    def cell(self, column: str = "value") -> str:
        """`Sheet!C5` for this row's `column` in a spreadsheet; "" in a CSV file."""
        if not self.sheet:
            return ""
        letter = dict(self.letters).get(column) or dict(self.letters).get("id", "A")
        return f"{self.sheet}!{letter}{self.line}"

    def where(self) -> str:
        return f"{self.file}:{self.cell('id')}" if self.sheet else f"{self.file}:{self.line}"


def blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def row_problem(row: Row, message: str, column: str = "id", path: str = "") -> Problem:
    """A problem of a whole row (or one of its cells)."""
    return Problem(row.file, message, row.line, None, path, cell=row.cell(column))


class TableWhere:
    """Which row (and cell) gave each key path of the data; `problem` names it."""

    def __init__(self) -> None:
        self.places: dict[tuple, tuple[Row, str]] = {}

    def note(self, path: tuple, row: Row, column: str = "value") -> None:
        self.places[path] = (row, column)

    def problem(self, path: tuple, message: str) -> Problem:
        key = tuple(path)
        while key and key not in self.places:
            key = key[:-1]
        if not key:
            return Problem("?", message)
        row, column = self.places[key]
        return row_problem(row, message, column, row.id)


# --- the header -------------------------------------------------------------------------------------


def column_name(text: Any) -> str:
    """A header cell as a column name (`Hoe goed?` -> how_well); '' for a reading-help column."""
    word = " ".join(str(text or "").replace("_", " ").split()).lower()
    if word in _BY_WORD:
        return _BY_WORD[word]
    return "" if not word or word.startswith(TEXT_COLUMNS) else f"?{word}"


def read_header(cells: list[Any], label: str, line: int) -> tuple[list[str], list[Problem]]:
    """Column names of a header row ('' for columns left alone) and its problems."""
    names = [column_name(c) for c in cells]
    problems = []
    if "id" not in names or "value" not in names:
        return names, [Problem(label, _("the first row must name the columns, at least 'id' and 'value'"), line)]
    known = ", ".join(COLUMNS)
    for raw, name in zip(cells, names, strict=True):
        if name.startswith("?"):
            problems.append(Problem(label, _("unknown column '%(name)s'; allowed: %(known)s",
                                             name=str(raw).strip(), known=known), line))  # fmt: skip
    for name in {n for n in names if n and not n.startswith("?") and names.count(n) > 1}:
        problems.append(Problem(label, _("the column '%(name)s' appears twice", name=name), line))
    return names, problems


def make_row(label: str, line: int, names: list[str], cells: list[Any], **where: Any) -> Row | None:
    """The row of `cells` under the columns `names`; None for a comment row (`#` in the id)."""
    given = {n: c for n, c in zip(names, cells, strict=False) if n and not n.startswith("?")}
    rid = given.pop("id", None)
    rid = "" if rid is None else str(rid).strip()
    if rid.startswith("#"):
        return None
    respondent = str(given.pop("respondent", "") or "").strip()
    values = {k: ("" if v is None else v) for k, v in given.items()}
    return Row(label, line, rid, respondent=respondent, **values, **where)


# --- CSV ---------------------------------------------------------------------------------------------


def csv_rows(text: str, label: str) -> tuple[list[Row], list[Problem]]:
    """Rows of a CSV text; header problems and malformed rows as problems."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    # A first line `sep=;` names the delimiter (Excel reads it; some programs write it for Excel).
    named = re.fullmatch(r"\s*sep=(.)\s*", first, re.IGNORECASE)
    delimiter = named.group(1) if named else max((",", ";", "\t"), key=first.count)  # Flemish Excel: ';'
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        records = list(reader)
    except csv.Error as exc:
        return [], [Problem(label, _("CSV error: %(reason)s", reason=exc), reader.line_num)]
    unclosed = unclosed_quote(text, delimiter)
    if unclosed is not None:
        message = _("a quote (\") opens a text here that is never closed, so every row after it would be read as "
                    "part of that text; close the quote, or remove it")  # fmt: skip
        return [], [Problem(label, message, unclosed)]
    # Row numbers count records, header = 1, as a spreadsheet shows them.
    numbered = [(n, rec) for n, rec in enumerate(records, 1) if any(cell.strip() for cell in rec)]
    if named:
        numbered = numbered[1:]  # the `sep=` line is no header
    if not numbered:
        return [], [Problem(label, _("the file is empty"), 1)]
    header_row, header = numbered[0]
    names, problems = read_header(header, label, header_row)
    if "id" not in names or "value" not in names:
        return [], problems
    rows = []
    for n, record in numbered[1:]:
        row = make_row(label, n, names, record)
        if row is None:
            continue
        if any(c.strip() for c in record[len(names) :]):
            problems.append(Problem(label, _("this row has more cells than there are columns"), n))
        rows.append(row)
    return rows, problems


def unclosed_quote(text: str, delimiter: str) -> int | None:
    """The line where a quoted cell opens that the file never closes, else None. Python's csv module
    reads such a cell to the end of the file without a word, swallowing every row after it."""
    i = text.find('"')
    while i != -1:
        if i > 0 and text[i - 1] not in (delimiter, "\n", "\r"):
            i = text.find('"', i + 1)  # a quote inside a cell, such as 5" screen, is an ordinary character
            continue
        opened, i = i, i + 1
        while True:  # to the quote that closes the cell; a doubled quote is a quote inside it
            i = text.find('"', i)
            if i == -1:
                return _record_number(text[:opened], delimiter)
            if not text.startswith('""', i):
                break
            i += 2
        i = text.find('"', i + 1)
    return None


def _record_number(before: str, delimiter: str) -> int:
    """The number (header = 1) of the record that goes on after `before`, as the rows are numbered."""
    records = sum(1 for _ in csv.reader(io.StringIO(before, newline=""), delimiter=delimiter))
    return records if before and not before.endswith(("\n", "\r")) else records + 1


# --- rows to the answers-file shape -------------------------------------------------------------------


@dataclass
class Table:
    """What rows become: the data of an answers file, where each key came from, and the rows' problems."""

    data: dict[str, Any] = field(default_factory=dict)
    where: TableWhere = field(default_factory=TableWhere)
    problems: list[Problem] = field(default_factory=list)
    used: int = 0  # rows that gave something


def rows_to_data(rows: list[Row], content: Content) -> Table:
    """The answers-file shape of `rows` (checked against the content afterwards: answers_rules)."""
    table, seen = Table(), {}
    actions: dict[str, dict[int, Row]] = {}
    for row in rows:
        key = short_key(row.id)
        if not row.id:
            table.problems.append(row_problem(row, _("this row has no id")))
        elif key in seen:
            first = seen[key]
            message = _("'%(id)s' already appears at %(where)s", id=row.id, where=first.where())
            table.problems.append(row_problem(row, message))
        else:
            seen[key] = row
            _one_row(table, row, key, content, actions)
    for dim_key, by_number in actions.items():
        _actions(table, dim_key, by_number)
    return table


def _unused(table: Table, row: Row, *columns: str) -> bool:
    wrong = [c for c in columns if not blank(getattr(row, c))]
    for column in wrong:
        message = _("'%(id)s' does not use the column '%(column)s'", id=row.id, column=column)
        table.problems.append(row_problem(row, message, column))
    return not wrong


def _one_row(table: Table, row: Row, key: str, content: Content, actions: dict) -> None:
    data, where = table.data, table.where
    if key in META:
        _unused(table, row, "how_well", "note", "evidence", "who", "when", "status")
        group, _dot, name = key.partition(".")
        if key == "language":
            data["language"] = row.value
            where.note(("language",), row)
        else:
            data.setdefault(group, {})[name] = row.value
            where.note((group, name), row)
    elif question_like(key):
        _unused(table, row, "who", "when", "status")
        data.setdefault("answers", {})[key] = {
            "value": row.value, "how_well": row.how_well, "note": row.note, "evidence": row.evidence,
        }  # fmt: skip
        where.note(("answers", key), row)
        for column in ("value", "how_well", "note", "evidence"):
            where.note(("answers", key, column), row, column)
    elif (match := _DIM_ROW.match(key)) is not None:
        _dimension_row(table, row, match, content, actions)
    else:
        table.problems.append(row_problem(row, _(
            "unknown id '%(id)s'; expected a question (e.g. d03-q1), d03.importance, d03.target, d03.reflection1, "
            "d03.action1, initiative.name, respondent.name or language", id=row.id)))  # fmt: skip
        return
    table.used += 1


def _dimension_row(table: Table, row: Row, match: re.Match, content: Content, actions: dict) -> None:
    dim_key, name = match["dim"], match["field"]
    dim = table.data.setdefault("dimensions", {}).setdefault(dim_key, {})
    path = ("dimensions", dim_key)
    table.where.note(path, row)
    if match["a"] is not None:
        _unused(table, row, "how_well", "note", "evidence", *(("who", "when", "status") if match["s"] else ()))
        actions.setdefault(dim_key, {})[int(match["a"]) if not match["s"] else f"{match['a']}.status"] = row
        return
    _unused(table, row, "how_well", "note", "evidence", "who", "when", "status")
    if match["r"] is None:
        dim[name] = row.value
        table.where.note(path + (name,), row)
        return
    n = int(match["r"])
    found = content.find(dim_key)
    if n < 1 or n > _MAX_REFLECTIONS:
        if found is not None:
            table.problems.append(_refusal(row, reflection_index, found, n - 1))
        return
    reflections = dim.setdefault("reflections", [])
    reflections.extend([None] * (n - len(reflections)))
    reflections[n - 1] = row.value
    table.where.note(path + ("reflections", n - 1), row)


def _refusal(row: Row, rule, *args: Any) -> Problem:  # noqa: ANN001 - a rule of answers_rules
    try:
        rule(*args)
    except Refused as exc:
        return row_problem(row, str(exc), "value", row.id)
    raise AssertionError("the rule was expected to refuse")


def _actions(table: Table, dim_key: str, by_key: dict[int | str, Row]) -> None:
    """Actions replace a dimension's list as a whole, numbered 1..n without gaps; a row
    `d03.action1.status` gives the status of the row `d03.action1`."""
    path = ("dimensions", dim_key, "actions")
    listed = []
    by_number = {k: r for k, r in by_key.items() if isinstance(k, int)}
    for key, row in by_key.items():
        if isinstance(key, str) and int(key.split(".")[0]) not in by_number:
            message = _(
                "'%(id)s': give the action itself in a row of its own too (%(action)s)",
                id=row.id,
                action=row.id.rsplit(".", 1)[0],
            )
            table.problems.append(row_problem(row, message))
    for n, row in sorted(by_number.items()):
        if n < 1 or n > MAX_ACTIONS:
            table.problems.append(_refusal(row, action_index, max(n - 1, MAX_ACTIONS)))
            continue
        if n > 1 and n - 1 not in by_number:
            table.problems.append(
                row_problem(
                    row, _("'%(id)s': actions are numbered without gaps (action%(n)s first)", id=row.id, n=n - 1)
                )
            )
        at = path + (len(listed),)
        status = by_key.get(f"{n}.status")
        listed.append({"what": row.value, "who": row.who, "when": row.when,
                       "status": (status.value if status else row.status) or None})  # fmt: skip
        table.where.note(at, row)
        for part, column in (("what", "value"), ("who", "who"), ("when", "when")):
            table.where.note(at + (part,), row, column)
        table.where.note(at + ("status",), *((status, "value") if status else (row, "status")))
    table.data["dimensions"][dim_key]["actions"] = listed


def by_respondent(rows: list[Row]) -> dict[str, list[Row]]:
    """The rows of each respondent, in the order they first appear; rows without one (the
    initiative's name, say) belong to everyone. One group named "" when nobody is named."""
    names = list(dict.fromkeys(r.respondent for r in rows if r.respondent))
    shared = [r for r in rows if not r.respondent]
    if not names:
        return {"": rows}
    return {name: shared + [r for r in rows if r.respondent == name] for name in names}
