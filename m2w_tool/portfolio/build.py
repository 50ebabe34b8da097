"""Building the portfolio model: `build_portfolio` and its builders, one per part of the page."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import date
from statistics import fmean, median, quantiles

from m2w_tool.answers import Answers
from m2w_tool.charts import BoxRow, LevelBand, distribution_svg
from m2w_tool.content import Content
from m2w_tool.format import percent, signed_points
from m2w_tool.history import assessment_day
from m2w_tool.i18n import tr
from m2w_tool.portfolio.anonymise import Names
from m2w_tool.portfolio.initiatives import Initiative, collect_initiatives
from m2w_tool.portfolio.model import Cell, Column, Distribution, LevelCount, Portfolio, Row, WeakSpot
from m2w_tool.scoring import Scores

WEAK_BELOW = "established"  # a dimension is weak for an initiative below this level
MAJORITY = 0.5  # "most initiatives": more than this share of those with a score
WEAK_SPOTS_SHOWN = 5


def build_portfolio(
    items: Sequence[tuple[str, Answers]],
    content: Content,
    lang: str = "nl",
    *,
    anonymise: bool = False,
    skipped: Sequence[tuple[str, str]] = (),
    today: date | None = None,
    scored: Mapping[str, Scores] | None = None,
) -> Portfolio:
    """The portfolio of the answers files `items` ((file label, answers)); `skipped` are unreadable
    files; `scored` may hold the scores of files already scored (by label), to reuse them."""
    names = Names(items, anonymise)
    columns = tuple(Column(d.id, d.short_id, d.title(lang), d.module) for d in content.dimensions)
    initiatives = collect_initiatives(items, content, scored)
    rows = sorted(
        (_row(content, it, names, columns, lang) for it in initiatives),
        key=lambda r: (r.name.casefold(), r.organisation.casefold()),
    )
    distributions = tuple(_distribution(content, c, [r.cells[i].percent for r in rows]) for i, c in enumerate(columns))
    weak_spots, majority = _weak_spots(content, rows, distributions, lang)
    versions = Counter(it.answers.made_with or "?" for it in initiatives)  # before any upgrade
    weak_title = level_title(content, WEAK_BELOW, lang)
    overall = [r.overall.percent for r in rows if r.overall.percent is not None]
    day = (today or date.today()).isoformat()
    return Portfolio(
        lang=lang,
        title=tr(lang, "Portfolio of mentoring-to-work initiatives"),
        subtitle=tr(lang, "%(n)s initiatives · made on %(today)s · content version %(version)s", n=len(rows), today=day, version=content.version),
        today=day,
        anonymised=anonymise,
        columns=columns,
        modules=tuple((m.id, m.title(lang)) for m in content.modules),
        rows=tuple(rows),
        distributions=distributions,
        weak_spots=weak_spots,
        weak_majority=majority,
        weak_intro=_weak_intro(majority, weak_title, lang),
        below_heading=tr(lang, "below ‘%(level)s’", level=weak_title),
        versions=dict(versions),
        content_version=content.version,
        version_note=_version_note(content, versions, lang),
        skipped=tuple(("", "") for _ in skipped) if anonymise else tuple(skipped),
        skipped_text=tr(lang, "%(n)s file(s) could not be read and are missing below.", n=len(skipped)) if skipped else "",
        level_counts=_level_counts(content, rows, lang),
        median_overall=median(overall) if overall else None,
        box_svg=_distribution_chart(content, distributions, lang),
        names=names,
    )


def level_title(content: Content, level_id: str | None, lang: str) -> str:
    """A level's title, or "not enough answers" for none."""
    return next((lv.title(lang) for lv in content.levels if lv.id == level_id), tr(lang, "not enough answers"))


def level_cell(content: Content, percent_: float | None, lang: str) -> Cell:
    """A score as a heat-map cell: the number and its level."""
    level = content.level_for(percent_).id if percent_ is not None else None
    return Cell(percent_, level, level_title(content, level, lang))


# --- one initiative ------------------------------------------------------------------------------


def _row(content: Content, it: Initiative, names: Names, columns: tuple[Column, ...], lang: str) -> Row:
    s = it.scores
    change, previous_date = None, ""
    if it.previous_scores is not None and s.overall is not None and it.previous_scores.overall is not None:
        change, previous_date = s.overall - it.previous_scores.overall, assessment_day(it.previous)
    version = it.answers.made_with or "?"
    other = version != content.version
    respondents = tuple(names.respondents(it.answers))
    line = _summary(content, s, lang)
    if change is not None:
        line += tr(lang, " %(change)s pts since %(date)s.", change=signed_points(change), date=previous_date)
    if len(respondents) > 1:
        line += tr(lang, " Group of %(n)s respondents.", n=len(respondents))
    return Row(
        name=names.initiative(it.answers, it.labels[0]),
        organisation=names.organisation(it.answers),
        region=it.answers.initiative.get("region", ""),
        respondents=respondents,
        date=assessment_day(it.answers),
        content_version=version,
        other_version=other,
        overall=level_cell(content, s.overall, lang),
        modules={m: level_cell(content, ms.percent, lang) for m, ms in s.modules.items()},
        cells=tuple(level_cell(content, s.dimensions[c.id].percent, lang) for c in columns),
        change=change,
        previous_date=previous_date,
        change_text=signed_points(change, empty=""),
        summary=line + (tr(lang, " Content version %(version)s.", version=version) if other else ""),
        answers=it.answers,
        scores=s,
    )


