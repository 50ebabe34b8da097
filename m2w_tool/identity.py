"""Identity rules: when two answers files are about the same initiative, and which file is a group's.

Used by merging, history, the portfolio and its exports, so each asks the same question the same way.
"""

from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from m2w_tool.answers import Answers

GROUP_KEY = "group"  # the key under which a merged file (m2w merge) keeps its group data


def normalise(text: str) -> str:
    """Compare names the way people mean them: case, accents, punctuation and spacing ignored.

    A comparison key, never a file name (see format.file_stem): every mark is dropped here, so
    `Één` and `een`, or an Arabic name with and without its vowel signs, are the same name.
    """
    decomposed = unicodedata.normalize("NFKD", text or "")
    kept = "".join(c if c.isalnum() else " " for c in decomposed if not unicodedata.combining(c))
    return " ".join(kept.casefold().split())


def same_person(a: str, b: str) -> bool:
    """Whether two typed names name the same person: case, spacing and Unicode forms aside (but not
    accents: `Zoë` and `Zoe` may be two people in one team, where an initiative's name is one)."""

    def norm(name: str) -> str:
        return " ".join(unicodedata.normalize("NFKC", name).casefold().split())

    return norm(a) == norm(b)


def initiative_key(answers: Answers) -> tuple[str, str]:
    """What makes two answers files about the same initiative: its name and organisation."""
    return normalise(answers.initiative.get("name", "")), normalise(answers.initiative.get("organisation", ""))


def is_group_file(answers: Answers) -> bool:
    """Whether `answers` was made by `m2w merge` (it holds the respondents' group data)."""
    return GROUP_KEY in answers.extra
