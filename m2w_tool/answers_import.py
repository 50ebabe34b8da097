"""Scripted answers: `m2w assess --from answers.csv` (or a YAML file, or `-` for stdin).

Both formats become the same rows, `(where, id, value, how_well, note, evidence, who, when)`, and
one validator checks every row against the content. All problems are reported together, each as
`file:row: what is wrong`; when there is any problem nothing is written.

The CSV format (one row per answer; a header row names the columns; `,` or `;` separated, UTF-8):

    id,value,how_well,note,evidence,who,when
    initiative.name,Mentor2Work Gent
    d03-q1,4,,Everyone can say it in two sentences,Team day minutes 2026
    q01-q1,1,3,,Outreach plan v2
    d03-q2,n/a
    d03.importance,5
    d03.target,established
    d03.reflection1,"Our purpose is clear to staff, less to mentors."
    d03.action1,Write a one-page purpose text,Coordinator,2026-09

Ids: a question id (`d03-q1`); `<dimension>.importance` (1-5); `<dimension>.target` (a level:
beginning, developing, established, strong, or 1-4); `<dimension>.reflection<n>` (text for
reflection question n); `<dimension>.action<n>` (what, with `who` and `when`, n = 1-3);
`initiative.name|organisation|region`, `respondent.name|role`, `language` (nl or en).
A dimension is named by its id (`d03-purpose`) or short id (`d03`). Rows whose id starts with `#`
and empty rows are ignored. Only `id` and `value` are required columns.
"""

from __future__ import annotations

import csv
import io
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from m2w_tool.answers import (
    DONT_KNOW,
    MAX_FILE_BYTES,
    MAX_TEXT,
    NA,
    Action,
    Answers,
    parse_value,
    small_int,
    text_too_long,
)
from m2w_tool.content import Content
from m2w_tool.errors import Problem, ProblemsError
from m2w_tool.i18n import _, languages
from m2w_tool.yamlsource import parse_yaml

# A source holds at most what an answers file may hold (it may be one: `--from answers.yaml`).
MAX_BYTES = MAX_FILE_BYTES

COLUMNS = ("id", "value", "how_well", "note", "evidence", "who", "when")
META = {
    "initiative.name",
    "initiative.organisation",
    "initiative.region",
    "respondent.name",
    "respondent.role",
    "language",
}
MAX_ACTIONS = 3

@dataclass(frozen=True)
class Row:
    """One answer to import, with where it came from (`file`, line or row number)."""

    file: str
    line: int
    id: str
    value: Any = ""
    how_well: Any = ""
    note: Any = ""
    evidence: Any = ""
    who: Any = ""
    when: Any = ""


# --- reading the source ------------------------------------------------------------------------


def read_source(source: str) -> tuple[str, str]:
    """The text and a label for `source` (a path, or `-` for stdin)."""
    if source == "-":
        data = sys.stdin.buffer.read(MAX_BYTES + 1)
        label = "<stdin>"
    else:
        path = Path(source)
        label = source
        try:
            with path.open("rb") as fh:
                data = fh.read(MAX_BYTES + 1)
        except OSError as exc:
            raise ProblemsError(
                [Problem(label, _("cannot read the file: %(reason)s", reason=exc.strerror or exc))]
            ) from None
    if len(data) > MAX_BYTES:
        raise ProblemsError([Problem(label, _("the file is larger than %(n)s bytes", n=MAX_BYTES))])
    try:
        text = data.decode("utf-8-sig")  # Excel puts a byte-order mark before "CSV UTF-8"
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ProblemsError([Problem(label, _("the file is not UTF-8 text; save it as 'CSV UTF-8'"), line)]) from None
    if not text.strip():
        raise ProblemsError([Problem(label, _("the file is empty"), 1)])
    return text, label


def looks_like_csv(text: str, label: str) -> bool:
    """CSV by extension; for stdin or other names, when the first line is a header with `id`."""
    suffix = Path(label).suffix.lower()
    if suffix in (".csv", ".tsv", ".txt"):
        return True
    if suffix in (".yaml", ".yml"):
        return False
    first = next((line for line in text.splitlines() if line.strip()), "")
    return bool(re.match(r'^\ufeff?"?id"?\s*[,;\t]', first.strip().lower()))


