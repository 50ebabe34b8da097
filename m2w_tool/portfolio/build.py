"""Building the portfolio model: `build_portfolio` and its builders, one per part of the page."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import date
from statistics import fmean, median, quantiles

from m2w_tool.answers import Answers
from m2w_tool.charts import BoxRow, ChangeRow, LevelBand, change_svg, distribution_svg
from m2w_tool.content import Content
from m2w_tool.format import count as thousands
from m2w_tool.format import percent, signed_points
from m2w_tool.history import assessment_day
from m2w_tool.i18n import N_, tr, trn
from m2w_tool.portfolio.anonymise import Names
from m2w_tool.portfolio.digest import Digest
from m2w_tool.portfolio.initiatives import Initiative, Merger, collect_initiatives, in_memory
from m2w_tool.portfolio.model import Cell, Column, Distribution, LevelCount, Portfolio, Row, WeakSpot
from m2w_tool.portfolio.trends import Change, Comparer, DimensionTrend, dimension_trends, overall_moves
from m2w_tool.portfolio.triage import SHOWN as TRIAGE_SHOWN
from m2w_tool.portfolio.triage import triage
from m2w_tool.scoring import Scores

WEAK_BELOW = "established"  # a dimension is weak for an initiative below this level
MAJORITY = 0.5  # "most initiatives": more than this share of those with a score
WEAK_SPOTS_SHOWN = 5


def build_portfolio(
    items: Sequence[tuple[str, Answers | Digest]],
    content: Content,
    lang: str = "nl",
    *,
    anonymise: bool = False,
    skipped: Sequence[tuple[str, str]] = (),
    today: date | None = None,
    scored: Mapping[str, Scores] | None = None,
    merge: Merger | None = None,
    other_files: Sequence[str] = (),
) -> Portfolio:
    """The portfolio of the answers files `items` ((file label, answers or their digest)): digests
    come from portfolio.gather, which also gives the `merge` for team rounds; answers in memory are
    digested here (`scored` may hold their scores by label). `skipped` are unreadable files,
    `other_files` files that are no answers files."""
    if any(not isinstance(a, Digest) for _, a in items):
        items, merge = in_memory(items, content, scored)  # type: ignore[arg-type]
    names = Names(items, anonymise)
    columns = tuple(Column(d.id, d.short_id, d.title(lang), d.module) for d in content.dimensions)
    initiatives = collect_initiatives(items, merge or _no_merge)  # type: ignore[arg-type]
    comparer, cells = Comparer(content), _Cells(content, lang)
    changes = [comparer.change(it.previous, it.digest) if it.previous is not None else None for it in initiatives]
    rows = sorted(
        (_row(content, it, change, names, cells, lang) for it, change in zip(initiatives, changes, strict=True)),
        key=lambda r: (r.name.casefold(), r.organisation.casefold()),
    )
    day = today or date.today()
    parts = _across(content, rows, lang) | _trend_parts(content, [c for c in changes if c is not None], lang)
    versions = Counter(it.digest.made_with or "?" for it in initiatives)  # before any upgrade
    return Portfolio(
        **_head(content, len(rows), day, lang),
        anonymised=anonymise,
        columns=columns,
        rows=tuple(rows),
        versions=dict(versions),
        version_note=_version_note(content, versions, lang),
        names=names,
        triage=triage(content, rows, day, lang),
        **_not_read(skipped, other_files, anonymise, lang),
        **parts,
    )


# How the scores work, for the page's "How to read this" and the workbook's first sheet.
METHOD = N_(
    "Each initiative filled in the m2w questionnaire itself: the scores are a self-assessment, not an audit. Each "
    "answer becomes a percent of its scale; ‘not applicable’ and ‘don't know’ do not count, and a dimension with fewer "
    "than half of its statements answered has no score. A quality criterion counts by how far it is in place (no, "
    "partly, yes) and how well it works; a component with a minimum criterion not fully in place stays at "
    "‘developing’ at most. Levels: beginning from 0%%, developing from 40%%, established from 60%%, strong from 80%%. "
    "Per initiative the latest self-assessment counts; the answers of team members of the same round (within two "
    "months) are averaged. Use the numbers to focus conversations and shared support, not to rank initiatives."
)


def _head(content: Content, count: int, day: date, lang: str) -> dict:
    """The portfolio's title, subtitle, day, modules and content version."""
    return {
        "lang": lang,
        "title": tr(lang, "Portfolio of mentoring-to-work initiatives"),
        "subtitle": tr(
            lang,
            "%(n)s initiatives · made on %(today)s · content version %(version)s",
            n=thousands(count, lang),
            today=day.isoformat(),
            version=content.version,
        ),
        "method": tr(lang, METHOD),
        "today": day.isoformat(),
        "modules": tuple((m.id, m.title(lang)) for m in content.modules),
        "content_version": content.version,
        "triage_shown": TRIAGE_SHOWN,
    }


