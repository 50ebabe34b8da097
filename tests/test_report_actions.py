"""Actions have a status (planned, started, done) that lives in the answers file, that every writer
keeps, and that the next round's report carries forward; the action plan is sorted by date."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from m2w_tool.answering import AnswersStore, Change, ChangeRefused
from m2w_tool.answers import Action, Answer, Answers, DimensionAnswers, load_answers, save_answers
from m2w_tool.cli import cli
from m2w_tool.content import load_content
from m2w_tool.merge import merge_answers
from m2w_tool.questionnaire import Flow
from m2w_tool.questionnaire.store import store
from m2w_tool.report import build_report, due_of
from m2w_tool.resources import examples_dir

CONTENT = load_content()
MINI = load_content(Path(__file__).parent / "data" / "mini")
DAY = date(2026, 11, 24)


def with_actions(*actions: Action) -> Answers:
    a = Answers()
    a.dimensions["d03-purpose"] = DimensionAnswers(actions=list(actions))
    return a


# --- the answers file ---------------------------------------------------------------------------


def test_status_is_written_read_back_and_absent_when_planned(tmp_path) -> None:
    path = tmp_path / "a.yaml"
    save_answers(with_actions(Action("Eén", "wij", "mei 2027"), Action("Twee", status="done")), path)
    text = path.read_text(encoding="utf-8")
    assert text.count("status:") == 1 and "status: done" in text  # planned files stay as they were
    back = load_answers(path)
    assert [a.status for a in back.dimensions["d03-purpose"].actions] == ["planned", "done"]


@pytest.mark.parametrize(
    ("word", "status"), [("klaar", "done"), ("Bezig", "started"), ("gepland", "planned"), ("", "planned")]
)
def test_status_words_in_either_language(tmp_path, word, status) -> None:
    path = tmp_path / "a.yaml"
    path.write_text(
        f"m2w_answers: 1\ndimensions:\n  d03-purpose:\n    actions:\n    - what: x\n      status: '{word}'\n",
        encoding="utf-8",
    )
    assert load_answers(path).dimensions["d03-purpose"].actions[0].status == status


def test_an_unknown_status_is_a_located_error(tmp_path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text("m2w_answers: 1\ndimensions:\n  d03-purpose:\n    actions:\n    - what: x\n      status: maybe\n")
    result = CliRunner().invoke(cli, ["report", str(path), "--format", "html", "-o", str(tmp_path), "--lang", "en"])
    assert result.exit_code == 1 and "a.yaml:6" in result.output and "planned, started or done" in result.output


# --- every writer keeps it ----------------------------------------------------------------------


def test_csv_import_sets_and_keeps_statuses(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    first = (
        "id,value,who,when\nd03.action1,Doel op papier,coördinator,2027-01\n"
        "d03.action2,Teamdag,team,2027-03\nd03.action2.status,done\n"
    )
    Path("in.csv").write_text(first, encoding="utf-8")
    result = CliRunner().invoke(cli, ["assess", "a.yaml", "--from", "in.csv", "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert [a.status for a in load_answers("a.yaml").dimensions["d03-purpose"].actions] == ["planned", "done"]
    # Later: the first action started (its status column this time); imported again without a
    # status, the actions keep what they had.
    later = (
        "id;value;wie;wanneer;status\nd03.action1;Doel op papier;coördinator;2027-01;bezig\n"
        "d03.action2;Teamdag;team;2027-03;\n"
    )
    Path("later.csv").write_text(later, encoding="utf-8")
    result = CliRunner().invoke(cli, ["assess", "a.yaml", "--from", "later.csv", "--lang", "en"])
    assert result.exit_code == 0, result.output
    Path("again.csv").write_text(first.replace("d03.action2.status,done\n", ""), encoding="utf-8")
    assert CliRunner().invoke(cli, ["assess", "a.yaml", "--from", "again.csv", "--lang", "en"]).exit_code == 0
    assert [a.status for a in load_answers("a.yaml").dimensions["d03-purpose"].actions] == ["started", "done"]


def test_csv_import_refuses_a_status_for_no_action_or_a_wrong_word(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("in.csv").write_text(
        "id,value\nd03.action2.status,done\nd05.action1,x\nd05.action1.status,soon\n", encoding="utf-8"
    )
    result = CliRunner().invoke(cli, ["assess", "a.yaml", "--from", "in.csv", "--lang", "en"])
    assert result.exit_code != 0
    assert "give the action itself in a row of its own too (d03.action2)" in result.output
    assert "in.csv:4: d05.action1.status: an action's status is planned, started or done" in result.output
    assert not Path("a.yaml").exists()


def test_yaml_import_reads_the_status_key(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("in.yaml").write_text(
        "dimensions:\n  d03:\n    actions:\n    - what: x\n      status: started\n", encoding="utf-8"
    )
    assert CliRunner().invoke(cli, ["assess", "a.yaml", "--from", "in.yaml", "--lang", "en"]).exit_code == 0
    assert load_answers("a.yaml").dimensions["d03-purpose"].actions[0].status == "started"


def test_merge_keeps_statuses() -> None:
    a, b = with_actions(Action("Doel", status="done")), with_actions(Action("Teamdag", status="started"))
    merged = merge_answers([("a", a), ("b", b)], CONTENT).answers
    assert [(x.what, x.status) for x in merged.dimensions["d03-purpose"].actions] == [
        ("Doel", "done"),
        ("Teamdag", "started"),
    ]


def test_the_browser_sets_a_status_and_refuses_a_wrong_one(tmp_path) -> None:
    path = tmp_path / "a.yaml"
    answers = Answers()
    answers.dimensions["d01-alpha"] = DimensionAnswers(actions=[Action("x")])
    save_answers(answers, path)
    store = AnswersStore(MINI)
    store.change(path, [Change.parse("d.d01-alpha.action.0.status", "done")])
    assert load_answers(path).dimensions["d01-alpha"].actions[0].status == "done"
    store.change(path, [Change.parse("d.d01-alpha.action.0.what", "y")])  # editing the text keeps it
    assert load_answers(path).dimensions["d01-alpha"].actions[0].status == "done"
    with pytest.raises(ChangeRefused):
        store.change(path, [Change.parse("d.d01-alpha.action.0.status", "soon")])


def test_the_questionnaire_keeps_the_status_when_an_action_is_edited() -> None:
    answers = Answers()
    answers.dimensions["d01-alpha"] = DimensionAnswers(actions=[Action("x", status="started")])
    flow = Flow(MINI, MINI.select("all"))
    for kind, value in (("action_what", "y"), ("action_who", "wij"), ("action_when", "mei 2027")):
        step = next(s for s in flow.steps if s.kind == kind and s.dim.id == "d01-alpha" and s.index == 0)
        assert store(flow, answers, step, value)
    assert answers.dimensions["d01-alpha"].actions[0] == Action("y", "wij", "mei 2027", status="started")


# --- the report ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "due"),
    [("januari 2027", (2027, 1, 0)), ("voor de zomer van 2027", (2027, 6, 0)), ("2026-09", (2026, 9, 0)),
     ("by 15 March 2027", (2027, 3, 0)), ("2027-03-15", (2027, 3, 15)), ("in 2028", (2028, 0, 0)),
     ("mrt. 2027", (2027, 3, 0)), ("zo snel mogelijk", None)],
)  # fmt: skip
def test_a_typed_by_when_is_read_as_a_date(text, due) -> None:
    assert due_of(text) == due


def test_the_plan_is_sorted_by_date_with_a_status_column() -> None:
    a = with_actions(Action("Later", when="zo snel mogelijk"), Action("Zomer", when="zomer 2027", status="started"),
                     Action("Januari", when="januari 2027", status="done"))  # fmt: skip
    a.answers = {f"d03-q{i}": Answer(2) for i in range(1, 6)}
    r = build_report(CONTENT, a, "nl", report_date=DAY)
    own = [(x.what, x.due, x.status_label) for x in r.action_plan if x.source == "own"]
    assert own == [("Januari", "2027-01", "klaar"), ("Zomer", "2027-06", "bezig"), ("Later", "", "gepland")]
    assert r.action_plan[-1].what == "Later"  # no date: last
    # The next step for the priority is its first open own action, not the finished one.
    step = next(s for s in r.summary.next_steps if s.dimension.id == "d03-purpose")
    assert step.action.what == "Zomer"


def test_without_own_actions_the_first_step_is_a_recommendation() -> None:
    a = Answers()
    a.answers = {f"d03-q{i}": Answer(2) for i in range(1, 6)}
    r = build_report(CONTENT, a, "en", report_date=DAY)
    [step] = [s for s in r.summary.next_steps if s.dimension.id == "d03-purpose"]
    assert step.action.source == "recommendation" and step.action.who and step.action.when


def test_the_next_round_carries_last_years_actions_forward() -> None:
    demo, last_year = (load_answers(examples_dir() / n) for n in ("demo.yaml", "demo-2025.yaml"))
    r = build_report(CONTENT, demo, "en", baseline=last_year, report_date=DAY)
    assert r.follow_up.total == 9 and r.follow_up.done == 5
    assert r.follow_up.summary.startswith("Of the 9 actions of 18 November 2025, 5 are done, 2 started and 2 not")
    assert [a.status for a in r.follow_up.open] == ["planned", "started", "started", "planned"]  # by date
    assert r.summary.follow_up_text == r.follow_up.summary
    # A status set since in this year's file, for the same action, counts.
    demo.dimensions["d15-continuity"].actions.append(
        Action("Draaiboek van de coördinator uitschrijven, zodat  iemand kan invallen", status="done")
    )
    again = build_report(CONTENT, demo, "en", baseline=last_year, report_date=DAY)
    assert again.follow_up.done == 6 and len(again.follow_up.open) == 3
    assert build_report(CONTENT, demo, "en", report_date=DAY).follow_up is None


def test_last_rounds_action_outside_this_reports_scope_is_listed_without_a_dead_link() -> None:
    from m2w_tool.render import render_report_html

    last = Answers()
    last.dimensions["d11-revenue"] = DimensionAnswers(actions=[Action("Subsidies zoeken", "bestuur", "mei 2026")])
    now = Answers(scope={"module": "all", "only": ["d03"]})
    now.answers = {f"d03-q{i}": Answer(3) for i in range(1, 6)}
    r = build_report(CONTENT, now, "nl", baseline=last, report_date=DAY)
    [item] = r.follow_up.open
    assert item.dimension_title == "Verdienmodel en financieringsmix" and item.anchor == ""
    html = render_report_html(r)
    assert "Subsidies zoeken" in html and 'href="#d11-revenue"' not in html and 'href="#"' not in html


def test_the_appendix_is_an_option_of_report_and_demo(tmp_path) -> None:
    for args in (["demo"], ["report", str(examples_dir() / "demo.yaml")]):
        for flag, present in (([], False), (["--appendix"], True)):
            out = tmp_path / f"{args[0]}-{present}"
            result = CliRunner().invoke(cli, [*args, "--format", "html", "-o", str(out), "--lang", "en", *flag])
            assert result.exit_code == 0, result.output
            html = next(out.glob("*.html")).read_text(encoding="utf-8")
            assert ('id="appendix"' in html) is present
            assert ("Appendix: all answers" in html) is present
