"""Text that came from users or files, made harmless where m2w shows it: in a terminal, in a
spreadsheet cell and on a web page.

- A terminal obeys control characters: ESC starts sequences that can set the window title (OSC 0),
  write the clipboard (OSC 52), move the cursor or clear the screen; C1 controls do the same on
  some terminals; a carriage return overwrites the line; bidirectional overrides make a text read
  differently from what it holds. `terminal()` writes them out as visible escapes (`\\x1b`).
- A spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` as a formula (`=HYPERLINK(...)`,
  DDE calls such as `=cmd|'/c calc'!A1`). `cell()` keeps only numbers m2w computed as numbers and
  turns everything else into text that no spreadsheet program evaluates.
- HTML has no use for NUL, ESC and their kind: `printable()` replaces them.
"""

from __future__ import annotations

import math
import re

# C0 controls but tab and line feed, DEL, C1 controls, the bidirectional embeddings, overrides and
# isolates (U+202A-202E, U+2066-2069), and lone surrogates (undecodable bytes in a file name).
_UNSAFE = "\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff"
_TERMINAL = re.compile(f"[{_UNSAFE}]")
_TERMINAL_LINE = re.compile(f"[{_UNSAFE}\t\n]")
# What HTML and spreadsheets never get: the controls (tab, line feed and carriage return are
# ordinary white space there) and lone surrogates, which cannot even be written as UTF-8.
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
# How a cell starts when a spreadsheet program would take it for a formula (OWASP's list), also
# after leading white space, which some programs drop on import.
_FORMULA = re.compile(r"\A[\t\r\n\v\f ]*[=+\-@]|\A[\t\r]")
REPLACEMENT = "\ufffd"


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def terminal(text: object, *, one_line: bool = False) -> str:
    """`text` as a terminal may show it: control characters written out (`\\x1b`, `\\u202e`).

    Line breaks and tabs stay, unless `one_line` (a name inside a sentence must not start a line).
    """
    text = str(text)
    return (_TERMINAL_LINE if one_line else _TERMINAL).sub(_escape, text)


def printable(text: str) -> str:
    """`text` without control characters (NUL, ESC, ...) for HTML or a spreadsheet: each becomes U+FFFD."""
    return _CONTROLS.sub(REPLACEMENT, text) if _CONTROLS.search(text) else text


def is_formula(text: str) -> bool:
    """Whether a spreadsheet program could take `text` for a formula."""
    return bool(_FORMULA.match(text))


def cell(value: object) -> object:
    """A value as m2w writes it into a CSV or XLSX cell.

    Numbers (not booleans, finite) stay numbers: call this only on numbers m2w computed or checked.
    None stays an empty cell. Anything else becomes text without control characters, with an
    apostrophe in front when it could pass for a formula (`'=HYPERLINK(...)`), as spreadsheet
    programs themselves mark text typed with a leading `=`.
    """
    if value is None:
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        if isinstance(value, float) and not math.isfinite(value):
            return str(value)
        return value
    text = printable(str(value))
    return "'" + text if is_formula(text) else text
