"""Languages and interface text, as gettext catalogues (`m2w_tool/locales/<lang>/LC_MESSAGES/m2w.mo`).

Message ids are English `%`-format strings (`"Cannot write %(path)s: %(reason)s"`), translated and
then always formatted, also without values (so a literal percent sign is written `%%`).

Two kinds of language:
- the *interface* language, ambient: set once per command (`set_lang`), read by `_()` everywhere;
- a *document* language (report, workbook, portfolio): passed explicitly, read by `tr(lang, ...)`.

A language is a folder of compiled catalogues: a third one is a translation job only. Catalogues
are searched in the packaged `locales/` and then in the folders listed in `M2W_LOCALES`.
"""

from __future__ import annotations

import gettext
import os
from contextvars import ContextVar
from functools import lru_cache
from pathlib import Path

DOMAIN = "m2w"
DEFAULT_LANG = "nl"
ENV_VAR = "M2W_LANG"
LOCALES_VAR = "M2W_LOCALES"
LOCALE_DIR = Path(__file__).parent / "locales"

_CURRENT: ContextVar[str | None] = ContextVar("m2w_lang", default=None)


def locale_dirs() -> list[Path]:
    """The packaged catalogue folder, then any extra ones from M2W_LOCALES (os.pathsep-separated)."""
    extra = [Path(p) for p in os.environ.get(LOCALES_VAR, "").split(os.pathsep) if p.strip()]
    return [LOCALE_DIR, *extra]


def languages() -> tuple[str, ...]:
    """Every language with a compiled catalogue: Dutch and English first, then the others by code."""
    return _languages(tuple(locale_dirs()))


@lru_cache(maxsize=8)
def _languages(dirs: tuple[Path, ...]) -> tuple[str, ...]:
    found = {
        entry.name
        for folder in dirs
        if folder.is_dir()
        for entry in folder.iterdir()
        if (entry / "LC_MESSAGES" / f"{DOMAIN}.mo").is_file()
    }
    first = [lang for lang in ("nl", "en") if lang in found]
    return (*first, *sorted(found - set(first)))


def known(lang: str | None) -> str | None:
    """`lang` in lower case when a catalogue exists for it, else None."""
    lang = (lang or "").strip().lower()
    return lang if lang in languages() else None


def env_lang() -> str:
    """The language from M2W_LANG when it names a known language, else Dutch."""
    return known(os.environ.get(ENV_VAR)) or DEFAULT_LANG


def set_lang(lang: str | None) -> None:
    """Make `lang` the interface language of this command (messages, prompts, help)."""
    _CURRENT.set(known(lang) or DEFAULT_LANG)


def current_lang() -> str:
    """The interface language: the one set for this command, else M2W_LANG, else Dutch."""
    return _CURRENT.get() or env_lang()


def translation(lang: str) -> gettext.NullTranslations:
    """The catalogue of `lang` (English message ids pass through where it has no translation)."""
    return _translation(lang, tuple(locale_dirs()))


@lru_cache(maxsize=16)
def _translation(lang: str, dirs: tuple[Path, ...]) -> gettext.NullTranslations:
    result: gettext.NullTranslations = gettext.NullTranslations()
    # The last folder wins, so an extra catalogue can correct a packaged one.
    for folder in dirs:
        try:
            found = gettext.translation(DOMAIN, localedir=folder, languages=[lang])
        except OSError:
            continue
        found.add_fallback(result)
        result = found
    return result


def tr(lang: str, message: str, /, **values: object) -> str:
    """`message` in the document language `lang`, with its `%(name)s` placeholders filled."""
    return translation(lang).gettext(message) % values


def trn(lang: str, singular: str, plural: str, n: int, /, **values: object) -> str:
    """The singular or plural form for `n` in `lang`; `n` is available as `%(n)s`."""
    return translation(lang).ngettext(singular, plural, n) % {"n": n, **values}


def _(message: str, /, **values: object) -> str:
    """`message` in the interface language, with its `%(name)s` placeholders filled."""
    return tr(current_lang(), message, **values)


def ngettext(singular: str, plural: str, n: int, /, **values: object) -> str:
    """The singular or plural form for `n` in the interface language."""
    return trn(current_lang(), singular, plural, n, **values)


def N_(message: str, /) -> str:
    """Mark `message` for the catalogue without translating it now (help texts, labels in tables)."""
    return message


def pick(text: dict[str, str] | object, lang: str) -> str:
    """The text of a bilingual `{nl, en}` content value in `lang`; other languages read English."""
    key = lang if lang in ("nl", "en") else "en"
    if isinstance(text, dict):
        return text.get(key) or text.get(DEFAULT_LANG) or ""
    return getattr(text, key)
