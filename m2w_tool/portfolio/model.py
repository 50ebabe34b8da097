"""The portfolio model: the contract between the portfolio builder, its template and the exports.

Every text is in the portfolio's language and every name has been through `Names` (codes when
anonymised). Static labels (headings, column titles) come from the catalogue inside the template.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from m2w_tool.format import count, whole_percent
from m2w_tool.portfolio.anonymise import Names
from m2w_tool.portfolio.digest import Digest
from m2w_tool.portfolio.trends import DimensionTrend
from m2w_tool.portfolio.triage import TriageItem

PRINT_ROW_LIMIT = 300  # above this many initiatives the PDF leaves out the heat map and the one-liners


@dataclass(frozen=True)
class Column:
    """A dimension as a column of the portfolio."""

    id: str  # "d03-purpose"
    short_id: str  # "d03", the column's heading
    title: str  # its title (shown on hover and in the legend)
    module: str  # "sustainability" or "quality"


@dataclass(frozen=True)
class Cell:
    """A score in the heat map (or the XLSX): the number, and its level for the colour."""

    percent: float | None  # 0-100; None with too few answers
    level: str | None  # the level id, None without a score (also the CSS class: lvl-<id>, lvl-none)
    level_title: str  # the level in words, or "not enough answers"

    @property
    def text(self) -> str:
        """The number shown in the cell: the whole percent rounded down (`63`), `–` without a score.
        No percent sign: the table's caption says the cells are percents, and the cells stay narrow."""
        return "–" if self.percent is None else str(whole_percent(self.percent))


@dataclass(frozen=True)
class Row:
    """One initiative in the portfolio, as shown (names already replaced when anonymised)."""

    name: str  # the initiative, or its code
    organisation: str  # as typed (or its code), "" when not given
    region: str  # as typed, "" when not given
    respondents: tuple[str, ...]  # who answered (or their codes)
    date: str  # the day of its latest assessment, ISO
    content_version: str  # the content version its answers were made with ("?" when unknown)
    other_version: bool  # made with another content version than the one loaded
    overall: Cell  # the overall score
    modules: dict[str, Cell]  # module id -> its score
    cells: tuple[Cell, ...]  # the dimension scores, aligned with Portfolio.columns
    change: float | None  # overall points since the previous assessment (like with like)
    previous_date: str  # the day of that previous assessment, "" without one
    change_text: str  # "+6", "−3", "0", "" without a comparable previous assessment
    change_label: str  # "+6 points since 2025-05"; why not, when the versions do not compare; ""
    summary: str  # one line: level, strongest, priority, change, group, version
    digest: Digest = field(repr=False, compare=False)  # the assessment, as the exports read it


@dataclass(frozen=True)
class Distribution:
    """How the initiatives' scores on one dimension are spread."""

    column: Column  # the dimension
    n: int  # initiatives with a score
    minimum: float | None  # lowest score; None when n is 0
    q1: float | None  # first quartile
    median: float | None  # median
    q3: float | None  # third quartile
    maximum: float | None  # highest score
    below: int  # initiatives below WEAK_BELOW

    @property
    def share_below(self) -> float | None:
        """The share (0-1) of the initiatives with a score that are below WEAK_BELOW."""
        return None if not self.n else self.below / self.n


@dataclass(frozen=True)
class WeakSpot:
    """A dimension where many initiatives are weak, with its lowest-rated statement."""

    column: Column  # the dimension
    distribution: Distribution  # its spread
    statement: str  # the lowest-rated statement of the dimension over the portfolio
    statement_percent: float | None  # that statement's mean
    statement_label: str  # "Lowest-rated statement (31% on average):"
    line: str  # "62% of the initiatives (31 of 50) below 'established'; median 48%."


@dataclass(frozen=True)
class LevelCount:
    """How many initiatives reach a level overall (for the key figures and the level bar)."""

    id: str  # the level id (also the CSS class lvl-<id>)
    title: str  # the level in words
    count: int  # initiatives whose overall score is at this level
    count_text: str = ""  # that number with the language's thousands separator ("5.133")


@dataclass(frozen=True)
class Portfolio:
    """Everything the portfolio page and the exports show."""

    lang: str  # the portfolio's language
    title: str  # "Portfolio of mentoring-to-work initiatives"
    subtitle: str  # how many initiatives, when made, which content version
    method: str  # how the scores and levels work, in a few sentences (page and workbook)
    today: str  # the day it was made, ISO
    anonymised: bool  # names replaced by codes
    columns: tuple[Column, ...]  # the dimensions, in content order
    modules: tuple[tuple[str, str], ...]  # (module id, title)
    rows: tuple[Row, ...]  # the initiatives, by name
    distributions: tuple[Distribution, ...]  # aligned with columns
    weak_spots: tuple[WeakSpot, ...]  # the weak spots most initiatives share (or the weakest)
    weak_majority: bool  # False: no dimension is weak for most; the weakest are shown instead
    weak_intro: str  # the sentence above the weak spots (which of the two cases it is)
    below_heading: str  # the heading of the "below 'Established'" column
    versions: dict[str, int]  # content version -> initiatives
    content_version: str  # the content version loaded
    version_note: str  # a warning when versions differ from each other or from the loaded one; ""
    skipped: tuple[tuple[str, str], ...]  # (file, error); files are hidden when anonymised
    skipped_text: str  # "2 file(s) could not be read ...", "" when none
    level_counts: tuple[LevelCount, ...]  # the levels, strongest first
    median_overall: float | None  # the median overall score
    box_svg: str  # the box plots of the distributions
    names: Names = field(repr=False, compare=False)  # how names are shown (for the exports)
    triage: tuple[TriageItem, ...] = ()  # initiatives that need support first, most urgent first
    triage_shown: int = 25  # how many of them the page lists (the XLSX lists all)
    trends: tuple[DimensionTrend, ...] = ()  # per dimension, over the initiatives assessed before
    trend_line: str = ""  # "Of 40 initiatives assessed before, 25 rose ..."; "" when none were
    trend_svg: str = ""  # the mean change per dimension, as a small chart
    trend_note: str = ""  # where content versions do not let compare; ""
    other_files: tuple[str, ...] = ()  # files in the folders that are no answers files (skipped)
    other_text: str = ""  # "2 file(s) are not answers files and were skipped: ..."; ""

    @property
    def count_text(self) -> str:
        """How many initiatives, written with the language's thousands separator (`10.000`)."""
        return count(len(self.rows), self.lang)

    @property
    def large(self) -> bool:
        """Too many initiatives for a heat map on paper: the PDF shows the overview only."""
        return len(self.rows) > PRINT_ROW_LIMIT

    @property
    def mixed_versions(self) -> bool:
        return len(self.versions) > 1
