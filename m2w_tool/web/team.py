"""A team session (`m2w serve --team`): the initiative and part the facilitator chose, who joined
(each with an own answers file), and where each of them is in the questionnaire.

The settings and the list of members are kept in a hidden file in FOLDER, so a restarted server
carries on with the same group; where people are is only known while the server runs.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from m2w_tool.answering import MAX_NAME, ChangeRefused, NewAssessment, safe_stem, start_assessment
from m2w_tool.answers import now_iso
from m2w_tool.atomic import write_atomic
from m2w_tool.content import Content
from m2w_tool.i18n import tr

TEAM_FILE = ".m2w-team.json"


@dataclass
class Member:
    file: str  # the answers file's name in FOLDER
    name: str
    joined: str


@dataclass
class Settings:
    initiative: str = ""
    organisation: str = ""
    module: str = "all"


class TeamSession:
    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.path = self.folder / TEAM_FILE
        self._lock = threading.Lock()
        self.settings = Settings()
        self.members: list[Member] = []
        self.where: dict[str, tuple[str, float]] = {}  # file -> (dimension short id, when)
        self._load()

    def _load(self) -> None:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            self.settings = Settings(
                **{
                    k: str(v)
                    for k, v in data.get("settings", {}).items()
                    if k in ("initiative", "organisation", "module")
                }
            )
            self.members = [Member(str(m["file"]), str(m["name"]), str(m["joined"])) for m in data.get("members", [])]
        except (OSError, ValueError, KeyError, TypeError):
            pass  # no session yet (or a damaged file): start empty

    def _save(self) -> None:
        data = {"settings": asdict(self.settings), "members": [asdict(m) for m in self.members]}
        write_atomic(self.path, json.dumps(data, ensure_ascii=False, indent=1))

    @property
    def ready(self) -> bool:
        return bool(self.settings.initiative)

    def configure(self, initiative: str, organisation: str, module: str, lang: str) -> None:
        initiative, organisation = initiative.strip(), organisation.strip()
        if not initiative:
            raise ChangeRefused(tr(lang, "Give the name of the initiative."))
        if len(initiative) > MAX_NAME or len(organisation) > MAX_NAME:
            raise ChangeRefused(tr(lang, "A name can be at most %(n)s characters long.", n=MAX_NAME))
        if module not in ("sustainability", "quality", "all", "quick"):
            raise ChangeRefused(tr(lang, "Choose sustainability, quality or both."))
        with self._lock:
            self.settings = Settings(initiative, organisation, module)
            self._save()

    def join(self, name: str, role: str, content: Content, lang: str) -> Path:
        """A new member: an own answers file `answers-<name>.yaml` (numbered when the name is taken)."""
        name = " ".join(name.split())
        if not name:
            raise ChangeRefused(tr(lang, "Type your name (or a nickname) to start."))
        new = NewAssessment(
            initiative=self.settings.initiative, organisation=self.settings.organisation, respondent=name,
            role=role, module="all" if self.settings.module == "quick" else self.settings.module, language=lang,
            quick=self.settings.module == "quick",  # the part "quick scan" of the start form
        )  # fmt: skip
        stem = "answers-" + (safe_stem(name) or "respondent")
        path = start_assessment(self.folder, content, new, stem=stem)
        with self._lock:
            self.members.append(Member(path.name, name, now_iso()))
            self._save()
        return path

    def member(self, file: str) -> Member | None:
        return next((m for m in self.members if m.file == file), None)

    def seen(self, file: str, dimension: str) -> None:
        self.where[file] = (dimension, time.time())
