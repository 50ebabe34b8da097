"""Wrong inputs, friendly words (issue 14): each command that reads a file says what a wrong file is and
which command reads it instead, before trying to read it as what it is not."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from m2wrun import assert_handled, m2w
from openpyxl import Workbook

from m2w_tool.render import html_to_pdf

MINI_DIR = Path(__file__).parent / "data" / "mini"


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def _xlsx() -> bytes:
    buffer = io.BytesIO()
    Workbook().save(buffer)
    return buffer.getvalue()


# file name, its bytes, what `m2w report` must say (after "name: " or "name:1: ")
WRONG = {
    "workbook.pdf": (html_to_pdf("<p>Werkboek</p>", title="x", lang="nl"),
                     "this is a PDF, not an answers file. A filled-in fillable workbook becomes an answers file "
                     "with `m2w import workbook.pdf`"),
    "team.csv": (b"id;value\nd01-q1;4\n",
                 "this is a spreadsheet, not an answers file. Read it into one with "
                 "`m2w assess answers.yaml --from team.csv`"),
    "team.xlsx": (_xlsx(), "this is a spreadsheet, not an answers file. Read it into one with "
                           "`m2w assess answers.yaml --from team.xlsx`"),
    "team.xls": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "a format m2w does not read. Save it as .xlsx"),
    "verslag.docx": (_docx(), "this is a Word document. m2w reads answers files (.yaml)"),
    "verslag.doc": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "this is a Word document."),
    "answers.yaml": (b"", "the file is empty. An answers file is made by `m2w assess`"),
    "README.md": (b"# Mentor Gent\n\nOur answers are in the folder output. Ask Anna.\n",
                  "this holds plain text, not answers."),
    # Not even YAML (a backtick cannot start a plain scalar): still said to be text, not a syntax error.
    "NOTES.md": (b"# Notes\n\n`m2w` helped us: see below\n- item: one\n  bad: [\n",
                 "this holds plain text, not answers."),
    "notes.yaml": (b"Some notes about our session: we met on Monday and talked\n",
                   "this holds plain text, not answers."),
}  # fmt: skip


@pytest.mark.parametrize("name", WRONG)
def test_report_says_what_a_wrong_file_is_and_what_to_do(here: Path, name: str) -> None:
    data, words = WRONG[name]
    (here / name).write_bytes(data)
    result = m2w("report", name, "--format", "html", "--content", MINI_DIR, "--lang", "en")
    assert_handled(result, located=False)
    assert result.exit_code == 1 and not (here / "output").exists()
    assert result.stderr.startswith(name + ":") and words in result.stderr, result.stderr


@pytest.mark.parametrize("command", [("merge", "good.yaml"), ("assess",), ("compare", "-o", "p.html")])
def test_every_command_that_reads_answers_files_says_it_too(here: Path, command: tuple[str, ...]) -> None:
    (here / "good.yaml").write_text("m2w_answers: 1\nanswers: {d01-q1: 4}\n", encoding="utf-8")
    (here / "workbook.pdf").write_bytes(WRONG["workbook.pdf"][0])
    args = (*command[:1], "workbook.pdf", *command[1:])
    result = m2w(*args, "--content", MINI_DIR, "--lang", "en")
    assert result.exit_code == 1 and "this is a PDF, not an answers file" in result.stderr, result.output
    assert "m2w import workbook.pdf" in result.stderr


def test_from_says_a_pdf_is_read_with_import_and_a_word_file_is_no_answers(here: Path) -> None:
    (here / "workbook.pdf").write_bytes(WRONG["workbook.pdf"][0])
    result = m2w("assess", "a.yaml", "--from", "workbook.pdf", "--content", MINI_DIR, "--lang", "en")
    assert result.exit_code == 1 and "workbook.pdf: this is a PDF. A filled-in fillable workbook is read with " \
        "`m2w import workbook.pdf`" in result.stderr  # fmt: skip
    (here / "verslag.docx").write_bytes(_docx())
    result = m2w("assess", "a.yaml", "--from", "verslag.docx", "--content", MINI_DIR, "--lang", "en")
    assert result.exit_code == 1 and "verslag.docx: this is a Word document" in result.stderr
    (here / "leeg.csv").write_bytes(b"")
    result = m2w("assess", "a.yaml", "--from", "leeg.csv", "--content", MINI_DIR, "--lang", "en")
    assert result.exit_code == 1 and "leeg.csv:1: the file is empty" in result.stderr
    assert not (here / "a.yaml").exists()


def test_only_takes_one_digit_ids(here: Path) -> None:
    from openpyxl import load_workbook

    result = m2w("template", "--xlsx", "t.xlsx", "--only", "d2,Q1", "--content", MINI_DIR, "--lang", "en")
    assert result.exit_code == 0, result.output
    ids = {c.value for c in load_workbook(here / "t.xlsx").worksheets[0]["A"] if c.value}
    assert {"d02-q1", "q01-q1"} <= ids and "d01-q1" not in ids
    result = m2w("template", "--xlsx", "u.xlsx", "--only", "d7", "--content", MINI_DIR, "--lang", "en")
    assert result.exit_code == 1 and "Unknown dimension 'd7'" in result.stderr


def test_the_words_are_dutch_too(here: Path) -> None:
    (here / "team.xlsx").write_bytes(_xlsx())
    result = m2w("report", "team.xlsx", "--content", MINI_DIR, "--lang", "nl")
    assert result.exit_code == 1 and "m2w assess answers.yaml --from team.xlsx" in result.stderr
    assert "team.xlsx: dit is een rekenblad, geen antwoordenbestand" in result.stderr
