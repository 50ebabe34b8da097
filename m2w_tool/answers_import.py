"""Answers from a file: `m2w assess --from` a CSV file, a spreadsheet (.xlsx) or a YAML file (or `-`).

Every source takes the one road of m2w_tool.answers_schema and m2w_tool.answers_rules: a YAML file
is an answers file (`m2w_answers` may be left out, and answers may be labels such as `Deels`); a CSV
file or a spreadsheet is one row per answer (m2w_tool.answer_rows; the sheet `m2w template --xlsx`
writes, m2w_tool.answer_sheet). All problems are reported together, each with its line, row or cell;
when there is any problem nothing is written.

The CSV format (one row per answer; a header row names the columns; `,` or `;` separated; UTF-8, or
Windows-1252 as Excel saves "CSV" in Belgium, which is said in a notice):

    id,value,how_well,note,evidence,who,when
    initiative.name,Mentor2Work Gent
    d03-q1,4,,Everyone can say it in two sentences,Team day minutes 2026
    q01-q1,1,3,,Outreach plan v2
    d03-q2,n/a
    d03.importance,5
    d03.target,established
    d03.reflection1,"Our purpose is clear to staff, less to mentors."
    d03.action1,Write a one-page purpose text,Coordinator,2026-09

Ids: a question id (`d03-q1`, or `d3-q1`); `<dimension>.importance` (1-5); `<dimension>.target` (a
level: beginning, developing, established, strong, or 1-4); `<dimension>.reflection<n>` (text for
reflection question n); `<dimension>.action<n>` (what, with `who` and `when`, n = 1-3);
`initiative.name|organisation|region`, `respondent.name|role`, `language` (nl or en).
A dimension is named by its id (`d03-purpose`) or short id (`d03`). Rows whose id starts with `#`
and empty rows are ignored. Only `id` and `value` are required columns; Dutch names work too
(`vraag`, `antwoord`, `toelichting`, `bewijs`, `wie`, `wanneer`). A `respondent` column, or one
sheet per person in a spreadsheet, holds several people's answers: `--split FOLDER` writes one
answers file each.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from m2w_tool import sniff
from m2w_tool.answer_rows import Row, by_respondent, column_name, csv_rows, rows_to_data
from m2w_tool.answers import MAX_FILE_BYTES, Answers
from m2w_tool.answers_rules import Imported, apply_import, check_import
from m2w_tool.answers_schema import IMPORT, check_file
from m2w_tool.content import Content
from m2w_tool.errors import Problem, ProblemsError, os_reason
from m2w_tool.i18n import _
from m2w_tool.validation import Where, YamlWhere
from m2w_tool.yamlsource import parse_yaml

# A source holds at most what an answers file may hold (it may be one: `--from answers.yaml`).
MAX_BYTES = MAX_FILE_BYTES
CSV, XLSX, YAML = "csv", "xlsx", "yaml"


@dataclass
class Part:
    """One respondent's answers from a source, checked against the content and ready to write."""

    respondent: str  # "" when the source does not name people
    imported: Imported
    rows: int  # rows (or entries) read
    scope: dict[str, Any] | None = None  # which part a spreadsheet was made for (its marker)


@dataclass
class Source:
    """A source read: its parts, and what the user should know (an encoding, other content)."""

    label: str
    parts: list[Part]
    notices: list[str] = field(default_factory=list)


# --- reading the source ------------------------------------------------------------------------


def read_bytes(source: str) -> tuple[bytes, str]:
    """The bytes and a label of `source` (a path, or `-` for stdin), within MAX_BYTES."""
    if source == "-":
        data, label = sys.stdin.buffer.read(MAX_BYTES + 1), "<stdin>"
    else:
        label = source
        try:
            with Path(source).open("rb") as fh:
                data = fh.read(MAX_BYTES + 1)
        except OSError as exc:
            reason = os_reason(exc)
            raise ProblemsError([Problem(label, _("cannot read the file: %(reason)s", reason=reason))]) from None
    if len(data) > MAX_BYTES:
        raise ProblemsError([Problem(label, _("the file is larger than %(n)s bytes", n=MAX_BYTES))])
    return data, label


def kind_of_source(data: bytes, label: str) -> str:
    """CSV, XLSX or YAML; a file m2w cannot read this way is refused in words (a PDF: `m2w import`)."""
    kind = sniff.kind_of(data[: sniff.HEAD_BYTES], label, len(data))
    if kind == sniff.EMPTY:
        raise ProblemsError([Problem(label, _("the file is empty"), 1)])
    if kind == sniff.ZIP and sniff.is_xlsx(data):
        kind = sniff.XLSX
    message = sniff.wrong_source(label, kind)
    if message is not None:
        raise ProblemsError([Problem(label, message, sniff.where(kind))])
    if kind == sniff.XLSX:
        return XLSX
    return CSV if kind == sniff.CSV or looks_like_csv(data, label) else YAML


