"""Hardening (issue 11), the terminal: names, PDF field values and any text from a file reach the
terminal with their control characters written out; typing ² at a numbered prompt is a wrong answer,
not a stop; a resumed "how well" question shows its criterion; pypdf keeps its warnings to itself."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import fill_pdf
from m2wrun import m2w

from m2w_tool.answers import Answers, load_answers, save_answers
from m2w_tool.cli import cli
from m2w_tool.content import load_content
from m2w_tool.safetext import terminal

MINI_DIR = Path(__file__).parent / "data" / "mini"
MINI = load_content(MINI_DIR)
# Set the window title, write the clipboard, clear the screen, a C1 CSI, a bidirectional override.
EVIL = "Anna\x1b]0;owned\x07\x1b]52;c;ZWNobyBoaQ==\x07\x1b[2J\x9b31m\u202eevil"
RAW = ("\x1b", "\x07", "\x9b", "\u202e")


def assert_no_raw_controls(text: str) -> None:
    for ch in RAW:
        assert ch not in text, repr(text)


def person(path: Path, name: str, value: int = 4) -> Path:
    a = Answers(language="en")
    a.initiative.update(name="Mentor Gent", organisation="Stad")
    a.respondent["name"] = name
    a.answer("d01-q1").value = value
    a.answer("d01-q1").note = f"note by {name}"
    save_answers(a, path)
    return path


def test_terminal_writes_control_characters_out() -> None:
    assert terminal("a\x1b]0;t\x07b") == "a\\x1b]0;t\\x07b"
    assert terminal("x\u202ey\x9bz") == "x\\u202ey\\x9bz"
    assert terminal("two\nlines\tand a tab") == "two\nlines\tand a tab"
    assert terminal("two\nlines", one_line=True) == "two\\x0alines"
    assert terminal("Fatima El Amrani, محمد, Олена") == "Fatima El Amrani, محمد, Олена"


def test_merge_shows_respondent_names_harmlessly(here: Path) -> None:
    a, b = person(here / "a.yaml", EVIL), person(here / "b.yaml", "Bram\r\x1b[1A", 1)
    result = m2w("merge", a, b, "-o", "g.yaml", "--lang", "en")
    assert result.exit_code == 0, result.output
    assert_no_raw_controls(result.output)
    assert "\r" not in result.output
    assert "Anna\\x1b]0;owned\\x07" in result.stdout
    assert load_answers(here / "g.yaml").respondent["name"].startswith(EVIL)  # the data is kept as is


def test_errors_show_text_from_files_harmlessly(here: Path) -> None:
    (here / "a.yaml").write_text(
        'm2w_answers: 1\nanswers:\n  "\\e]0;owned\\a": 1\n  "\\e]0;owned\\a": 2\n', encoding="utf-8"
    )
    result = m2w("report", "a.yaml", "--format", "html", "--lang", "en")
    assert result.exit_code == 1 and "duplicate key" in result.stderr
    assert_no_raw_controls(result.output)
    assert "\\x1b]0;owned\\x07" in result.stderr


def test_compare_lists_a_bad_file_with_a_strange_name_harmlessly(here: Path) -> None:
    folder = here / "in"
    folder.mkdir()
    person(folder / "good.yaml", "Anna")
    (folder / "bad\x1b]0;owned\x07.yaml").write_text("m2w_answers: [\n", encoding="utf-8")
    result = m2w("compare", folder, "-o", "p.html", "--content", MINI_DIR, "--lang", "en", "-j", "1")
    assert result.exit_code == 1 and "bad" in result.stderr
    assert_no_raw_controls(result.output)


def test_assess_shows_names_from_the_file_harmlessly(here: Path) -> None:
    a = Answers(language="en")
    a.initiative.update(name=EVIL, organisation="Stad", region="Gent")
    a.respondent.update(name=EVIL, role="coach")
    save_answers(a, here / "a.yaml")
    result = CliRunner().invoke(
        cli, ["assess", "a.yaml", "--review", "--lang", "en", "--content", str(MINI_DIR)], input="q\n"
    )
    assert "Anna\\x1b]0;owned" in result.output
    assert_no_raw_controls(result.output)


def test_import_shows_pdf_field_values_harmlessly(here: Path, mini_fillable: Path) -> None:
    filled = fill_pdf(mini_fillable, {"respondent:name": EVIL, "d01-q1": "4", "d01-q2": "\x1b[2J9"}, here / "f.pdf")
    result = m2w("import", filled, "-o", here, "--content", MINI_DIR, "--lang", "en")
    assert result.exit_code == 1 and "d01-q2" in result.stderr  # not one of its choices
    assert_no_raw_controls(result.output)
    filled = fill_pdf(mini_fillable, {"respondent:name": EVIL, "d01-q1": "4"}, here / "f.pdf")
    result = m2w("import", filled, "-o", here / "x.yaml", "--content", MINI_DIR, "--lang", "en")
    assert result.exit_code == 0, result.output
    assert_no_raw_controls(result.output)
    assert "Anna\\x1b]0;owned" in result.stdout


def test_pdf_library_warnings_stay_out_of_the_terminal(here: Path, mini_fillable: Path, caplog) -> None:
    filled = fill_pdf(mini_fillable, {"respondent:name": "Anna", "d01-q1": "4"}, here / "f.pdf")
    data = filled.read_bytes()
    # A wrong cross-reference offset: pypdf repairs it and warns ("Ignoring wrong pointing object").
    start = data.rindex(b"startxref")
    damaged = data[:start] + b"startxref\n" + b"123" + data[data.index(b"\n", start + 10) :]
    (here / "d.pdf").write_bytes(damaged)
    caplog.clear()  # filling the form above made pypdf talk too
    with caplog.at_level(logging.WARNING, logger="pypdf"):
        result = m2w("import", here / "d.pdf", "-o", here / "d.yaml", "--content", MINI_DIR, "--lang", "en")
    assert "startxref" not in result.output and "Object Streams" not in result.output
    assert not [r for r in caplog.records if r.name.startswith("pypdf")]
    assert result.exit_code in (0, 1)


# --- prompts ---------------------------------------------------------------------------------------


def run_assess(*args: str, lines: list[str]):
    text = "".join(f"{line}\n" for line in lines)
    return CliRunner().invoke(cli, ["assess", *args, "--content", str(MINI_DIR)], input=text)


INTRO = ["3", "Mentor Gent", "Stad", "Gent", "Ann", "coach"]


@pytest.mark.parametrize("typed", ["²", "³", "¹", "٣٣٣٣٣٣٣٣٣٣٣٣", "9" * 5000, "+-3"])
def test_a_superscript_or_huge_number_at_a_numbered_prompt_is_just_a_wrong_answer(here: Path, typed: str) -> None:
    # At the part question (a choice), at a statement (a scale) and at importance (1-5).
    lines = [typed, "3", *INTRO[1:], typed, "4", "3", "", typed, "5", "q"]
    result = run_assess("a.yaml", "--lang", "en", lines=lines)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == 0, result.output
    assert "Choose 1-3" in result.output and "Type 1 to 5" in result.output and "Choose 1-5" in result.output
    a = load_answers(here / "a.yaml")
    assert (a.answers["d01-q1"].value, a.dimensions["d01-alpha"].importance) == (4, 5)


def test_resuming_at_how_well_shows_the_criterion(here: Path) -> None:
    a = Answers(language="en")
    a.initiative.update(name="Mentor Gent", organisation="Stad", region="Gent")
    a.scope = {"module": "quality", "only": []}
    a.answer("q01-q1").value = 2  # partly in place: "how well" is still open
    save_answers(a, here / "a.yaml")
    result = run_assess("a.yaml", "--lang", "en", lines=["q"])
    criterion = MINI.questions["q01-q1"][1]
    before_prompt = result.output.split("How well does it work?")[0]
    assert criterion.text.en in before_prompt
    assert criterion.fully.en in before_prompt


def test_a_text_over_the_limit_at_the_prompt_is_asked_again(here: Path) -> None:
    from m2w_tool.answers import MAX_TEXT

    lines = [*INTRO, "4+", "x" * (MAX_TEXT + 1), "short note", "", "q"]
    result = run_assess("a.yaml", "--lang", "en", lines=lines)
    assert result.exit_code == 0, result.output[-500:]
    assert f"{MAX_TEXT:,}" in result.output
    assert load_answers(here / "a.yaml").answers["d01-q1"].note == "short note"


def test_dimensions_and_show_print_content_text_harmlessly(mini: Path) -> None:
    from conftest import edit

    edit(
        mini / "sustainability" / "01-alpha.yaml",
        'title: {nl: "Titel 1", en: "Title 1"}',
        'title: {nl: "Titel 1", en: "Title 1\\e]0;owned\\a\\u202e"}',
    )
    edit(
        mini / "sustainability" / "01-alpha.yaml",
        'summary: {nl: "Samenvatting", en: "Summary"}',
        'summary: {nl: "Samenvatting", en: "Summary\\e[2J"}',
    )
    for args in (("dimensions",), ("show", "d01")):
        result = m2w(*args, "--content", mini, "--lang", "en")
        assert result.exit_code == 0, result.output
        assert "Title 1\\x1b]0;owned\\x07\\u202e" in result.stdout
        assert_no_raw_controls(result.output)
