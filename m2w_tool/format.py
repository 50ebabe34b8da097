"""How numbers, dates and names are shown to people: one rule each, for every document and face.

- Percents: a whole number rounded down (`whole_percent`), written the way the document's language
  writes a percent (CLDR through Babel: `63%` in Dutch and English, `63 %` in French).
- Decimals: the language's decimal sign (Babel): `3,6` in Dutch, `3.6` in English.
- Changes in percentage points: `+12`, `−3` (a real minus sign), `0`.
- Dates: day, month written out, year.
- File names: `file_stem`, one rule for every file m2w names after a person or an initiative.

Babel is imported when a number is first formatted, so importing this module stays cheap.
"""

from __future__ import annotations

import math
import re
import unicodedata
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from babel import Locale

MINUS = "\u2212"  # a real minus sign: a hyphen reads as a dash in running text
STEM_CHARS = 50  # characters in a file stem made from a name (before prefixes and suffixes)
STEM_BYTES = 120  # and bytes in UTF-8: Arabic takes 2 bytes a letter, CJK 3; file systems allow 255
# Device names Windows will not open as files, whatever the extension (`con.yaml` is the console).
WINDOWS_DEVICES = frozenset(
    {"con", "prn", "aux", "nul"} | {f"{kind}{n}" for kind in ("com", "lpt") for n in (*"0123456789", "¹", "²", "³")}
)


@lru_cache(maxsize=16)
def babel_locale(lang: str) -> Locale:
    """Babel's locale for `lang`; a language Babel does not know (a new catalogue) reads as English."""
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(lang)
    except (ValueError, UnknownLocaleError):
        return Locale.parse("en")


# --- numbers ---------------------------------------------------------------------------------------


def whole_percent(value: float) -> int:
    """A percent as the whole number people see: rounded down, 59.8 -> 59.

    Rounding to the nearest would show 60 beside the level "developing" (which ends below 60),
    and the report and the funders' portfolio must show the same number for the same score.
    The small tolerance keeps a computed 59.99999999 (really 60) from showing as 59.
    """
    return math.floor(value + 1e-9)


def percent(value: float | None, lang: str, empty: str = "–") -> str:
    """A score for people: `63%` (rounded down, in the language's spelling); `empty` for no score."""
    return empty if value is None else _percent_text(whole_percent(value), lang)


@lru_cache(maxsize=4096)
def _percent_text(whole: int, lang: str) -> str:
    from babel.numbers import format_percent

    return format_percent(Decimal(whole) / 100, locale=babel_locale(lang))


def decimal(value: float | None, lang: str, digits: int = 1, *, trim: bool = False, empty: str = "–") -> str:
    """A number with `digits` decimals and the language's decimal sign: `3,6` (nl), `3.6` (en).

    With `trim`, decimals that are zero are left out (`4`, not `4,0`): for means that are often whole.
    """
    if value is None:
        return empty
    from babel.numbers import format_decimal

    pattern = "0" + ("." + ("#" if trim else "0") * digits if digits > 0 else "")
    return format_decimal(value, format=pattern, locale=babel_locale(lang))


def count(n: int, lang: str) -> str:
    """A whole number with the language's thousands separator: `20,000` in English, `20.000` in Dutch."""
    from babel.numbers import format_decimal

    return format_decimal(n, locale=babel_locale(lang))


def signed_points(value: float | None, empty: str = "–") -> str:
    """A change in percentage points: `+12`, `−3` (a real minus sign) or `0`; `empty` without one."""
    if value is None:
        return empty
    points = round(value)
    return f"+{points}" if points > 0 else (f"{MINUS}{-points}" if points < 0 else "0")


# --- dates and languages -----------------------------------------------------------------------


def long_date(day: date, lang: str) -> str:
    """`24 november 2026` / `24 November 2026`: day, month written out, year."""
    from babel.dates import format_date

    return format_date(day, "d MMMM y", locale=babel_locale(lang))


def language_name(code: str, lang: str) -> str:
    """The name of language `code` written in `lang` (`nl` in English: Dutch); the code if unknown."""
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(code).get_display_name(babel_locale(lang)) or code
    except (ValueError, UnknownLocaleError):
        return code


# --- file names ------------------------------------------------------------------------------------


def file_stem(text: str, *, limit: int = STEM_CHARS) -> str:
    """A name made safe for a file name, still readable: `Brugwerk Gent` -> `brugwerk-gent`.

    The one rule for every file m2w names after a person or an initiative:
    - lower case; Latin letters lose their accents (`Één` -> `een`, `Şahin` -> `sahin`), letters of
      other scripts stay as they are (`й`, `مبادرة`), with the marks that belong to them;
    - every run of anything else (spaces, dots, slashes, `_`, symbols) becomes one `-`, and no `-`
      at either end: no hidden file, no path, no extension games, nothing that reads as an option;
    - invisible characters (bidirectional overrides, zero-width joiners, controls) are dropped;
    - at most `limit` characters and STEM_BYTES bytes, cut at a character;
    - a Windows device name (`con`, `lpt1`) gets a `_`, so the file opens on every system.
    Returns "" when nothing is left (`../..`, `☕`): the caller chooses the fallback name.
    """
    parts: list[str] = []
    for ch in unicodedata.normalize("NFC", text or ""):
        group = unicodedata.category(ch)[0]
        if group == "C":  # control, format (bidi, zero-width), surrogate, private or unassigned
            continue
        if group == "M":  # a mark NFC could not join to its letter (Arabic vowel signs, Devanagari)
            if parts and parts[-1] != "-":
                parts.append(ch)
        elif group in "LN":
            parts.append(_plain_letter(ch))
        else:
            parts.append("-")
    stem = re.sub("-{2,}", "-", "".join(parts)).strip("-")[:limit]
    while len(stem.encode("utf-8")) > STEM_BYTES:
        stem = stem[:-1]
    stem = stem.strip("-")
    return f"{stem}_" if stem in WINDOWS_DEVICES else stem


def _plain_letter(ch: str) -> str:
    """`é` -> `e`, `ﬁ` -> `fi`, `Ａ` -> `a`; a letter of another script (`й`, `ب`) stays itself."""
    base = unicodedata.normalize("NFKD", ch)
    if base[:1].isascii():
        return "".join(c for c in base if c.isascii() and c.isalnum()).lower()
    return ch.lower()


def slug(text: str, limit: int = STEM_CHARS) -> str:
    """The same rule as `file_stem`, under the name the library layer (api.py) uses."""
    return file_stem(text, limit=limit)