def csv_rows(text: str, label: str) -> tuple[list[Row], list[Problem]]:
    """Rows of a CSV text; header problems and malformed rows as problems."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max((",", ";", "\t"), key=first.count)  # Excel in Flanders saves with ';'
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    problems: list[Problem] = []
    rows: list[Row] = []
    try:
        records = list(reader)
    except csv.Error as exc:
        return [], [Problem(label, _("CSV error: %(reason)s", reason=exc), reader.line_num)]
    # Row numbers count records, header = 1, as a spreadsheet shows them.
    numbered = [(n, rec) for n, rec in enumerate(records, 1) if any(cell.strip() for cell in rec)]
    if not numbered:
        return [], [Problem(label, _("the file is empty"), 1)]
    header_row, header = numbered[0]
    names = [h.strip().lower() for h in header]
    if "id" not in names or "value" not in names:
        return [], [Problem(label, _("the first row must name the columns, at least 'id' and 'value'"), header_row)]
    seen: set[str] = set()
    for name in names:
        if name and name not in COLUMNS:
            problems.append(
                Problem(
                    label,
                    _("unknown column '%(name)s'; allowed: %(known)s", name=name, known=", ".join(COLUMNS)),
                    header_row,
                )
            )
        elif name in seen:
            problems.append(Problem(label, _("the column '%(name)s' appears twice", name=name), header_row))
        seen.add(name)
    id_column = names.index("id")
    for n, record in numbered[1:]:
        if len(record) > id_column and record[id_column].strip().startswith("#"):
            continue  # a comment row
        if any(c.strip() for c in record[len(names) :]):
            problems.append(Problem(label, _("this row has more cells than there are columns"), n))
        cells = dict.fromkeys(COLUMNS, "")
        for name, cell in zip(names, record, strict=False):
            if name in cells:
                cells[name] = cell
        rows.append(Row(label, n, cells.pop("id").strip(), **cells))
    return rows, problems


def yaml_rows(text: str, label: str) -> tuple[list[Row], list[Problem]]:
    """Rows of a YAML answers file (as `m2w assess` writes it; `m2w_answers` may be left out)."""
    located, problems = parse_yaml(text, label)
    if located is None:
        return [], problems
    data = located.data

    def at(path: tuple) -> int:
        return located.position(path)[0]

    if not isinstance(data, dict):
        return [], [Problem(label, _("must be a mapping of keys and values"), 1)]
    rows: list[Row] = []
    ignored = {"m2w_answers", "content", "started", "updated", "scope"}
    for key, value in data.items():
        if key in ignored:
            continue
        if key in ("initiative", "respondent"):
            if not isinstance(value, dict):
                problems.append(Problem(label, _("must be a mapping of keys and values"), at((key,)), path=key))
                continue
            rows += [Row(label, at((key, k)), f"{key}.{k}", v) for k, v in value.items()]
        elif key == "language":
            rows.append(Row(label, at((key,)), "language", value))
        elif key == "answers":
            if not isinstance(value, dict):
                problems.append(Problem(label, _("must be a mapping of keys and values"), at((key,)), path=key))
                continue
            for qid, raw in value.items():
                line = at((key, qid))
                if not isinstance(raw, dict):
                    rows.append(Row(label, line, str(qid), raw))
                    continue
                unknown = [k for k in raw if k not in ("value", "how_well", "note", "evidence")]
                problems += [
                    Problem(label, _("unknown key '%(key)s'", key=k), at((key, qid, k))) for k in unknown
                ]
                fields = {k: raw.get(k, "") for k in ("value", "how_well", "note", "evidence")}
                rows.append(
                    Row(
                        label,
                        line,
                        str(qid),
                        **{k: ("" if v is None else v) for k, v in fields.items()},
                    )
                )
        elif key == "dimensions":
            if not isinstance(value, dict):
                problems.append(Problem(label, _("must be a mapping of keys and values"), at((key,)), path=key))
                continue
            for did, raw in value.items():
                rows_d, problems_d = _yaml_dimension(label, located, str(did), raw)
                rows += rows_d
                problems += problems_d
        else:
            problems.append(Problem(label, _("unknown key '%(key)s'", key=key), at((key,))))
    return rows, problems


def _yaml_dimension(
    label: str, located, did: str, raw: Any
) -> tuple[list[Row], list[Problem]]:
    base = ("dimensions", did)
    line = located.position(base)[0]
    if not isinstance(raw, dict):
        return [], [Problem(label, _("must be a mapping of keys and values"), line, path=f"dimensions.{did}")]
    rows: list[Row] = []
    problems: list[Problem] = []
    for key, value in raw.items():
        where = located.position(base + (key,))[0]
        if key in ("importance", "target"):
            rows.append(Row(label, where, f"{did}.{key}", "" if value is None else value))
        elif key == "reflections":
            if not isinstance(value, list):
                problems.append(
                    Problem(
                        label, _("must be a list"), where, path=f"dimensions.{did}.reflections"
                    )
                )
                continue
            for i, text in enumerate(value):
                if text not in (None, ""):
                    rows.append(
                        Row(
                            label,
                            located.position(base + (key, i))[0],
                            f"{did}.reflection{i + 1}",
                            text,
                        )
                    )
        elif key == "actions":
            if not isinstance(value, list):
                problems.append(
                    Problem(label, _("must be a list"), where, path=f"dimensions.{did}.actions")
                )
                continue
            for i, act in enumerate(value):
                at_i = located.position(base + (key, i))[0]
                if not isinstance(act, dict):
                    problems.append(
                        Problem(
                            label,
                            _("must be a mapping of keys and values"),
                            at_i,
                            path=f"dimensions.{did}.actions[{i}]",
                        )
                    )
                    continue
                problems += [
                    Problem(
                        label, _("unknown key '%(key)s'", key=k), located.position(base + (key, i, k))[0]
                    )
                    for k in act
                    if k not in ("what", "who", "when")
                ]
                rows.append(
                    Row(
                        label,
                        at_i,
                        f"{did}.action{i + 1}",
                        act.get("what", ""),
                        who=act.get("who", ""),
                        when=act.get("when", ""),
                    )
                )
        else:
            problems.append(Problem(label, _("unknown key '%(key)s'", key=key), where))
    return rows, problems


# --- checking and applying ---------------------------------------------------------------------

_DIM_ROW = re.compile(
    r"^(?P<dim>[a-z0-9-]+)\.(?P<field>importance|target|reflection(?P<r>\d+)|action(?P<a>\d+))$"
)


def _text(row: Row, column: str, problems: list[Problem]) -> str:
    value = getattr(row, column)
    if value is None:
        return ""
    if isinstance(value, bool | dict | list):
        problems.append(
            Problem(row.file, _("'%(id)s': expected text, not %(kind)s", id=row.id, kind=type(value).__name__), row.line)
        )
        return ""
    text = str(value).strip() if isinstance(value, str) else str(value)
    if len(text) > MAX_TEXT:
        problems.append(Problem(row.file, text_too_long(f"'{row.id}' {column}", len(text)), row.line))
        return ""
    return text


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def apply_rows(rows: list[Row], content: Content, answers: Answers) -> list[Problem]:
    """Check every row and put the good ones into `answers`; the problems of all rows."""
    problems: list[Problem] = []
    seen: dict[str, Row] = {}
    levels = [level.id for level in content.levels]
    actions: dict[str, dict[int, Row]] = {}

    def fail(row: Row, message: str, /) -> None:
        problems.append(Problem(row.file, message, row.line))

    for row in rows:
        rid = row.id.strip()
        key = rid.lower()
        if not rid:
            fail(row, _("this row has no id"))
            continue
        if key in seen:
            first = seen[key]
            fail(row, _("'%(id)s' already appears at %(where)s", id=rid, where=f"{first.file}:{first.line}"))
            continue
        seen[key] = row

        def unused(*columns: str, row: Row = row, rid: str = rid) -> None:
            for column in columns:
                if not _blank(getattr(row, column)):
                    fail(row, _("'%(id)s' does not use the column '%(column)s'", id=rid, column=column))

        if key in META:
            unused("how_well", "note", "evidence", "who", "when")
            text = _text(row, "value", problems)
            if key == "language":
                if text.lower() not in languages():
                    fail(row, _("language is nl or en"))
                else:
                    answers.language = text.lower()
            else:
                group, field = key.split(".")
                getattr(answers, group)[field] = text
            continue

        if key in content.questions:
            dim, question = content.questions[key]
            unused("who", "when")
            if _blank(row.value):
                fail(row, _("'%(id)s' has no value; leave the row out or write n/a", id=rid))
                continue
            try:
                value = parse_value(row.value, content.scales[question.scale])
            except ValueError as exc:
                fail(row, _("%(id)s: %(hint)s", id=rid, hint=str(exc)))
                continue
            how_well = None
            if not _blank(row.how_well):
                if question.how_well is None:
                    fail(row, _("'%(id)s' takes no 'how_well' (only quality criteria do)", id=rid))
                    continue
                if value in (NA, DONT_KNOW) or value <= content.scales[question.scale].low:
                    fail(row, _("'%(id)s': how_well only when the criterion is partly or fully in place", id=rid))
                    continue
                try:
                    how_well = parse_value(row.how_well, content.scales[question.how_well])
                except ValueError as exc:
                    fail(row, _("%(id)s: %(hint)s", id=f"{rid} how_well", hint=str(exc)))
                    continue
            answer = answers.answer(question.id)
            answer.value, answer.how_well = value, how_well
            answer.note = _text(row, "note", problems)
            answer.evidence = _text(row, "evidence", problems)
            continue

        match = _DIM_ROW.match(key)
        if not match:
            if re.match(r"^[dq]\d\d-q\d+$", key):
                fail(row, _("unknown question '%(id)s'", id=rid))
            else:
                fail(row, _("unknown id '%(id)s'; expected a question (e.g. d03-q1), d03.importance, d03.target, d03.reflection1, d03.action1, initiative.name, respondent.name or language", id=rid))
            continue
        dim = content.find(match["dim"])
        if dim is None:
            fail(row, _("unknown dimension '%(key)s' in '%(id)s'", key=match["dim"], id=rid))
            continue
        target = answers.dimension(dim.id)
        field = match["field"]
        if match["a"] is None:
            unused("how_well", "note", "evidence", "who", "when")
        if field == "importance":
            value = row.value
            if isinstance(value, str) and small_int(value) is not None:
                value = small_int(value)
            if isinstance(value, float) and value.is_integer():
                value = int(value)
            if isinstance(value, bool) or value not in (1, 2, 3, 4, 5):
                fail(row, _("'%(id)s': importance is a whole number from 1 to 5", id=rid))
            else:
                target.importance = value
        elif field == "target":
            chosen = _level(row.value, content)
            if chosen is None:
                fail(row, _("'%(id)s': target is a level: %(levels)s (or 1-%(n)s)", id=rid, levels=", ".join(levels), n=len(levels)))
            else:
                target.target = chosen
        elif match["r"] is not None:
            n = int(match["r"])
            if not 1 <= n <= len(dim.reflection):
                fail(row, _("'%(id)s': this dimension has %(n)s reflection question(s)", id=rid, n=len(dim.reflection)))
                continue
            while len(target.reflections) < n:
                target.reflections.append("")
            target.reflections[n - 1] = _text(row, "value", problems)
        else:
            n = int(match["a"])
            unused("how_well", "note", "evidence")
            if not 1 <= n <= MAX_ACTIONS:
                fail(row, _("'%(id)s': at most %(n)s actions per dimension", id=rid, n=MAX_ACTIONS))
                continue
            if _blank(row.value):
                fail(row, _("'%(id)s' has no value; leave the row out or write n/a", id=rid))
                continue
            actions.setdefault(dim.id, {})[n] = row

    # Actions replace a dimension's list as a whole, numbered 1..n without gaps.
    for did, by_number in actions.items():
        for n, row in sorted(by_number.items()):
            if n > 1 and n - 1 not in by_number:
                fail(row, _("'%(id)s': actions are numbered without gaps (action%(n)s first)", id=row.id, n=n - 1))
        answers.dimension(did).actions = [
            Action(
                _text(r, "value", problems),
                _text(r, "who", problems),
                _text(r, "when", problems),
            )
            for _number, r in sorted(by_number.items())
        ]
    return problems


def _level(raw: Any, content: Content) -> str | None:
    """A level from its id, its title in either language, or its number (1 = lowest)."""
    if isinstance(raw, bool) or raw is None:
        return None
    word = " ".join(str(raw).split()).lower()
    for n, level in enumerate(content.levels, 1):
        if word in (level.id, level.title.nl.lower(), level.title.en.lower(), str(n)):
            return level.id
    return None


def import_answers(source: str, content: Content, answers: Answers) -> int:
    """Fill `answers` from a CSV or YAML source; returns the number of rows used.
    Raises ProblemsError listing every problem, in which case `answers` must not be saved."""
    text, label = read_source(source)
    if looks_like_csv(text, label):
        rows, problems = csv_rows(text, label)
    else:
        rows, problems = yaml_rows(text, label)
    problems += apply_rows(rows, content, answers)
    if problems:
        problems.sort(key=lambda p: (p.file, p.line or 0))
        raise ProblemsError(problems, _("Problems: %(n)s. Nothing was written.", n=len(problems)))
    return len(rows)


def import_into(
    path: Path, source: str, content: Content, lang: str, create_folder: bool = False
) -> tuple[int, Answers]:
    """`m2w assess --from`: fill the answers file at `path` (created or updated) from `source`,
    under the file's lock; nothing is written when any row has a problem."""
    from m2w_tool.answers import save_answers
    from m2w_tool.lock import AnswersLock
    from m2w_tool.questionnaire import check_target, open_answers

    check_target(path, create_folder)
    with AnswersLock(path):
        answers, _new = open_answers(path, lang)
        count = import_answers(source, content, answers)
        answers.content_version, answers.content_sha256 = content.version, content.sha256
        save_answers(answers, path)
    return count, answers
