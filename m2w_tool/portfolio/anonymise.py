"""Anonymisation: the names of initiatives, organisations and respondents replaced by codes.

`Names(items, anonymise=True)` gives every initiative a code (I-001), every organisation one
(O-001) and every respondent one (R-001), and `scrub` replaces each known name wherever it appears
in text (notes, reflections, actions), as written in any case; a person's first or last name alone
is found too, except parts that are everyday words (NAME_PARTICLES). Names the files never mention
as such (a colleague named only in a note) cannot be recognised; file names are never shown.
Codes follow a hash of the name, so they give away neither alphabetical nor file order.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Sequence

from m2w_tool.answers import Answers
from m2w_tool.merge import group_respondents
from m2w_tool.portfolio.initiatives import portfolio_key

# Parts of names that are also everyday words; a note saying "van" must not become "R-012".
NAME_PARTICLES = {
    "van",
    "der",
    "den",
    "het",
    "ten",
    "ter",
    "von",
    "del",
    "della",
    "dos",
    "das",
    "bin",
    "ben",
    "abu",
    "ibn",
}


def _key(name: str) -> str:
    """A name as the anonymiser looks it up: composed accents, lower case, no outer spaces."""
    return unicodedata.normalize("NFC", name.strip()).lower()


def _code_order(names: set) -> list:
    """Codes follow a hash of the name, so they give away neither alphabetical nor file order."""
    return sorted(names, key=lambda n: (hashlib.sha256(repr(n).encode()).hexdigest(), n))


class Names:
    """How names appear in a portfolio: as they are, or replaced by codes (anonymise=True)."""

    def __init__(self, items: Sequence[tuple[str, Answers]], anonymise: bool) -> None:
        self.anonymise = anonymise
        self._initiatives: dict[tuple[str, str], str] = {}
        self._organisations: dict[str, str] = {}
        self._people: dict[str, str] = {}
        self._pattern: re.Pattern[str] | None = None
        self._replacement: dict[str, str] = {}
        self._labels = {id(a): label for label, a in items}
        if anonymise:
            self._build(items)

    def _build(self, items: Sequence[tuple[str, Answers]]) -> None:
        keys = {portfolio_key(label, a) for label, a in items}
        width = max(3, len(str(len(keys))))
        self._initiatives = {k: f"I-{i:0{width}d}" for i, k in enumerate(_code_order(keys), 1)}
        orgs = {_key(a.initiative.get("organisation", "")) for _, a in items} - {""}
        self._organisations = {o: f"O-{i:0{width}d}" for i, o in enumerate(_code_order(orgs), 1)}
        people: set[str] = set()
        for _, a in items:
            named = [
                *(a.respondent.get("name") or "").split(","),
                *(str(r.get("name", "")) for r in group_respondents(a)),
            ]
            people.update(_key(n) for n in named if n.strip())
        self._people = {p: f"R-{i:0{width}d}" for i, p in enumerate(_code_order(people), 1)}

        replace: dict[str, str] = {}
        for label, a in items:
            name = _key(a.initiative.get("name", ""))
            if name:
                replace[name] = self._initiatives[portfolio_key(label, a)]
        for org, code in self._organisations.items():
            replace.setdefault(org, code)
        for person, code in self._people.items():
            replace.setdefault(person, code)
            # A note may name someone by first or last name only: replace each part of three
            # letters or more, except particles that are everyday words.
            for part in re.split(r"[\s,]+", person):
                if len(part) >= 3 and part not in NAME_PARTICLES:
                    replace.setdefault(part, code)
        self._replacement = replace
        if replace:
            alternatives = "|".join(re.escape(k) for k in sorted(replace, key=len, reverse=True))
            self._pattern = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)

    def initiative(self, answers: Answers, label: str = "") -> str:
        label = label or self._labels.get(id(answers), "")
        if self.anonymise:
            return self._initiatives[portfolio_key(label, answers)]
        return answers.initiative.get("name", "").strip() or label.rsplit("/", 1)[-1] or "?"

    def organisation(self, answers: Answers) -> str:
        org = answers.initiative.get("organisation", "").strip()
        if not self.anonymise or not org:
            return org
        return self._organisations[_key(org)]

    def person(self, name: str) -> str:
        if not self.anonymise or not name.strip():
            return name
        return self.scrub(name)

    def respondents(self, answers: Answers) -> list[str]:
        group = [str(r.get("name", "")) for r in group_respondents(answers)]
        names = group or [answers.respondent.get("name", "")]
        return [self.person(n) for n in names if n.strip()]

    def scrub(self, text: str) -> str:
        """`text` with every known name replaced by its code (unchanged when not anonymising)."""
        if not self.anonymise or not text or self._pattern is None:
            return text
        return self._pattern.sub(self._code_for, unicodedata.normalize("NFC", text))

    def _code_for(self, match: re.Match[str]) -> str:
        found = match.group(0)
        code = self._replacement.get(found.lower())
        if code is None:  # a letter whose lower case differs from the regex's case folding
            code = next(c for k, c in self._replacement.items() if re.fullmatch(re.escape(k), found, re.I))
        return code
