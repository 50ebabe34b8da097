"""`m2w assess` as issue 14 wants it, driven through CliRunner: two keys a statement, note and
evidence on request, n and ? on every scale, resume from open question to open question, `o`, a
dimension's score when it is done, the quick scan, files of someone else or of long ago when nobody
can be asked, and no editor the user did not choose."""

from __future__ import annotations

from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from conftest import QUICK_IDS

from m2w_tool.answers import DONT_KNOW, NA, Answers, load_answers, now_iso, save_answers
from m2w_tool.cli import cli
from m2w_tool.content import load_content

MINI_DIR = Path(__file__).parent / "data" / "mini"
MINI = load_content(MINI_DIR)
DETAILS = ["Mentor Gent", "", "", "Ann", ""]


def assess(*args: str, lines: list[str] = (), env: dict | None = None, content: Path = MINI_DIR):
    text = "".join(f"{line}\n" for line in lines)
    return CliRunner().invoke(cli, ["assess", *args, "--content", str(content)], input=text, env=env)


def text_of(qid: str) -> str:
    return MINI.questions[qid][1].text.en


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("M2W_RESPONDENT", raising=False)
    return tmp_path


def test_a_digit_answers_and_moves_on(here: Path) -> None:
    # d01: 2 statements, 1 reflection, importance, target, no action: every statement is "digit Enter"
    result = assess("a.yaml", "--lang", "en", "--only", "d01", lines=[*DETAILS, "4", "2", "", "3", "2", ""])
    assert result.exit_code == 0, result.output
    a = load_answers(here / "a.yaml")
    assert (a.answers["d01-q1"].value, a.answers["d01-q2"].value) == (4, 2)
    assert "Note" not in result.output and "Evidence" not in result.output
    assert "Done: 2 of 2 questions answered" in result.output


def test_the_first_screen_and_the_help_say_how_to_answer(here: Path) -> None:
    result = assess("a.yaml", "--lang", "en", "--only", "d01", lines=[*DETAILS, "h", "q"])
    first = result.output.index("How to answer: type the number and press Enter")
    keys = result.output[first : result.output.index("Sustainability")]
    for key, meaning in (("4+", "with a note or evidence"), ("n", "not applicable"), ("?", "don't know"),
                         ("s", "skip"), ("b", "back"), ("o", "next open question"), ("h", "help")):  # fmt: skip
        assert f"{key:<3} {meaning}" in keys, key
    assert "n  Not applicable / don't know      ?  Don't know" in result.output  # the options say it too
    assert "Number + Enter · 4+ with a note · h help" in result.output
    help_at = result.output.index("Type the number of your answer and Enter")
    for key in ("4+ ", "n ", "? ", "s ", "o ", "b ", "j d07", "e ", "h ", "q "):
        assert f"  {key}" in result.output[help_at:], key
    nl = assess("b.yaml", "--lang", "nl", "--only", "d01", lines=[*DETAILS, "h", "q"])
    assert "Zo antwoord je: typ het cijfer" in nl.output and "weet ik niet" in nl.output


def test_a_plus_asks_for_the_note_and_evidence(here: Path) -> None:
    lines = [*DETAILS, "4+", "Zie jaarverslag", "", "n", "q"]
    result = assess("a.yaml", "--lang", "en", "--only", "d01", lines=lines)
    assert result.exit_code == 0, result.output
    assert "For example: Evidence" in result.output  # the evidence hint of the statement
    a = load_answers(here / "a.yaml")
    assert (a.answers["d01-q1"].value, a.answers["d01-q1"].note) == (4, "Zie jaarverslag")
    assert a.answers["d01-q2"].value == NA
    # `+` alone adds a note to an answer already given, without changing it
    again = assess("a.yaml", "--review", "--only", "d01", lines=["+", "", "bewijs", "", "q"])
    assert again.exit_code == 0, again.output
    kept = load_answers(here / "a.yaml").answers["d01-q1"]
    assert (kept.value, kept.evidence) == (4, "bewijs")


