"""Which files make one initiative of the portfolio, and which of its assessments count."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from m2w_tool.answers import Answers
from m2w_tool.content import Content
from m2w_tool.history import occasions, one_assessment
from m2w_tool.identity import initiative_key
from m2w_tool.scoring import Scores, score


@dataclass
class Initiative:
    """One initiative of the portfolio: the assessment that counts, and the one before it."""

    answers: Answers  # its latest assessment round (merged when several people answered)
    labels: list[str]  # the files it was made from
    scores: Scores | None = None  # that assessment scored
    previous: Answers | None = None  # the round before, when the files hold one
    previous_scores: Scores | None = None  # that round scored
    assessments: int = 1  # rounds with an assessment


def portfolio_key(label: str, answers: Answers) -> tuple[str, str]:
    """What makes files one initiative; a file without names stands alone (its file name)."""
    key = initiative_key(answers)
    return key if any(key) else ("", "file:" + label)


def collect_initiatives(
    items: Sequence[tuple[str, Answers]],
    content: Content,
    scored: Mapping[str, Scores] | None = None,
) -> list[Initiative]:
    """Group files by initiative and keep, per initiative, its latest round and the one before it."""
    by_initiative: dict[tuple[str, str], list[tuple[str, Answers]]] = defaultdict(list)
    for label, answers in items:
        by_initiative[portfolio_key(label, answers)].append((label, answers))
    scored = scored or {}
    loaded = {id(answers): label for label, answers in items}

    def scores_of(answers: Answers) -> Scores:
        label = loaded.get(id(answers))  # a file as read (not merged) may have been scored already
        return scored[label] if label in scored else score(content, answers)

    out = []
    for files in by_initiative.values():
        rounds = occasions(files)
        answers, labels = one_assessment(rounds[-1], content)
        initiative = Initiative(answers, labels, scores=scores_of(answers), assessments=len(rounds))
        if len(rounds) > 1:
            initiative.previous = one_assessment(rounds[-2], content)[0]
            initiative.previous_scores = scores_of(initiative.previous)
        out.append(initiative)
    return out
