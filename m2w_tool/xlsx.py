"""A small, fast XLSX writer: rows streamed into the workbook's XML, only what m2w's exports use.

A portfolio of 10,000 initiatives is some ten million cells. openpyxl builds an XML element per
cell (about 25 µs each: two thirds of `m2w compare`'s time) and xlsxwriter, in constant-memory
mode, about 7 µs; both would take minutes. This writer formats each row as one string, numbers
as they are and text through the shared-strings table (a name repeated on 142 rows is stored
once), and deflates the sheets as they are written: about 1 µs a cell, and memory that does not
grow with the rows (only the distinct texts are kept).

What it writes is plain SpreadsheetML (ECMA-376) that Excel, LibreOffice, Numbers, openpyxl and
pandas read: sheets with a frozen header, column widths, an autofilter, wrapped or coloured cells
from a fixed list of styles (STYLES), and real dates (a day number with a date format). The same
rows give the same bytes (fixed time stamps in the archive), so two runs can be compared.

Cell values: None is an empty cell; an int or a finite float is a number; a `datetime.date` is
a date; anything else is text. The caller decides which values are numbers; text that could be
taken for a formula is stored as text with Excel's quote prefix (style `quote`), so it stays
text when someone edits the cell.
"""

from __future__ import annotations

import io
import math
import queue
import re
import threading
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from xml.sax.saxutils import escape

from m2w_tool.xlsx_parts import column_letter  # noqa: F401 - part of this module's names

# Characters XML 1.0 cannot hold (a control character pasted into a note would break the file) and
# the other controls: each becomes U+FFFD, as safetext.printable does for CSV and HTML.
_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
# How a cell starts when a spreadsheet program could take it for a formula, also after white space.
_FORMULA = re.compile(r"\A[\t\r\n\v\f ]*[=+\-@]|\A[\t\r]")
_EPOCH = date(1899, 12, 30).toordinal()  # day 0 of Excel's 1900 date system (with its leap-year quirk)
_STAMP = (1980, 1, 1, 0, 0, 0)  # every part of the archive: same rows, same bytes
MAX_ROWS = 1_048_576  # a sheet's limit in Excel
FLUSH_ROWS = 2000


@dataclass(frozen=True)
class Fill:
    """A coloured cell: its background and text colour (`#rrggbb`)."""

    background: str
    text: str


class _Deflater:
    """Compresses and stores the archive's parts on a thread of its own, in the order given: zlib
    lets go of the interpreter while it deflates, so the next rows are formatted meanwhile, on the
    other core (a third of the time of a big workbook was compression)."""

    def __init__(self) -> None:
        self._jobs: queue.Queue = queue.Queue(maxsize=32)  # bounds what waits: 32 chunks of rows
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="xlsx-deflate", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while (job := self._jobs.get()) is not None:
            if self._error is None:
                try:
                    job()
                except BaseException as exc:  # handed to the writer at finish()
                    self._error = exc

    def put(self, job) -> None:  # noqa: ANN001 - a callable without arguments
        self._jobs.put(job)

    def finish(self) -> None:
        self._jobs.put(None)
        self._thread.join()
        if self._error is not None:
            raise self._error


class Workbook:
    """A workbook being written: add sheets one after the other, then `finish()` for the bytes.

    `fills` are the coloured styles the sheets may use, by name (a level id, say); the fixed ones
    are "header" (bold, wrapped), "date", "quote" (text kept as text), "wrap", "title" and "bold".
    """

    FIXED = ("header", "date", "quote", "wrap", "title", "bold")

    def __init__(self, fills: dict[str, Fill] | None = None, *, title: str = "", created: str = "") -> None:
        self.fills = dict(fills or {})
        self.style = {name: i + 1 for i, name in enumerate(self.FIXED + tuple(self.fills))}
        self._buffer = io.BytesIO()
        self._zip = zipfile.ZipFile(self._buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1)
        self._deflater = _Deflater()
        self._strings: dict[str, int] = {}
        self._texts: dict[str, str] = {}  # a text as it is given -> the end of its cell's start tag
        self._sheets: list[tuple[str, str | None]] = []  # (title, autofilter range)
        self.title, self.created = title, created

    def _text_xml(self, text: str) -> str:
        """What follows `<c r="A1"` for a text cell (its style, type and shared-string index), made
        once per distinct text: text a spreadsheet could take for a formula gets the quote prefix."""
        clean = _clean(text)
        style = f' s="{self.style["quote"]}"' if _FORMULA.match(clean) else ""
        xml = self._texts[text] = f'{style} t="s"><v>{self.string(clean)}</v>'
        return xml

    def string(self, text: str) -> int:
        """The shared-string index of `text` (added when new)."""
        index = self._strings.get(text)
        if index is None:
            index = self._strings[text] = len(self._strings)
        return index

    def sheet(self, title: str, widths: Sequence[float] = (), *, freeze: tuple[int, int] = (1, 0),
              autofilter: bool = True) -> Sheet:  # fmt: skip
        """A new sheet, written as rows are added; close it (or use `with`) before the next one."""
        return Sheet(self, title, widths, freeze, autofilter)

    def _part(self, name: str, text: str) -> None:
        info = zipfile.ZipInfo(name, date_time=_STAMP)
        info.compress_type = zipfile.ZIP_DEFLATED
        data = text.encode("utf-8")
        self._deflater.put(lambda: self._zip.writestr(info, data, compresslevel=1))

    def finish(self) -> bytes:
        """The whole workbook as XLSX bytes."""
        from m2w_tool import xlsx_parts as parts

        self._part("xl/sharedStrings.xml", parts.shared_strings(self._strings))
        self._part("xl/styles.xml", parts.styles(self.fills))
        self._part("xl/workbook.xml", parts.workbook(self._sheets))
        self._part("xl/_rels/workbook.xml.rels", parts.workbook_rels(len(self._sheets)))
        self._part("[Content_Types].xml", parts.content_types(len(self._sheets)))
        self._part("_rels/.rels", parts.ROOT_RELS)
        self._part("docProps/core.xml", parts.core(self.title, self.created))
        self._part("docProps/app.xml", parts.APP)
        self._deflater.finish()
        self._zip.close()
        return self._buffer.getvalue()


