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

from m2w_tool.answers import MAX_TEXT, NA, Action, Answer, Answers, megabytes, text_too_long
from m2w_tool.errors import M2WError
from m2w_tool.i18n import _
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

    @property
    def total(self) -> int:
        return len(self.question_ids)

    @property
    def answered(self) -> int:
        return self.total - len(self.empty)

    @property
    def not_applicable(self) -> int:
        return sum(1 for a in self.answers.answers.values() if a.value == NA)

    def empty_by_dimension(self) -> dict[str, tuple[int, list[str]]]:
        """Per dimension short id: (questions in it, the empty ones), for dimensions with any empty."""
        out: dict[str, tuple[int, list[str]]] = {}
        for qid in self.question_ids:
            dim = qid.split("-", 1)[0]
            total, empty = out.get(dim, (0, []))
            out[dim] = (total + 1, empty + ([qid] if qid in self.empty else []))
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
        raise _fail(_("%(file)s: cannot read the file: %(reason)s", file=file, reason=exc.strerror or exc)) from exc
    if b"%PDF-" not in data[:1024]:
        raise _fail(_("%(file)s: this is not a PDF file. Read in the fillable workbook made with `m2w workbook --fillable`.", file=file))
    # pypdf repairs a cut-off file silently and would hand back whatever fields survived. A whole
    # PDF ends with %%EOF (perhaps followed by a line break or padding); looking only near the very
    # end matters, because a saved form usually holds an earlier %%EOF before the reader's update.
    if b"%%EOF" not in data.rstrip(b"\x00\r\n\t\f ")[-64:]:
        raise _fail(_("%(file)s: the PDF is incomplete (cut off while downloading, copying or saving). Save the workbook again from your PDF reader and try once more.", file=file))
    try:
        with _quiet("pypdf"):
            return _fields_and_metadata(PdfReader, data, file)
    except WorkbookImportError:
        raise
    except DependencyError as exc:  # AES without its crypto library: still a locked file to the user
        raise _fail(_("%(file)s: the PDF is protected with a password. Save a copy without protection (in your PDF reader, turn the security off; 'Print to PDF' does not keep the answers) and read that in.", file=file)) from exc
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError) as exc:
        raise _fail(_("%(file)s: the PDF is damaged and cannot be read (%(reason)s). Save the workbook again from your PDF reader.", file=file, reason=type(exc).__name__)) from exc


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
            raise _fail(_("%(file)s: the PDF is protected with a password. Save a copy without protection (in your PDF reader, turn the security off; 'Print to PDF' does not keep the answers) and read that in.", file=file))
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


def _choice_value(spec, raw: str, file: str) -> str | None:
    """The option a drop-down holds: its export value, or the value of its visible label."""
    if raw == "":
        return None
    for choice in spec.choices:
        if raw == choice.value:
            return choice.value
    for choice in spec.choices:  # some readers store the text shown instead of the export value
        if raw.casefold() in (choice.label.casefold(), choice.caption.casefold()):
            return choice.value
    choices = ", ".join(c.value for c in spec.choices)
    raise _fail(_("%(file)s: field %(name)s holds '%(value)s', which is none of its choices (%(choices)s).", file=file, name=spec.name, value=raw[:40], choices=choices))


def _number(value: str) -> int | float | str:
    if value == NA:
        return NA
    try:
        number = float(value)
    except ValueError:
        return value
    return int(number) if number.is_integer() else number


def _expected_workbook(content, marker: Marker) -> tuple[Workbook, list[str]]:
    """The workbook the marker describes, built from the content in use, and ids it names that are unknown."""
    unknown = [key for key in marker.only if content.find(key) is None]
    known = [key for key in marker.only if content.find(key) is not None]
    if marker.only and not known:
        dims = []
    else:
        dims = content.select(marker.module, known)
    wb = build_workbook(content, dims, lang=marker.lang, fillable=True, module=marker.module, only=known, quick=marker.quick)
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
            _("%(file)s: this workbook was made from other content (version %(theirs)s, code %(their_code)s) than the content m2w uses now (version %(ours)s, code %(our_code)s).", file=file, theirs=marker.content_version, their_code=marker.code, ours=content.version, our_code=content.sha256[:10])
        ]
        if only_pdf:
            lines.append(_("  Only in the workbook: %(ids)s", ids=_listed(only_pdf)))
        if only_content:
            lines.append(_("  Only in the content: %(ids)s", ids=_listed(only_content)))
        lines.append(_("  Read it in with the content it was made from (--content DIR), or make a new workbook."))
        raise WorkbookImportError("\n".join(lines))
    if only_content:  # same content, fields gone: the file was cut or edited by another program
        missing = sorted(expected - present)
        raise _fail(_("%(file)s: form fields are missing (%(ids)s). The file is incomplete or was changed by another program.", file=file, ids=_listed(missing)))
    notices = []
    if not same_content:
        notices.append(
            _("%(file)s: made with content version %(theirs)s (code %(their_code)s); m2w now uses version %(ours)s (code %(our_code)s). All questions match, so the answers were imported.", file=file, theirs=marker.content_version, their_code=marker.code, ours=content.version, our_code=content.sha256[:10])
        )
    return wb, specs, notices


