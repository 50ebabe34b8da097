"""The portfolio: many initiatives side by side, for a funder or a network. Pure.

From a set of answers files it builds what the portfolio page and the exports show:

- one row per initiative (its latest assessment round; several respondents of that round are
  merged as a group, a file made with `m2w merge` is used as is; see history.occasions), with a
  score per dimension coloured by level;
- the distribution per dimension (minimum, quartiles, median, maximum) over the initiatives;
- the weak spots most initiatives share: dimensions where more than half of the initiatives with a
  score are below "established", each with its lowest-rated statement;
- a one-line summary per initiative, and the change since its previous assessment when the files
  hold one;
- which content versions the files were made with, and a warning when they differ.

Anonymisation (`anonymise=True`) replaces the names of initiatives, organisations and respondents
by codes (I-001, O-001, R-001) everywhere the model carries text, including inside notes,
reflections and actions, where a name is found as written (any case). Names the files never
mention as such (a colleague named only in a note) cannot be recognised; file names are never shown.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from html import escape
from statistics import fmean, median, quantiles
from typing import TYPE_CHECKING

from m2w_tool.answers import Answers
from m2w_tool.content import Content
from m2w_tool.history import assessment_day, occasions, one_assessment
from m2w_tool.i18n import tr
from m2w_tool.merge import group_respondents, initiative_key
from m2w_tool.scoring import whole_percent

if TYPE_CHECKING:
    from m2w_tool.scoring import Scores

WEAK_BELOW = "established"  # a dimension is weak for an initiative below this level
MAJORITY = 0.5  # "most initiatives": more than this share of those with a score
WEAK_SPOTS_SHOWN = 5

# Heat map: one colour per level (ColorBrewer RdYlGn, 4 classes) with a text colour that keeps
# enough contrast; the number is always printed in the cell, so colour is never the only cue.
LEVEL_COLOURS = {
    "beginning": ("#d7191c", "#ffffff"),
    "developing": ("#fdae61", "#1a1a1a"),
    "established": ("#a6d96a", "#1a1a1a"),
    "strong": ("#1a9641", "#ffffff"),
    None: ("#eeeeee", "#555555"),
}
FONT = "DejaVu Sans, Noto Sans, Noto Sans Arabic, sans-serif"

# --- names and codes ----------------------------------------------------------------------------


# Parts of names that are also everyday words; a note saying "van" must not become "R-012".
NAME_PARTICLES = {
    "van",
    "der",
    "den",
    "het",
    "ten",
    "ter",
    "von",
    "del",
    "della",
    "dos",
    "das",
    "bin",
    "ben",
    "abu",
    "ibn",
}


def _key(name: str) -> str:
    """A name as the anonymiser looks it up: composed accents, lower case, no outer spaces."""
    return unicodedata.normalize("NFC", name.strip()).lower()


def portfolio_key(label: str, answers: Answers) -> tuple[str, str]:
    """What makes files one initiative; a file without names stands alone (its file name)."""
    key = initiative_key(answers)
    return key if any(key) else ("", "file:" + label)


def _code_order(names: set) -> list:
    """Codes follow a hash of the name, so they give away neither alphabetical nor file order."""
    return sorted(names, key=lambda n: (hashlib.sha256(repr(n).encode()).hexdigest(), n))


class Names:
    """How names appear in a portfolio: as they are, or replaced by codes (anonymise=True)."""

    def __init__(self, items: Sequence[tuple[str, Answers]], anonymise: bool) -> None:
        self.anonymise = anonymise
        self._initiatives: dict[tuple[str, str], str] = {}
        self._organisations: dict[str, str] = {}
        self._people: dict[str, str] = {}
        self._pattern: re.Pattern[str] | None = None
        self._replacement: dict[str, str] = {}
        self._labels = {id(a): label for label, a in items}
        if anonymise:
            self._build(items)

    def _build(self, items: Sequence[tuple[str, Answers]]) -> None:
        keys = {portfolio_key(label, a) for label, a in items}
        width = max(3, len(str(len(keys))))
        self._initiatives = {k: f"I-{i:0{width}d}" for i, k in enumerate(_code_order(keys), 1)}
        orgs = {_key(a.initiative.get("organisation", "")) for _, a in items} - {""}
        self._organisations = {o: f"O-{i:0{width}d}" for i, o in enumerate(_code_order(orgs), 1)}
        people: set[str] = set()
        for _, a in items:
            named = [
                *(a.respondent.get("name") or "").split(","),
                *(str(r.get("name", "")) for r in group_respondents(a)),
            ]
            people.update(_key(n) for n in named if n.strip())
        self._people = {p: f"R-{i:0{width}d}" for i, p in enumerate(_code_order(people), 1)}

        replace: dict[str, str] = {}
        for label, a in items:
            name = _key(a.initiative.get("name", ""))
            if name:
                replace[name] = self._initiatives[portfolio_key(label, a)]
        for org, code in self._organisations.items():
            replace.setdefault(org, code)
        for person, code in self._people.items():
            replace.setdefault(person, code)
            # A note may name someone by first or last name only: replace each part of three
            # letters or more, except particles that are everyday words.
            for part in re.split(r"[\s,]+", person):
                if len(part) >= 3 and part not in NAME_PARTICLES:
                    replace.setdefault(part, code)
        self._replacement = replace
        if replace:
            alternatives = "|".join(re.escape(k) for k in sorted(replace, key=len, reverse=True))
            self._pattern = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)

    def initiative(self, answers: Answers, label: str = "") -> str:
        label = label or self._labels.get(id(answers), "")
        if self.anonymise:
            return self._initiatives[portfolio_key(label, answers)]
        return answers.initiative.get("name", "").strip() or label.rsplit("/", 1)[-1] or "?"

    def organisation(self, answers: Answers) -> str:
        org = answers.initiative.get("organisation", "").strip()
        if not self.anonymise or not org:
            return org
        return self._organisations[_key(org)]

    def person(self, name: str) -> str:
        if not self.anonymise or not name.strip():
            return name
        return self.scrub(name)

    def respondents(self, answers: Answers) -> list[str]:
        group = [str(r.get("name", "")) for r in group_respondents(answers)]
        names = group or [answers.respondent.get("name", "")]
        return [self.person(n) for n in names if n.strip()]

    def scrub(self, text: str) -> str:
        """`text` with every known name replaced by its code (unchanged when not anonymising)."""
        if not self.anonymise or not text or self._pattern is None:
            return text
        return self._pattern.sub(self._code_for, unicodedata.normalize("NFC", text))

    def _code_for(self, match: re.Match[str]) -> str:
        found = match.group(0)
        code = self._replacement.get(found.lower())
        if code is None:  # a letter whose lower case differs from the regex's case folding
            code = next(c for k, c in self._replacement.items() if re.fullmatch(re.escape(k), found, re.I))
        return code


# --- choosing one assessment per initiative -----------------------------------------------------


@dataclass
class Initiative:
    """One initiative of the portfolio: the assessment that counts, and the one before it."""

    answers: Answers
    labels: list[str]  # the files it was made from
    scores: Scores | None = None
    previous: Answers | None = None
    previous_scores: Scores | None = None
    assessments: int = 1  # days with an assessment


def collect_initiatives(
    items: Sequence[tuple[str, Answers]],
    content: Content,
    scored: Mapping[str, Scores] | None = None,
) -> list[Initiative]:
    """Group files by initiative and keep, per initiative, its latest round and the one before it."""
    by_initiative: dict[tuple[str, str], list[tuple[str, Answers]]] = defaultdict(list)
    for label, answers in items:
        by_initiative[portfolio_key(label, answers)].append((label, answers))
    from m2w_tool.scoring import score

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


# --- the model ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """A dimension as a column of the portfolio."""

    id: str
    short_id: str
    title: str
    module: str


@dataclass(frozen=True)
class Cell:
    percent: float | None
    level: str | None
    level_title: str
    background: str
    colour: str

    @property
    def text(self) -> str:
        return "–" if self.percent is None else str(whole_percent(self.percent))


@dataclass(frozen=True)
class Row:
    """One initiative in the portfolio, as shown (names already replaced when anonymised)."""

    name: str
    organisation: str
    region: str
    respondents: tuple[str, ...]
    date: str
    content_version: str
    other_version: bool  # made with another content version than the one loaded
    overall: Cell
    modules: dict[str, Cell]
    cells: tuple[Cell, ...]  # aligned with Portfolio.columns
    change: float | None  # overall points since the previous assessment
    previous_date: str
    change_text: str  # "+6", "−3", "0", "" without a previous assessment
    summary: str
    answers: Answers = field(repr=False, compare=False)
    scores: Scores = field(repr=False, compare=False)


@dataclass(frozen=True)
class Distribution:
    column: Column
    n: int  # initiatives with a score
    minimum: float | None
    q1: float | None
    median: float | None
    q3: float | None
    maximum: float | None
    below: int  # initiatives below WEAK_BELOW

    @property
    def share_below(self) -> float | None:
        return None if not self.n else self.below / self.n

    @property
    def texts(self) -> tuple[str, str, str, str, str]:
        """Minimum, Q1, median, Q3 and maximum as shown: whole percents, rounded down."""
        return tuple(_pct(v) for v in (self.minimum, self.q1, self.median, self.q3, self.maximum))

    @property
    def below_text(self) -> str:
        return "–" if not self.n else f"{self.below} ({_pct(100 * self.share_below)})"


@dataclass(frozen=True)
class WeakSpot:
    column: Column
    distribution: Distribution
    statement: str  # the lowest-rated statement of the dimension over the portfolio
    statement_percent: float | None
    statement_label: str  # "Lowest-rated statement (31% on average):"
    line: str  # "62% of the initiatives (31 of 50) below 'established'; median 48%."


@dataclass(frozen=True)
class Portfolio:
    lang: str
    title: str
    subtitle: str
    today: str
    anonymised: bool
    columns: tuple[Column, ...]
    modules: tuple[tuple[str, str], ...]  # (module id, title)
    rows: tuple[Row, ...]
    distributions: tuple[Distribution, ...]
    weak_spots: tuple[WeakSpot, ...]
    weak_majority: bool  # False: no dimension is weak for most; the weakest are shown instead
    versions: dict[str, int]  # content version -> initiatives
    content_version: str
    version_note: str
    skipped: tuple[tuple[str, str], ...]  # (file, error); files are hidden when anonymised
    level_counts: tuple[tuple[str, str, int, str, str], ...]  # (id, title, initiatives, bg, fg)
    median_overall: float | None
    box_svg: str
    names: Names = field(repr=False, compare=False)
    text: dict[str, str] = field(default_factory=dict)

    @property
    def mixed_versions(self) -> bool:
        return len(self.versions) > 1

    @property
    def median_text(self) -> str:
        return _pct(self.median_overall)


def _cell(content: Content, percent: float | None, lang: str) -> Cell:
    level = content.level_for(percent).id if percent is not None else None
    background, colour = LEVEL_COLOURS[level]
    title = next(
        (lv.title(lang) for lv in content.levels if lv.id == level), tr(lang, "not enough answers")
    )
    return Cell(percent, level, title, background, colour)


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{whole_percent(value)}%"


def _signed(value: float) -> str:
    rounded = round(value)
    return f"+{rounded}" if rounded > 0 else ("0" if rounded == 0 else f"−{abs(rounded)}")


def _summary(
    content: Content,
    scores: Scores,
    change: float | None,
    previous_date: str,
    version_note: str,
    group: int,
    lang: str,
) -> str:
    titles = {d.id: d.title(lang) for d in content.dimensions}
    if scores.overall is None:
        line = tr(lang, "Not enough answers for a score.")
    else:
        strong = scores.strengths(1)
        priority = scores.priorities(1)
        line = tr(lang, "%(level)s (%(overall)s). Strongest: %(strong)s. Priority: %(priority)s.", level=next(lv.title(lang) for lv in content.levels if lv.id == scores.overall_level), overall=_pct(scores.overall), strong=f"{titles[strong[0].dimension_id]} ({_pct(strong[0].percent)})"
            if strong
            else "–", priority=f"{titles[priority[0].dimension_id]} ({_pct(priority[0].percent)})"
            if priority
            else "–")
    gaps = sum(1 for d in scores.dimensions.values() if d.percent is None)
    if gaps and scores.overall is not None:
        line += tr(lang, " %(n)s dimension(s) without a score.", n=gaps)
    if change is not None:
        line += tr(lang, " %(change)s pts since %(date)s.", change=_signed(change), date=previous_date)
    if group > 1:
        line += tr(lang, " Group of %(n)s respondents.", n=group)
    return line + version_note


def _distribution(column: Column, values: list[float], content: Content) -> Distribution:
    threshold = next(lv.min for lv in content.levels if lv.id == WEAK_BELOW)
    below = sum(1 for v in values if v < threshold)
    if not values:
        return Distribution(column, 0, None, None, None, None, None, 0)
    if len(values) == 1:
        v = values[0]
        return Distribution(column, 1, v, v, v, v, v, below)
    q1, q2, q3 = quantiles(values, n=4, method="inclusive")
    return Distribution(column, len(values), min(values), q1, q2, q3, max(values), below)


def _weakest_statement(
    content: Content, rows: Sequence[Row], dimension_id: str, lang: str
) -> tuple[str, float | None]:
    dim = next(d for d in content.dimensions if d.id == dimension_id)
    best: tuple[str, float | None] = ("", None)
    for q in dim.questions:
        values = [
            p
            for r in rows
            if (qs := r.scores.questions.get(q.id)) is not None and (p := qs.percent) is not None
        ]
        if values:
            mean = fmean(values)
            if best[1] is None or mean < best[1]:
                best = (q.text(lang), mean)
    return best


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
    initiatives = collect_initiatives(items, content, scored)
    names = Names(items, anonymise)
    columns = tuple(Column(d.id, d.short_id, d.title(lang), d.module) for d in content.dimensions)
    levels = {lv.id: lv for lv in content.levels}
    versions = Counter(it.answers.made_with or "?" for it in initiatives)  # before any upgrade
    mixed = len(versions) > 1

    rows = []
    for it in initiatives:
        s = it.scores
        change = None
        previous_date = ""
        if (
            it.previous_scores is not None
            and s.overall is not None
            and it.previous_scores.overall is not None
        ):
            change = s.overall - it.previous_scores.overall
            previous_date = assessment_day(it.previous)
        version = it.answers.made_with or "?"
        other = version != content.version
        version_note = tr(lang, " Content version %(version)s.", version=version) if other else ""
        respondents = tuple(names.respondents(it.answers))
        rows.append(
            Row(
                name=names.initiative(it.answers, it.labels[0]),
                organisation=names.organisation(it.answers),
                region=it.answers.initiative.get("region", ""),
                respondents=respondents,
                date=assessment_day(it.answers),
                content_version=version,
                other_version=other,
                overall=_cell(content, s.overall, lang),
                modules={m: _cell(content, ms.percent, lang) for m, ms in s.modules.items()},
                cells=tuple(_cell(content, s.dimensions[c.id].percent, lang) for c in columns),
                change=change,
                previous_date=previous_date,
                change_text=_signed(change) if change is not None else "",
                summary=_summary(
                    content, s, change, previous_date, version_note, len(respondents), lang
                ),
                answers=it.answers,
                scores=s,
            )
        )
    rows.sort(key=lambda r: (r.name.casefold(), r.organisation.casefold()))

    distributions = tuple(
        _distribution(
            c, [r.cells[i].percent for r in rows if r.cells[i].percent is not None], content
        )
        for i, c in enumerate(columns)
    )
    weak_title = levels[WEAK_BELOW].title(lang)
    ranked = sorted(
        (d for d in distributions if d.n),
        key=lambda d: (-(d.share_below or 0), d.median if d.median is not None else 100),
    )
    majority = [d for d in ranked if (d.share_below or 0) > MAJORITY]
    chosen = (majority or ranked[:3])[:WEAK_SPOTS_SHOWN]
    weak_spots = []
    for d in chosen:
        statement, statement_pct = _weakest_statement(content, rows, d.column.id, lang)
        line = tr(lang, "%(share)s of the initiatives (%(count)s of %(n)s) below ‘%(level)s’; median %(median)s.", share=_pct(100 * (d.share_below or 0)), count=d.below, n=d.n, level=weak_title, median=_pct(d.median))
        label = tr(lang, "Lowest-rated statement (%(pct)s on average):", pct=_pct(statement_pct))
        weak_spots.append(WeakSpot(d.column, d, statement, statement_pct, label, line))

    overall_values = [r.overall.percent for r in rows if r.overall.percent is not None]
    level_counts = tuple(
        (
            lv.id,
            lv.title(lang),
            sum(1 for r in rows if r.overall.level == lv.id),
            *LEVEL_COLOURS[lv.id],
        )
        for lv in reversed(content.levels)
    )
    today = today or date.today()
    version_list = ", ".join(f"{v} ({n})" for v, n in sorted(versions.items()))
    if mixed:
        version_note = tr(lang, "Note: these files were made with different content versions (%(versions)s). Questions that changed between versions are not fully comparable; the ‘version’ column shows which one each initiative used.", versions=version_list)
    elif versions and next(iter(versions)) != content.version:
        version_note = tr(lang, "Note: these files use content version %(versions)s, this m2w has version %(current)s. Questions the current content no longer knows do not count.", versions=next(iter(versions)), current=content.version)
    else:
        version_note = ""
    shown_skipped = tuple(("", "") for _ in skipped) if anonymise else tuple(skipped)

    text = {
            "weak_intro": tr(lang, "Dimensions where more than half of the initiatives score below ‘%(level)s’. Shared support (training, peer learning, a common tool) helps more here than one-off coaching.", level=weak_title),
            "weak_none": tr(lang, "No dimension is below ‘%(level)s’ for more than half of the initiatives. These are the weakest ones:", level=weak_title),
            "col_below": tr(lang, "below ‘%(level)s’", level=weak_title),
            "skipped": tr(lang, "%(n)s file(s) could not be read and are missing below.", n=len(skipped)) if skipped else "",
        }
    return Portfolio(
        lang=lang,
        title=tr(lang, "Portfolio of mentoring-to-work initiatives"),
        subtitle=tr(lang, "%(n)s initiatives · made on %(today)s · content version %(version)s", n=len(rows), today=today.isoformat(), version=content.version),
        today=today.isoformat(),
        anonymised=anonymise,
        columns=columns,
        modules=tuple((m.id, m.title(lang)) for m in content.modules),
        rows=tuple(rows),
        distributions=distributions,
        weak_spots=tuple(weak_spots),
        weak_majority=bool(majority),
        versions=dict(versions),
        content_version=content.version,
        version_note=version_note,
        skipped=shown_skipped,
        level_counts=level_counts,
        median_overall=median(overall_values) if overall_values else None,
        box_svg=distribution_svg(distributions, content, lang),
        names=names,
        text=text,
    )


# --- chart ----------------------------------------------------------------------------------------


def _n(x: float) -> str:
    return f"{x:.1f}".rstrip("0").rstrip(".")


def distribution_svg(distributions: Sequence[Distribution], content: Content, lang: str) -> str:
    """Horizontal box plots, one per dimension, on a 0-100 axis with the level bands behind them."""
    label_w, plot_w, right, row_h, top = 250, 380, 16, 17, 34
    width = label_w + plot_w + right
    height = top + row_h * len(distributions) + 8

    def x_of(p: float) -> float:
        return label_w + plot_w * max(0.0, min(100.0, p)) / 100

    items = "; ".join(
        f"{d.column.short_id} {_pct(d.minimum)}, {_pct(d.q1)}, {_pct(d.median)}, {_pct(d.q3)}, {_pct(d.maximum)}"
        for d in distributions
    )
    title = tr(lang, "Distribution of the scores per dimension")
    out = [
        f'<svg class="chart boxplot" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
        f'aria-labelledby="bx-t bx-d" font-family="{FONT}">',
        f'<title id="bx-t">{escape(title)}</title>',
        f'<desc id="bx-d">{escape(tr(lang, "Per dimension minimum, first quartile, median, third quartile and maximum: %(items)s.", items=items))}</desc>',
    ]
    bounds = [lv.min for lv in content.levels] + [100]
    for lv, lo, hi in zip(content.levels, bounds, bounds[1:], strict=False):
        background = LEVEL_COLOURS[lv.id][0]
        out.append(
            f'<rect x="{_n(x_of(lo))}" y="{top - 4}" width="{_n(x_of(hi) - x_of(lo))}" height="{height - top - 2}" '
            f'fill="{background}" fill-opacity="0.16"/>'
        )
        out.append(
            f'<text x="{_n((x_of(lo) + x_of(hi)) / 2)}" y="11" font-size="9" fill="#333333" text-anchor="middle">'
            f"{escape(lv.title(lang))}</text>"
        )
    out.append('<g font-size="8" fill="#555555">')
    for t in (0, 20, 40, 60, 80, 100):
        out.append(f'<text x="{_n(x_of(t))}" y="{top - 6}" text-anchor="middle">{t}</text>')
    out.append("</g>")
    for k, d in enumerate(distributions):
        y = top + k * row_h
        mid = y + row_h / 2
        label = f"{d.column.short_id}  {d.column.title}"
        if len(label) > 44:
            label = label[:43].rstrip() + "…"
        out.append(
            f'<text x="{label_w - 8}" y="{_n(mid + 3)}" font-size="9" fill="#1a1a1a" '
            f'text-anchor="end">{escape(label)}</text>'
        )
        if d.n == 0:
            continue
        out.append(
            f'<line x1="{_n(x_of(d.minimum))}" y1="{_n(mid)}" x2="{_n(x_of(d.maximum))}" y2="{_n(mid)}" '
            'stroke="#333333" stroke-width="1"/>'
        )
        for v in (d.minimum, d.maximum):
            out.append(
                f'<line x1="{_n(x_of(v))}" y1="{_n(mid - 4)}" x2="{_n(x_of(v))}" y2="{_n(mid + 4)}" stroke="#333333"/>'
            )
        out.append(
            f'<rect x="{_n(x_of(d.q1))}" y="{_n(mid - 5.5)}" width="{_n(max(1.0, x_of(d.q3) - x_of(d.q1)))}" '
            'height="11" fill="#ffffff" stroke="#1f4e79" stroke-width="1.2"/>'
        )
        out.append(
            f'<line x1="{_n(x_of(d.median))}" y1="{_n(mid - 5.5)}" x2="{_n(x_of(d.median))}" y2="{_n(mid + 5.5)}" '
            'stroke="#1f4e79" stroke-width="3"/>'
        )
    out.append("</svg>")
    return "\n".join(out)
