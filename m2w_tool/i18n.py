"""Languages and interface messages. Every message a user reads exists in Dutch and English.

Each module keeps its own small `Catalog` next to the code that uses it, so a message and the
place it is shown stay together; a test checks every catalogue is complete in both languages.
"""

from __future__ import annotations

import os
from contextvars import ContextVar

LANGS = ("nl", "en")
DEFAULT_LANG = "nl"
ENV_VAR = "M2W_LANG"

_ALL_CATALOGS: list[Catalog] = []
_CURRENT: ContextVar[str | None] = ContextVar("m2w_lang", default=None)


def env_lang() -> str:
    """The language from M2W_LANG when it names a known language, else Dutch."""
    value = os.environ.get(ENV_VAR, "").strip().lower()
    return value if value in LANGS else DEFAULT_LANG


def set_lang(lang: str) -> None:
    """Make `lang` the language of messages raised deep inside (validation, file errors)."""
    _CURRENT.set(lang if lang in LANGS else DEFAULT_LANG)


def current_lang() -> str:
    """The language chosen by the running command (--lang), else M2W_LANG, else Dutch."""
    return _CURRENT.get() or env_lang()


class Catalog:
    """Messages keyed by a short name, each a (Dutch, English) pair with `{name}` placeholders."""

    def __init__(self, messages: dict[str, tuple[str, str]]) -> None:
        self.messages = messages
        _ALL_CATALOGS.append(self)

    def __call__(self, key: str, lang: str | None = None, /, **values: object) -> str:
        """The message `key` in `lang` (default: the current language), placeholders filled."""
        lang = lang or current_lang()
        nl, en = self.messages[key]
        text = en if lang == "en" else nl
        return text.format(**values) if values else text


def all_catalogs() -> list[Catalog]:
    """Every catalogue created so far (for the completeness test)."""
    return list(_ALL_CATALOGS)


def pick(text: dict[str, str] | object, lang: str) -> str:
    """The text of a bilingual `{nl, en}` value in `lang` (content texts are always complete)."""
    if isinstance(text, dict):
        return text.get(lang) or text.get(DEFAULT_LANG) or ""
    return getattr(text, lang)
