"""The change since an initiative's previous assessment, like with like, and across the portfolio. Pure.

Within one content version a change is the difference of the scores. When the previous assessment
was made with an older content version (upgraded when it was read; see m2w_tool.migration), a
dimension is compared on the statements both versions share (history.shared_statements, through
the migration map), and only when they are at least half of the dimension, as the report's history
does; the overall change is then the change of the overall score computed on those dimensions
alone. Where the versions share too little, no change is claimed and the portfolio says so.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from statistics import fmean, median

from m2w_tool.content import Content
from m2w_tool.format import signed_points
from m2w_tool.history import NOTICEABLE, shared_statements
from m2w_tool.portfolio.digest import Digest


@dataclass(frozen=True)
class Change:
    """One initiative's change since its previous assessment, in points."""

    overall: float | None  # None when nothing can be compared
    dimensions: tuple[float | None, ...]  # aligned with content.dimensions
    not_comparable: tuple[str, ...]  # short ids of dimensions the content versions do not let compare
    versions: tuple[str, str]  # (previous, current) content versions the answers were made with

    @property
    def across_versions(self) -> bool:
        return self.versions[0] != self.versions[1]


@dataclass(frozen=True)
class DimensionTrend:
    """One dimension across the initiatives assessed before: how it moved."""

    dimension_id: str
    short_id: str
    title: str
    n: int  # initiatives with a comparable change
    mean: float | None  # their mean change in points
    up: int  # rose by NOTICEABLE points or more
    down: int  # fell by NOTICEABLE points or more
    not_comparable: int  # initiatives whose content versions do not let compare this dimension

    @property
    def mean_text(self) -> str:
        """The mean change as shown: `+3`, `−2`, `0`, `–` without one."""
        return signed_points(self.mean)


class Comparer:
    """Compares two digests of one initiative like with like (see the module's docstring)."""

    def __init__(self, content: Content) -> None:
        self.content = content
        self._index = {qid: i for i, qid in enumerate(content.questions)}
        self._shared: dict[tuple[str, str], tuple[tuple[int, ...] | None, ...] | None] = {}

    def _shared_by_dimension(self, versions: tuple[str, str]) -> tuple[tuple[int, ...] | None, ...] | None:
        """Per dimension the indexes of the statements both versions share (None: too few to
        compare); None for the whole when both versions are the current one."""
        if versions not in self._shared:
            shared = shared_statements(self.content, [v or self.content.version for v in versions])
            if shared is None:
                self._shared[versions] = None
            else:
                per = []
                for d in self.content.dimensions:
                    ids = [self._index[q.id] for q in d.questions if q.id in shared]
                    per.append(tuple(ids) if ids and 2 * len(ids) >= len(d.questions) else None)
                self._shared[versions] = tuple(per)
        return self._shared[versions]

    def change(self, previous: Digest, current: Digest) -> Change:
        versions = (previous.made_with or self.content.version, current.made_with or self.content.version)
        shared = self._shared_by_dimension(versions)
        if shared is None:
            dims = tuple(
                _minus(c.percent, p.percent) for p, c in zip(previous.dimensions, current.dimensions, strict=True)
            )
            return Change(_minus(current.overall, previous.overall), dims, (), versions)
        pairs = [(_on(previous, ids), _on(current, ids)) if ids else None for ids in shared]
        dims = tuple(_minus(pair[1], pair[0]) if pair else None for pair in pairs)
        blocked = tuple(d.short_id for d, ids in zip(self.content.dimensions, shared, strict=True) if ids is None)
        return Change(self._overall(pairs), dims, blocked, versions)

    def _overall(self, pairs: Sequence[tuple[float | None, float | None] | None]) -> float | None:
        """The overall score on the dimensions both assessments have a comparable score for."""
        by_module: dict[str, list[tuple[float, float]]] = {}
        for d, pair in zip(self.content.dimensions, pairs, strict=True):
            if pair and pair[0] is not None and pair[1] is not None:
                by_module.setdefault(d.module, []).append(pair)  # type: ignore[arg-type]
        if not by_module:
            return None
        before = fmean(fmean(p for p, _ in scored) for scored in by_module.values())
        after = fmean(fmean(c for _, c in scored) for scored in by_module.values())
        return after - before


def _minus(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None else a - b


def _on(digest: Digest, indexes: tuple[int, ...]) -> float | None:
    """The mean percent of the statements at `indexes`, when at least half of them are answered."""
    answered = [p for i in indexes if (p := digest.percent(i)) is not None]
    return sum(answered) / len(answered) if answered and 2 * len(answered) >= len(indexes) else None


def dimension_trends(content: Content, changes: Sequence[Change], lang: str) -> tuple[DimensionTrend, ...]:
    """Per dimension, how the initiatives with a previous assessment moved."""
    out = []
    for k, d in enumerate(content.dimensions):
        values = [c.dimensions[k] for c in changes if c.dimensions[k] is not None]
        blocked = sum(1 for c in changes if d.short_id in c.not_comparable)
        out.append(DimensionTrend(
            d.id, d.short_id, d.title(lang), len(values), fmean(values) if values else None,
            sum(1 for v in values if v >= NOTICEABLE - 1e-9), sum(1 for v in values if v <= -NOTICEABLE + 1e-9),
            blocked,
        ))  # fmt: skip
    return tuple(out)


def overall_moves(changes: Sequence[Change]) -> tuple[int, int, int, float | None]:
    """How many initiatives rose, stayed and fell overall (by NOTICEABLE points), and the median change."""
    values = [c.overall for c in changes if c.overall is not None]
    up = sum(1 for v in values if v >= NOTICEABLE - 1e-9)
    down = sum(1 for v in values if v <= -NOTICEABLE + 1e-9)
    return up, len(values) - up - down, down, median(values) if values else None
