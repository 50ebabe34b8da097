"""Triage: which initiatives need support first, each with its reasons in words. Pure.

Four signals, each a reason a funder can check and act on:

- low on what it chose as a priority: a dimension it rated important (IMPORTANT or more of 5)
  scores "beginning";
- a falling trend: its overall score fell by NOTICEABLE points or more since its previous
  assessment (compared like with like, see trends.py);
- an old assessment: the latest one is STALE_MONTHS months old or older;
- a single respondent: one person's view, no team behind the scores.

The list holds every initiative with at least one reason, the most urgent first: the first two
signals weigh most (they say the work itself is at risk), then an old assessment (the picture may
no longer hold), then a single respondent; initiatives with the same weight come lowest score first.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from m2w_tool.content import Content
from m2w_tool.format import percent, signed_points
from m2w_tool.history import NOTICEABLE
from m2w_tool.i18n import tr, trn

IMPORTANT = 4  # importance (1-5) from which a dimension is one the initiative chose as a priority
LOW_LEVEL = "beginning"
STALE_MONTHS = 18
WEIGHTS = {"priority": 3, "falling": 3, "stale": 2, "single": 1}
SHOWN = 15  # initiatives listed on the page; the XLSX lists all
NAMED = 2  # dimensions named in full in a reason; the others by their code


@dataclass(frozen=True)
class Reason:
    """Why an initiative needs support: its kind (a key of WEIGHTS) and the reason in words."""

    kind: str
    text: str


@dataclass(frozen=True)
class TriageItem:
    """One initiative that needs support, with its reasons (most serious first)."""

    name: str
    organisation: str
    date: str
    overall: float | None
    overall_text: str
    reasons: tuple[Reason, ...]

    @property
    def weight(self) -> int:
        return sum(WEIGHTS[r.kind] for r in self.reasons)


def months_between(earlier: date, later: date) -> int:
    """Whole months from `earlier` to `later` (a month is counted once its day is reached)."""
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    return months - (1 if later.day < earlier.day else 0)


def _low_priorities(content: Content, row, lang: str) -> Reason | None:  # noqa: ANN001 - a model.Row
    low = sorted(
        (f.percent, c.short_id, c.title(lang))
        for c, f in zip(content.dimensions, row.digest.dimensions, strict=True)
        if f.level == LOW_LEVEL and f.importance is not None and f.importance >= IMPORTANT
    )
    if not low:
        return None
    named = "; ".join(f"{short_id} {title} ({percent(pct, lang)})" for pct, short_id, title in low[:NAMED])
    if len(low) > NAMED:
        named += "; " + tr(lang, "also %(codes)s", codes=", ".join(short_id for _p, short_id, _t in low[NAMED:]))
    text = trn(lang, "Beginning on %(n)s dimension it rated important: %(list)s.",
               "Beginning on %(n)s dimensions it rated important, the lowest first: %(list)s.", len(low),
               list=named)  # fmt: skip
    return Reason("priority", text)


def _falling(row, lang: str) -> Reason | None:  # noqa: ANN001
    if row.change is None or row.change > -NOTICEABLE + 1e-9:
        return None
    return Reason("falling", tr(lang, "Overall score fell: %(change)s points since %(month)s.",
                               change=signed_points(row.change), month=row.previous_date[:7]))  # fmt: skip


def _stale(row, today: date, lang: str) -> Reason | None:  # noqa: ANN001
    try:
        day = date.fromisoformat(row.date)
    except ValueError:
        return Reason("stale", tr(lang, "The date of its assessment cannot be read."))
    months = months_between(day, today)
    if months < STALE_MONTHS:
        return None
    return Reason("stale", trn(lang, "Last assessed %(month)s, %(n)s month ago.", "Last assessed %(month)s, %(n)s "
                                                                                  "months ago.",
                               months, month=row.date[:7]))  # fmt: skip


def _single(row, lang: str) -> Reason | None:  # noqa: ANN001
    if len(row.respondents) > 1:
        return None
    return Reason("single", tr(lang, "One respondent: the scores are one person's view, not the team's."))


def triage(content: Content, rows: Sequence, today: date, lang: str) -> tuple[TriageItem, ...]:  # noqa: ANN001
    """Every row with a reason to be looked at, the most urgent first (see the module's docstring)."""
    items = []
    for row in rows:
        found = (_low_priorities(content, row, lang), _falling(row, lang), _stale(row, today, lang), _single(row, lang))
        reasons = tuple(r for r in found if r is not None)
        if reasons:
            items.append(
                TriageItem(row.name, row.organisation, row.date, row.overall.percent, row.overall.text, reasons)
            )
    return tuple(sorted(items, key=lambda t: (-t.weight, 101 if t.overall is None else t.overall, t.name.casefold())))
