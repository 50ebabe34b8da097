"""Read filled-in fillable workbooks back into answers, with pypdf.

Everything is checked before anything is built: that the file is a whole, readable, unencrypted
PDF; that m2w made it (its marker); that it has the form fields the workbook should have for the
content in use (and if not, which ids differ); that every drop-down holds one of its own options.
A problem becomes one `ImportError_` with a translated message; nothing is ever half-imported.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from m2w_tool import sniff
from m2w_tool.answers import DONT_KNOW, NA, Answers, megabytes
from m2w_tool.answers_rules import apply_import, check_import, wants_how_well
from m2w_tool.answers_schema import IMPORT, check_file
from m2w_tool.errors import AnswersProblems, M2WError, Problem, os_reason
from m2w_tool.i18n import _, tr
from m2w_tool.workbook import (
    COVER_FIELDS,
    MARKER_FIELD,
    Marker,
    Workbook,
    build_workbook,
    field_specs,
    parse_marker,
    question_id_of,
)

METADATA_KEY = "/m2wworkbook"  # WeasyPrint keeps letters and digits of the custom metadata name
MAX_LISTED = 12  # ids listed in a message before "and N more"
MAX_PDF_BYTES = 50_000_000  # a filled-in full workbook is a few MB


class WorkbookImportError(M2WError):
    """A filled-in workbook that cannot be imported, with the reason in the user's language."""


@dataclass
class ImportResult:
    """One imported workbook: the answers and what was left empty."""

    source: Path
    answers: Answers
    marker: Marker
    question_ids: tuple[str, ...]  # every question in the workbook, in order
    empty: tuple[str, ...]  # questions without a rating
    notices: list[str] = field(default_factory=list)
    how_well_open: tuple[str, ...] = ()  # criteria in place (partly or yes) without their 'how well'

    @property
    def total(self) -> int:
        return len(self.question_ids)

    @property
    def answered(self) -> int:
        return self.total - len(self.empty)

    @property
    def not_applicable(self) -> int:
        return sum(1 for a in self.answers.answers.values() if a.value == NA)

    @property
    def dont_know(self) -> int:
        return sum(1 for a in self.answers.answers.values() if a.value == DONT_KNOW)

    def empty_by_dimension(self) -> dict[str, tuple[int, list[str]]]:
        """Per dimension short id: (questions in it, the empty ones), for dimensions with any empty; a
        criterion in place whose 'how well' was left open is listed as `q02-q1 (how well)`."""
        out: dict[str, tuple[int, list[str]]] = {}
        for qid in self.question_ids:
            dim = qid.split("-", 1)[0]
            total, empty = out.get(dim, (0, []))
            if qid in self.empty:
                empty = [*empty, qid]
            elif qid in self.how_well_open:
                empty = [*empty, _("%(id)s (how well)", id=qid)]
            out[dim] = (total + 1, empty)
        return {d: v for d, v in out.items() if v[1]}


# --- reading the PDF ----------------------------------------------------------------------------


def _listed(ids: Iterable[str]) -> str:
    ids = list(ids)
    shown = ", ".join(ids[:MAX_LISTED])
    if len(ids) > MAX_LISTED:
        shown += " " + _("and %(n)s more", n=len(ids) - MAX_LISTED)
    return shown


def _fail(message: str) -> WorkbookImportError:
    return WorkbookImportError(message)


def _open_pdf(path: Path):
    """A pypdf reader for a whole, readable, unencrypted PDF; otherwise a clear error."""
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, PyPdfError

    file = str(path)
    data = _read_whole_pdf(path, file)
    try:
        with _quiet("pypdf"):
            return _fields_and_metadata(PdfReader, data, file)
    except WorkbookImportError:
        raise
    except DependencyError as exc:  # AES without its crypto library: still a locked file to the user
        raise _fail(
            _(
                "%(file)s: the PDF is protected with a password. Save a copy without protection (in your PDF reader, "
                "turn the security off; 'Print to PDF' does not keep the answers) and read that in.",
                file=file,
            )
        ) from exc
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError) as exc:
        raise _fail(
            _(
                "%(file)s: the PDF is damaged and cannot be read (%(reason)s). Save the workbook again from your PDF "
                "reader.",
                file=file,
                reason=type(exc).__name__,
            )
        ) from exc


