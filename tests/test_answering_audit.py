"""Answers coming in, tried as a lead would: what a spreadsheet or a CSV file holds is either read or
named as a problem at its cell or row, never dropped without a word; a full disk names the file."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from m2w_tool.answer_rows import unclosed_quote
from m2w_tool.answers import load_answers
from m2w_tool.cli import cli

REPO = Path(__file__).resolve().parent.parent
MINI_DIR = REPO / "tests" / "data" / "mini"


def run(*args: str):
    return CliRunner().invoke(cli, [*args, "--content", str(MINI_DIR), "--lang", "en"])


def _rows(ws) -> dict[str, int]:  # noqa: ANN001 - an openpyxl worksheet
    return {str(c.value): c.row for c in ws["A"] if c.value}


def test_a_formula_without_its_result_is_named_not_dropped(here: Path) -> None:
    """A sheet filled by a script (openpyxl writes a formula without computing it): the cell reads as
    empty, and the note or answer in it was lost without a word."""
    assert run("template", "--xlsx", "sheet.xlsx").exit_code == 0
    book = load_workbook(here / "sheet.xlsx")
    ws = book.worksheets[0]
    rows = _rows(ws)
    ws[f"C{rows['d01-q1']}"] = "4 · Largely"
    ws[f"E{rows['d01-q1']}"] = '=HYPERLINK("https://example.org","our plan")'
    ws[f"C{rows['d01-q2']}"] = "=A1"
    from openpyxl.chart import BarChart, Reference

    chart = BarChart()
    chart.add_data(Reference(ws, min_col=3, min_row=rows["d01-q1"], max_row=rows["d01-q2"]))
    book.create_chartsheet("Chart").add_chart(chart)  # a sheet without cells is passed over
    book.save(here / "filled.xlsx")
    result = run("assess", "a.yaml", "--from", "filled.xlsx")
    assert result.exit_code == 1, result.output
    assert f"filled.xlsx:Answers!E{rows['d01-q1']}: this cell holds a formula (=HYPERLINK(" in result.output
    assert f"filled.xlsx:Answers!C{rows['d01-q2']}: this cell holds a formula (=A1) without its result" in result.output
    assert "Nothing was written" in result.output and not (here / "a.yaml").exists()


def test_a_formula_with_its_result_reads_as_what_it_shows(here: Path) -> None:
    """As Excel and LibreOffice save it: the result is in the file, and that is what the person saw."""
    assert run("template", "--xlsx", "sheet.xlsx").exit_code == 0
    book = load_workbook(here / "sheet.xlsx")
    ws = book.worksheets[0]
    rows = _rows(ws)
    ws[f"C{rows['d01-q1']}"] = "4 · Largely"
    ws[f"E{rows['d01-q1']}"] = "=1+2"
    book.save(here / "filled.xlsx")
    # Put the computed result in the file, as a spreadsheet program does on saving.
    import zipfile

    with zipfile.ZipFile(here / "filled.xlsx") as src, zipfile.ZipFile(here / "saved.xlsx", "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet1"):
                data = data.replace(b"<f>1+2</f><v></v>", b"<f>1+2</f><v>3</v>").replace(
                    b"<f>1+2</f><v />", b"<f>1+2</f><v>3</v>"
                )
                assert b"<v>3</v>" in data, data[data.find(b"1+2") - 80 : data.find(b"1+2") + 40]
            dst.writestr(item, data)
    result = run("assess", "a.yaml", "--from", "saved.xlsx")
    assert result.exit_code == 0, result.output
    assert load_answers(here / "a.yaml").answers["d01-q1"].note == "3"


def test_an_unclosed_quote_in_a_csv_is_named_not_swallowing_the_rows_after_it(here: Path) -> None:
    (here / "in.csv").write_text('id,value,note\nd01-q1,4,ok\nd01-q2,3,"forgot to close\nd02-q1,2,\n', encoding="utf-8")
    result = run("assess", "a.yaml", "--from", "in.csv")
    assert result.exit_code == 1, result.output
    assert 'in.csv:3: a quote (") opens a text here that is never closed' in result.output
    assert not (here / "a.yaml").exists()


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ('id,value\nd01-q1,"3\n', 2),
        ('id,value,note\nd01-q1,3,"two\nlines, ""quoted"""\nd01-q2,"4\n', 3),  # the record after a two-line cell
        ('id;value;note\nd01-q1;3;"a;b"\n', None),
        ('id,value,note\nd01-q1,3,a 5" screen\nd01-q2,4,"ok"\n', None),  # a quote inside a cell is a character
    ],
)
def test_the_line_of_an_unclosed_quote(text: str, line: int | None) -> None:
    assert unclosed_quote(text, ";" if text.startswith("id;") else ",") == line


