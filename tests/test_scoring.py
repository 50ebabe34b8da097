"""Scoring tables on the shipped content: n/a left out, half answered, levels, quality, priorities."""

from __future__ import annotations

import pytest

from m2w_tool.answers import Answer, Answers, DimensionAnswers
from m2w_tool.content import load_content
from m2w_tool.scoring import percent_of, score, whole_percent

NA = "n/a"


@pytest.fixture(scope="module")
def content():
    return load_content()


def answers_with(values: dict[str, object], dims: dict[str, DimensionAnswers] | None = None) -> Answers:
    a = Answers()
    for qid, value in values.items():
        a.answers[qid] = Answer(*value) if isinstance(value, tuple) else Answer(value)
    a.dimensions.update(dims or {})
    return a


def d03(*values: object) -> dict[str, object]:
    """Answers for the six statements of d03-purpose, in order (None = not answered)."""
    return {f"d03-q{i}": v for i, v in enumerate(values, 1) if v is not None}


@pytest.mark.parametrize(
    ("scale", "value", "expected"),
    [
        ("agree5", 1, 0.0), ("agree5", 2, 25.0), ("agree5", 3, 50.0), ("agree5", 5, 100.0),
        ("inplace3", 0, 0.0), ("inplace3", 1, 50.0), ("inplace3", 2, 100.0),
        ("howwell5", 4, 75.0),
        ("agree5", 3.5, 62.5), ("inplace3", 1.5, 75.0),  # means of merged group answers
        ("agree5", NA, None), ("agree5", None, None), ("agree5", 7, None), ("agree5", 0, None),
        ("agree5", True, None), ("agree5", "4", None),
    ],
)
def test_percent_of_scale(content, scale, value, expected) -> None:
    assert percent_of(content.scales[scale], value) == expected


@pytest.mark.parametrize(
    ("case", "values", "answered", "na", "percent", "level"),
    [
        ("empty", d03(), 0, 0, None, None),
        ("all n/a", d03(NA, NA, NA, NA, NA, NA), 0, 6, None, None),
        ("fewer than half", d03(5, 5, NA, NA, NA, None), 2, 3, None, None),
        ("exactly half", d03(5, 3, 1, NA, NA, NA), 3, 3, 50.0, "developing"),
        ("all maximum", d03(5, 5, 5, 5, 5, 5), 6, 0, 100.0, "strong"),
        ("all minimum", d03(1, 1, 1, 1, 1, 1), 6, 0, 0.0, "beginning"),
        ("n/a never lowers", d03(5, 5, 5, 5, 5, NA), 5, 1, 100.0, "strong"),
        ("threshold 40", d03(3, 3, 2, 2, 3, NA), 5, 1, 40.0, "developing"),
        ("threshold 60", d03(4, 3, 4, 3, 3, NA), 5, 1, 60.0, "established"),
        ("threshold 80", d03(5, 4, 4, 4, 4, NA), 5, 1, 80.0, "strong"),
        ("just under 40", d03(3, 2, 2, 2, 3, 3), 6, 0, pytest.approx(37.5), "beginning"),
    ],
)
def test_dimension_table(content, case, values, answered, na, percent, level) -> None:
    s = score(content, answers_with(values)).dimensions["d03-purpose"]
    assert (s.answered, s.total, s.na) == (answered, 6, na), case
    assert s.percent == percent, case
    assert s.level == level, case
    assert s.enough is (percent is not None), case


def test_invalid_and_unknown_answers_are_not_scored_but_reported(content) -> None:
    a = answers_with({**d03(5, 7, 5, 5, None, None), "zz-q1": 3})
    scores = score(content, a)
    s = scores.dimensions["d03-purpose"]
    assert s.answered == 3 and s.percent == 100.0
    assert scores.invalid == ("d03-q2",)
    assert scores.unknown == ("zz-q1",)


def test_quality_share_in_place_and_how_well(content) -> None:
    a = answers_with(
        {
            "q02-q1": (2, 4),  # yes, good
            "q02-q2": (1, 2),  # partly, fair
            "q02-q3": (0, 5),  # no: a "how well" for something absent is ignored
            "q02-q4": (NA, 3),
            "q02-q5": (2, None),  # yes, not rated
        }
    )
    s = score(content, a).dimensions["q02-screening"]
    assert (s.answered, s.total, s.na) == (4, 7, 1)
    assert s.in_place == s.percent == pytest.approx((100 + 50 + 0 + 100) / 4)
    assert s.how_well == pytest.approx(3.0) and s.how_well_answered == 2
    assert s.level == "established"


