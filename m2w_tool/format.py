"""How numbers, dates and names are shown to people: one rule each, for every document and face."""

from __future__ import annotations

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
