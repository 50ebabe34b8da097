"""The workbook model: chapters, field names, the marker and the session timing. No rendering here."""

from __future__ import annotations

import pytest

from m2w_tool.answers_model import DONT_KNOW
from m2w_tool.content import load_content
from m2w_tool.workbook import (
    ACTION_ROWS,
    MARKER_FIELD,
    NA,
    Marker,
    build_workbook,
    field_specs,
    parse_marker,
    question_id_of,
)


@pytest.fixture(scope="module")
def content():
    return load_content()


def test_full_workbook_has_every_dimension_in_module_order(content) -> None:
    wb = build_workbook(content, content.select("all"), lang="nl")
    assert [s.id for s in wb.sections] == ["sustainability", "quality"]
    assert [d.id for d in wb.dimensions] == [d.id for d in content.dimensions]
    assert len(wb.sections[0].dimensions) == 15
    assert wb.sections[0].count_label == "15 dimensies"
    assert not wb.single


def test_single_dimension_workbook(content) -> None:
    wb = build_workbook(content, content.select("all", ["d03"]), lang="en", only=["d03"])
    assert wb.single
    (d,) = wb.dimensions
    assert d.id == "d03-purpose"
    assert "d03" in wb.subtitle and d.title in wb.subtitle
    assert wb.marker.only == ("d03",)


def test_statement_choices_are_scale_values_and_na(content) -> None:
    wb = build_workbook(content, content.select("all", ["d03"]), lang="en")
    q = wb.dimensions[0].questions[0]
    scale = content.scales[content.questions[q.id][1].scale]
    assert q.rating.name == q.id
    assert q.rating.values == tuple(str(v) for v in scale.values) + (NA, DONT_KNOW)
    assert q.rating.choices[-2].label.startswith("n/a · ") and q.rating.choices[-1].label == "? · Don't know"
    assert [c.special for c in q.rating.choices] == [False] * len(scale.values) + [True, True]
    assert q.note.name == f"{q.id}:note"
    assert q.how_well is None


def test_quality_criteria_have_in_place_how_well_and_evidence(content) -> None:
    wb = build_workbook(content, content.select("quality", ["q02"]), lang="nl")
    q = wb.dimensions[0].questions[0]
    assert q.rating.values == ("1", "2", "3", NA, DONT_KNOW)
    # a three-option scale is ticked by its words, a five-option one by its numbers
    assert [c.caption for c in q.rating.choices[:3]] == ["Nee", "Deels", "Ja"]
    assert q.how_well is not None and q.how_well.name == f"{q.id}:how_well"
    assert q.how_well.values == ("1", "2", "3", "4", "5", DONT_KNOW)  # asked when in place: no n/a
    minimum = next(q for q in wb.dimensions[0].questions if content.questions[q.id][1].minimum)
    assert minimum.rating.values == ("1", "2", "3", DONT_KNOW)  # a minimum criterion is never "n/a"
    assert q.note.name == f"{q.id}:evidence"
    assert q.evidence_hint


def test_field_names_carry_ids_and_are_unique(content) -> None:
    wb = build_workbook(content, content.select("all"), lang="nl", fillable=True)
    specs = field_specs(wb)
    names = list(specs)
    assert len(names) == len(set(names))
    assert MARKER_FIELD in specs and "respondent:name" in specs
    assert "." not in "".join(names), "a period in a PDF field name means hierarchy"
    for d in wb.dimensions:
        short = d.short_id
        assert specs[f"{short}:importance"].kind == "choice"
        assert [c.value for c in specs[f"{short}:target"].choices] == [lv.id for lv in content.levels]
        assert f"{short}:reflection:{len(d.reflections)}" in specs
        assert f"{short}:action:{ACTION_ROWS}:when" in specs
        for q in d.questions:
            assert specs[q.id].kind == "choice"
    expected = (
        1
        + 5
        + sum(
            len(d.questions) * 2 + sum(1 for q in d.questions if q.how_well) + 2 + len(d.reflections) + 3 * ACTION_ROWS
            for d in wb.dimensions
        )
    )
    assert len(specs) == expected


@pytest.mark.parametrize(
    ("name", "owner"),
    [("d03-q1", "d03-q1"), ("d03-q1:note", "d03-q1"), ("d03:action:2:who", "d03"), ("q02-q4:how_well", "q02-q4")],
)
def test_question_id_of(name: str, owner: str) -> None:
    assert question_id_of(name) == owner


def test_marker_round_trip() -> None:
    marker = Marker("2026.1", "ab" * 32, "en", "all", ("d03", "q02"), True)
    assert parse_marker(str(marker)) == marker
    assert parse_marker(f"prefix text {marker} suffix") == marker
    plain = Marker("2026.1", "cd" * 32, "nl", "sustainability", ())
    assert parse_marker(str(plain)) == plain
    assert parse_marker("m2w-workbook/1 version=x") is None
    assert parse_marker(None) is None
    assert parse_marker("") is None


def test_session_plan_adds_up_and_uses_the_first_exercise(content) -> None:
    wb = build_workbook(content, content.select("all", ["d03"]), lang="en")
    d = wb.dimensions[0]
    method = content.find("d03").methods[0]
    assert any(step.minutes == method.duration_minutes and method.title("en") in step.label for step in d.plan)
    assert d.plan_minutes == sum(s.minutes for s in d.plan)
    assert all(s.minutes % 5 == 0 and s.minutes > 0 for s in d.plan)
    assert d.plan_total == f"{d.plan_minutes // 60} h {d.plan_minutes % 60:02d}"


def test_guide_is_complete_in_both_languages(content) -> None:
    for lang in ("nl", "en"):
        wb = build_workbook(content, content.select("all"), lang=lang)
        guide = wb.guide
        assert len(guide.plan) >= 8 and len(guide.roles) == 4 and len(guide.agreement) >= 5
        assert all(item.title and item.text for item in guide.plan + guide.roles)
        assert [lv.range for lv in wb.levels] == ["0–39%", "40–59%", "60–79%", "80–100%"]
    nl = build_workbook(content, content.select("all"), lang="nl").guide
    en = build_workbook(content, content.select("all"), lang="en").guide
    assert nl.agreement != en.agreement and nl.roles[0].title == "Begeleider" and en.roles[0].title == "Facilitator"