def _not_read(skipped: Sequence[tuple[str, str]], other_files: Sequence[str], anonymise: bool, lang: str) -> dict:
    """The files that could not be read, and those that are no answers files (names hidden when anonymised)."""
    return {
        "skipped": tuple(("", "") for _ in skipped) if anonymise else tuple(skipped),
        "skipped_text": tr(lang, "%(n)s file(s) could not be read and are missing below.", n=len(skipped))
        if skipped
        else "",
        "other_files": () if anonymise else tuple(other_files),
        "other_text": _other_text(other_files, lang),
    }


def _no_merge(rounds: list[list[str]]) -> list[Digest]:
    raise ValueError("a team round needs a merger (portfolio.gather.merge_rounds)")


def _across(content: Content, rows: Sequence[Row], lang: str) -> dict:
    """The parts of the portfolio made across the initiatives: distributions, weak spots, levels."""
    columns = tuple(Column(d.id, d.short_id, d.title(lang), d.module) for d in content.dimensions)
    distributions = tuple(_distribution(content, c, [r.cells[i].percent for r in rows]) for i, c in enumerate(columns))
    weak_spots, majority = _weak_spots(content, rows, distributions, lang)
    weak_title = level_title(content, WEAK_BELOW, lang)
    overall = [r.overall.percent for r in rows if r.overall.percent is not None]
    return {
        "distributions": distributions,
        "weak_spots": weak_spots,
        "weak_majority": majority,
        "weak_intro": _weak_intro(majority, weak_title, lang),
        "below_heading": tr(lang, "below ‘%(level)s’", level=weak_title),
        "level_counts": _level_counts(content, rows, lang),
        "median_overall": median(overall) if overall else None,
        "box_svg": _distribution_chart(content, distributions, lang),
    }


def _other_text(other_files: Sequence[str], lang: str) -> str:
    if not other_files:
        return ""
    return trn(lang, "%(n)s file in the folder is not an answers file (.yaml) and was skipped.",
               "%(n)s files in the folder are not answers files (.yaml) and were skipped.",
               len(other_files))  # fmt: skip


def level_title(content: Content, level_id: str | None, lang: str) -> str:
    """A level's title, or "not enough answers" for none."""
    return next((lv.title(lang) for lv in content.levels if lv.id == level_id), tr(lang, "not enough answers"))


def level_cell(content: Content, percent_: float | None, lang: str) -> Cell:
    """A score as a heat-map cell: the number and its level."""
    return _Cells(content, lang)(percent_)


class _Cells:
    """level_cell with the level titles looked up once (a portfolio makes 250,000 cells)."""

    def __init__(self, content: Content, lang: str) -> None:
        self.content = content
        self.titles = {lv.id: lv.title(lang) for lv in content.levels}
        self.none = tr(lang, "not enough answers")

    def __call__(self, percent_: float | None) -> Cell:
        level = self.content.level_for(percent_).id if percent_ is not None else None
        return Cell(percent_, level, self.titles.get(level, self.none) if level else self.none)


# --- one initiative ------------------------------------------------------------------------------


