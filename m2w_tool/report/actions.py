"""The report's actions: the plan sorted by date with each action's status, the first step for each
priority, and what became of the previous round's actions.

An own action's "by when" is free text ("januari 2027", "voor de zomer van 2027", "2027-03"). The
plan is sorted on the date it names as far as it can be read (a day, a month, a season or a year, in
Dutch or English); what names no date comes last, in questionnaire order.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from functools import lru_cache

from m2w_tool.answers import ACTION_STATUSES, Action, Answers
from m2w_tool.i18n import N_, tr, trn
from m2w_tool.report.inputs import Inputs
from m2w_tool.report.model import ActionView, DimensionView, FollowUp, NextStep, Priority
from m2w_tool.scoring import DimensionScore

RECOMMENDATIONS_PER_PRIORITY = 2

STATUS_LABELS = {
    "planned": N_("planned"),
    "started": N_("started"),
    "done": N_("done"),
}

# Seasons, as teams write them: the month each one starts in.
_SEASONS = {
    "lente": 3, "voorjaar": 3, "spring": 3, "zomer": 6, "summer": 6,
    "herfst": 9, "najaar": 9, "autumn": 9, "fall": 9, "winter": 12,
}  # fmt: skip
_ISO = re.compile(r"\b(\d{4})-(\d{1,2})(?:-(\d{1,2}))?\b")
_YEAR = re.compile(r"\b(20\d\d)\b")


@lru_cache(maxsize=1)
def _month_words() -> dict[str, int]:
    """Month names and abbreviations in the report's languages (from babel), lower case."""
    from m2w_tool.format import babel_locale
    from m2w_tool.i18n import languages

    words: dict[str, int] = {}
    for lang in languages():
        months = babel_locale(lang).months["format"]
        for width in ("wide", "abbreviated"):
            words.update({name.lower().rstrip("."): number for number, name in months[width].items()})
    return words


def due_of(text: str) -> tuple[int, int, int] | None:
    """(year, month, day) that a typed "by when" names, month and day 0 when it does not say;
    None when it holds no year. `2027-03` -> (2027, 3, 0); `voor de zomer van 2027` -> (2027, 6, 0)."""
    text = text.lower()
    iso = _ISO.search(text)
    if iso and 1 <= int(iso[2]) <= 12:
        return int(iso[1]), int(iso[2]), int(iso[3] or 0)
    year = _YEAR.search(text)
    if not year:
        return None
    words = re.findall(r"[a-zë]+", text)
    month = next((_month_words()[w] for w in words if w in _month_words()), 0)
    month = month or next((_SEASONS[w] for w in words if w in _SEASONS), 0)
    return int(year[1]), month, 0


def _iso(due: tuple[int, int, int] | None) -> str:
    if due is None:
        return ""
    year, month, day = due
    return f"{year:04d}" + (f"-{month:02d}" if month else "") + (f"-{day:02d}" if month and day else "")


def _sort_key(action: ActionView) -> tuple:
    """By date (a month before its days, a bare year after its months); no date last."""
    if not action.due:
        return (1,)
    parts = [int(x) for x in action.due.split("-")] + [0, 0]
    return (0, parts[0], parts[1] or 13, parts[2])


def own_action(inputs: Inputs, action: Action, dimension_id: str, title: str) -> ActionView:
    """One of the team's own actions as the report shows it."""
    lang = inputs.lang
    status = action.status if action.status in ACTION_STATUSES else ACTION_STATUSES[0]
    return ActionView(
        action.what, action.who, action.when, _iso(due_of(action.when)), "own", tr(lang, "own action"),
        dimension_id, title, dimension_id, status, tr(lang, STATUS_LABELS[status]),
    )  # fmt: skip


def action_plan(
    inputs: Inputs, views: dict[str, DimensionView], priorities: Iterable[DimensionScore]
) -> list[ActionView]:
    """Own actions and the first recommendations for each priority, sorted by date."""
    plan = [a for v in views.values() for a in v.actions]
    label, suggestion = tr(inputs.lang, "recommendation"), tr(inputs.lang, "suggestion")
    for d in priorities:
        view = views[d.dimension_id]
        for rec in view.recommendations[:RECOMMENDATIONS_PER_PRIORITY]:
            plan.append(
                ActionView(
                    rec.text,
                    rec.who,
                    rec.when,
                    rec.due,
                    "recommendation",
                    label,
                    view.id,
                    view.title,
                    view.anchor,
                    "",
                    suggestion,
                )  # fmt: skip
            )
    return sorted(plan, key=_sort_key)  # stable: the same date keeps questionnaire order


def next_steps(priorities: list[Priority], plan: list[ActionView]) -> list[NextStep]:
    """Each priority with its first step: the earliest own action not done, else its first recommendation."""
    steps = []
    for dimension, why in priorities:
        mine = [a for a in plan if a.dimension_id == dimension.id]
        own = [a for a in mine if a.source == "own" and a.status != "done"]
        recs = [a for a in mine if a.source == "recommendation"]
        steps.append(NextStep(dimension, why, (own or recs or [None])[0]))
    return steps


def _key(what: str) -> str:
    return " ".join(what.lower().split())


def follow_up(inputs: Inputs, baseline: Answers | None, when: str) -> FollowUp | None:
    """The previous round's own actions (in `baseline`, dated `when` in words): how many are done,
    and the open ones. A status set since in this round's file (the same action) counts."""
    if baseline is None:
        return None
    titles = {d.id: d.title(inputs.lang) for d in inputs.content.dimensions}
    shown = {d.id for d in inputs.chosen}
    now = {(did, _key(a.what)): a.status for did, d in inputs.answers.dimensions.items() for a in d.actions}
    earlier = []
    for did, given in baseline.dimensions.items():
        for a in given.actions:
            if a.what.strip():
                action = Action(a.what, a.who, a.when, status=now.get((did, _key(a.what)), a.status))
                view = own_action(inputs, action, did, titles.get(did, did))
                earlier.append(view if did in shown else replace(view, anchor=""))  # no section to link to
    if not earlier:
        return None
    count = {s: sum(1 for a in earlier if a.status == s) for s in ACTION_STATUSES}
    summary = trn(
        inputs.lang,
        "Of the %(n)s action of %(date)s, %(done)s is done, %(started)s started and %(planned)s not started yet.",
        "Of the %(n)s actions of %(date)s, %(done)s are done, %(started)s started and %(planned)s not started yet.",
        len(earlier), date=when, done=count["done"], started=count["started"], planned=count["planned"],
    )  # fmt: skip
    return FollowUp(
        summary, len(earlier), count["done"], sorted((a for a in earlier if a.status != "done"), key=_sort_key)
    )