def looks_like_csv(data: bytes, label: str) -> bool:
    """CSV by extension; for stdin or other names, when the first line is a header with an id column."""
    suffix = Path(label).suffix.lower()
    if suffix in (".csv", ".tsv", ".txt"):
        return True
    if suffix in (".yaml", ".yml"):
        return False
    first = next((line for line in data[:4096].decode("utf-8", "replace").splitlines() if line.strip()), "")
    for delimiter in (",", ";", "\t"):
        names = [column_name(cell.strip().strip('"')) for cell in first.lstrip("\ufeff").split(delimiter)]
        if len(names) > 1 and "id" in names:
            return True
    return False


def decode(data: bytes, label: str, kind: str = CSV) -> tuple[str, list[str]]:
    """The text of a CSV or YAML file: UTF-8 (with or without a byte-order mark), else Windows-1252,
    the encoding Excel uses for plain "CSV" in Belgium, which a notice then says."""
    if data.startswith(sniff.UTF16_BOMS):
        try:
            return data.decode("utf-16"), []
        except UnicodeDecodeError:
            pass  # said below, as for any text m2w cannot read
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        message = _("the file is neither UTF-8 nor Windows-1252 text; save it as 'CSV UTF-8'")
        raise ProblemsError([Problem(label, message, line)]) from None
    if kind != CSV:  # a YAML file saved by an old editor: Excel's 'CSV' advice would not fit
        return text, [_("%(file)s was read as Windows-1252; check that letters such as é and ë came through, or "
                        "save it as UTF-8 next time.", file=label)]  # fmt: skip
    notice = _("%(file)s was read as Windows-1252, the encoding Excel uses for 'CSV' files; check that letters "
               "such as é and ë came through, or save it as 'CSV UTF-8' next time.", file=label)  # fmt: skip
    return text, [notice]


# --- checking ------------------------------------------------------------------------------------------


def _checked(data: Any, where: Where, content: Content, complete: bool) -> tuple[Imported | None, list[Problem]]:
    """The one schema, then the content rules."""
    model, problems = check_file(data, where, IMPORT)
    if model is None:
        return None, problems
    imported, found = check_import(model, content, where, complete=complete)
    return imported, problems + found


def yaml_parts(text: str, label: str, content: Content) -> tuple[list[Part], list[Problem]]:
    """A YAML source is an answers file (`m2w_answers` may be left out)."""
    located, problems = parse_yaml(text, label)
    if located is None:
        return [], problems
    imported, problems = _checked(located.data, YamlWhere(label, located), content, complete=True)
    if imported is None:
        return [], problems
    return [Part("", imported, _count(imported))], problems


def table_parts(rows: list[Row], content: Content, complete: bool) -> tuple[list[Part], list[Problem]]:
    """Rows, one part per respondent (rows without one belong to each)."""
    parts, problems = [], []
    for respondent, own in by_respondent(rows).items():
        table = rows_to_data(own, content)
        imported, found = _checked(table.data, table.where, content, complete)
        problems += table.problems + found
        if imported is not None:
            if respondent and ("respondent", "name") not in imported.meta:
                imported.meta[("respondent", "name")] = respondent
            parts.append(Part(respondent, imported, table.used))
    return parts, _once(problems)


def _once(problems: list[Problem]) -> list[Problem]:
    """A shared row (the initiative's name) checked with every respondent's rows is reported once."""
    return list(dict.fromkeys(problems))


def _count(imported: Imported) -> int:
    dims = sum((u.importance is not None) + (u.target is not None) + len(u.reflections) + len(u.actions or ())
               for u in imported.dimensions.values())  # fmt: skip
    return len(imported.meta) + (imported.language is not None) + len(imported.answers) + dims


def read_answers_source(source: str, content: Content) -> Source:
    """Read and check every answer of `source` (a path or `-`): its parts, one per respondent.
    Raises ProblemsError listing every problem: then nothing may be written."""
    data, label = read_bytes(source)
    kind, notices = kind_of_source(data, label), []
    if kind == XLSX:
        from m2w_tool.answer_sheet import read_sheet

        sheet = read_sheet(data, label, content)
        parts, problems = table_parts(sheet.rows, content, complete=False)
        problems = sheet.problems + problems
        notices += sheet.notices
        for part in parts:
            part.scope = sheet.scope
    else:
        text, notices = decode(data, label, kind)
        if kind == CSV:
            rows, problems = csv_rows(text, label)
            parts, found = table_parts(rows, content, complete=True)
            problems += found
        else:
            parts, problems = yaml_parts(text, label, content)
    if problems:
        problems.sort(key=lambda p: (p.file, p.line or 0))
        raise ProblemsError(problems, _("Problems: %(n)s. Nothing was written.", n=len(problems)))
    return Source(label, parts, notices)


