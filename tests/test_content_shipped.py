"""The shipped content is complete in both languages and follows the content guidelines."""

from __future__ import annotations

import re

import pytest
from pydantic import BaseModel

from m2w_tool.content import LEVEL_IDS, Text, load_content

CONTENT = load_content()
SUSTAINABILITY = CONTENT.in_module("sustainability")
QUALITY = CONTENT.in_module("quality")


def words(text: str) -> int:
    return len(re.findall(r"\w+", text))


def texts(obj) -> list[Text]:
    """Every bilingual text inside a content object."""
    if isinstance(obj, Text):
        return [obj]
    if isinstance(obj, tuple | list):
        return [t for item in obj for t in texts(item)]
    if isinstance(obj, BaseModel):
        return [t for name in type(obj).model_fields for t in texts(getattr(obj, name))]
    return []


def test_fifteen_sustainability_dimensions_numbered_1_to_15() -> None:
    assert [d.number for d in SUSTAINABILITY] == list(range(1, 16))
    assert [d.short_id for d in SUSTAINABILITY] == [f"d{n:02d}" for n in range(1, 16)]


def test_memore_basis_for_1_to_7_and_own_for_8_to_15() -> None:
    assert [d.basis for d in SUSTAINABILITY] == ["memore"] * 7 + ["m2w"] * 8
    for d in SUSTAINABILITY[7:]:
        assert any("m2w" in s for s in d.sources), d.id


def test_quality_module_covers_the_seven_components_and_the_organisation() -> None:
    assert [d.short_id for d in QUALITY] == [f"q{n:02d}" for n in range(1, 9)]
    expected = [
        "recruitment",
        "screening",
        "matching",
        "relationship",
        "closure",
        "follow-up",
        "training",
        "organisation",
    ]
    assert [d.id.split("-", 1)[1] for d in QUALITY] == expected


@pytest.mark.parametrize("dim", SUSTAINABILITY, ids=lambda d: d.id)
def test_sustainability_dimension_shape(dim) -> None:
    for lang in ("nl", "en"):
        assert 150 <= words(dim.theory(lang)) <= 300, (dim.id, lang, words(dim.theory(lang)))
    assert 4 <= len(dim.questions) <= 6
    assert 2 <= len(dim.reflection) <= 4
    assert 1 <= len(dim.methods) <= 2
    for q in dim.questions:
        assert q.scale == "agree5"
    for m in dim.methods:
        assert 3 <= len(m.steps) <= 7


@pytest.mark.parametrize("dim", QUALITY, ids=lambda d: d.id)
def test_quality_criteria_shape(dim) -> None:
    assert 4 <= len(dim.questions) <= 8
    for q in dim.questions:
        assert (q.scale, q.how_well) == ("inplace3", "howwell5")
        assert q.evidence is not None


@pytest.mark.parametrize("dim", CONTENT.dimensions, ids=lambda d: d.id)
def test_recommendations_for_every_level(dim) -> None:
    for level in LEVEL_IDS:
        recs = dim.recommendations.for_level(level)
        assert len(recs) >= 2
        assert all(1 <= r.months <= 24 for r in recs)


@pytest.mark.parametrize("dim", CONTENT.dimensions, ids=lambda d: d.id)
def test_every_text_is_written_in_both_languages(dim) -> None:
    for text in texts(dim):
        assert text.nl.strip() and text.en.strip()
        # A text left untranslated is the same in both languages; short labels may legitimately be.
        if len(text.en) > 40:
            assert text.nl != text.en, text.en


def test_every_capital_is_used_by_statements_and_recommendations() -> None:
    tagged_q = {c for _, q in CONTENT.questions.values() for c in q.capitals}
    tagged_r = {
        c for d in CONTENT.dimensions for lv in LEVEL_IDS for r in d.recommendations.for_level(lv) for c in r.capitals
    }
    assert set(CONTENT.capitals) == {"economic", "language", "social", "cultural", "psychological", "information"}
    assert tagged_q == set(CONTENT.capitals)
    assert tagged_r == set(CONTENT.capitals)


def test_every_scale_has_a_not_applicable_choice() -> None:
    for scale in CONTENT.scales.values():
        assert scale.na.nl and scale.na.en
