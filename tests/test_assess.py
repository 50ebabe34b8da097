"""`m2w assess` driven through CliRunner with fed input: a complete run, resume, review,
skip/back/jump, wrong answers, the lock, unusable files and answers from other content."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from m2w_tool.answers import NA, Answers, load_answers, save_answers
from m2w_tool.cli import cli
from m2w_tool.content import load_content
from m2w_tool.errors import AnswersError
from m2w_tool.lock import AnswersLock, lock_path

MINI_DIR = Path(__file__).parent / "data" / "mini"
MINI = load_content(MINI_DIR)
DETAILS = ["Mentor Gent", "Stad & Werk vzw", "Gent", "Ann Peeters", "coach"]
INTRO = ["3", *DETAILS]  # both modules, then the details of the initiative and the respondent


def assess(*args: str, lines: list[str] = (), env: dict | None = None):
    text = "".join(f"{line}\n" for line in lines)
    return CliRunner().invoke(cli, ["assess", *args, "--content", str(MINI_DIR)], input=text, env=env)


def dim_lines(
    statements: list[list[str]],
    reflections: list[list[str]] | None = None,
    importance: str = "3",
    target: str = "2",
    actions: list[list[str]] = (),
) -> list[str]:
    """Input for one dimension: per statement [value] (two keys with Enter), or [value+, (how_well),
    note, evidence] for a note or evidence; per reflection its lines; importance; target; per action
    [what, who, when]; then Enter to end the actions."""
    out = [line for s in statements for line in s]
    for lines in reflections or [[]]:
        out += [*lines, ""] if lines else [""]
    out += [importance, target]
    for action in actions:
        out += action
    if len(actions) < 3:
        out.append("")
    return out


def complete_run_lines() -> list[str]:
    return [
        *INTRO,
        *dim_lines(
            [["4+", "Zie jaarverslag", ""], ["n"]],
            [["line one", "line two"]],
            "5",
            "3",
            [["Plan schrijven", "Jan", "juni"]],
        ),
        *dim_lines([["1"], ["2"]], importance="2", target="1"),
        *dim_lines([["1+", "4", "", "intake form"], ["0"]], importance="3", target="4"),
    ]


def test_a_complete_run_saves_every_answer(here: Path) -> None:
    result = assess("a.yaml", "--lang", "en", lines=complete_run_lines())
    assert result.exit_code == 0, result.output
    a = load_answers(here / "a.yaml")
    assert a.initiative == {
        "name": "Mentor Gent",
        "organisation": "Stad & Werk vzw",
        "region": "Gent",
    }
    assert a.respondent == {"name": "Ann Peeters", "role": "coach"}
    assert a.language == "en" and a.content_sha256 == MINI.sha256
    assert (a.answers["d01-q1"].value, a.answers["d01-q1"].note) == (4, "Zie jaarverslag")
    assert a.answers["d01-q2"].value == NA
    assert [a.answers[q].value for q in ("d02-q1", "d02-q2", "q01-q1", "q01-q2")] == [1, 2, 1, 0]
    assert (a.answers["q01-q1"].how_well, a.answers["q01-q1"].evidence) == (4, "intake form")
    assert a.answers["q01-q2"].how_well is None
    d01 = a.dimensions["d01-alpha"]
    assert (d01.importance, d01.target, d01.reflections) == (
        5,
        "established",
        ["line one\nline two"],
    )
    assert [(x.what, x.who, x.when) for x in d01.actions] == [("Plan schrijven", "Jan", "juni")]
    assert (a.dimensions["q01-gamma"].importance, a.dimensions["q01-gamma"].target) == (3, "strong")
    assert "Done: 6 of 6 questions answered (1 not applicable)" in result.output
    assert "m2w report a.yaml" in result.output
    assert "dimension 1 of 2 · statement 2 of 2" in result.output
    assert "component 1 of 1 · criterion 1 of 2" in result.output
    assert not lock_path(here / "a.yaml").exists()


def test_the_default_file_goes_under_output(here: Path) -> None:
    result = assess("--lang", "nl", lines=complete_run_lines())
    assert result.exit_code == 0, result.output
    assert load_answers(here / "output" / "answers.yaml").answers["d01-q1"].value == 4
    assert "dimensie 1 van 2 · stelling 1 van 2 · 0% klaar" in result.output
    assert "Klaar: 6 van 6 vragen beantwoord" in result.output


def test_first_run_asks_language_and_part(here: Path) -> None:
    lines = ["2", "2", *DETAILS, *dim_lines([["2", "5"], ["?"]])]
    result = assess("a.yaml", lines=lines, env={"M2W_LANG": None})
    assert result.exit_code == 0, result.output
    assert "Welcome to m2w" in result.output and "Which part" in result.output
    a = load_answers(here / "a.yaml")
    assert a.language == "en" and a.scope["module"] == "quality"
    assert set(a.answers) == {"q01-q1", "q01-q2"}
    # the next run remembers both: English, quality only
    again = assess("a.yaml", "--review", lines=[""] * 40, env={"M2W_LANG": None})
    assert "Walking through all answers" in again.output and "d01" not in again.output


def test_resume_starts_at_the_first_open_question(here: Path) -> None:
    first = assess("a.yaml", "--lang", "en", lines=[*INTRO, "4"])
    assert first.exit_code != 0  # the input ran out, as when a terminal closes
    assert load_answers(here / "a.yaml").answers["d01-q1"].value == 4
    second = assess("a.yaml", lines=["q"])
    assert "Continuing in a.yaml" in second.output
    questions = [line for line in second.output.splitlines() if line.strip().startswith(("1. ", "2. "))]
    assert questions[0].strip() == "2. " + MINI.questions["d01-q2"][1].text.en  # language from the file
    assert "Name of the initiative" not in second.output
    assert "Stopped. Everything is saved in a.yaml" in second.output


def test_nothing_left_to_answer_says_so(here: Path) -> None:
    assess("a.yaml", "--lang", "en", lines=complete_run_lines())
    result = assess("a.yaml", lines=[])
    assert result.exit_code == 0
    assert "Every question in a.yaml is answered" in result.output


def test_review_with_enter_keeps_everything(here: Path) -> None:
    assess("a.yaml", "--lang", "en", lines=complete_run_lines())
    before = (here / "a.yaml").read_bytes()
    result = assess("a.yaml", "--review", lines=[""] * 80)
    assert result.exit_code == 0, result.output
    assert "Answer [4]:" in result.output and "Answer [n]:" in result.output
    assert "now: Zie jaarverslag" in result.output
    assert (here / "a.yaml").read_bytes() == before  # nothing changed, nothing written


def test_review_changes_only_what_is_typed(here: Path) -> None:
    assess("a.yaml", "--lang", "en", lines=complete_run_lines())
    before = load_answers(here / "a.yaml")
    # intro kept; d01-q1 becomes 2 and its note is cleared; the rest kept
    result = assess("a.yaml", "--review", lines=[""] * 5 + ["2", "-"] + [""] * 80)
    assert result.exit_code == 0, result.output
    after = load_answers(here / "a.yaml")
    assert (after.answers["d01-q1"].value, after.answers["d01-q1"].note) == (2, "")
    before.answers["d01-q1"].value, before.answers["d01-q1"].note = 2, ""
    assert after.answers == before.answers and after.dimensions == before.dimensions


def test_skip_back_jump_and_quit(here: Path) -> None:
    lines = [
        *INTRO,
        "b",  # at the first question: nothing before it
        "s",  # d01-q1 left for later
        "b",
        "3",
        "",
        "",  # back to d01-q1, answer it
        "j q01",
        "2",
        "b",
        "",
        "5",
        "",
        "",  # jump; back from how_well to its criterion, Enter keeps 2
        "j",
        "j d09",
        "q",
    ]
    result = assess("a.yaml", "--lang", "en", lines=lines)
    assert result.exit_code == 0, result.output
    assert "This is the first question." in result.output
    assert "Type j and a dimension" in result.output
    assert "d09 is not part of this round" in result.output
    a = load_answers(here / "a.yaml")
    assert a.answers["d01-q1"].value == 3
    assert "d01-q2" not in a.answers
    assert (a.answers["q01-q1"].value, a.answers["q01-q1"].how_well) == (2, 5)
    assert "Stopped." in result.output
    resumed = assess("a.yaml", lines=["q"])
    assert MINI.questions["d01-q2"][1].text.en in resumed.output  # the skipped one comes back


def test_wrong_answers_are_asked_again_with_a_hint(here: Path) -> None:
    lines = [*DETAILS, "7", "four", "", "4", "n", "", "9", "0", "5", "x", "3", "q"]
    result = assess("a.yaml", "--lang", "en", "--only", "d01", lines=lines)
    assert result.exit_code == 0, result.output
    assert result.output.count("Type 1 to 5, n for not applicable or ? for don't know.") == 3
    assert result.output.count("Choose 1-5.") == 2 and "Choose 1-4." in result.output
    a = load_answers(here / "a.yaml")
    assert a.answers["d01-q1"].value == 4
    assert (a.dimensions["d01-alpha"].importance, a.dimensions["d01-alpha"].target) == (
        5,
        "established",
    )


def test_help_lists_the_commands(here: Path) -> None:
    result = assess("a.yaml", "--lang", "nl", lines=[*INTRO, "h", "q"])
    for key in ("4+ ", "n ", "s ", "b ", "o ", "j d07", "e ", "? ", "h ", "q "):
        assert f"  {key}" in result.output
    assert "overslaan" in result.output and "stoppen" in result.output


def test_only_and_module_narrow_the_round(here: Path) -> None:
    result = assess(
        "a.yaml",
        "--lang",
        "en",
        "--only",
        "d02",
        lines=[*DETAILS, *dim_lines([["5"], ["5"]])],
    )
    assert result.exit_code == 0, result.output
    assert set(load_answers(here / "a.yaml").answers) == {"d02-q1", "d02-q2"}
    result = assess("b.yaml", "--lang", "en", "--module", "quality", lines=[*DETAILS, "q"])
    assert MINI.questions["q01-q1"][1].text.en in result.output and "d01" not in result.output


def test_the_e_command_and_editor_option_use_the_editor(here: Path) -> None:
    editor = here / "fake_editor.py"
    editor.write_text(
        "import sys, pathlib\n"
        "text = 'Uit de editor ✓\\nregel twee\\n'\n"
        "pathlib.Path(sys.argv[1]).write_text(text, encoding='utf-8')\n"
    )
    env = {"EDITOR": f"{sys.executable} {editor}", "VISUAL": None}
    result = assess("a.yaml", "--lang", "en", lines=[*INTRO, "4+", "e", "", "q"], env=env)
    assert result.exit_code == 0, result.output
    assert load_answers(here / "a.yaml").answers["d01-q1"].note == "Uit de editor ✓\nregel twee"
    result = assess(
        "b.yaml",
        "--lang",
        "en",
        "--only",
        "d01",
        "--editor",
        lines=[*DETAILS, "4+", "5", "q"],
        env=env,
    )
    a = load_answers(here / "b.yaml")
    assert a.answers["d01-q1"].note == a.answers["d01-q1"].evidence == "Uit de editor ✓\nregel twee"
    assert a.answers["d01-q2"].value == 5


def test_unicode_typed_in_round_trips(here: Path) -> None:
    names = ["مبادرة الأمل", "Центр «Мост»", "ትግራይ", "Ann 👩🏽‍🏫", "منسقة"]
    note = "Олена: 'добре' 🎉 ትግርኛ"
    result = assess("a.yaml", "--lang", "en", lines=["1", *names, "4+", note, "دليل", "q"])
    assert result.exit_code == 0, result.output
    a = load_answers(here / "a.yaml")
    assert list(a.initiative.values()) == names[:3] and list(a.respondent.values()) == names[3:]
    assert (a.answers["d01-q1"].note, a.answers["d01-q1"].evidence) == (note, "دليل")
    assert "🎉 ትግርኛ".encode() in (here / "a.yaml").read_bytes()  # written as is, not escaped


def test_answers_of_other_content_are_named_and_kept(here: Path) -> None:
    old = Answers(content_version="2024.1", content_sha256="f" * 64)
    old.initiative["name"] = "Oud"
    old.answer("d99-q1").value = 3
    old.answer("d99-q1").note = "van vroeger"
    old.dimension("d99-old").importance = 2
    save_answers(old, here / "a.yaml")
    result = assess("a.yaml", "--lang", "en", lines=["4", "q"])
    assert result.exit_code == 0, result.output
    assert "does not know these ids" in result.output and "d99-old, d99-q1" in result.output
    assert "made with content 2024.1" in result.output
    a = load_answers(here / "a.yaml")
    assert a.answers["d01-q1"].value == 4
    assert (a.answers["d99-q1"].value, a.answers["d99-q1"].note) == (3, "van vroeger")
    assert a.dimensions["d99-old"].importance == 2


def test_a_corrupt_file_is_reported_and_left_alone(here: Path) -> None:
    path = here / "a.yaml"
    path.write_text("m2w_answers: 1\nanswers: {d01-q1: {value: 4}\n", encoding="utf-8")
    before = path.read_bytes()
    result = assess("a.yaml", "--lang", "en", lines=["x"] * 5)
    assert result.exit_code == 1
    assert "a.yaml:" in result.output and "YAML syntax error" in result.output
    assert "The file was not changed." in result.output
    assert "Traceback" not in result.output and "Name of the initiative" not in result.output
    assert path.read_bytes() == before
    (here / "empty.yaml").write_text("\n", encoding="utf-8")  # made with `touch`: simply new
    assert assess("empty.yaml", "--lang", "en", lines=[*INTRO, "q"]).exit_code == 0
    assert load_answers(here / "empty.yaml").initiative["name"] == "Mentor Gent"
    (here / "b.yaml").write_text("id: d01-alpha\nnumber: 1\n", encoding="utf-8")
    result = assess("b.yaml", "--lang", "en")
    assert result.exit_code == 1 and "not an m2w answers file" in result.output


def test_an_unwritable_folder_is_reported_before_the_first_question(tmp_path: Path) -> None:
    if os.geteuid() == 0:  # root writes anywhere a permission bit allows; sysfs refuses even root
        target = Path("/sys/m2w-answers.yaml")
    else:
        folder = tmp_path / "locked"
        folder.mkdir()
        folder.chmod(0o555)
        target = folder / "answers.yaml"
    result = assess(str(target), "--lang", "en", lines=INTRO)
    assert result.exit_code == 1
    assert "Cannot write in the folder" in result.output
    assert "Name of the initiative" not in result.output


def test_a_missing_folder_or_a_folder_as_file_is_refused(here: Path) -> None:
    result = assess("nope/a.yaml", "--lang", "en")
    assert result.exit_code == 1 and "The folder nope does not exist." in result.output
    (here / "dir").mkdir()
    result = assess("dir", "--lang", "en")
    assert result.exit_code == 1 and "dir is a folder" in result.output


def test_a_second_assess_on_the_same_file_stops(here: Path) -> None:
    path = here / "a.yaml"
    with AnswersLock(path):
        result = assess("a.yaml", "--lang", "en", lines=INTRO)
        assert result.exit_code == 1
        assert "already open in another `m2w assess`" in result.output
        assert f"process {os.getpid()}" in result.output
        assert not path.exists()
        nl = assess("a.yaml", "--lang", "nl")
        assert "is al open in een andere" in nl.output
    assert assess("a.yaml", "--lang", "en", lines=[*INTRO, "q"]).exit_code == 0


def test_a_killed_holder_leaves_no_lock_behind(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(f"""
            import sys, time
            from m2w_tool.lock import AnswersLock
            AnswersLock({str(path)!r}).acquire()
            print("locked", flush=True)
            time.sleep(60)
        """),
        ],
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).parent.parent,
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        with pytest.raises(AnswersError, match=f"process {holder.pid}"):
            AnswersLock(path).acquire()
    finally:
        holder.kill()  # SIGKILL: no clean-up code runs in the holder
        holder.wait()
    assert lock_path(path).exists()  # the file stays, but the lock went with the process
    lock = AnswersLock(path).acquire()
    lock.release()
    assert not lock_path(path).exists()


def test_the_file_is_always_complete_yaml_between_answers(here: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Read the file back at every save: each state on disk is a whole, loadable answers file.
    import m2w_tool.questionnaire.run as q

    states: list[dict] = []
    real = q.save_answers

    def spy(answers, path, touch=True):
        real(answers, path, touch)
        states.append(yaml.safe_load(Path(path).read_text(encoding="utf-8")))

    monkeypatch.setattr(q, "save_answers", spy)
    result = assess("a.yaml", "--lang", "en", lines=complete_run_lines())
    assert result.exit_code == 0, result.output
    assert len(states) >= 6 + 5  # at least every statement and every intro field
    assert all(s["m2w_answers"] == 1 for s in states)
    counts = [len(s["answers"]) for s in states]
    assert counts == sorted(counts) and counts[-1] == 6


def test_lang_changes_the_session_not_the_file(here: Path) -> None:
    assess("a.yaml", "--lang", "en", lines=[*INTRO, "q"])
    result = assess("a.yaml", "--lang", "nl", lines=["q"])
    assert "Verder in a.yaml" in result.output and "stelling 1 van 2" in result.output
    assert load_answers(here / "a.yaml").language == "en"


def test_review_of_one_dimension_goes_straight_to_it(here: Path) -> None:
    assess("a.yaml", "--lang", "en", lines=complete_run_lines())
    result = assess("a.yaml", "--review", "--only", "d02", lines=["5"] + [""] * 30)
    assert result.exit_code == 0, result.output
    assert "Walking through all answers" in result.output
    assert "Name of the initiative" not in result.output and "d01" not in result.output
    assert load_answers(here / "a.yaml").answers["d02-q1"].value == 5
