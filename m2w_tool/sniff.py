"""What kind of file this is, from its first bytes and its name, so a wrong file gets friendly words.

People hand m2w the file nearest to hand: the PDF of a workbook to `m2w report`, the team's
spreadsheet, a Word document, an empty file, a README. Each command that reads a file asks
`wrong_file` before parsing; it says what the file is and which command reads it instead.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from m2w_tool.i18n import _

HEAD_BYTES = 4096

PDF, XLSX, XLS, ODS, WORD, ZIP, EMPTY, CSV, BINARY, TEXT = (
    "pdf", "xlsx", "xls", "ods", "word", "zip", "empty", "csv", "binary", "text",
)  # fmt: skip

_WORD_SUFFIXES = (".doc", ".docx", ".odt", ".rtf", ".pages")
_CSV_SUFFIXES = (".csv", ".tsv")


def head_of(path: Path) -> bytes:
    """The first bytes of a file ('' when it cannot be read: the reader says why in its own words)."""
    try:
        with open(path, "rb") as fh:
            return fh.read(HEAD_BYTES)
    except OSError:
        return b""


def kind_of(head: bytes, name: str, size: int | None = None) -> str:
    """PDF, XLSX, XLS, ODS, WORD, ZIP, EMPTY, CSV, BINARY or TEXT (anything else that reads as text)."""
    suffix = Path(name).suffix.lower()
    if not head.strip(b" \t\r\n\x00\xef\xbb\xbf"):
        return EMPTY if not size or size <= len(head) else BINARY
    if head.startswith(b"%PDF-") or b"%PDF-" in head[:1024]:
        return PDF
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(head, suffix)
    if head.startswith(b"\xd0\xcf\x11\xe0"):  # the old Office format
        return WORD if suffix in _WORD_SUFFIXES else XLS
    if head.startswith(b"{\\rtf"):
        return WORD
    if not head.startswith(UTF16_BOMS) and _controls(head) > max(16, len(head) // 10):
        return BINARY  # a stray control character is the text reader's business, not a verdict
    return CSV if suffix in _CSV_SUFFIXES else TEXT


UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")  # "Unicode text" as Excel saves it


_CONTROL_BYTES = bytes(b for b in range(32) if b < 9 or b > 13)


def _controls(head: bytes) -> int:
    return len(head) - len(head.translate(None, _CONTROL_BYTES))


def _zip_kind(head: bytes, suffix: str) -> str:
    # An Office file is a zip whose first entries name it; the head holds the first file names.
    if b"word/" in head or suffix in (".docx", ".odt") or b"opendocument.text" in head:
        return WORD
    if b"xl/" in head or suffix in (".xlsx", ".xlsm"):
        return XLSX
    if b"opendocument.spreadsheet" in head or suffix == ".ods":
        return ODS
    return ZIP


def kind_of_file(path: Path) -> str:
    """`kind_of` for a file on disk; a zip is looked into when its first entries do not say."""
    head = head_of(path)
    try:
        size = path.stat().st_size
    except OSError:
        size = None
    kind = kind_of(head, path.name, size)
    if kind == ZIP:
        kind = _zip_members_kind(path)
    return kind


def _zip_members_kind(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()[:200]
    except (OSError, zipfile.BadZipFile, ValueError):
        return ZIP
    if any(n.startswith("word/") for n in names):
        return WORD
    return XLSX if any(n.startswith("xl/") for n in names) else ZIP


def is_xlsx(data: bytes) -> bool:
    """Whether `data` is a zip holding a spreadsheet (xlsx)."""
    if not data.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return any(n.startswith("xl/") for n in archive.namelist()[:200])
    except (zipfile.BadZipFile, ValueError):
        return False


# --- the words (each says what the file is, then what to do; the caller puts the file name first) -------


def wrong_answers_file(file: str, kind: str) -> str | None:
    """What to say when `file`, given where an answers file (.yaml) belongs, is of `kind`; None
    when it may well be one (YAML is text)."""
    if kind == PDF:
        return _(
            "this is a PDF, not an answers file. A filled-in fillable workbook becomes an answers file "
            "with `m2w import %(file)s`; then use that file.",
            file=file,
        )
    if kind in (CSV, XLSX):
        return _(
            "this is a spreadsheet, not an answers file. Read it into one with "
            "`m2w assess answers.yaml --from %(file)s`, then use answers.yaml.",
            file=file,
        )
    if kind in (XLS, ODS):
        return _(
            "this is a spreadsheet in a format m2w does not read. Save it as .xlsx (Excel workbook) or "
            "CSV UTF-8, then read it in with `m2w assess answers.yaml --from FILE`."
        )
    return _unreadable(kind)


def wrong_source(file: str, kind: str) -> str | None:
    """What to say when `file`, given to `m2w assess --from`, is of `kind`; None when m2w reads it."""
    if kind == PDF:
        return _("this is a PDF. A filled-in fillable workbook is read with `m2w import %(file)s`.", file=file)
    if kind in (XLS, ODS):
        return _(
            "this is a spreadsheet in a format m2w does not read. Save it as .xlsx (Excel workbook) or "
            "CSV UTF-8 and read that in."
        )
    return _unreadable(kind)


def wrong_workbook(file: str, kind: str) -> str | None:
    """What to say when `file`, given to `m2w import` (a filled-in PDF workbook), is of `kind`."""
    if kind in (CSV, XLSX, XLS, ODS):
        return _(
            "this is a spreadsheet, not a PDF workbook. Read a spreadsheet in with "
            "`m2w assess answers.yaml --from %(file)s`.",
            file=file,
        )
    if kind == TEXT and Path(file).suffix.lower() in (".yaml", ".yml"):
        return _("this is not a PDF file but an answers file: make its report with `m2w report %(file)s`.", file=file)
    return _unreadable(kind) if kind != PDF else None


def _unreadable(kind: str) -> str | None:
    if kind == WORD:
        return _(
            "this is a Word document. m2w reads answers files (.yaml) made by `m2w assess`, "
            "`m2w import` or `m2w serve`, and spreadsheets with `m2w assess --from`."
        )
    if kind == EMPTY:
        return _(
            "the file is empty. An answers file is made by `m2w assess` (or `m2w import`, `m2w serve`); "
            "perhaps it was not saved, or this is the wrong file."
        )
    if kind in (ZIP, BINARY):
        return _("this is not a file m2w can read (it holds binary data). Is this the right file?")
    return None


def plain_text() -> str:
    """What to say when a text file that should be an answers file holds prose (a README, a note)."""
    return _(
        "this holds plain text, not answers. An answers file is made by `m2w assess` (or `m2w import`, "
        "`m2w serve`) and starts with the line 'm2w_answers: 1'."
    )


def where(kind: str) -> int | None:
    """The line a message about a file of `kind` points at: 1 for text (it was read), else none."""
    return 1 if kind in (EMPTY, TEXT, CSV) else None