def test_a_full_disk_while_writing_the_answer_sheet_names_the_file(tmp_path: Path) -> None:
    def small_files() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))

    env = {**os.environ, "PYTHONPATH": str(REPO), "M2W_LANG": "en"}
    result = subprocess.run(
        [sys.executable, "-m", "m2w_tool", "template", "--xlsx", "t.xlsx", "--content", str(MINI_DIR)],
        cwd=tmp_path, env=env, capture_output=True, text=True, preexec_fn=small_files, timeout=120,
    )  # fmt: skip
    assert result.returncode == 1, result.stderr
    assert "Cannot write t.xlsx: the file would be larger than this system allows" in result.stderr
    assert "Traceback" not in result.stderr and "Exception ignored" not in result.stderr
    assert not (tmp_path / "t.xlsx").exists()


def test_the_language_given_before_the_command_is_not_asked_again(here: Path) -> None:
    """`m2w --lang en assess` chose English: the first question is the initiative, not the language."""
    result = CliRunner().invoke(cli, ["--lang", "en", "assess", "a.yaml", "--content", str(MINI_DIR)], input="q\n")
    assert "Welcome to m2w" in result.output, result.output
    assert "Taal / Language" not in result.output
    asked = CliRunner().invoke(cli, ["assess", "b.yaml", "--content", str(MINI_DIR)], input="q\n")
    assert "Taal / Language" in asked.output  # nothing chosen: the language is the first question


def test_why_a_file_cannot_be_used_is_said_in_the_users_language(here: Path) -> None:
    """The system's own words are English ("No such file or directory"): a Dutch lead reads Dutch."""
    result = CliRunner().invoke(
        cli, ["assess", "a.yaml", "--from", "gone.csv", "--content", str(MINI_DIR), "--lang", "nl"]
    )
    assert result.exit_code == 1
    assert "gone.csv: kan het bestand niet lezen: het bestand of de map bestaat niet" in result.output, result.output


def test_rows_of_another_respondent_going_into_a_file_are_said_not_asked(here: Path) -> None:
    """Scripted use is never blocked by the question whose file it is, but it is not silent either."""
    (here / "ann.csv").write_text("id,value\nrespondent.name,Ann\nd01-q1,4\n", encoding="utf-8")
    (here / "bob.csv").write_text("id,value\nrespondent.name,Bob\nd01-q2,3\n", encoding="utf-8")
    (here / "ann-again.csv").write_text("id,value\nrespondent.name, ann \nd01-q2,2\n", encoding="utf-8")
    assert run("assess", "a.yaml", "--from", "ann.csv").exit_code == 0
    again = run("assess", "a.yaml", "--from", "ann-again.csv")
    assert again.exit_code == 0 and "held the answers" not in again.output  # the same person, typed otherwise
    result = run("assess", "a.yaml", "--from", "bob.csv")
    assert result.exit_code == 0, result.output
    assert "a.yaml held the answers of ann, and these rows name Bob" in result.output
    answers = load_answers(here / "a.yaml")
    assert answers.answers["d01-q1"].value == 4 and answers.answers["d01-q2"].value == 3


@pytest.mark.parametrize("columns", [40, 60, 100])
def test_a_heading_in_a_narrow_window_has_no_rule_alone_on_a_line(columns: int, monkeypatch, capsys) -> None:
    """At 40 columns a dimension's title wraps; its rule must not follow on a line of its own."""
    import shutil as shutil_module

    from m2w_tool.questionnaire.screen import Screen

    monkeypatch.setattr(shutil_module, "get_terminal_size", lambda fallback=None: os.terminal_size((columns, 30)))
    Screen().rule("d03 · Een helder doel dat iedereen deelt")
    lines = [line for line in capsys.readouterr().out.splitlines() if line.strip()]
    assert lines[0].startswith("  ── d03") and all(len(line) <= max(40, columns - 2) for line in lines), lines
    if len(lines) > 1:  # the title wrapped: no rule dangles after its last word
        assert "─" not in "".join(lines[1:]), lines
    else:
        assert lines[0].endswith("───"), lines


@pytest.mark.parametrize("name", ["filled.xlsx", "answers.csv", "workbook.pdf"])
def test_an_answers_file_is_not_started_under_the_name_of_a_spreadsheet_or_pdf(here: Path, name: str) -> None:
    """`m2w assess filled.xlsx` (meant: --from): it would write YAML under a name Excel cannot open."""
    result = CliRunner().invoke(cli, ["assess", name, "--content", str(MINI_DIR), "--lang", "en"], input="1\n")
    assert result.exit_code == 1
    stem = name.rsplit(".", 1)[0]
    assert f"Answer the questions with `m2w assess {stem}.yaml`" in result.output, result.output
    assert not (here / name).exists()
    (here / "in.csv").write_text("id,value\nd01-q1,3\n", encoding="utf-8")
    (here / name).write_bytes(b"")  # an empty file of that name, too
    assert run("assess", name, "--from", "in.csv").exit_code == 1 and (here / name).read_bytes() == b""
    assert run("assess", f"{stem}.yaml", "--from", "in.csv").exit_code == 0