class Sheet:
    """One sheet being written (see Workbook.sheet)."""

    def __init__(self, book: Workbook, title: str, widths: Sequence[float], freeze: tuple[int, int],
                 autofilter: bool) -> None:  # fmt: skip
        self.book, self.title, self.autofilter = book, title, autofilter
        self.rows = 0
        self.columns = 0
        self._letters = [column_letter(i) for i in range(1, 257)]
        info = zipfile.ZipInfo(f"xl/worksheets/sheet{len(book._sheets) + 1}.xml", date_time=_STAMP)
        info.compress_type = zipfile.ZIP_DEFLATED
        self._out = None
        self._pending: list[str] = []
        book._deflater.put(lambda: self._open(info))
        from m2w_tool import xlsx_parts as parts

        self._write(parts.sheet_start(freeze, widths))

    def _open(self, info: zipfile.ZipInfo) -> None:
        self._out = self.book._zip.open(info, "w")  # a sheet stays far below 2 GB: its rows are capped

    def _write(self, text: str) -> None:
        data = text.encode("utf-8")
        self.book._deflater.put(lambda: self._out.write(data))

    def row(self, values: Sequence[object], styles: Sequence[str | None] | str | None = None,
            height: float | None = None) -> None:  # fmt: skip
        """Add one row; `styles` names a style per value (or one for all), None for the default."""
        if self.rows >= MAX_ROWS:
            raise OverflowError(self.title)
        self.rows += 1
        r = self.rows
        if isinstance(styles, str) or styles is None:
            styles = [styles] * len(values)
        cells = [
            self._cell(self._letters[i], r, v, s)
            for i, (v, s) in enumerate(zip(values, styles, strict=False))
            if v is not None
        ]
        self.columns = max(self.columns, len(values))
        extra = f' ht="{height}" customHeight="1"' if height else ""
        self._pending.append(f'<row r="{r}"{extra}>{"".join(cells)}</row>')
        if len(self._pending) >= FLUSH_ROWS:
            self._flush()

    def plain_rows(self, rows: Iterable[Sequence[object]]) -> None:
        """Add many rows without styles (the big tables): the fast path."""
        letters, pending, texts = self._letters, self._pending, self.book._texts
        text_xml = self.book._text_xml
        width = self.columns
        for values in rows:
            if self.rows >= MAX_ROWS:
                raise OverflowError(self.title)
            self.rows += 1
            r = self.rows
            cells = []
            for i, v in enumerate(values):
                if v is None:
                    continue
                kind = type(v)
                if kind is int or (kind is float and math.isfinite(v)):
                    cells.append(f'<c r="{letters[i]}{r}"><v>{v!r}</v></c>')
                elif kind is str:
                    cells.append(f'<c r="{letters[i]}{r}"{texts.get(v) or text_xml(v)}</c>')
                else:
                    cells.append(self._cell(letters[i], r, v, None))
            width = max(width, len(values))
            pending.append(f'<row r="{r}">{"".join(cells)}</row>')
            if len(pending) >= FLUSH_ROWS:
                self._flush()
        self.columns = width

    def _cell(self, letter: str, r: int, value: object, style: str | None) -> str:
        s = f' s="{self.book.style[style]}"' if style else ""
        if isinstance(value, bool):
            value = str(value)
        if isinstance(value, int | float) and math.isfinite(value):
            return f'<c r="{letter}{r}"{s}><v>{value!r}</v></c>'
        if isinstance(value, date):
            s = f' s="{self.book.style[style or "date"]}"'
            return f'<c r="{letter}{r}"{s}><v>{value.toordinal() - _EPOCH}</v></c>'
        text = str(value)
        if style is None or style == "quote":
            return f'<c r="{letter}{r}"{self.book._texts.get(text) or self.book._text_xml(text)}</c>'
        return f'<c r="{letter}{r}"{s} t="s"><v>{self.book.string(_clean(text))}</v></c>'

    def _flush(self) -> None:
        if self._pending:
            self._write("".join(self._pending))
            self._pending.clear()

    def close(self) -> None:
        from m2w_tool import xlsx_parts as parts

        self._flush()
        reference = None
        if self.autofilter and self.rows and self.columns:
            reference = f"A1:{column_letter(self.columns)}{self.rows}"
        self._write(parts.sheet_end(reference))
        self.book._deflater.put(lambda: self._out.close())
        self.book._sheets.append((self.title, reference))

    def __enter__(self) -> Sheet:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _clean(text: str) -> str:
    return _ILLEGAL_XML.sub("\ufffd", text) if _ILLEGAL_XML.search(text) else text


__all__ = ["MAX_ROWS", "Fill", "Sheet", "Workbook", "column_letter", "escape"]