def _read_whole_pdf(path: Path, file: str) -> bytes:
    """The bytes of a file that is a PDF and whole; otherwise a clear error."""
    if not path.is_file():
        raise _fail(_("%(file)s: file not found.", file=file))
    try:
        size = path.stat().st_size
        if size > MAX_PDF_BYTES:  # checked before reading: pypdf needs about three times the size
            raise WorkbookImportError(
                _(
                    "%(file)s is %(size)s; a filled-in workbook is a few MB, and m2w reads PDFs up to "
                    "%(limit)s. Is this the right file?",
                    file=file,
                    size=megabytes(size),
                    limit=megabytes(MAX_PDF_BYTES),
                )
            )
        data = path.read_bytes()
    except OSError as exc:
        raise _fail(_("%(file)s: cannot read the file: %(reason)s", file=file, reason=os_reason(exc))) from exc
    if b"%PDF-" not in data[:1024]:
        told = sniff.wrong_workbook(file, sniff.kind_of(data[: sniff.HEAD_BYTES], file, len(data)))
        if told is not None:
            raise _fail(f"{file}: {told}")
        raise _fail(
            _(
                "%(file)s: this is not a PDF file. Read in the fillable workbook made with `m2w workbook --fillable`.",
                file=file,
            )
        )
    # pypdf repairs a cut-off file silently and would hand back whatever fields survived. A whole
    # PDF ends with %%EOF (perhaps followed by a line break or padding); looking only near the very
    # end matters, because a saved form usually holds an earlier %%EOF before the reader's update.
    if b"%%EOF" not in data.rstrip(b"\x00\r\n\t\f ")[-64:]:
        raise _fail(
            _(
                "%(file)s: the PDF is incomplete (cut off while downloading, copying or saving). Save the workbook "
                "again from your PDF reader and try once more.",
                file=file,
            )
        )
    return data


def _fields_and_metadata(reader_class, data: bytes, file: str) -> tuple[dict, dict]:
    """Form fields and document information; an encrypted file is opened as every PDF viewer opens
    it, with the empty user password: a file with only an owner password (which limits editing
    and printing, not reading) reads as any other, one that asks for a password to open does not."""
    reader = reader_class(io.BytesIO(data), strict=False)
    if reader.is_encrypted:
        try:
            unlocked = reader.decrypt("")
        except Exception:  # noqa: BLE001 - a missing crypto library or a broken key: same answer
            unlocked = 0
        if not unlocked:
            raise _fail(
                _(
                    "%(file)s: the PDF is protected with a password. Save a copy without protection (in your PDF "
                    "reader, turn the security off; 'Print to PDF' does not keep the answers) and read that in.",
                    file=file,
                )
            )
    fields = reader.get_fields() or {}
    metadata = dict(reader.metadata or {})
    len(reader.pages)  # reading the page tree finds most remaining damage
    return fields, metadata


@contextmanager
def _quiet(logger_name: str) -> Iterator[None]:
    """Keep a library's log lines (pypdf's "incorrect startxref pointer", ...) out of the terminal:
    m2w says in its own words what is wrong with a file."""
    logger = logging.getLogger(logger_name)
    level = logger.level
    logger.setLevel(logging.CRITICAL + 1)
    try:
        yield
    finally:
        logger.setLevel(level)