def _row(content: Content, it: Initiative, change: Change | None, names: Names, cell: _Cells, lang: str) -> Row:
    d = it.digest
    version = d.made_with or "?"
    other = version != content.version
    respondents = tuple(names.respondents(d))  # type: ignore[arg-type]
    points = change.overall if change is not None else None
    label = _change_label(change, it.previous_date, lang)
    line = _summary(content, d, lang) + (f" {label}." if label else "")
    if len(respondents) > 1:
        line += tr(lang, " Group of %(n)s respondents.", n=len(respondents))
    return Row(
        name=names.initiative(d, it.labels[0]),  # type: ignore[arg-type]
        organisation=names.organisation(d),  # type: ignore[arg-type]
        region=d.initiative.get("region", ""),
        respondents=respondents,
        date=assessment_day(d),  # type: ignore[arg-type]
        content_version=version,
        other_version=other,
        overall=cell(d.overall),
        modules={m: cell(p) for m, p in d.modules.items()},
        cells=tuple(cell(f.percent) for f in d.dimensions),
        change=points,
        previous_date=it.previous_date,
        change_text=signed_points(points, empty=""),
        change_label=label,
        summary=line + (tr(lang, " Content version %(version)s.", version=version) if other else ""),
        digest=d,
    )


def _change_label(change: Change | None, previous_date: str, lang: str) -> str:
    """ "+3 points since 2025-05"; across content versions that share too little, why there is none."""
    if change is None:
        return ""
    month = previous_date[:7]
    if change.overall is None:
        return tr(lang, "no change shown: content versions %(old)s and %(new)s share too few statements",
                  old=change.versions[0], new=change.versions[1])  # fmt: skip
    points = round(change.overall)
    text = trn(lang, "%(change)s point since %(month)s", "%(change)s points since %(month)s", abs(points),
               change=signed_points(change.overall), month=month)  # fmt: skip
    if change.across_versions:
        text += tr(
            lang,
            " (on the statements versions %(old)s and %(new)s share)",
            old=change.versions[0],
            new=change.versions[1],
        )
    return text


def _summary(content: Content, d: Digest, lang: str) -> str:
    """The start of an initiative's line: its level and score, strongest dimension and priority."""
    if d.overall is None:
        return tr(lang, "Not enough answers for a score.")
    facts = {dim.id: (dim.title(lang), f.percent) for dim, f in zip(content.dimensions, d.dimensions, strict=True)}

    def named(dimension_id: str | None) -> str:
        return f"{facts[dimension_id][0]} ({percent(facts[dimension_id][1], lang)})" if dimension_id else "–"

    line = tr(
        lang,
        "%(level)s (%(overall)s). Strongest: %(strong)s. Priority: %(priority)s.",
        level=level_title(content, d.overall_level, lang),
        overall=percent(d.overall, lang),
        strong=named(d.strongest),
        priority=named(d.priorities[0] if d.priorities else None),
    )
    return line + (tr(lang, " %(n)s dimension(s) without a score.", n=d.gaps) if d.gaps else "")


# --- across the initiatives ------------------------------------------------------------------------


def _level_counts(content: Content, rows: Sequence[Row], lang: str) -> tuple[LevelCount, ...]:
    """How many initiatives reach each level overall, strongest level first."""
    levels = reversed(content.levels)
    counts = Counter(r.overall.level for r in rows)
    return tuple(LevelCount(lv.id, lv.title(lang), counts[lv.id], thousands(counts[lv.id], lang)) for lv in levels)


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
        line = tr(
            lang,
            "%(share)s of the initiatives (%(count)s of %(n)s) below ‘%(level)s’; median %(median)s.",
            share=percent(100 * (d.share_below or 0), lang),
            count=d.below,
            n=d.n,
            level=weak_title,
            median=percent(d.median, lang),
        )
        label = tr(lang, "Lowest-rated statement (%(pct)s on average):", pct=percent(statement_pct, lang))
        spots.append(WeakSpot(d.column, d, statement, statement_pct, label, line))
    return tuple(spots), bool(majority)


def _weakest_statement(content: Content, rows: Sequence[Row], dimension_id: str, lang: str) -> tuple[str, float | None]:
    dim = next(d for d in content.dimensions if d.id == dimension_id)
    index = {qid: i for i, qid in enumerate(content.questions)}
    best: tuple[str, float | None] = ("", None)
    for q in dim.questions:
        k = index[q.id]
        values = [p for r in rows if (p := r.digest.percent(k)) is not None]
        if values and (best[1] is None or fmean(values) < best[1]):
            best = (q.text(lang), fmean(values))
    return best


def _weak_intro(majority: bool, weak_title: str, lang: str) -> str:
    if majority:
        return tr(
            lang,
            "Dimensions where more than half of the initiatives score below ‘%(level)s’. Shared support (training, "
            "peer learning, a common tool) helps more here than one-off coaching.",
            level=weak_title,
        )
    return tr(
        lang,
        "No dimension is below ‘%(level)s’ for more than half of the initiatives. These are the weakest ones:",
        level=weak_title,
    )


