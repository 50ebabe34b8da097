"""New answers files: a first assessment, a new round after an earlier one, a file of one's own.

The browser (`m2w serve`) and the terminal (`m2w assess`, when a file turns out to be someone else's
or old) start files the same way: a name made from what was typed, reserved so that two people never
share a file, written under the file's lock. A new round records the earlier file's name under the
top-level key `baseline`, and its report compares with it.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from m2w_tool.answers import Answers, save_answers
from m2w_tool.content import Content
from m2w_tool.errors import ChangeRefused
from m2w_tool.format import slug
from m2w_tool.i18n import _
from m2w_tool.lock import AnswersLock

MODULES = ("sustainability", "quality", "all")
MAX_NAME = 200  # characters in an initiative's, organisation's or person's name
BASELINE_KEY = "baseline"  # top-level key of a new round: the file name of the earlier assessment


# --- file names --------------------------------------------------------------------------------


def safe_stem(text: str, limit: int = 40) -> str:
    """A piece of a file name made from what someone typed (`format.slug`: letters and digits of
    any script, words joined by '-'): never a path, never hidden; '' when nothing is left.
    `../../etc` -> `etc`, `فاطمة` stays `فاطمة`. At most 100 bytes: file systems count bytes (255)."""
    stem = slug(text, limit)
    while len(stem.encode("utf-8")) > 100:
        stem = stem[:-1].strip("-")
    return stem


def reserve_file(folder: Path, base: str) -> Path:
    """A new, empty file `<base>.yaml` in `folder` (`<base>-2.yaml`, ... when taken), created
    exclusively so two people choosing the same name at the same moment never share a file."""
    folder = Path(folder)
    n = 1
    while True:
        name = f"{base}.yaml" if n == 1 else f"{base}-{n}.yaml"
        try:
            fd = os.open(folder / name, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666)
        except FileExistsError:
            n += 1
            continue
        os.close(fd)
        return folder / name


_YEAR_AT_END = re.compile(r"(?<![0-9])(19|20)[0-9]{2}$")


def round_stem(earlier: Path, today: date | None = None) -> str:
    """The name of a new round next to `earlier`: its year replaced by this year's, or the year added.
    `answers-brugwerk-2025.yaml` -> `answers-brugwerk-2026`, `samira.yaml` -> `samira-2026`."""
    year = str((today or date.today()).year)
    stem = Path(earlier).stem
    if _YEAR_AT_END.search(stem):
        return _YEAR_AT_END.sub(year, stem)
    return f"{stem}-{year}"


# --- starting an assessment ----------------------------------------------------------------------


@dataclass(frozen=True)
class NewAssessment:
    """What a lead or a team member gives to start: who answers, for which initiative and part."""

    initiative: str
    organisation: str = ""
    region: str = ""
    respondent: str = ""
    role: str = ""
    module: str = "all"
    only: tuple[str, ...] = ()
    language: str = "nl"
    quick: bool = False  # the quick scan: the content's quick-scan statements only


def _check_names(new: NewAssessment) -> None:
    if not new.initiative.strip():
        raise ChangeRefused(_("Give the name of the initiative."))
    for value in (new.initiative, new.organisation, new.region, new.respondent, new.role):
        if len(value) > MAX_NAME:
            raise ChangeRefused(_("A name can be at most %(n)s characters long.", n=MAX_NAME))
    if new.module not in MODULES:
        raise ChangeRefused(_("Choose sustainability, quality or both."))


def default_stem(new: NewAssessment, today: date | None = None) -> str:
    """`answers-<initiative>-<respondent>-<year>`; parts that leave nothing are left out."""
    pieces = ["answers", safe_stem(new.initiative, 30), safe_stem(new.respondent, 30)]
    pieces.append(str((today or date.today()).year))
    return "-".join(p for p in pieces if p)


def new_answers(content: Content, new: NewAssessment, baseline: Path | None = None) -> Answers:
    """The answers of a new file: the details given, the part chosen, no answers yet."""
    answers = Answers(language=new.language)
    answers.initiative = {"name": new.initiative.strip(), "organisation": new.organisation.strip(),
                          "region": new.region.strip()}  # fmt: skip
    answers.respondent = {"name": new.respondent.strip(), "role": new.role.strip()}
    answers.scope = {"module": new.module, "only": list(new.only)}
    if new.quick:
        answers.scope["quick"] = True
    if baseline is not None:
        answers.extra[BASELINE_KEY] = Path(baseline).name
    answers.content_version, answers.content_sha256 = content.version, content.sha256
    return answers


def start_assessment(
    folder: Path,
    content: Content,
    new: NewAssessment,
    *,
    stem: str | None = None,
    baseline: Path | None = None,
) -> Path:
    """Create a new answers file in `folder` (never overwriting one) and return its path.

    With `baseline` (an earlier answers file of the same initiative) this is a new round: the file
    records the earlier one's name under `baseline`, and its report compares with it."""
    _check_names(new)
    return create_file(folder, stem or default_stem(new), new_answers(content, new, baseline))


def create_file(folder: Path, stem: str, answers: Answers) -> Path:
    """Write `answers` to a new file `<stem>.yaml` (or `<stem>-2.yaml` ...) in `folder`; nothing is
    left behind when that fails."""
    path = reserve_file(folder, stem)
    try:
        with AnswersLock(path):
            save_answers(answers, path)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return path


def round_from(baseline: Answers) -> NewAssessment:
    """The details of a new round, taken from the earlier assessment (its answers are not copied)."""
    return NewAssessment(
        initiative=baseline.initiative.get("name", ""),
        organisation=baseline.initiative.get("organisation", ""),
        region=baseline.initiative.get("region", ""),
        respondent=baseline.respondent.get("name", ""),
        role=baseline.respondent.get("role", ""),
        module=str(baseline.scope.get("module") or "all"),
        only=tuple(str(k) for k in baseline.scope.get("only") or ()),
        language=baseline.language,
        quick=baseline.scope.get("quick") is True,
    )