def _text(value: Any) -> str:
    """A field value as text: pypdf gives str, bytes, a name (/Off) or a list for multi-select."""
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        value = value[0] if value else ""
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    text = str(value)
    if text.startswith("/"):  # a PDF name such as /Off
        text = text[1:]
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def _choice_value(spec, raw: str, blank: str) -> str | None:
    """The option a drop-down holds: its export value, or the value of its visible label; None when
    it is left at "choose". ValueError (with the choices) for anything else."""
    if raw in ("", blank) or raw.casefold() in _CHOOSE:
        return None
    for choice in spec.choices:
        if raw == choice.value:
            return choice.value
    for choice in spec.choices:  # some readers store the text shown instead of the export value
        if raw.casefold() in (choice.label.casefold(), choice.caption.casefold()):
            return choice.value
    choices = ", ".join(c.value for c in spec.choices)
    raise ValueError(
        _("holds '%(value)s', which is none of its choices (%(choices)s)", value=raw[:40], choices=choices)
    )


# The "choose" line as readers that store the shown text save it, in every language.
_CHOOSE = {tr(lang, "– choose –").casefold() for lang in ("nl", "en")}


def _expected_workbook(content, marker: Marker) -> tuple[Workbook, list[str]]:
    """The workbook the marker describes, built from the content in use, and ids it names that are unknown."""
    unknown = [key for key in marker.only if content.find(key) is None]
    known = [key for key in marker.only if content.find(key) is not None]
    if marker.only and not known:
        dims = []
    else:
        dims = content.select(marker.module, known)
    wb = build_workbook(
        content, dims, lang=marker.lang, fillable=True, module=marker.module, only=known, quick=marker.quick
    )
    return wb, unknown


def _check_fields(content, marker: Marker, fields: dict, file: str) -> tuple[Workbook, dict, list[str]]:
    """The expected workbook and its field specs, after checking the PDF has exactly its fields."""
    wb, unknown_dims = _expected_workbook(content, marker)
    specs = field_specs(wb)
    present = {name for name in fields if name != MARKER_FIELD}
    expected = {name for name in specs if name != MARKER_FIELD}
    ours = {name for name in present if _looks_like_ours(name)}  # readers may add fields of their own
    only_pdf = sorted({question_id_of(n) for n in ours - expected} | set(unknown_dims))
    only_content = sorted({question_id_of(n) for n in expected - present})
    same_content = marker.content_sha256 == content.sha256
    if only_pdf or (only_content and not same_content):
        lines = [
            _(
                "%(file)s: this workbook was made from other content (version %(theirs)s, code %(their_code)s) than "
                "the content m2w uses now (version %(ours)s, code %(our_code)s).",
                file=file,
                theirs=marker.content_version,
                their_code=marker.code,
                ours=content.version,
                our_code=content.sha256[:10],
            )
        ]
        if only_pdf:
            lines.append(_("  Only in the workbook: %(ids)s", ids=_listed(only_pdf)))
        if only_content:
            lines.append(_("  Only in the content: %(ids)s", ids=_listed(only_content)))
        lines.append(_("  Read it in with the content it was made from (--content DIR), or make a new workbook."))
        raise WorkbookImportError("\n".join(lines))
    if only_content:  # same content, fields gone: the file was cut or edited by another program
        missing = sorted(expected - present)
        raise _fail(
            _(
                "%(file)s: form fields are missing (%(ids)s). The file is incomplete or was changed by another "
                "program.",
                file=file,
                ids=_listed(missing),
            )
        )
    notices = []
    if not same_content:
        notices.append(
            _(
                "%(file)s: made with content version %(theirs)s (code %(their_code)s); m2w now uses version %(ours)s "
                "(code %(our_code)s). All questions match, so the answers were imported.",
                file=file,
                theirs=marker.content_version,
                their_code=marker.code,
                ours=content.version,
                our_code=content.sha256[:10],
            )
        )
    return wb, specs, notices


def _looks_like_ours(name: str) -> bool:
    head = question_id_of(name)
    return head in {c[0].split(":")[0] for c in COVER_FIELDS} or (
        len(head) >= 3 and head[0] in "dq" and head[1:3].isdigit()
    )