def test_not_applicable_and_dont_know_on_every_scale(here: Path) -> None:
    # q01-q2 is a minimum criterion: n is refused with words, ? is taken; "how well" takes ? too
    lines = [*DETAILS, "2", "?", "n", "?", "q"]
    result = assess("a.yaml", "--lang", "en", "--only", "q01", lines=lines)
    assert result.exit_code == 0, result.output
    assert "This is a minimum criterion" in result.output
    a = load_answers(here / "a.yaml")
    assert (a.answers["q01-q1"].value, a.answers["q01-q1"].how_well) == (2, DONT_KNOW)
    assert a.answers["q01-q2"].value == DONT_KNOW


def test_quality_criteria_start_at_one_like_every_scale() -> None:
    shipped = load_content()
    for dim in shipped.dimensions:
        for q in dim.questions:
            for scale_id in (q.scale, q.how_well):
                if scale_id:
                    assert shipped.scales[scale_id].low == 1, (q.id, scale_id)


def test_a_dash_clears_an_answer(here: Path) -> None:
    assess("a.yaml", "--lang", "en", "--only", "d01", lines=[*DETAILS, "4", "q"])
    result = assess("a.yaml", "--review", "--only", "d01", lines=["-", "q"])
    assert result.exit_code == 0, result.output
    assert "d01-q1" not in load_answers(here / "a.yaml").answers


def _answer_all_but(here: Path, skipped: str) -> None:
    """A file of the mini content with everything answered but `skipped` (a statement)."""
    a = Answers(language="en")
    a.initiative["name"] = "Mentor Gent"
    for dim in MINI.dimensions:
        for q in dim.questions:
            if q.id != skipped:
                a.answer(q.id).value = MINI.scales[q.scale].low  # "no" on a criterion: no "how well" to ask
        a.dimension(dim.id).importance = 3
        a.dimension(dim.id).target = "developing"
    save_answers(a, here / "a.yaml")


def test_resume_after_a_skip_lands_on_it_and_then_goes_to_the_next_open_one(here: Path) -> None:
    # First run: skip d01-q1, answer the rest of d01 and d02, stop at q01.
    lines = [*DETAILS, "s", "4", "", "3", "2", "", "5", "5", "", "4", "3", "", "q"]
    first = assess("a.yaml", "--lang", "en", "--module", "all", lines=lines)
    assert first.exit_code == 0, first.output
    a = load_answers(here / "a.yaml")
    assert "d01-q1" not in a.answers and a.answers["d02-q2"].value == 5
    # The resume asks d01-q1, then goes straight to q01: nothing answered is asked again.
    resumed = assess("a.yaml", lines=["2", "q"])
    out = resumed.output
    asked = [line.strip() for line in out.splitlines() if line.strip().startswith(("1. ", "2. "))]
    assert asked == ["1. " + text_of("d01-q1"), "1. " + text_of("q01-q1")]
    assert "Question?" not in out  # d01's reflection (already past) is not asked again
    assert "Importance" not in out and "Target" not in out
    assert load_answers(here / "a.yaml").answers["d01-q1"].value == 2


def test_o_goes_to_the_next_open_question_and_wraps_around(here: Path) -> None:
    _answer_all_but(here, "d02-q1")
    (here / "a.yaml").write_text((here / "a.yaml").read_text().replace("  d01-q1:\n    value: 1\n", ""))
    # open: d01-q1 and d02-q1. At d01-q1, `o` goes to d02-q1; there `o` wraps to d01-q1.
    result = assess("a.yaml", "--lang", "en", lines=["o", "o", "3", "4", "q"])
    assert result.exit_code == 0, result.output
    asked = [line.strip() for line in result.output.splitlines() if line.strip().startswith(("1. ", "2. "))]
    assert asked == ["1. " + text_of(qid) for qid in ("d01-q1", "d02-q1", "d01-q1", "d02-q1")]
    a = load_answers(here / "a.yaml")
    assert (a.answers["d01-q1"].value, a.answers["d02-q1"].value) == (3, 4)
    assert "Every question" not in result.output and "Done: 6 of 6" in result.output


def test_review_still_walks_through_everything(here: Path) -> None:
    _answer_all_but(here, "")
    result = assess("a.yaml", "--review", "--lang", "en", lines=[""] * 60)
    assert result.exit_code == 0, result.output
    for qid in MINI.questions:
        assert text_of(qid) in result.output
    assert result.output.count("Importance [3]:") == 3


