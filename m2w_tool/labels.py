"""The words for a dimension's importance and target: one source, the content's own sets.

`scales.yaml` holds them (`importance`: 1-5 with a label each; `target`: a label per level). The
terminal questionnaire, the workbooks (printed and fillable), the browser and the report all ask for
them here, so importance 3 reads the same everywhere; a team that types its paper answers into the
terminal keeps their meaning. A content folder without the sets (a `Content` made by hand) gets plain
numbers and the level titles, never words of m2w's own that could differ from the content's.
"""

from __future__ import annotations

DEFAULT_IMPORTANCE = (1, 2, 3, 4, 5)


def importance_values(content) -> tuple[int, ...]:
    """The importance values a dimension can be given, lowest first."""
    rating = content.importance_scale
    return tuple(sorted(rating.values)) if rating else DEFAULT_IMPORTANCE


def importance_label(content, value, lang: str) -> str:
    """The content's word for importance `value` (the number itself when it has none)."""
    rating = content.importance_scale
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return rating.label(value, lang) if rating else str(value)


def importance_options(content, lang: str) -> list[tuple[int, str]]:
    """Every importance value with its word, lowest first."""
    return [(v, importance_label(content, v, lang)) for v in importance_values(content)]


def target_label(content, level_id: str, lang: str) -> str:
    """The content's words for aiming at level `level_id` ("Established: agreed, done and followed up")."""
    names = content.target_scale
    if names is not None and level_id in names.values:
        return names.label(level_id, lang)
    return target_title(content, level_id, lang)


def target_title(content, level_id: str, lang: str) -> str:
    """The short name of a target: the level's title, which every target label starts with."""
    for level in content.levels:
        if level.id == level_id:
            return level.title(lang)
    return level_id


def target_options(content, lang: str) -> list[tuple[str, str]]:
    """Every level to aim for, lowest first, with the content's words for it."""
    return [(level.id, target_label(content, level.id, lang)) for level in content.levels]