# --- writing --------------------------------------------------------------------------------------------


def fill(answers: Answers, part: Part, content: Content, new: bool) -> None:
    """Put `part` into `answers`; a new file takes the part's scope (the spreadsheet's)."""
    apply_import(part.imported, answers)
    if new and part.scope:
        answers.scope = dict(part.scope)
    answers.content_version, answers.content_sha256 = content.version, content.sha256


def import_answers(source: str, content: Content, answers: Answers) -> int:
    """Fill `answers` from one person's CSV, spreadsheet or YAML source; returns the number of rows
    used. Raises ProblemsError listing every problem, in which case `answers` must not be saved."""
    read = read_answers_source(source, content)
    part = only_part(read)
    apply_import(part.imported, answers)
    return part.rows


def only_part(read: Source) -> Part:
    """The one respondent of a source; several are refused with their names (use --split)."""
    if len(read.parts) == 1:
        return read.parts[0]
    if not read.parts:  # every problem was raised before; a source without answers gives one part
        raise ProblemsError([Problem(read.label, _("no answers found"))])
    names = ", ".join(p.respondent for p in read.parts)
    message = _("this file holds the answers of %(n)s people (%(names)s); write one answers file each with "
                "--split FOLDER.", n=len(read.parts), names=names)  # fmt: skip
    raise ProblemsError([Problem(read.label, message)], _("Nothing was written."))


@dataclass(frozen=True)
class Written:
    """An answers file filled from a source."""

    path: Path
    respondent: str
    rows: int
    new: bool  # made by this import (else updated)


def import_into(
    path: Path, source: str, content: Content, lang: str, create_folder: bool = False
) -> tuple[Written, list[str]]:
    """`m2w assess --from`: fill the answers file at `path` (created or updated) from `source`, under
    the file's lock; nothing is written when any row has a problem. Also the notices to show."""
    from m2w_tool.questionnaire import check_target

    read = read_answers_source(source, content)
    part = only_part(read)
    check_target(path, create_folder)
    written, notices = _write([(path, part)], content, lang)
    return written[0], read.notices + notices


def import_split(folder: Path, source: str, content: Content, lang: str) -> tuple[list[Written], list[str]]:
    """`m2w assess --from FILE --split FOLDER`: one answers file per respondent of `source` in
    `folder` (`answers-<name>.yaml`, created or updated); every file is checked and locked before
    any is written."""
    from m2w_tool.format import slug

    read = read_answers_source(source, content)
    if Path(folder).exists() and not Path(folder).is_dir():
        raise ProblemsError([Problem(str(folder), _("--split needs a folder, and this is a file"))])
    Path(folder).mkdir(parents=True, exist_ok=True)
    names: list[Path] = []
    for part in read.parts:
        base = slug(part.respondent) or "respondent"
        name, n = f"answers-{base}.yaml", 2
        while Path(folder) / name in names:
            name, n = f"answers-{base}-{n}.yaml", n + 1
        names.append(Path(folder) / name)
    written, notices = _write(list(zip(names, read.parts, strict=True)), content, lang)
    return written, read.notices + notices


def _write(targets: list[tuple[Path, Part]], content: Content, lang: str) -> tuple[list[Written], list[str]]:
    """Each part into its file, under every file's lock: all opened and filled before one is written.
    Also what to say: a file that named someone else than the rows now do."""
    from contextlib import ExitStack

    from m2w_tool.answers import save_answers
    from m2w_tool.lock import AnswersLock
    from m2w_tool.questionnaire import check_target, open_answers

    notices = []
    with ExitStack() as locks:
        filled = []
        for path, part in targets:
            check_target(path, create_folder=False)
            locks.enter_context(AnswersLock(path))
            answers, new = open_answers(path, lang)
            notices += _other_respondent(path, answers, part)
            fill(answers, part, content, new)
            filled.append((path, part, answers, new))
        for path, _part, answers, _new in filled:
            save_answers(answers, path)
    return [Written(path, part.respondent, part.rows, new) for path, part, _answers, new in filled], notices


def _other_respondent(path: Path, answers: Answers, part: Part) -> list[str]:
    """Rows that name another respondent than the file they go into: said, never asked (a script
    must not be blocked), so a colleague's answers do not end up in someone's file unseen."""
    from m2w_tool.identity import same_person

    owner = str(answers.respondent.get("name", "")).strip()
    other = str(part.imported.meta.get(("respondent", "name"), "")).strip()
    if not owner or not other or same_person(owner, other):
        return []
    return [_("%(file)s held the answers of %(owner)s, and these rows name %(other)s: they were added to the "
              "file, which now names %(other)s. If they are %(other)s's own answers, read them into a file of "
              "their own instead.", file=path.name, owner=owner, other=other)]  # fmt: skip
