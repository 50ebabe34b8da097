"""The report's history section: progress since the previous self-assessment of the same initiative,
with a timeline and a sparkline per dimension from three assessments on."""

from __future__ import annotations

import math
from collections.abc import Sequence

from m2w_tool.answers import Answers
from m2w_tool.charts import TimelineSeries, sparkline_svg, timeline_svg
from m2w_tool.content import Content
from m2w_tool.format import percent, signed_points
from m2w_tool.history import NOTICEABLE, DimensionProgress, History, build_history, select_history
from m2w_tool.i18n import tr
from m2w_tool.report.model import ExtraSection, HistoryRow, HistorySection

TEMPLATE = "_history.html.j2"


def history_section(
    content: Content,
    current_label: str,
    current: Answers,
    candidates: Sequence[tuple[str, Answers]],
    lang: str,
) -> tuple[ExtraSection | None, Answers | None]:
    """(the history section or None, the previous assessment or None) for `current`, from the files
    given as its history; the previous assessment can serve as the report's baseline."""
    candidates = [(label, a) for label, a in candidates if a is not current]
    earlier = select_history(current, candidates, content)
    history = build_history(content, (current_label, current), earlier)
    if history is None:
        return None, None
    heading = tr(lang, "Progress since the previous self-assessment")
    section = ExtraSection("history", heading, TEMPLATE, history_view(content, history, lang), before="how-to-read")
    return section, earlier[-1][1]


def history_view(content: Content, history: History, lang: str) -> HistorySection:
    """What the history section shows of `history`, in `lang`."""
    with_target = [d for d in history.dimensions if d.reached is not None]
    return HistorySection(
        intro=tr(
            lang,
            "Compared with the self-assessment of %(previous)s. %(n)s self-assessments of this initiative in all: "
            "%(dates)s. A change smaller than %(noticeable)s points counts as unchanged.",
            previous=history.previous_date,
            n=history.count,
            dates=", ".join(history.dates),
            noticeable=round(NOTICEABLE),
        ),
        summary=tr(
            lang,
            "%(improved)s dimensions up, %(declined)s down, %(same)s unchanged; %(reached)s of %(targets)s targets "
            "reached.",
            improved=history.count_trend("up"),
            declined=history.count_trend("down"),
            same=history.count_trend("same"),
            reached=sum(1 for d in with_target if d.reached),
            targets=len(with_target),
        ),
        previous_heading=tr(lang, "Previous (%(date)s)", date=history.previous_date),
        current_heading=tr(lang, "Now (%(date)s)", date=history.current_date),
        timeline_svg=_timeline(content, history, lang) if history.many else "",
        rows=tuple(_row(content, d, history.many, lang) for d in history.dimensions),
    )


def _row(content: Content, d: DimensionProgress, many: bool, lang: str) -> HistoryRow:
    title = next(dim.title(lang) for dim in content.dimensions if dim.id == d.dimension_id)
    spark = ""
    if many:
        spark = sparkline_svg(
            d.percents, tr(lang, "%(title)s: %(values)s", title=title, values=_values(d.percents, lang))
        )
    return HistoryRow(
        short_id=d.short_id,
        title=title,
        previous=d.previous,
        current=d.current,
        change_text=signed_points(d.change),
        trend=d.trend,
        has_target=d.target is not None,
        target_text=_target_text(content, d, lang),
        sparkline_svg=spark,
    )


def _target_text(content: Content, d: DimensionProgress, lang: str) -> str:
    if d.target is None:
        return tr(lang, "no target")
    level = next((lv.title(lang) for lv in content.levels if lv.id == d.target), d.target)
    if d.reached is None:
        return tr(lang, "%(level)s: no score yet", level=level)
    if d.reached:
        return tr(lang, "%(level)s: reached", level=level)
    return tr(lang, "%(level)s: %(n)s points to go", level=level, n=math.ceil(d.to_target - 1e-9))


def _values(percents: Sequence[float | None], lang: str) -> str:
    return ", ".join(percent(p, lang) for p in percents)


def _timeline(content: Content, history: History, lang: str) -> str:
    titles = {"overall": tr(lang, "Overall")} | {m.id: m.title(lang) for m in content.modules}
    series = [TimelineSeries(s.key, titles.get(s.key, s.key), s.percents) for s in history.series]
    described = "; ".join(f"{s.title}: {_values(s.percents, lang)}" for s in series)
    return timeline_svg(
        history.dates,
        series,
        title=tr(lang, "Timeline of the scores"),
        desc=tr(lang, "Scores per self-assessment: %(series)s.", series=described),
        lang=lang,
    )