def _summary(content: Content, scores: Scores, lang: str) -> str:
    """The start of an initiative's line: its level and score, strongest dimension and priority."""
    if scores.overall is None:
        return tr(lang, "Not enough answers for a score.")
    titles = {d.id: d.title(lang) for d in content.dimensions}

    def named(found: list) -> str:
        return f"{titles[found[0].dimension_id]} ({percent(found[0].percent, lang)})" if found else "–"

    line = tr(
        lang,
        "%(level)s (%(overall)s). Strongest: %(strong)s. Priority: %(priority)s.",
        level=level_title(content, scores.overall_level, lang),
        overall=percent(scores.overall, lang),
        strong=named(scores.strengths(1)),
        priority=named(scores.priorities(1)),
    )
    gaps = sum(1 for d in scores.dimensions.values() if d.percent is None)
    return line + (tr(lang, " %(n)s dimension(s) without a score.", n=gaps) if gaps else "")


# --- across the initiatives ------------------------------------------------------------------------


def _level_counts(content: Content, rows: Sequence[Row], lang: str) -> tuple[LevelCount, ...]:
    """How many initiatives reach each level overall, strongest level first."""
    levels = reversed(content.levels)
    return tuple(LevelCount(lv.id, lv.title(lang), sum(1 for r in rows if r.overall.level == lv.id)) for lv in levels)


def _distribution(content: Content, column: Column, percents: list[float | None]) -> Distribution:
    values = [v for v in percents if v is not None]
    threshold = next(lv.min for lv in content.levels if lv.id == WEAK_BELOW)
    below = sum(1 for v in values if v < threshold)
    if not values:
        return Distribution(column, 0, None, None, None, None, None, 0)
    if len(values) == 1:
        return Distribution(column, 1, values[0], values[0], values[0], values[0], values[0], below)
    q1, q2, q3 = quantiles(values, n=4, method="inclusive")
    return Distribution(column, len(values), min(values), q1, q2, q3, max(values), below)


def _weak_spots(
    content: Content, rows: Sequence[Row], distributions: Sequence[Distribution], lang: str
) -> tuple[tuple[WeakSpot, ...], bool]:
    """The dimensions weak for most initiatives (else the weakest three), and whether most it was."""
    ranked = sorted(
        (d for d in distributions if d.n),
        key=lambda d: (-(d.share_below or 0), d.median if d.median is not None else 100),
    )
    majority = [d for d in ranked if (d.share_below or 0) > MAJORITY]
    weak_title = level_title(content, WEAK_BELOW, lang)
    spots = []
    for d in (majority or ranked[:3])[:WEAK_SPOTS_SHOWN]:
        statement, statement_pct = _weakest_statement(content, rows, d.column.id, lang)
        line = tr(lang, "%(share)s of the initiatives (%(count)s of %(n)s) below ‘%(level)s’; median %(median)s.", share=percent(100 * (d.share_below or 0), lang), count=d.below, n=d.n, level=weak_title, median=percent(d.median, lang))
        label = tr(lang, "Lowest-rated statement (%(pct)s on average):", pct=percent(statement_pct, lang))
        spots.append(WeakSpot(d.column, d, statement, statement_pct, label, line))
    return tuple(spots), bool(majority)


def _weakest_statement(content: Content, rows: Sequence[Row], dimension_id: str, lang: str) -> tuple[str, float | None]:
    dim = next(d for d in content.dimensions if d.id == dimension_id)
    best: tuple[str, float | None] = ("", None)
    for q in dim.questions:
        values = [p for r in rows if (qs := r.scores.questions.get(q.id)) is not None and (p := qs.percent) is not None]
        if values and (best[1] is None or fmean(values) < best[1]):
            best = (q.text(lang), fmean(values))
    return best


def _weak_intro(majority: bool, weak_title: str, lang: str) -> str:
    if majority:
        return tr(lang, "Dimensions where more than half of the initiatives score below ‘%(level)s’. Shared support (training, peer learning, a common tool) helps more here than one-off coaching.", level=weak_title)
    return tr(lang, "No dimension is below ‘%(level)s’ for more than half of the initiatives. These are the weakest ones:", level=weak_title)


def _version_note(content: Content, versions: Counter[str], lang: str) -> str:
    if len(versions) > 1:
        listed = ", ".join(f"{v} ({n})" for v, n in sorted(versions.items()))
        return tr(lang, "Note: these files were made with different content versions (%(versions)s). Questions that changed between versions are not fully comparable; the ‘version’ column shows which one each initiative used.", versions=listed)
    if versions and next(iter(versions)) != content.version:
        return tr(lang, "Note: these files use content version %(versions)s, this m2w has version %(current)s. Questions the current content no longer knows do not count.", versions=next(iter(versions)), current=content.version)
    return ""


def _distribution_chart(content: Content, distributions: Sequence[Distribution], lang: str) -> str:
    def five(d: Distribution) -> str:
        return ", ".join(percent(v, lang) for v in (d.minimum, d.q1, d.median, d.q3, d.maximum))

    bounds = [lv.min for lv in content.levels] + [100]
    return distribution_svg(
        [BoxRow(f"{d.column.short_id}  {d.column.title}", d.minimum, d.q1, d.median, d.q3, d.maximum) for d in distributions],
        [LevelBand(lv.id, lv.title(lang), lo, hi) for lv, lo, hi in zip(content.levels, bounds, bounds[1:], strict=False)],
        title=tr(lang, "Distribution of the scores per dimension"),
        desc=tr(lang, "Per dimension minimum, first quartile, median, third quartile and maximum: %(items)s.", items="; ".join(f"{d.column.short_id} {five(d)}" for d in distributions)),
    )
