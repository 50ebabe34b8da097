"""The pure questionnaire state machine: steps that apply, resume, next/back/skip/jump, progress."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import speaking

from m2w_tool.answers import DONT_KNOW, NA, Action, Answers
from m2w_tool.content import load_content
from m2w_tool.questionnaire import Command, Flow, clean_text, parse_command

MINI = load_content(Path(__file__).parent / "data" / "mini")


@pytest.fixture
def flow() -> Flow:
    return Flow(MINI, MINI.select("all"))


def where(flow: Flow, i: int | None) -> tuple | None:
    if i is None:
        return None
    s = flow.steps[i]
    return (s.kind, s.question.id if s.question else s.dim.short_id, s.index)


def index_of(flow: Flow, kind: str, key: str, index: int = 0) -> int:
    """The step of `kind` for question `key` (d01-q2), or for dimension `key` (d01) and `index`."""
    for i in range(len(flow.steps)):
        found = where(flow, i)
        if found[:2] == (kind, key) and ("-q" in key or found[2] == index):
            return i
    raise AssertionError((kind, key, index))


def test_a_new_file_starts_at_the_first_statement(flow: Flow) -> None:
    assert where(flow, flow.first_open(Answers())) == ("value", "d01-q1", 0)


def test_next_walks_statement_details_then_dimension_questions(flow: Flow) -> None:
    answers = Answers()
    answers.answer("d01-q1").value = 4
    answers.answer("d01-q2").value = 2
    i = flow.first_open(Answers())
    seen = []
    while i is not None and flow.steps[i].dim.short_id == "d01":
        seen.append(where(flow, i))
        i = flow.next(i, answers)
    assert seen == [
        ("value", "d01-q1", 0),
        ("note", "d01-q1", 0),
        ("evidence", "d01-q1", 0),
        ("value", "d01-q2", 1),
        ("note", "d01-q2", 1),
        ("evidence", "d01-q2", 1),
        *[("reflection", "d01", r) for r in range(len(MINI.find("d01").reflection))],
        ("importance", "d01", 0),
        ("target", "d01", 0),
        ("action_what", "d01", 0),  # who/when and further actions only once there is an action
    ]
    assert where(flow, i) == ("value", "d02-q1", 0)


def test_how_well_only_for_criteria_partly_or_fully_in_place(flow: Flow) -> None:
    answers = Answers()
    value = index_of(flow, "value", "q01-q1")
    for given, asks_how_well in ((0, False), (NA, False), (1, True), (2, True)):
        answers.answer("q01-q1").value = given
        assert (where(flow, flow.next(value, answers))[0] == "how_well") is asks_how_well, given
    # agreement statements never ask it
    answers.answer("d01-q1").value = 5
    assert where(flow, flow.next(index_of(flow, "value", "d01-q1"), answers))[0] == "note"


def test_actions_follow_one_another_up_to_three(flow: Flow) -> None:
    answers = Answers()
    first = index_of(flow, "action_what", "d01", 0)
    assert where(flow, flow.next(first, answers)) == ("value", "d02-q1", 0)
    answers.dimension("d01-alpha").actions = [Action("a")]
    assert [where(flow, flow.next(first, answers))[0]] == ["action_who"]
    answers.dimension("d01-alpha").actions = [Action("a"), Action("b"), Action("c")]
    last_when = index_of(flow, "action_when", "d01", 2)
    assert where(flow, flow.next(last_when, answers)) == ("value", "d02-q1", 0)


def test_resume_finds_the_first_open_question_including_how_well(flow: Flow) -> None:
    answers = Answers()
    for d in MINI.dimensions:
        for q in d.questions:
            answers.answer(q.id).value = 1
        answers.dimension(d.id).importance = 3
        answers.dimension(d.id).target = "strong"
    assert flow.first_open(answers) == index_of(flow, "how_well", "q01-q1")
    answers.answer("q01-q1").how_well = 4
    answers.answer("q01-q2").how_well = NA
    assert flow.first_open(answers) is None
    answers.dimension("d02-beta").target = None
    assert where(flow, flow.first_open(answers)) == ("target", "d02", 0)
    answers.answer("d01-q2").value = 9  # does not fit agree5 (other content): asked again
    assert where(flow, flow.first_open(answers)) == ("value", "d01-q2", 1)


def test_back_goes_to_the_previous_question_not_its_details(flow: Flow) -> None:
    answers = Answers()
    q2 = index_of(flow, "value", "d01-q2")
    assert flow.back(q2, answers) == index_of(flow, "value", "d01-q1")
    assert flow.back(index_of(flow, "evidence", "d01-q2"), answers) == q2
    assert flow.back(index_of(flow, "value", "d02-q1"), answers) == index_of(flow, "action_what", "d01", 0)
    assert flow.back(index_of(flow, "value", "d01-q1"), answers) is None


def test_skip_leaves_the_details_and_moves_to_the_next_question(flow: Flow) -> None:
    answers = Answers()
    assert flow.skip(index_of(flow, "value", "d01-q1"), answers) == index_of(flow, "value", "d01-q2")
    assert flow.skip(index_of(flow, "note", "d01-q2"), answers) == index_of(flow, "reflection", "d01", 0)
    last = max(i for i, s in enumerate(flow.steps) if s.is_anchor)
    assert flow.skip(last, answers) is None


def test_jump_accepts_ids_short_ids_and_numbers(flow: Flow) -> None:
    d02 = MINI.find("d02")
    for key in ("d02", "D2", "d02-beta", " d02 "):
        assert flow.find_dimension(key) == d02
    assert flow.find_dimension("2", near=MINI.find("d01")) == d02
    assert flow.find_dimension("1", near=d02) == MINI.find("d01")
    assert flow.find_dimension("1", near=MINI.find("q01")) == MINI.find("q01")
    assert flow.find_dimension("d09") is None
    only = Flow(MINI, MINI.select("all", ["d02"]))
    assert only.find_dimension("d01") is None
    assert where(flow, flow.start_of(d02)) == ("value", "d02-q1", 0)


def test_progress_says_where_and_how_far_in_both_languages(flow: Flow) -> None:
    answers = Answers()
    answers.answer("d01-q1").value = 3
    counted = len(MINI.questions) + 2 * len(MINI.dimensions)
    percent = 100 * 1 // counted
    p = flow.progress(index_of(flow, "note", "d01-q2"), answers)
    total_d = len(MINI.in_module("sustainability"))
    assert p.describe() == f"dimension 1 of {total_d} · statement 2 of 2 · {percent}% done"
    q = flow.progress(index_of(flow, "value", "q01-q2"), answers)
    assert q.describe().startswith("component 1 of 1 · criterion 2 of 2")
    assert "action 2 of 3" in flow.progress(index_of(flow, "action_what", "d02", 1), answers).describe()
    with speaking("nl"):
        assert p.describe() == f"dimensie 1 van {total_d} · stelling 2 van 2 · {percent}% klaar"
        assert "belang en doel" in flow.progress(index_of(flow, "target", "d02"), answers).describe()


def test_percent_counts_statements_importance_and_target(flow: Flow) -> None:
    answers = Answers()
    assert flow.percent(answers) == 0
    for d in MINI.dimensions:
        for q in d.questions:
            answers.answer(q.id).value = NA if q.na_allowed else DONT_KNOW
        answers.dimension(d.id).importance = 5
        answers.dimension(d.id).target = "beginning"
    assert flow.percent(answers) == 100
    # "not applicable" is no answer to a minimum criterion: it counts as open, to be given again
    minimum = next(q for d in MINI.dimensions for q in d.questions if not q.na_allowed)
    answers.answer(minimum.id).value = NA
    assert flow.percent(answers) < 100
    assert flow.steps[flow.first_open(answers)].question == minimum


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("s", Command("skip")),
        (" B ", Command("back")),
        ("?", Command("help")),
        ("q", Command("quit")),
        ("j d07", Command("jump", "d07")),
        ("j", Command("jump", "")),
        ("e", Command("edit")),
        ("-", Command("clear")),
        ("4", None),
        ("n", None),
        ("so be it", None),
        ("s x", None),
        ("", None),
    ],
)
def test_commands_are_recognised_at_any_prompt(typed: str, expected: Command | None) -> None:
    assert parse_command(typed) == expected


def test_clean_text_trims_lines_and_repairs_bad_bytes() -> None:
    assert clean_text("  first  \nsecond \n\n") == "  first\nsecond"
    assert clean_text("caf\udce9") == "caf\ufffd"  # a Latin-1 byte from a misconfigured terminal
    assert clean_text("\x0cplan\x1b[D\tA\r\nB\x7f") == "plan[D\tA\nB"  # stray keys without line editing