class FieldWhere:
    """Problems of a workbook's form fields: `file: field: message`."""

    def __init__(self, file: str) -> None:
        self.file, self.fields = file, {}

    def note(self, path: tuple, name: str) -> None:
        self.fields[path] = name

    def problem(self, path: tuple, message: str) -> Problem:
        key = tuple(path)
        while key and key not in self.fields:
            key = key[:-1]
        return Problem(self.file, message, path=self.fields.get(key, ""))


def _marker_of(fields: dict, metadata: dict, file: str) -> Marker:
    """The workbook's marker, after saying in words why a PDF without fields or marker is no workbook."""
    marker = parse_marker(_text(metadata.get(METADATA_KEY)))
    if marker is None and MARKER_FIELD in fields:
        marker = parse_marker(_text(fields[MARKER_FIELD].get("/V")))
    if not fields:
        if marker is not None:
            if marker.fillable:
                raise _fail(
                    _(
                        "%(file)s: the form fields are gone; the PDF reader probably 'flattened' the form (for "
                        "example via 'Print to PDF'). Save the workbook with 'Save' instead of printing.",
                        file=file,
                    )
                )
            raise _fail(
                _(
                    "%(file)s: this is a workbook for printing, without form fields. Make a fillable workbook with "
                    "`m2w workbook --fillable`, or enter the answers with `m2w assess`.",
                    file=file,
                )
            )
        raise _fail(
            _(
                "%(file)s: this PDF has no form fields. Read in the fillable workbook made with `m2w workbook "
                "--fillable`.",
                file=file,
            )
        )
    if marker is None:
        raise _fail(
            _(
                "%(file)s: this PDF was not made by m2w (it carries no m2w marker). Only read in workbooks made by "
                "`m2w workbook --fillable`.",
                file=file,
            )
        )
    return marker


def _field_values(wb: Workbook, specs: dict, fields: dict, file: str) -> tuple[dict[str, str | None], list[Problem]]:
    """What each field holds (None when blank), and the problems of every field at once."""
    values: dict[str, str | None] = {}
    problems = []
    for name, spec in specs.items():
        if name == MARKER_FIELD:
            continue
        entry = fields[name]
        raw = _text(entry.get("/V"))
        if spec.kind != "choice":
            values[name] = raw or None  # its length is checked with the rules
        elif entry.get("/FT") not in (None, "/Ch"):
            message = _("no longer a drop-down list; the file was changed by another program")
            problems.append(Problem(file, message, path=name))
        else:
            try:
                values[name] = _choice_value(spec, raw, wb.blank_choice)
            except ValueError as exc:
                problems.append(Problem(file, str(exc), path=name))
    return values, problems


def read_workbook(path: Path | str, content) -> ImportResult:
    """Read one filled-in fillable workbook into Answers; raise WorkbookImportError listing every
    problem when it cannot be trusted."""
    path = Path(path)
    file = str(path)
    fields, metadata = _open_pdf(path)
    marker = _marker_of(fields, metadata, file)
    wb, specs, notices = _check_fields(content, marker, fields, file)
    values, problems = _field_values(wb, specs, fields, file)
    try:
        answers = answers_from_values(wb, values, content, file)
    except AnswersProblems as exc:
        problems += exc.problems
    if problems:
        raise WorkbookImportError("\n".join(str(p) for p in problems))
    if not any(values.values()):  # an answers file of nothing would only hide the slip
        message = _("%(file)s: nothing is filled in. Was the workbook saved after filling it in? (Some PDF "
                    "readers only keep what was typed with 'Save as'.)", file=file)  # fmt: skip
        raise WorkbookImportError(message)
    answers.extra["imported_from"] = path.name
    question_ids = tuple(q.id for d in wb.dimensions for q in d.questions)
    empty = tuple(qid for qid in question_ids if values.get(qid) is None)
    open_how_well = tuple(
        q.id
        for q in (content.questions[qid][1] for qid in question_ids if qid in content.questions)
        if (a := answers.answers.get(q.id)) is not None and a.how_well is None and wants_how_well(content, q, a.value)
    )
    return ImportResult(path, answers, marker, question_ids, empty, notices, open_how_well)