def test_a_sep_line_names_the_delimiter_and_the_rows_keep_their_numbers(here: Path) -> None:
    """`sep=;` on the first line, as some programs write a CSV for Excel."""
    (here / "in.csv").write_text("\ufeffsep=;\nid;value;note\nd01-q1;4;a, b\nd01-q2;9;\n", encoding="utf-8")
    result = run("assess", "a.yaml", "--from", "in.csv")
    assert result.exit_code == 1 and "in.csv:4: d01-q2: choose 1 to 5" in result.output, result.output
    (here / "in.csv").write_text("sep=;\nid;value;note\nd01-q1;4;a, b\n", encoding="utf-8")
    assert run("assess", "a.yaml", "--from", "in.csv").exit_code == 0
    assert load_answers(here / "a.yaml").answers["d01-q1"].note == "a, b"


def test_merge_never_writes_over_a_file_that_is_no_answers_file_not_even_with_force(here: Path) -> None:
    for name, who in (("ann.csv", "Ann"), ("bob.csv", "Bob")):
        (here / name).write_text(f"id,value\ninitiative.name,Brug\nrespondent.name,{who}\nd01-q1,3\n", encoding="utf-8")
        assert run("assess", name.replace(".csv", ".yaml"), "--from", name).exit_code == 0
    (here / "notes.txt").write_text("my notes", encoding="utf-8")
    (here / "config.yaml").write_text("theme: dark\n", encoding="utf-8")
    (here / "link.yaml").symlink_to("notes.txt")
    for target in ("notes.txt", "config.yaml", "link.yaml"):
        result = run("merge", "ann.yaml", "bob.yaml", "-o", target, "--force")
        assert result.exit_code == 1 and "is not an m2w answers file" in result.output, result.output
    assert (here / "notes.txt").read_text(encoding="utf-8") == "my notes"
    assert (here / "config.yaml").read_text(encoding="utf-8") == "theme: dark\n"
    assert run("merge", "ann.yaml", "bob.yaml", "-o", "group.yaml").exit_code == 0
    assert run("merge", "ann.yaml", "bob.yaml", "-o", "group.yaml", "--force").exit_code == 0  # a group file: replaced


def test_one_question_left_open_is_said_in_the_singular(here: Path) -> None:
    rows = "id,value\ninitiative.name,Brug\nd01-q1,3\nd01.importance,3\nd01.target,established\n"
    (here / "in.csv").write_text(rows, encoding="utf-8")
    assert run("assess", "a.yaml", "--from", "in.csv").exit_code == 0
    args = ["assess", "a.yaml", "--only", "d01", "--content", str(MINI_DIR)]
    result = CliRunner().invoke(cli, [*args, "--lang", "en"], input="s\n")  # skip the one open statement
    assert "1 question still open. Continue with it: m2w assess a.yaml" in result.output, result.output
    result = CliRunner().invoke(cli, [*args, "--lang", "nl"], input="s\n")
    assert "Nog 1 vraag open. Ga ermee verder met: m2w assess a.yaml" in result.output, result.output


def test_one_row_read_is_said_in_the_singular(here: Path) -> None:
    (here / "in.csv").write_text("id,value\nd01-q1,3\n", encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["assess", "a.yaml", "--from", "in.csv", "--content", str(MINI_DIR), "--lang", "nl"]
    )
    assert "1 rij ingelezen; bewaard in a.yaml." in result.output, result.output
    (here / "in.csv").write_text("id,value\nd01-q1,3\nd01-q2,4\n", encoding="utf-8")
    assert "2 rows read; saved in b.yaml." in run("assess", "b.yaml", "--from", "in.csv").output


def test_a_bad_how_well_in_a_csv_row_says_it_is_the_how_well(here: Path) -> None:
    (here / "in.csv").write_text("id,value,how_well\nq01-q1,2,9\n", encoding="utf-8")
    result = run("assess", "a.yaml", "--from", "in.csv")
    assert result.exit_code == 1 and "in.csv:2: q01-q1: how well: choose 1 to 5" in result.output, result.output


@pytest.mark.parametrize(
    ("only", "said"), [("dd", "Unknown dimension 'dd'"), ("d01", "--only d01 is not part of --module quality")]
)
def test_a_wrong_only_is_said_before_any_question(here: Path, only: str, said: str) -> None:
    args = ["assess", "a.yaml", "--only", only, "--module", "quality", "--content", str(MINI_DIR), "--lang", "en"]
    result = CliRunner().invoke(cli, args, input="Brug\n\n\n\n\n")
    assert result.exit_code == 1 and said in result.output, result.output
    assert "Name of the initiative" not in result.output and not (here / "a.yaml").exists()


def test_a_windows_1252_yaml_source_gets_no_csv_advice(here: Path) -> None:
    text = "m2w_answers: 1\ninitiative: {name: Café Brug}\nanswers:\n  d01-q1: {value: 3}\n"
    (here / "in.yaml").write_bytes(text.encode("cp1252"))
    result = run("assess", "a.yaml", "--from", "in.yaml")
    assert result.exit_code == 0, result.output
    assert "in.yaml was read as Windows-1252; check that letters" in result.output and "CSV" not in result.output
    assert load_answers(here / "a.yaml").initiative["name"] == "Café Brug"
