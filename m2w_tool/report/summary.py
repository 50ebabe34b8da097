"""The report's summary (scores, strengths, priorities, charts, what the totals rest on) and the capitals."""

from __future__ import annotations

from m2w_tool.charts import BarRow, RadarPoint, bars_svg, radar_svg
from m2w_tool.format import decimal
from m2w_tool.i18n import N_, tr, trn
from m2w_tool.report.inputs import Inputs, pct
from m2w_tool.report.model import CapitalView, DimensionView, Priority
from m2w_tool.scoring import CAPITAL_MIN_ANSWERED, DimensionScore

TOP = 3  # strengths and priorities in the summary; dimensions whose recommendations enter the plan

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
        elif view.importance_label:
            why = tr(
                inputs.lang,
                "score %(score)s, importance %(importance)s (%(label)s)",
                score=view.score_text,
                importance=view.importance_text,
                label=view.importance_label,
            )
        else:
            why = tr(
                inputs.lang,
                "score %(score)s, importance %(importance)s",
                score=view.score_text,
                importance=view.importance_text,
            )
        items.append(Priority(view, why))
    return items


def strengths_note(lang: str, strengths: list, priorities: list, scored: int) -> str:
    """What the summary says when it names no strength: the truth about why ("" when it names some)."""
    if strengths:
        return ""
    if scored == 0:
        return tr(lang, "No dimension has enough answers for a score yet.")
    return trn(lang, "%(n)s dimension has a score and it is a priority, so none is left to call a strength yet.",
               "All %(n)s dimensions with a score are priorities, so none is left to call a strength yet.",
               scored, n=scored)  # fmt: skip


def coverage(inputs: Inputs, views: list[DimensionView]) -> tuple[str, bool, str]:
    """(how many parts the totals rest on, whether they are provisional, why no overall score is shown).

    The totals are provisional while a part of the content has no score (not answered enough, or
    outside the file's scope) or when only the quick-scan statements were asked. An overall score
    from a single part would only repeat that part, so it is not shown.
    """
    lang, total = inputs.lang, len(inputs.content.dimensions)
    scored = sum(1 for v in views if v.enough)
    text = trn(lang, "%(n)s of %(m)s part has a score", "%(n)s of %(m)s parts have a score", total, n=scored, m=total)
    provisional = scored < total or inputs.scores.quick
    note = ""
    if scored <= 1:
        note = tr(lang, "No overall score: it would rest on a single part.") if scored else ""
    return text, provisional, note


def gaps_text(lang: str, views: list[DimensionView]) -> str:
    """The knowledge gaps in one sentence: how many "don't know" answers, in which dimensions."""
    with_gaps = [v for v in views if v.knowledge_gaps]
    if not with_gaps:
        return ""
    count = sum(len(v.knowledge_gaps) for v in with_gaps)
    where = ", ".join(f"{v.short_id} ({len(v.knowledge_gaps)})" for v in with_gaps)
    found = trn(lang, "%(n)s statement answered ‘don't know’, in %(where)s: a knowledge gap to close before the next "
                      "round.",
                "%(n)s statements answered ‘don't know’, in %(where)s: knowledge gaps to close before the next round.",
                count, n=count, where=where)  # fmt: skip
    how = tr(
        lang,
        "Ask who knows (a colleague, the board, a partner or the mentees themselves) or look it up in your records. "
        "What ‘fully’ looks like, under each statement in the workbook, says what to look for.",
    )
    return f"{found} {how}"


# --- charts ------------------------------------------------------------------------------------


def sustainability_chart(inputs: Inputs, dims: list[DimensionView]) -> str:
    """A radar of the sustainability dimensions (bars for fewer than three); "" without any."""
    lang = inputs.lang
    title = tr(lang, "Score per sustainability dimension")
    if 0 < len(dims) < 3:  # a radar needs three axes; fewer dimensions read better as bars
        return bars_svg(
            [BarRow(f"{d.number}. {d.title}", d.percent) for d in dims],
            title=title,
            desc=tr(
                lang,
                "Bar chart of %(n)s process components. %(values)s",
                n=len(dims),
                values=_values(dims, lang, False),
            ),
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
        desc=tr(
            lang, "Radar chart of %(n)s dimensions. %(values)s", n=len(dims), values=_values(dims, lang, with_base)
        ),
        legend=(tr(lang, "Now"), tr(lang, "Last time (%(date)s)", date=inputs.baseline_text)) if with_base else None,
        lang=lang,
        no_score=tr(lang, "no score"),
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
            tr(lang, "(how well: %(value)s of 5)", value=decimal(d.score.how_well, lang))
            if d.score.how_well is not None
            else "",
        )
        for d in dims
    ]
    return bars_svg(
        rows,
        title=tr(lang, "Quality criteria in place per process component"),
        desc=tr(
            lang, "Bar chart of %(n)s process components. %(values)s", n=len(dims), values=_values(dims, lang, False)
        ),
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
        answered = tr(lang, "%(n)s of %(m)s linked statements answered", n=cs.answered, m=cs.total)
        if not cs.enough and cs.answered:
            answered += " " + tr(lang, "(too few for a score: at least %(k)s)", k=CAPITAL_MIN_ANSWERED)
        views.append(
            CapitalView(
                id=cid,
                title=cap.title(lang),
                summary=cap.summary(lang),
                percent=cs.percent if cs.enough else None,
                score_text=pct(cs.percent, lang) if cs.enough else "–",
                answered_text=answered,
                mark=mark,
                mark_label=tr(lang, CAPITAL_MARKS[mark]) if mark else "",
                ranked=cs.enough,
            )
        )
    return views


def capital_sentences(capitals: list[CapitalView], lang: str, answered: bool = False) -> tuple[str, str]:
    """The sentences on the most and on the least strengthened capital ("" when there is none);
    `answered`: some linked statements were answered (too few to rank any capital, when none is)."""
    most = next((c for c in capitals if c.mark == "most"), None)
    least = next((c for c in capitals if c.mark == "least"), None)
    if most is None:
        if answered:
            return tr(
                lang, "Too few statements answered yet to say which form of human capital you strengthen most."
            ), ""
        return tr(lang, "No linked statements answered yet."), ""
    first = tr(lang, "Strengthened most: %(title)s (%(pct)s).", title=most.title, pct=most.score_text)
    last = (
        tr(lang, "Strengthened least: %(title)s (%(pct)s).", title=least.title, pct=least.score_text) if least else ""
    )
    return first, last