def test_a_finished_dimension_shows_its_score_and_level(here: Path) -> None:
    lines = [*DETAILS, "5", "4", "", "3", "2", "", *["s"] * 6]  # d01 answered; everything of d02 skipped
    result = assess("a.yaml", "--lang", "en", "--only", "d01,d02", lines=lines)
    assert result.exit_code == 0, result.output
    # d01: 5 and 4 on 1-5 = (100 + 75) / 2 = 87.5 -> 87 %, level "strong" in the mini content
    level = next(lv.title.en for lv in MINI.levels if lv.id == "strong")
    assert f"d01 · {MINI.find('d01').title.en}: 87% · {level}" in result.output
    d02 = f"d02 · {MINI.find('d02').title.en}"
    assert f"{d02}: not enough answers for a score yet (0 of 2 answered)." in result.output


def test_quick_scan_asks_its_statements_only(here: Path, quick_mini: Path) -> None:
    # The part question offers it first; the file records scope.quick.
    lines = ["1", *DETAILS, "4", "2", "2", "5"]
    result = assess("a.yaml", "--lang", "en", lines=lines, content=quick_mini, env={"M2W_LANG": None})
    assert result.exit_code == 0, result.output
    assert "1  Quick scan: 3 key statements, about 5 minutes" in result.output
    a = load_answers(here / "a.yaml")
    assert a.scope.get("quick") is True
    assert {qid: a.answers[qid].value for qid in a.answers} == {"d01-q1": 4, "d02-q2": 2, "q01-q1": 2}
    assert a.answers["q01-q1"].how_well == 5
    assert "Question?" not in result.output and "Importance" not in result.output
    assert "Done: 3 of 3 questions answered" in result.output
    assert "deserve the full questions" in result.output
    # --quick and --module quick are the same choice on the command line
    for flag in (["--quick"], ["--module", "quick"]):
        other = assess(f"b{len(flag)}.yaml", "--lang", "en", *flag, lines=[*DETAILS, "1", "q"], content=quick_mini)
        b = load_answers(here / f"b{len(flag)}.yaml")
        assert b.scope.get("quick") is True and b.scope["module"] == "all", other.output
        assert set(b.answers) == {QUICK_IDS[0]}


def test_a_finished_quick_scan_goes_on_as_the_full_questionnaire(here: Path, quick_mini: Path) -> None:
    lines = ["1", *DETAILS, "4", "2", "2", "5"]
    assert assess("a.yaml", "--lang", "en", lines=lines, content=quick_mini, env={"M2W_LANG": None}).exit_code == 0
    again = assess("a.yaml", "--lang", "en", content=quick_mini, env={"M2W_RESPONDENT": "Ann"})
    assert "This was the quick scan. All the questions, keeping your answers:" in again.output
    assert "\n  m2w assess a.yaml --module all\n" in again.output
    # Asked for all the questions, the file is no longer a quick scan (its report shows them all),
    # and the quick scan's answers stay.
    full = assess("a.yaml", "--lang", "en", "--module", "all", lines=["3", "q"], content=quick_mini,
                  env={"M2W_RESPONDENT": "Ann"})  # fmt: skip
    assert full.exit_code == 0, full.output
    a = load_answers(here / "a.yaml")
    assert "quick" not in a.scope
    assert {q: a.answers[q].value for q in QUICK_IDS} == {"d01-q1": 4, "d02-q2": 2, "q01-q1": 2}
    assert a.answers["d01-q2"].value == 3  # the first statement the quick scan did not ask


def test_a_file_of_someone_else_never_blocks_a_script(here: Path) -> None:
    a = Answers(language="en")
    a.initiative["name"] = "Brugwerk"
    a.respondent["name"] = "Samira"
    a.updated = "2024-01-05T10:00:00+01:00"
    save_answers(a, here / "s.yaml", touch=False)
    result = assess("s.yaml", "--respondent", "Jan", lines=["4", "q"])  # no terminal: nobody to ask
    assert result.exit_code == 0, result.output
    assert "s.yaml holds the answers of Samira." in result.stderr
    assert "more than six months ago" in result.stderr and "Going on: there is no terminal to ask." in result.stderr
    assert load_answers(here / "s.yaml").answers["d01-q1"].value == 4
    assert sorted(p.name for p in here.glob("*.yaml")) == ["s.yaml"]
    # --from never asks either
    rows = here / "rows.csv"
    rows.write_text("id,value\nd01-q2,3\n", encoding="utf-8")
    imported = CliRunner().invoke(cli, ["assess", "s.yaml", "--from", str(rows), "--content", str(MINI_DIR)])
    assert imported.exit_code == 0, imported.output
    assert load_answers(here / "s.yaml").answers["d01-q2"].value == 3


