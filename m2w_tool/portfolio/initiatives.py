"""Which files make one initiative of the portfolio, and which of its assessments count.

Files of one initiative (identity.initiative_key) are grouped into assessment rounds
(history.occasions); the latest round counts, the one before it gives the change. A round of
several team members' files without a group file is merged as `m2w merge` does
(history.round_files says which files): the caller's `merge` makes those digests, so that a
portfolio read from disk merges on the workers and from the cache.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from m2w_tool.answers import Answers
from m2w_tool.content import Content
from m2w_tool.history import assessment_day, occasions, round_files
from m2w_tool.identity import initiative_key
from m2w_tool.portfolio.digest import Digest, digest_of

# The digests of rounds to merge, each given as the files of the round in merge order.
Merger = Callable[[list[list[str]]], list[Digest]]


@dataclass
class Initiative:
    """One initiative of the portfolio: the assessment that counts, and the one before it."""

    digest: Digest  # its latest assessment round (merged when several people answered)
    labels: list[str]  # the files it was made from
    previous: Digest | None = None  # the round before, when the files hold one
    assessments: int = 1  # rounds with an assessment

    @property
    def previous_date(self) -> str:
        return assessment_day(self.previous) if self.previous is not None else ""  # type: ignore[arg-type]


def portfolio_key(label: str, answers: Answers | Digest) -> tuple[str, str]:
    """What makes files one initiative; a file without names stands alone (its file name)."""
    key = initiative_key(answers)  # type: ignore[arg-type]
    return key if any(key) else ("", "file:" + label)


def collect_initiatives(items: Sequence[tuple[str, Digest]], merge: Merger) -> list[Initiative]:
    """Group files by initiative and keep, per initiative, its latest round and the one before it."""
    by_initiative: dict[tuple[str, str], list[tuple[str, Digest]]] = defaultdict(list)
    for label, digest in items:
        by_initiative[portfolio_key(label, digest)].append((label, digest))
    plans = []
    for files in by_initiative.values():
        rounds = occasions(files)  # type: ignore[arg-type]
        latest = round_files(rounds[-1])
        previous = round_files(rounds[-2]) if len(rounds) > 1 else []
        plans.append((latest, previous, len(rounds)))
    to_merge = [[label for label, _ in chosen] for plan in plans for chosen in plan[:2] if len(chosen) > 1]
    merged = dict(zip(map(tuple, to_merge), merge(to_merge), strict=True)) if to_merge else {}

    def assessment(chosen: list) -> Digest:
        return chosen[0][1] if len(chosen) == 1 else merged[tuple(label for label, _ in chosen)]

    return [
        Initiative(
            assessment(latest), [label for label, _ in latest], assessment(previous) if previous else None, count
        )  # fmt: skip
        for latest, previous, count in plans
    ]


def in_memory(
    items: Sequence[tuple[str, Answers]], content: Content, scored=None
) -> tuple[list[tuple[str, Digest]], Merger]:  # noqa: ANN001
    """Digests of answers already in memory (scored here unless `scored` holds them by file), and a
    merger that merges their rounds here: for a script or a test that has no files on disk."""
    from m2w_tool.merge import merge_answers
    from m2w_tool.scoring import score

    scored = scored or {}
    by_label = {label: answers for label, answers in items}

    def digest(label: str, answers: Answers) -> Digest:
        return digest_of(content, answers, scored[label] if label in scored else score(content, answers))

    def merge(rounds: list[list[str]]) -> list[Digest]:
        out = []
        for labels in rounds:
            merged = merge_answers([(label, by_label[label]) for label in labels], content, force=True).answers
            out.append(digest_of(content, merged, score(content, merged)))
        return out

    return [(label, digest(label, answers)) for label, answers in items], merge