def _looks_like_ours(name: str) -> bool:
    head = question_id_of(name)
    return head in {c[0].split(":")[0] for c in COVER_FIELDS} or (
        len(head) >= 3 and head[0] in "dq" and head[1:3].isdigit()
    )


def read_workbook(path: Path | str, content) -> ImportResult:
    """Read one filled-in fillable workbook into Answers; raise WorkbookImportError when it cannot be trusted."""
    path = Path(path)
    file = str(path)
    fields, metadata = _open_pdf(path)
    marker = parse_marker(_text(metadata.get(METADATA_KEY)))
    if marker is None and MARKER_FIELD in fields:
        marker = parse_marker(_text(fields[MARKER_FIELD].get("/V")))
    if not fields:
        if marker is not None:
            if marker.fillable:
                raise _fail(_("%(file)s: the form fields are gone; the PDF reader probably 'flattened' the form (for example via 'Print to PDF'). Save the workbook with 'Save' instead of printing.", file=file))
            raise _fail(_("%(file)s: this is a workbook for printing, without form fields. Make a fillable workbook with `m2w workbook --fillable`, or enter the answers with `m2w assess`.", file=file))
        raise _fail(_("%(file)s: this PDF has no form fields. Read in the fillable workbook made with `m2w workbook --fillable`.", file=file))
    if marker is None:
        raise _fail(_("%(file)s: this PDF was not made by m2w (it carries no m2w marker). Only read in workbooks made by `m2w workbook --fillable`.", file=file))
    wb, specs, notices = _check_fields(content, marker, fields, file)

    values: dict[str, str | None] = {}
    for name, spec in specs.items():
        if name == MARKER_FIELD:
            continue
        entry = fields[name]
        raw = _text(entry.get("/V"))
        if spec.kind == "choice":
            if entry.get("/FT") not in (None, "/Ch"):
                raise _fail(_("%(file)s: field %(name)s is no longer a drop-down list; the file was changed by another program.", file=file, name=name))
            values[name] = _choice_value(spec, raw, file)
        else:
            if len(raw) > MAX_TEXT:
                raise WorkbookImportError(f"{file}: " + text_too_long(_("Field %(name)s", name=name), len(raw)))
            values[name] = raw or None
    answers = answers_from_values(wb, values, content)
    answers.extra["imported_from"] = path.name
    question_ids = tuple(q.id for d in wb.dimensions for q in d.questions)
    empty = tuple(qid for qid in question_ids if values.get(qid) is None)
    return ImportResult(path, answers, marker, question_ids, empty, notices)


def answers_from_values(wb: Workbook, values: dict[str, str | None], content) -> Answers:
    """Answers holding exactly what was filled in: field name -> value (None for blank)."""
    answers = Answers()
    answers.language = wb.lang
    answers.content_version = content.version
    answers.content_sha256 = content.sha256
    answers.scope = {"module": wb.marker.module, "only": list(wb.marker.only)} | ({"quick": True} if wb.marker.quick else {})
    for name, _label, section, key in COVER_FIELDS:
        getattr(answers, section)[key] = values.get(name) or ""
    for d in wb.dimensions:
        for q in d.questions:
            value = values.get(q.rating.name)
            how_well = values.get(q.how_well.name) if q.how_well else None
            text = values.get(q.note.name) or ""
            if value is None and how_well is None and not text:
                continue
            answer = Answer(
                value=_number(value) if value is not None else None,
                how_well=_number(how_well) if how_well is not None else None,
            )
            if q.note.name.endswith(":evidence"):
                answer.evidence = text
            else:
                answer.note = text
            answers.answers[q.id] = answer
        importance = values.get(d.importance.name) if d.importance else None  # a quick scan asks neither
        target = values.get(d.target.name) if d.target else None
        reflections = [values.get(r.name) or "" for r in d.reflections]
        actions = [
            Action(values.get(row.what) or "", values.get(row.who) or "", values.get(row.when) or "")
            for row in d.actions
            if any(values.get(n) for n in (row.what, row.who, row.when))
        ]
        if importance is None and target is None and not any(reflections) and not actions:
            continue
        dim = answers.dimension(d.id)
        dim.importance = int(importance) if importance is not None else None
        dim.target = target
        dim.reflections = reflections if any(reflections) else []
        dim.actions = actions
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
        raise WorkbookImportError("\n".join(problems))
    return results
