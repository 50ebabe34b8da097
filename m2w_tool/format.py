"""How numbers, dates and names are shown to people: one rule each, for every document and face."""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from functools import lru_cache

from babel import Locale, UnknownLocaleError


@lru_cache(maxsize=16)
def babel_locale(lang: str) -> Locale:
    """Babel's locale for `lang`; a language Babel does not know (a new catalogue) reads as English."""
    try:
        return Locale.parse(lang)
    except (ValueError, UnknownLocaleError):
        return Locale.parse("en")


def long_date(day: date, lang: str) -> str:
    """`24 november 2026` / `24 November 2026`: day, month written out, year."""
    from babel.dates import format_date

    return format_date(day, "d MMMM y", locale=babel_locale(lang))


def language_name(code: str, lang: str) -> str:
    """The name of language `code` written in `lang` (`nl` in English: Dutch); the code if unknown."""
    try:
        return Locale.parse(code).get_display_name(babel_locale(lang)) or code
    except (ValueError, UnknownLocaleError):
        return code


def slug(text: str, limit: int = 50) -> str:
    """A file-name-safe form of a name: `Brugwerk Gentbrugge` -> `brugwerk-gentbrugge`.

    Accents on Latin letters are dropped (`Één` -> `een`); letters of other scripts are kept
    (`й` stays `й`, Arabic stays Arabic), so every name still gets its own, readable file name.
    Anything that is not a letter or digit becomes one hyphen. Empty when nothing is left."""

    def plain(ch: str) -> str:  # é -> e, but й stays й (its breve makes it another letter)
        base = unicodedata.normalize("NFKD", ch)
        return "".join(c for c in base if c.isascii()) if base[:1].isascii() else ch

    name = unicodedata.normalize("NFC", text.lower())
    return re.sub(r"[\W_]+", "-", "".join(plain(ch) for ch in name)).strip("-")[:limit].strip("-")
