"""The report's summary (scores, strengths, priorities, charts), the capitals and the action plan."""

from __future__ import annotations

from m2w_tool.charts import BarRow, RadarPoint, bars_svg, radar_svg
from m2w_tool.format import decimal
from m2w_tool.i18n import N_, tr
from m2w_tool.report.inputs import Inputs, pct
from m2w_tool.report.model import ActionView, CapitalView, DimensionView, Priority
from m2w_tool.scoring import DimensionScore

TOP = 3  # strengths and priorities in the summary; dimensions whose recommendations enter the plan
RECOMMENDATIONS_PER_PRIORITY = 2

# The labels of the strongest and weakest capital.
CAPITAL_MARKS = {
    "most": N_("most"),
    "least": N_("least"),
}


def ranking(inputs: Inputs) -> tuple[list[DimensionScore], list[DimensionScore]]:
    """The priorities and the strengths, up to TOP each, among the dimensions shown.

    A priority is never also a strength: with few scored dimensions the same one could be both.
    """
    shown = {d.id for d in inputs.chosen}
    priorities = [d for d in inputs.scores.priorities(None) if d.dimension_id in shown][:TOP]
    taken = {d.dimension_id for d in priorities}
    strengths = [d for d in inputs.scores.strengths(None) if d.dimension_id in shown and d.dimension_id not in taken]
    return priorities, strengths[:TOP]


def priority_items(inputs: Inputs, priorities: list[DimensionScore], views: dict[str, DimensionView]) -> list[Priority]:
    """Each priority with why it is one: its score and the importance given."""
    items = []
    for d in priorities:
        view = views[d.dimension_id]
        if d.importance is None:
            why = tr(inputs.lang, "score %(score)s, importance not given (counts as 3/5)", score=view.score_text)
        else:
            importance = view.importance_text.split("/")[0]
            why = tr(inputs.lang, "score %(score)s, importance %(importance)s/5", score=view.score_text, importance=importance)
        items.append(Priority(view, why))
    return items


# --- charts ------------------------------------------------------------------------------------


def sustainability_chart(inputs: Inputs, dims: list[DimensionView]) -> str:
    """A radar of the sustainability dimensions (bars for fewer than three); "" without any."""
    lang = inputs.lang
    title = tr(lang, "Score per sustainability dimension")
    if 0 < len(dims) < 3:  # a radar needs three axes; fewer dimensions read better as bars
        return bars_svg(
            [BarRow(f"{d.number}. {d.title}", d.percent) for d in dims],
            title=title,
            desc=tr(lang, "Bar chart of %(n)s process components. %(values)s", n=len(dims), values=_values(dims, lang, False)),
            chart_id="bars-sustainability",
            empty_text=tr(lang, "not enough answers"),
            lang=lang,
        )
    if not dims:
        return ""
    with_base = inputs.scores.has_baseline and any(d.score.baseline_percent is not None for d in dims)
    return radar_svg(
        [RadarPoint(f"{d.number}. {d.title}", d.percent, d.score.baseline_percent) for d in dims],
        title=title,
        desc=tr(lang, "Radar chart of %(n)s dimensions. %(values)s", n=len(dims), values=_values(dims, lang, with_base)),
        legend=(tr(lang, "Now"), tr(lang, "Last time (%(date)s)", date=inputs.baseline_text)) if with_base else None,
        lang=lang,
    )


def quality_chart(inputs: Inputs, dims: list[DimensionView]) -> str:
    """Bars of the quality components' criteria in place, with how well; "" without any."""
    if not dims:
        return ""
    lang = inputs.lang
    rows = [
        BarRow(
            f"{d.number}. {d.title}",
            d.percent,
            tr(lang, "how well %(value)s/5", value=decimal(d.score.how_well, lang)) if d.score.how_well is not None else "",
        )
        for d in dims
    ]
    return bars_svg(
        rows,
        title=tr(lang, "Quality criteria in place per process component"),
        desc=tr(lang, "Bar chart of %(n)s process components. %(values)s", n=len(dims), values=_values(dims, lang, False)),
        empty_text=tr(lang, "not enough answers"),
        lang=lang,
    )


def _values(dims: list[DimensionView], lang: str, with_baseline: bool) -> str:
    """Every value of a chart in words, for its description."""
    parts = []
    for d in dims:
        title = f"{d.number}. {d.title}"
        if with_baseline and d.score.baseline_percent is not None:
            old = pct(d.score.baseline_percent, lang)
            parts.append(tr(lang, "%(title)s: %(value)s (earlier %(old)s)", title=title, value=d.score_text, old=old))
        else:
            parts.append(tr(lang, "%(title)s: %(value)s", title=title, value=d.score_text))
    return "; ".join(parts) + "."


# --- capitals ----------------------------------------------------------------------------------


def capital_views(inputs: Inputs) -> list[CapitalView]:
    """The six forms of human capital, the most and least strengthened marked."""
    lang, scores = inputs.lang, inputs.scores
    ranked = scores.capitals_ranked()
    most = ranked[0].capital_id if ranked else ""
    least = ranked[-1].capital_id if len(ranked) > 1 else ""
    views = []
    for cid, cap in inputs.content.capitals.items():
        cs = scores.capitals[cid]
        mark = "most" if cid == most else ("least" if cid == least else "")
        views.append(
            CapitalView(
                id=cid,
                title=cap.title(lang),
                summary=cap.summary(lang),
                percent=cs.percent,
                score_text=pct(cs.percent, lang) if cs.percent is not None else "–",
                answered_text=tr(lang, "%(n)s of %(m)s linked statements answered", n=cs.answered, m=cs.total),
                mark=mark,
                mark_label=tr(lang, CAPITAL_MARKS[mark]) if mark else "",
            )
        )
    return views


def capital_sentences(capitals: list[CapitalView], lang: str) -> tuple[str, str]:
    """The sentences on the most and on the least strengthened capital ("" when there is none)."""
    most = next((c for c in capitals if c.mark == "most"), None)
    least = next((c for c in capitals if c.mark == "least"), None)
    if most is None:
        return tr(lang, "No linked statements answered yet."), ""
    first = tr(lang, "Strengthened most: %(title)s (%(pct)s).", title=most.title, pct=most.score_text)
    last = tr(lang, "Strengthened least: %(title)s (%(pct)s).", title=least.title, pct=least.score_text) if least else ""
    return first, last


# --- the action plan ---------------------------------------------------------------------------


def action_plan(inputs: Inputs, views: dict[str, DimensionView], priorities: list[DimensionScore]) -> list[ActionView]:
    """Own actions (questionnaire order), then the first recommendations for each priority."""
    plan = [a for v in views.values() for a in v.actions]
    label = tr(inputs.lang, "recommendation")
    for d in priorities:
        view = views[d.dimension_id]
        for rec in view.recommendations[:RECOMMENDATIONS_PER_PRIORITY]:
            plan.append(
                ActionView(rec.text, rec.who, rec.when, rec.due, "recommendation", label, view.id, view.title, view.anchor)
            )
    return plan