def test_the_respondent_fills_in_a_file_that_names_nobody(here: Path) -> None:
    a = Answers(language="en")
    a.initiative["name"] = "Brugwerk"
    a.updated = now_iso()
    save_answers(a, here / "s.yaml")
    result = assess("s.yaml", "--respondent", "Jan Peeters", lines=["4", "q"])
    assert result.exit_code == 0, result.output
    assert load_answers(here / "s.yaml").respondent["name"] == "Jan Peeters"


def test_without_an_editor_e_lets_a_text_run_over_several_lines(here: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_editor(*args, **kwargs):
        raise AssertionError("no editor may be started when the user chose none")

    monkeypatch.setattr(click, "edit", no_editor)
    env = {"EDITOR": None, "VISUAL": None}
    lines = [*DETAILS, "4+", "e", "regel een", "regel twee", "", "", "q"]
    result = assess("a.yaml", "--lang", "en", "--only", "d01", lines=lines, env=env)
    assert result.exit_code == 0, result.output
    assert "An empty line ends it." in result.output
    assert load_answers(here / "a.yaml").answers["d01-q1"].note == "regel een\nregel twee"
    # --editor without an editor says so and asks inline
    lines = [*DETAILS, "4+", "één", "twee", "", "", "q"]
    result = assess("b.yaml", "--lang", "en", "--only", "d01", "--editor", lines=lines, env=env)
    assert result.exit_code == 0, result.output
    assert "--editor: no editor is set" in result.output
    helped = assess("c.yaml", "--lang", "en", "--only", "d01", lines=[*DETAILS, "h", "q"], env=env)
    assert "no editor is set: $EDITOR" in helped.output


def test_ctrl_c_says_where_everything_is(here: Path) -> None:
    result = assess("a.yaml", "--lang", "en", "--only", "d01", lines=[*DETAILS, "4"])  # the input ends: as Ctrl-C
    assert result.exit_code == 130
    assert "Interrupted. Every answer already given is saved in a.yaml." in result.stderr
    assert "Continue later with: m2w assess a.yaml" in result.stderr
    assert load_answers(here / "a.yaml").answers["d01-q1"].value == 4


def test_quick_scan_of_content_without_one_is_refused_in_words(here: Path) -> None:
    result = assess("a.yaml", "--lang", "en", "--quick", lines=[*DETAILS])
    assert result.exit_code == 1
    assert "This content has no quick scan" in result.output and "Traceback" not in result.output
    assert "Name of the initiative" not in result.output and not (here / "a.yaml").exists()


def test_whose_file_and_how_old() -> None:
    from datetime import date

    from m2w_tool.identity import same_person
    from m2w_tool.questionnaire.ownership import STALE_DAYS, concern

    a = Answers()
    a.respondent["name"] = "Samira El Idrissi"
    a.updated = "2026-01-10T09:00:00+01:00"
    today = date(2026, 3, 1)
    assert concern(a, "  samira   el IDRISSI ", today) is None  # the same person, typed otherwise
    assert same_person("Ａnn", "ann")  # full-width letters too
    other = concern(a, "Jan", today)
    assert other.someone_else and not other.ask_who and other.stale_since is None
    unknown = concern(a, None, today)
    assert unknown.ask_who and not unknown.someone_else
    changed = date(2026, 1, 10)
    old = concern(a, "Samira El Idrissi", date.fromordinal(changed.toordinal() + STALE_DAYS + 1))
    assert old.stale_since == changed and not old.someone_else
    assert concern(a, "Samira El Idrissi", date.fromordinal(changed.toordinal() + STALE_DAYS)) is None
    a.respondent["name"] = ""
    assert concern(a, "Jan", today) is None  # a file that names nobody: nothing to compare
