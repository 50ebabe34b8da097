"""What every section builder of the report starts from, and the small date rules they share."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime

from m2w_tool.answers import Answers
from m2w_tool.content import Content, Dimension
from m2w_tool.format import long_date, percent
from m2w_tool.i18n import tr
from m2w_tool.scoring import Scores


@dataclass(frozen=True)
class Inputs:
    """One report's inputs, decided once: the section builders read, never change them."""

    content: Content  # the content the report is made with
    answers: Answers  # the answers file
    lang: str  # the report's language
    scores: Scores  # the answers scored (against the baseline, when there is one)
    report_day: date  # printed on the cover; recommendations are dated from it
    baseline_text: str  # the baseline's date in words; "" without a baseline
    answers_name: str  # how the report refers to the answers file
    chosen: tuple[Dimension, ...]  # the dimensions of the answers file's scope, in content order


def format_date(day: date, lang: str) -> str:
    """`24 november 2026` / `24 November 2026`."""
    return long_date(day, lang)


def word_list(items: list[str], lang: str) -> str:
    """`1, 2 and 4` / `1, 2 en 4`."""
    if len(items) < 2:
        return "".join(items)
    return tr(lang, "%(first)s and %(last)s", first=", ".join(items[:-1]), last=items[-1])


def month_year(day: date, lang: str) -> str:
    """`mei 2027` / `May 2027`: how far ahead a recommendation is due (a day would be false precision)."""
    from babel.dates import format_date as babel_date

    from m2w_tool.format import babel_locale

    return babel_date(day, "LLLL y", locale=babel_locale(lang))


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day when it has no such day (31 Jan + 1)."""
    total = day.month - 1 + months
    year, month = day.year + total // 12, total % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def parse_day(text: str) -> date | None:
    """The date of an ISO timestamp or date (as in answers files), None when it is not one."""
    try:
        return datetime.fromisoformat(text.strip()).date()
    except (ValueError, AttributeError):
        return None


def pct(value: float | None, lang: str) -> str:
    """A score as the report shows it: `63%`, or "not enough answers" without one."""
    return percent(value, lang, empty=tr(lang, "not enough answers"))


def scope(content: Content, answers: Answers) -> tuple[Dimension, ...]:
    """The dimensions the answers file was made for (its scope), all of them when it says nothing usable."""
    wanted = answers.scope or {}
    module = wanted.get("module") if wanted.get("module") in ("all", "sustainability", "quality") else "all"
    only = wanted.get("only") or []
    if isinstance(only, str):
        only = only.split(",")
    try:
        chosen = content.select(module, [str(k) for k in only])
    except KeyError:
        chosen = content.select(module)
    return tuple(chosen or content.dimensions)