def _version_note(content: Content, versions: Counter[str], lang: str) -> str:
    if len(versions) > 1:
        listed = ", ".join(f"{v} ({n})" for v, n in sorted(versions.items()))
        return tr(
            lang,
            "Note: these files were made with different content versions (%(versions)s). Questions that changed "
            "between versions are not fully comparable; the ‘version’ column shows which one each initiative used.",
            versions=listed,
        )
    if versions and next(iter(versions)) != content.version:
        return tr(
            lang,
            "Note: these files use content version %(versions)s, this m2w has version %(current)s. Questions the "
            "current content no longer knows do not count.",
            versions=next(iter(versions)),
            current=content.version,
        )
    return ""


def _distribution_chart(content: Content, distributions: Sequence[Distribution], lang: str) -> str:
    def five(d: Distribution) -> str:
        return ", ".join(percent(v, lang) for v in (d.minimum, d.q1, d.median, d.q3, d.maximum))

    bounds = [lv.min for lv in content.levels] + [100]
    return distribution_svg(
        [
            BoxRow(f"{d.column.short_id}  {d.column.title}", d.minimum, d.q1, d.median, d.q3, d.maximum)
            for d in distributions
        ],
        [
            LevelBand(lv.id, lv.title(lang), lo, hi)
            for lv, lo, hi in zip(content.levels, bounds, bounds[1:], strict=False)
        ],
        title=tr(lang, "Distribution of the scores per dimension"),
        desc=tr(
            lang,
            "Per dimension minimum, first quartile, median, third quartile and maximum: %(items)s.",
            items="; ".join(f"{d.column.short_id} {five(d)}" for d in distributions),
        ),
    )


# --- trends ----------------------------------------------------------------------------------------


def _trend_parts(content: Content, changes: Sequence[Change], lang: str) -> dict:
    """The trend section: the sentence, the chart per dimension and where versions do not compare."""
    if not changes:
        return {}
    trends = dimension_trends(content, changes, lang)
    up, same, down, middle = overall_moves(changes)
    line = tr(lang, "Of the %(n)s initiatives assessed before, %(up)s rose by 5 points or more, %(same)s stayed "
                    "within 5 points and %(down)s fell by 5 points or more; median change %(median)s points.",
              n=len(changes), up=up, same=same, down=down, median=signed_points(middle))  # fmt: skip
    return {
        "trends": trends,
        "trend_line": line,
        "trend_svg": _trend_chart(trends, lang),
        "trend_note": _trend_note(trends, changes, lang),
    }


def _trend_chart(trends: Sequence[DimensionTrend], lang: str) -> str:
    rows = [
        ChangeRow(f"{t.short_id}  {t.title}", t.mean, signed_points(t.mean), tr(lang, "n = %(n)s", n=t.n))
        for t in trends
    ]
    return change_svg(
        rows,
        title=tr(lang, "Mean change per dimension since the previous assessment"),
        desc=tr(
            lang,
            "Mean change in points per dimension, over the initiatives assessed before: %(items)s.",
            items="; ".join(f"{t.short_id} {signed_points(t.mean)} (n = {t.n})" for t in trends),
        ),  # fmt: skip
        axis_label=tr(lang, "points"),
    )


def _trend_note(trends: Sequence[DimensionTrend], changes: Sequence[Change], lang: str) -> str:
    """Where content versions do not let compare: which dimensions, for how many initiatives."""
    blocked = [f"{t.short_id} ({t.not_comparable})" for t in trends if t.not_comparable]
    across = sum(1 for c in changes if c.across_versions)
    if not across:
        return ""
    if not blocked:
        return tr(
            lang,
            "%(n)s initiative(s) were assessed before with an older content version: their changes are computed on "
            "the statements both versions share.",
            n=across,
        )
    return tr(lang, "%(n)s initiative(s) were assessed before with an older content version: their changes are "
                    "computed on the statements both versions share. Where the versions share fewer than half of a "
                    "dimension's statements no change is shown: %(list)s.",
              n=across, list=", ".join(blocked))  # fmt: skip