def test_priority_weighs_importance_not_only_the_lowest_score(content) -> None:
    values = {
        **d03(3, 3, 3, 3, 3, 3),  # 50 %
        **{f"d11-q{i}": 2 for i in range(1, 7)},  # 25 %
        **{f"d05-q{i}": 4 for i in range(1, 7)},  # 75 %
        **{f"d06-q{i}": 5 for i in range(1, 7)},  # 100 %: never a priority
    }
    dims = {
        "d03-purpose": DimensionAnswers(importance=5),
        "d11-revenue": DimensionAnswers(importance=2),
        "d06-leadership": DimensionAnswers(importance=5),
        # d05 gives no importance: it counts as 3
    }
    scores = score(content, answers_with(values, dims))
    ranked = scores.priorities(None)
    assert [d.dimension_id for d in ranked] == ["d03-purpose", "d11-revenue", "d05-governance"]
    assert [d.priority for d in ranked] == [250.0, 150.0, 75.0]
    assert ranked[2].importance is None and ranked[2].importance_used == 3
    assert [d.dimension_id for d in scores.strengths(2)] == ["d06-leadership", "d05-governance"]


@pytest.mark.parametrize(
    ("target", "expected", "reached"),
    [("established", pytest.approx(100 * 50 / 60), False), ("strong", 62.5, False), ("developing", 100.0, True),
     ("beginning", 100.0, True), ("gold", None, None)],
)
def test_percent_of_target(content, target, expected, reached) -> None:
    a = answers_with(d03(3, 3, 3, 3, 3, 3), {"d03-purpose": DimensionAnswers(target=target)})
    s = score(content, a).dimensions["d03-purpose"]
    assert s.percent_of_target == expected
    assert s.target_reached is reached
    assert s.target == (None if target == "gold" else target)


def test_progress_against_baseline(content) -> None:
    old = answers_with({**d03(2, 2, 2, 2, 2, 2), "d11-q1": 5})
    new = answers_with({**d03(4, 4, 4, 4, 4, 4), **{f"d11-q{i}": 3 for i in range(1, 7)}})
    scores = score(content, new, baseline=old)
    assert scores.has_baseline
    d = scores.dimensions["d03-purpose"]
    assert (d.baseline_percent, d.percent, d.progress) == (25.0, 75.0, 50.0)
    # The baseline had too few answers for d11: no progress can be computed.
    assert scores.dimensions["d11-revenue"].progress is None
    assert score(content, new).dimensions["d03-purpose"].progress is None


def test_modules_and_overall_are_means_of_means(content) -> None:
    values = {
        **d03(5, 5, 5, 5, 5, 5),  # 100
        **{f"d11-q{i}": 3 for i in range(1, 7)},  # 50
        **{f"q02-q{i}": 0 for i in range(1, 8)},  # 0
    }
    scores = score(content, answers_with(values))
    sust, qual = scores.modules["sustainability"], scores.modules["quality"]
    assert (sust.percent, sust.scored, sust.total) == (75.0, 2, 15)
    assert (qual.percent, qual.scored, qual.total) == (0.0, 1, 8)
    assert scores.overall == 37.5 and scores.overall_level == "beginning"


def test_empty_answers_score_nothing(content) -> None:
    scores = score(content, Answers())
    assert all(d.percent is None for d in scores.dimensions.values())
    assert scores.overall is None and scores.overall_level is None
    assert scores.priorities() == [] and scores.strengths() == []
    assert all(c.percent is None for c in scores.capitals.values())
    assert scores.strongest_capital is None and scores.weakest_capital is None


def test_capitals_average_the_statements_tagged_with_them(content) -> None:
    _, q_econ = content.questions["d14-q4"]
    _, q_mixed = content.questions["d03-q2"]
    assert "economic" in q_econ.capitals and {"economic", "psychological"} <= set(q_mixed.capitals)
    scores = score(content, answers_with({"d14-q4": 5, "d03-q2": 1}))
    econ = scores.capitals["economic"]
    tagged = sum(1 for d in content.dimensions for q in d.questions if "economic" in q.capitals)
    assert (econ.percent, econ.answered, econ.total) == (50.0, 2, tagged)
    assert scores.capitals["psychological"].percent == 0.0
    assert scores.capitals["language"].percent is None
    assert scores.strongest_capital.capital_id == "economic"
    assert scores.weakest_capital.percent == 0.0


@pytest.mark.parametrize(
    ("value", "shown"),
    [(59.8, 59), (60.0, 60), (200 / 3, 66), (0.4, 0), (100.0, 100), (59.999999999999, 60), (62.5, 62)],
)
def test_whole_percent_rounds_down_but_not_below_a_float_error(value: float, shown: int) -> None:
    assert whole_percent(value) == shown
