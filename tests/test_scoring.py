"""Scoring tables: n/a and don't know left out, half answered, levels, quality (in place weighted by
how well, the minimum cap), quick scan, priorities, targets, capitals. Built on a small content made
for the purpose, so the numbers do not move when the shipped statements are edited."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from m2w_tool.answers import Answer, Answers, DimensionAnswers
from m2w_tool.content import load_content
from m2w_tool.scoring import CAPITAL_MIN_ANSWERED, percent_of, score, whole_percent

NA = "n/a"
DK = "dont_know"
DATA = Path(__file__).parent / "data" / "mini"


def _statement(qid: str, **extra) -> dict:
    q = {
        "id": qid,
        "text": {"nl": f"Stelling {qid}", "en": f"Statement {qid}"},
        "scale": "agree5",
        "fully": {"nl": "Volledig", "en": "Fully"},
    }
    q.update(extra)
    return q


def _criterion(qid: str, **extra) -> dict:
    q = _statement(qid, scale="inplace3", how_well="howwell5", evidence={"nl": "Bewijs", "en": "Evidence"})
    q.update(extra)
    return q


@pytest.fixture(scope="module")
def content(tmp_path_factory):
    """d01: six statements (q1 and q2 in the quick scan, q6 refuses n/a, capitals on q1-q4);
    d02: two statements; q01: four in-place criteria (q1 and q2 minimums) and one on agree5."""
    root = tmp_path_factory.mktemp("grid") / "content"
    shutil.copytree(DATA, root)
    alpha = root / "sustainability" / "01-alpha.yaml"
    data = yaml.safe_load(alpha.read_text(encoding="utf-8"))
    data["questions"] = [
        _statement("d01-q1", quick=True, capitals=["social", "language"]),
        _statement("d01-q2", quick=True, capitals=["social"]),
        _statement("d01-q3", capitals=["social"]),
        _statement("d01-q4", capitals=["social"]),
        _statement("d01-q5"),
        _statement("d01-q6", na=False),
    ]
    alpha.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    beta = root / "sustainability" / "02-beta.yaml"
    data = yaml.safe_load(beta.read_text(encoding="utf-8"))
    data["questions"][0]["quick"] = True
    beta.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    gamma = root / "quality" / "01-gamma.yaml"
    data = yaml.safe_load(gamma.read_text(encoding="utf-8"))
    data["questions"] = [
        _criterion("q01-q1", minimum=True, quick=True),
        _criterion("q01-q2", minimum=True),
        _criterion("q01-q3"),
        _criterion("q01-q4"),
        _statement("q01-q5", evidence={"nl": "Bewijs", "en": "Evidence"}),
    ]
    gamma.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    # The grid uses the shipped answer sets (in place 1-3), so the rules are tested on them.
    shutil.copy(Path(__file__).parent.parent / "dimensions" / "scales.yaml", root / "scales.yaml")
    return load_content(root)


def answers_with(values: dict[str, object], dims: dict[str, DimensionAnswers] | None = None, **scope) -> Answers:
    a = Answers()
    for qid, value in values.items():
        a.answers[qid] = Answer(*value) if isinstance(value, tuple) else Answer(value)
    a.dimensions.update(dims or {})
    a.scope.update(scope)
    return a


def d01(*values: object) -> dict[str, object]:
    """Answers for the six statements of d01, in order (None = not answered)."""
    return {f"d01-q{i}": v for i, v in enumerate(values, 1) if v is not None}


def q01(*values: object) -> dict[str, object]:
    """Answers (value, how_well) for the five criteria of q01, in order (None = not answered)."""
    return {f"q01-q{i}": v for i, v in enumerate(values, 1) if v is not None}


@pytest.mark.parametrize(
    ("scale", "value", "expected"),
    [
        ("agree5", 1, 0.0),
        ("agree5", 2, 25.0),
        ("agree5", 3, 50.0),
        ("agree5", 5, 100.0),
        ("inplace3", 1, 0.0),
        ("inplace3", 2, 50.0),
        ("inplace3", 3, 100.0),
        ("howwell5", 4, 75.0),
        ("agree5", 3.5, 62.5),
        ("inplace3", 2.5, 75.0),  # means of merged group answers
        ("agree5", NA, None),
        ("agree5", DK, None),
        ("agree5", None, None),
        ("agree5", 7, None),
        ("agree5", 0, None),
        ("inplace3", 0, None),
        ("agree5", True, None),
        ("agree5", "4", None),
    ],
)
def test_percent_of_scale(content, scale, value, expected) -> None:
    assert percent_of(content.scales[scale], value) == expected


@pytest.mark.parametrize(
    ("case", "values", "answered", "na", "dk", "percent", "level"),
    [
        ("empty", d01(), 0, 0, 0, None, None),
        ("all n/a", d01(NA, NA, NA, NA, NA, None), 0, 5, 0, None, None),
        ("all don't know", d01(DK, DK, DK, DK, DK, DK), 0, 0, 6, None, None),
        ("fewer than half", d01(5, 5, NA, DK, DK, None), 2, 1, 2, None, None),
        ("exactly half", d01(5, 3, 1, NA, DK, DK), 3, 1, 2, 50.0, "developing"),
        ("all maximum", d01(5, 5, 5, 5, 5, 5), 6, 0, 0, 100.0, "strong"),
        ("all minimum", d01(1, 1, 1, 1, 1, 1), 6, 0, 0, 0.0, "beginning"),
        ("n/a never lowers", d01(5, 5, 5, 5, NA, 5), 5, 1, 0, 100.0, "strong"),
        ("don't know never lowers", d01(5, 5, 5, 5, 5, DK), 5, 0, 1, 100.0, "strong"),
        ("threshold 40", d01(3, 3, 2, 2, 3, DK), 5, 0, 1, 40.0, "developing"),
        ("threshold 60", d01(4, 3, 4, 3, 3, NA), 5, 1, 0, 60.0, "established"),
        ("threshold 80", d01(5, 4, 4, 4, 4, None), 5, 0, 0, 80.0, "strong"),
        ("just under 40", d01(3, 2, 2, 2, 3, 3), 6, 0, 0, pytest.approx(37.5), "beginning"),
    ],
)
def test_dimension_table(content, case, values, answered, na, dk, percent, level) -> None:
    s = score(content, answers_with(values)).dimensions["d01-alpha"]
    assert (s.answered, s.total, s.na, s.dont_know) == (answered, 6, na, dk), case
    assert s.percent == percent, case
    assert s.level == level, case
    assert s.enough is (percent is not None), case


def test_dont_know_is_a_knowledge_gap_and_na_is_not(content) -> None:
    scores = score(content, answers_with(d01(5, DK, NA, 4, DK, 3)))
    s = scores.dimensions["d01-alpha"]
    assert s.knowledge_gaps == ("d01-q2", "d01-q5")
    assert scores.knowledge_gaps == {"d01-alpha": ("d01-q2", "d01-q5")}
    assert s.na == 1 and s.dont_know == 2


def test_na_where_the_statement_refuses_it_is_invalid_but_dont_know_is_fine(content) -> None:
    scores = score(content, answers_with(d01(5, 5, 5, 5, 5, NA)))
    assert scores.invalid == ("d01-q6",)
    assert scores.dimensions["d01-alpha"].na == 1 and scores.dimensions["d01-alpha"].answered == 5
    assert score(content, answers_with(d01(5, 5, 5, 5, 5, DK))).invalid == ()


def test_invalid_and_unknown_answers_are_not_scored_but_reported(content) -> None:
    a = answers_with({**d01(5, 7, 5, 5, None, None), "zz-q1": 3})
    scores = score(content, a)
    s = scores.dimensions["d01-alpha"]
    assert s.answered == 3 and s.percent == 100.0
    assert scores.invalid == ("d01-q2",)
    assert scores.unknown == ("zz-q1",)


@pytest.mark.parametrize(
    ("case", "how_well", "percent", "level"),
    [
        ("all yes, excellent", 5, 100.0, "strong"),
        ("all yes, good", 4, pytest.approx(500 / 6), "strong"),
        ("all yes, adequate", 3, pytest.approx(400 / 6), "established"),
        ("all yes, fair", 2, 50.0, "developing"),
        ("all yes, weak", 1, pytest.approx(200 / 6), "beginning"),
        ("all yes, not rated: counts as adequate", None, pytest.approx(400 / 6), "established"),
    ],
)
def test_how_well_counts_in_the_level(content, case, how_well, percent, level) -> None:
    a = answers_with(q01((3, how_well), (3, how_well), (3, how_well), (3, how_well)))
    s = score(content, a).dimensions["q01-gamma"]
    assert s.in_place == 100.0, case  # the plain share in place is shown apart
    assert s.percent == percent, case
    assert s.level == level, case
    assert not s.capped


def test_quality_share_in_place_how_well_and_a_plain_criterion(content) -> None:
    a = answers_with(q01((3, 4), (3, 5), (2, 2), (1, 5), 4))
    s = score(content, a).dimensions["q01-gamma"]
    assert (s.answered, s.total, s.na) == (5, 5, 0)
    assert s.in_place == pytest.approx((100 + 100 + 50 + 0) / 4)
    # yes-good 5/6, yes-excellent 1, partly-fair 1/2 x 3/6, no 0 ("how well" of something absent is ignored),
    # the agree5 criterion 75 %.
    expected = (100 * 5 / 6 + 100 + 50 * 3 / 6 + 0 + 75) / 5
    assert s.percent == pytest.approx(expected)
    assert s.how_well == pytest.approx((4 + 5 + 2) / 3) and s.how_well_answered == 3


@pytest.mark.parametrize(
    ("case", "first", "second", "missing", "unconfirmed"),
    [
        ("minimum no", (1, None), (3, 5), ("q01-q1",), ()),
        ("minimum partly counts as not in place", (3, 5), (2, 5), ("q01-q2",), ()),
        ("minimum don't know", (DK, None), (3, 5), (), ("q01-q1",)),
        ("minimum left open", None, (3, 5), (), ("q01-q1",)),
        ("minimum n/a is refused", (NA, None), (3, 5), (), ("q01-q1",)),
    ],
)
def test_a_minimum_not_in_place_holds_the_component_at_developing(
    content, case, first, second, missing, unconfirmed
) -> None:
    a = answers_with(q01(first, second, (3, 5), (3, 5), 5))
    s = score(content, a).dimensions["q01-gamma"]
    assert s.uncapped_percent >= 60, case  # it would be established or strong
    assert s.capped and s.level == "developing" and s.percent == 59.0, case
    assert (s.minimums_missing, s.minimums_unconfirmed) == (missing, unconfirmed), case
    assert s.missing_minimums == missing + unconfirmed
    assert score(content, a).missing_minimums == {"q01-gamma": missing + unconfirmed}


def test_the_cap_never_raises_a_score_and_minimums_met_do_not_cap(content) -> None:
    low = score(content, answers_with(q01((1, None), (3, 1), (1, None), (1, None)))).dimensions["q01-gamma"]
    assert low.percent == low.uncapped_percent < 59 and not low.capped
    assert low.minimums_missing == ("q01-q1",)
    met = score(content, answers_with(q01((3, 5), (3, 5), (3, 5), (3, 5)))).dimensions["q01-gamma"]
    assert met.percent == 100.0 and met.level == "strong" and met.missing_minimums == ()


def test_quick_scan_scores_only_its_statements(content) -> None:
    values = {**d01(5, 3, 1, 1, 1, 1), "d02-q1": 4, **q01((3, 5), (1, None))}
    full = score(content, answers_with(values))
    quick = score(content, answers_with(values, quick=True))
    assert not full.quick and quick.quick
    d = quick.dimensions["d01-alpha"]
    assert (d.answered, d.total, d.percent) == (2, 2, 75.0)
    assert full.dimensions["d01-alpha"].quick_percent == 75.0
    assert (full.dimensions["d01-alpha"].quick_answered, full.dimensions["d01-alpha"].quick_total) == (2, 2)
    # The minimum outside the quick scan (q01-q2: no) does not cap the quick score; the full score it does.
    assert quick.dimensions["q01-gamma"].percent == 100.0 and not quick.dimensions["q01-gamma"].capped
    assert full.dimensions["q01-gamma"].minimums_missing == ("q01-q2",)


def test_quick_scan_says_which_dimensions_deserve_the_full_questions(content) -> None:
    values = {"d01-q1": 5, "d01-q2": 5, "d02-q1": 2, "q01-q1": (3, 5)}
    scores = score(content, answers_with(values, quick=True))
    assert [d.dimension_id for d in scores.deeper_look()] == ["d02-beta"]  # 25 %: below established
    unknown = score(content, answers_with({**values, "d01-q2": DK, "d02-q1": 5}, quick=True))
    assert [d.dimension_id for d in unknown.deeper_look()] == ["d01-alpha"]  # a don't know in the quick scan
    missing = score(content, answers_with({**values, "d02-q1": 5, "q01-q1": (2, 5)}, quick=True))
    assert [d.dimension_id for d in missing.deeper_look()] == ["q01-gamma"]  # a minimum only partly in place


def test_priority_weighs_importance_not_only_the_lowest_score(content) -> None:
    values = {
        **d01(3, 3, 3, 3, 3, 3),  # 50 %
        "d02-q1": 2,
        "d02-q2": 2,  # 25 %
        **q01((3, 5), (3, 5), (3, 5), (3, 5), 5),  # 100 %: never a priority
    }
    dims = {"d01-alpha": DimensionAnswers(importance=5), "q01-gamma": DimensionAnswers(importance=5)}
    scores = score(content, answers_with(values, dims))
    ranked = scores.priorities(None)
    assert [d.dimension_id for d in ranked] == ["d01-alpha", "d02-beta"]
    assert [d.priority for d in ranked] == [250.0, 225.0]
    assert ranked[1].importance is None and ranked[1].importance_used == 3
    assert [d.dimension_id for d in scores.strengths(2)] == ["q01-gamma", "d01-alpha"]


@pytest.mark.parametrize(
    ("target", "expected", "reached"),
    [
        ("established", pytest.approx(100 * 50 / 60), False),
        ("strong", 62.5, False),
        ("developing", 100.0, True),
        ("beginning", 100.0, True),
        ("gold", None, None),
    ],
)
def test_percent_of_target(content, target, expected, reached) -> None:
    a = answers_with(d01(3, 3, 3, 3, 3, 3), {"d01-alpha": DimensionAnswers(target=target)})
    s = score(content, a).dimensions["d01-alpha"]
    assert s.percent_of_target == expected
    assert s.target_reached is reached
    assert s.target == (None if target == "gold" else target)


def test_progress_against_baseline(content) -> None:
    old = answers_with({**d01(2, 2, 2, 2, 2, 2), "d02-q1": 5})
    new = answers_with({**d01(4, 4, 4, 4, 4, 4), "d02-q1": 3, "d02-q2": 3})
    scores = score(content, new, baseline=old)
    assert scores.has_baseline
    d = scores.dimensions["d01-alpha"]
    assert (d.baseline_percent, d.percent, d.progress) == (25.0, 75.0, 50.0)
    assert scores.dimensions["d02-beta"].baseline_percent == 100.0  # one of two answered is half: enough
    assert score(content, new).dimensions["d01-alpha"].progress is None


def test_modules_and_overall_are_means_of_means(content) -> None:
    values = {
        **d01(5, 5, 5, 5, 5, 5),  # 100
        "d02-q1": 3,
        "d02-q2": 3,  # 50
        **q01((1, None), (1, None), (1, None), (1, None), 1),  # 0
    }
    scores = score(content, answers_with(values))
    sust, qual = scores.modules["sustainability"], scores.modules["quality"]
    assert (sust.percent, sust.scored, sust.total) == (75.0, 2, 2)
    assert (qual.percent, qual.scored, qual.total) == (0.0, 1, 1)
    assert scores.overall == 37.5 and scores.overall_level == "beginning"


def test_empty_answers_score_nothing(content) -> None:
    scores = score(content, Answers())
    assert all(d.percent is None for d in scores.dimensions.values())
    assert scores.overall is None and scores.overall_level is None
    assert scores.priorities() == [] and scores.strengths() == []
    assert all(c.percent is None for c in scores.capitals.values())
    assert scores.strongest_capital is None and scores.weakest_capital is None
    assert scores.knowledge_gaps == {} and scores.missing_minimums == {} and scores.deeper_look() == []


def test_capitals_are_ranked_only_with_enough_statements_behind_them(content) -> None:
    assert CAPITAL_MIN_ANSWERED == 3
    scores = score(content, answers_with(d01(5, 5, 1, DK, None, None)))
    social, language = scores.capitals["social"], scores.capitals["language"]
    tagged = sum(1 for _, q in content.questions.values() if "social" in q.capitals)
    assert (social.percent, social.answered, social.total) == (pytest.approx(200 / 3), 3, tagged)
    assert (language.percent, language.answered, language.total) == (100.0, 1, 1)
    assert social.enough and not language.enough
    # Language scores higher, but on one statement: only social is ranked.
    assert [c.capital_id for c in scores.capitals_ranked()] == ["social"]
    assert scores.strongest_capital.capital_id == "social" and scores.weakest_capital is None
    thin = score(content, answers_with(d01(5, 5, None, None, None, None)))
    assert thin.capitals_ranked() == [] and thin.capitals["social"].answered == 2


@pytest.mark.parametrize(
    ("value", "shown"),
    [(59.8, 59), (60.0, 60), (200 / 3, 66), (0.4, 0), (100.0, 100), (59.999999999999, 60), (62.5, 62)],
)
def test_whole_percent_rounds_down_but_not_below_a_float_error(value: float, shown: int) -> None:
    assert whole_percent(value) == shown