def _workbook_data(wb: Workbook, values: dict[str, str | None], where: FieldWhere) -> dict:
    """The answers-file shape of what was filled in (only what was), each key with its field."""
    data: dict = {"answers": {}, "dimensions": {}}
    for name, _label, section, key in COVER_FIELDS:
        data.setdefault(section, {})[key] = values.get(name) or ""
        where.note((section, key), name)
    for d in wb.dimensions:
        for q in d.questions:
            given = _question_data(q, values, where)
            if given:
                data["answers"][q.id] = given
        given = _dimension_data(d, values, where)
        if given:
            data["dimensions"][d.short_id] = given
    return data


def _question_data(q, values: dict, where: FieldWhere) -> dict:  # noqa: ANN001 - a WorkbookQuestion
    value, text = values.get(q.rating.name), values.get(q.note.name) or ""
    how_well = values.get(q.how_well.name) if q.how_well else None
    if value is None and how_well is None and not text:
        return {}
    kind = "evidence" if q.note.name.endswith(":evidence") else "note"
    where.note(("answers", q.id), q.rating.name)
    where.note(("answers", q.id, kind), q.note.name)
    if q.how_well:
        where.note(("answers", q.id, "how_well"), q.how_well.name)
    return {"value": value, "how_well": how_well, kind: text}


def _dimension_data(d, values: dict, where: FieldWhere) -> dict:  # noqa: ANN001 - a WorkbookDimension
    path = ("dimensions", d.short_id)
    reflections = [values.get(r.name) or "" for r in d.reflections]
    actions = []
    for row in d.actions:
        if any(values.get(n) for n in (row.what, row.who, row.when)):
            at = path + ("actions", len(actions))
            where.note(at, row.what)
            parts = (("what", row.what), ("who", row.who), ("when", row.when))
            for part, name in parts:
                where.note(at + (part,), name)
            actions.append({part: values.get(name) or "" for part, name in parts})
    data = {}
    for key, field_ in (("importance", d.importance), ("target", d.target)):
        if field_ is not None:  # a quick scan asks neither
            data[key] = values.get(field_.name)
            where.note(path + (key,), field_.name)
    for i, r in enumerate(d.reflections):
        where.note(path + ("reflections", i), r.name)
    if any(reflections):
        data["reflections"] = reflections
    if actions:
        data["actions"] = actions
    return data if any(v for v in data.values()) else {}


def answers_from_values(wb: Workbook, values: dict[str, str | None], content, file: str = "") -> Answers:
    """Answers holding exactly what was filled in (field name -> value, None for blank), through the
    one answers schema and the content rules, as every other way in: AnswersProblems lists every
    problem, each with its field (a "how well" rating on a criterion answered "no", say)."""
    where = FieldWhere(file or wb.title)
    model, problems = check_file(_workbook_data(wb, values, where), where, IMPORT)
    if model is not None:
        imported, problems = check_import(model, content, where, complete=False, unknown_keys=False)
    if problems:
        raise AnswersProblems(problems)
    answers = Answers(language=wb.lang, content_version=content.version, content_sha256=content.sha256)
    answers.scope = {"module": wb.marker.module, "only": list(wb.marker.only)} | (
        {"quick": True} if wb.marker.quick else {}
    )
    apply_import(imported, answers)
    return answers


def read_workbooks(paths: list[Path], content) -> list[ImportResult]:
    """Read several workbooks (one respondent each); report every unreadable one together."""
    results, problems = [], []
    for path in paths:
        try:
            results.append(read_workbook(path, content))
        except WorkbookImportError as exc:
            problems.append(exc.message)
    if problems:
        if len(paths) > 1:
            problems.append(_("%(n)s workbook(s) could not be read; nothing was written.", n=len(problems)))
        else:  # as every other way in ends a list of problems: the user knows no file was made
            problems.append(_("Nothing was written."))
        raise WorkbookImportError("\n".join(problems))
    return results
