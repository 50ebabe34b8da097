"""The spreadsheet route: `m2w template --xlsx` writes an answer sheet, a person fills it in (here with
openpyxl, as Excel or LibreOffice would save it), `m2w assess --from` reads it back exactly, with every
bad cell named by sheet, row and column, and a team's sheets split into one answers file each."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from m2w_tool import api
from m2w_tool.answer_sheet import HIDDEN, parse_scope
from m2w_tool.answers import DONT_KNOW, NA, load_answers
from m2w_tool.cli import cli
from m2w_tool.content import load_content

MINI_DIR = Path(__file__).parent / "data" / "mini"
MINI = load_content(MINI_DIR)


def run(*args: str):
    return CliRunner().invoke(cli, [*args, "--content", str(MINI_DIR), "--lang", "en"])


@pytest.fixture
def sheet(here: Path) -> Path:
    result = run("template", "--xlsx", "sheet.xlsx")
    assert result.exit_code == 0, result.output
    assert "m2w assess answers.yaml --from sheet.xlsx" in result.output
    return here / "sheet.xlsx"


def rows_of(ws) -> dict[str, int]:  # noqa: ANN001 - an openpyxl worksheet
    """Row number of each id in column A."""
    return {str(c.value): c.row for c in ws["A"] if c.value}


def choices(book, ws, cell: str) -> list[str]:  # noqa: ANN001 - openpyxl workbook and worksheet
    """The labels the drop-down of `cell` offers (its list on the hidden sheet)."""
    for dv in ws.data_validations.dataValidation:
        if cell in dv.sqref:
            sheet_name, ref = dv.formula1.split("!")
            return [c.value for row in book[sheet_name.strip("'")][ref.replace("$", "")] for c in row]
    raise AssertionError(f"no drop-down at {cell}")


FILLED = {  # id -> {column letter: what a person chooses or types}
    "initiative.name": {"C": "Mentor Gent"},
    "respondent.name": {"C": "Anna De Smet"},
    "respondent.role": {"C": "coach"},
    "d01-q1": {"C": "4 · Largely", "E": "see the year plan", "F": "year plan 2026"},
    "d01-q2": {"C": "Not applicable / don't know"},
    "d02-q1": {"C": "Don't know", "E": "ask the board"},
    "d02-q2": {"E": "only a note, no answer yet"},
    "q01-q1": {"C": "1 · Partly", "D": "4 · Good", "F": "intake form"},
    "q01-q2": {"C": "0 · No"},
    "d01.importance": {"C": "5 · Top priority"},
    "d01.target": {"C": "Established"},
    "d01.reflection1": {"C": "Two lines\nof thought"},
    "d01.action1": {"C": "Write the plan", "G": "Coordinator", "H": "2026-09"},
    "q01.importance": {"C": "2 · Slightly"},
}

EXPECTED_ANSWERS = {
    "d01-q1": {"value": 4, "note": "see the year plan", "evidence": "year plan 2026"},
    "d01-q2": {"value": NA},
    "d02-q1": {"value": DONT_KNOW, "note": "ask the board"},
    "d02-q2": {"value": None, "note": "only a note, no answer yet"},
    "q01-q1": {"value": 1, "how_well": 4, "evidence": "intake form"},
    "q01-q2": {"value": 0},
}


def fill(path: Path, values: dict[str, dict[str, object]], target: Path, title: str | None = None) -> Path:
    book = load_workbook(path)
    ws = book.worksheets[0]
    if title:
        ws.title = title
    rows = rows_of(ws)
    for rid, cells in values.items():
        for letter, value in cells.items():
            ws[f"{letter}{rows[rid]}"] = value
    book.save(target)
    return target


def test_the_sheet_offers_what_each_statement_allows_and_locks_the_rest(sheet: Path) -> None:
    book = load_workbook(sheet)
    ws = book.worksheets[0]
    assert ws.title == "Answers" and book[HIDDEN].sheet_state == "hidden" and ws.protection.sheet
    rows = rows_of(ws)
    assert ws[f"A{rows['d01-q1']}"].protection.locked and ws[f"B{rows['d01-q1']}"].protection.locked
    assert not ws[f"C{rows['d01-q1']}"].protection.locked and not ws[f"E{rows['d01-q1']}"].protection.locked
    assert ws[f"D{rows['d01-q1']}"].protection.locked  # no "how well" for a statement
    assert not ws[f"D{rows['q01-q1']}"].protection.locked
    assert choices(book, ws, f"C{rows['d01-q1']}") == [
        "1 · Not at all", "2 · A little", "3 · Partly", "4 · Largely", "5 · Fully", "Not applicable / don't know",
        "Don't know"]  # fmt: skip
    assert "Not applicable / don't know" not in choices(book, ws, f"C{rows['q01-q2']}")  # a minimum criterion
    assert choices(book, ws, f"D{rows['q01-q1']}")[0] == "1 · Weak"
    assert choices(book, ws, f"C{rows['d01.target']}") == ["Beginning", "Developing", "Established", "Strong"]
    assert "d01.action3" in rows and "d01.reflection1" in rows and "respondent.name" in rows
    assert ws[f"B{rows['d01-q1']}"].value == MINI.questions["d01-q1"][1].text("en")
    scope = parse_scope(book[HIDDEN]["A1"].value)
    assert (scope.sha256, scope.module, scope.only, scope.quick) == (MINI.sha256, "all", (), False)
    assert "Fill in only the coloured cells" in ws["A3"].value


def test_a_filled_sheet_reads_back_exactly(sheet: Path, here: Path) -> None:
    filled = fill(sheet, FILLED, here / "filled.xlsx")
    result = run("assess", "a.yaml", "--from", "filled.xlsx")
    assert result.exit_code == 0, result.output
    answers = load_answers(here / "a.yaml")
    assert answers.to_yaml()["answers"] == EXPECTED_ANSWERS
    assert answers.to_yaml()["dimensions"] == {
        "d01-alpha": {"importance": 5, "target": "established", "reflections": ["Two lines\nof thought"],
                      "actions": [{"what": "Write the plan", "who": "Coordinator", "when": "2026-09"}]},
        "q01-gamma": {"importance": 2},
    }  # fmt: skip
    assert answers.initiative["name"] == "Mentor Gent" and answers.respondent == {
        "name": "Anna De Smet",
        "role": "coach",
    }
    assert answers.scope == {"module": "all", "only": []} and answers.content_sha256 == MINI.sha256
    assert filled.exists()


def test_every_bad_cell_is_named_by_sheet_row_and_column_and_nothing_is_written(sheet: Path, here: Path) -> None:
    bad = dict(FILLED)
    bad["d01-q1"] = {"C": "6"}  # typed past the drop-down
    bad["q01-q2"] = {"C": "0 · No", "D": "3 · Adequate"}  # "how well" on a criterion that is not in place
    bad["d01.importance"] = {"C": "very"}
    bad["d01.action2"] = {"G": "Bram"}  # who, but no what: kept as a row of the plan, like the workbook
    fill(sheet, bad, here / "bad.xlsx", title="Team")
    rows = rows_of(load_workbook(here / "bad.xlsx").worksheets[0])
    result = run("assess", "a.yaml", "--from", "bad.xlsx")
    assert result.exit_code == 1, result.output
    out = result.output
    assert f"bad.xlsx:Team!C{rows['d01-q1']}: d01-q1: choose 1 to 5, n for not applicable or ? for don't know" in out
    assert f"bad.xlsx:Team!D{rows['q01-q2']}: q01-q2: 'how well' applies only when the criterion is at least" in out
    assert f"bad.xlsx:Team!C{rows['d01.importance']}: d01.importance: the importance is a whole number" in out
    assert "Problems: 3. Nothing was written." in out
    assert not (here / "a.yaml").exists()


def test_several_sheets_are_several_people_split_into_one_file_each(sheet: Path, here: Path) -> None:
    fill(sheet, FILLED, here / "team.xlsx", title="Anna")
    book = load_workbook(here / "team.xlsx")
    second = book.copy_worksheet(book["Anna"])  # "Move or Copy... Create a copy"
    second.title = "Bram"
    rows = rows_of(second)
    second[f"C{rows['respondent.name']}"] = "Bram Peeters"
    second[f"C{rows['d01-q1']}"] = "2 · A little"
    book.save(here / "team.xlsx")
    result = run("assess", "a.yaml", "--from", "team.xlsx")
    assert result.exit_code == 1 and "the answers of 2 people (Anna De Smet, Bram Peeters)" in result.output
    assert "--split FOLDER" in result.output and not (here / "a.yaml").exists()
    result = run("assess", "--from", "team.xlsx", "--split", "team")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (here / "team").iterdir()) == [
        "answers-anna-de-smet.yaml",
        "answers-bram-peeters.yaml",
    ]
    anna, bram = (load_answers(here / "team" / f"answers-{n}.yaml") for n in ("anna-de-smet", "bram-peeters"))
    assert anna.answers["d01-q1"].value == 4 and bram.answers["d01-q1"].value == 2
    assert bram.respondent["name"] == "Bram Peeters" and bram.initiative["name"] == "Mentor Gent"
    assert anna.to_yaml()["answers"] == EXPECTED_ANSWERS
    assert "Bram Peeters: 14 rows read" in result.output


def test_a_respondent_column_splits_a_csv_and_shared_rows_go_to_everyone(here: Path) -> None:
    (here / "team.csv").write_text(
        "respondent;id;value\n;initiative.name;Mentor Gent\nAnna;d01-q1;4\nBram;d01-q1;2\nBram;d01.importance;5\n",
        encoding="utf-8",
    )
    result = run("assess", "--from", "team.csv", "--split", "out")
    assert result.exit_code == 0, result.output
    anna, bram = load_answers(here / "out" / "answers-anna.yaml"), load_answers(here / "out" / "answers-bram.yaml")
    assert (anna.answers["d01-q1"].value, bram.answers["d01-q1"].value) == (4, 2)
    assert anna.initiative["name"] == bram.initiative["name"] == "Mentor Gent"
    assert anna.respondent["name"] == "Anna" and "d01-alpha" not in anna.dimensions
    # again: the files are updated, not duplicated
    assert run("assess", "--from", "team.csv", "--split", "out").exit_code == 0
    assert sorted(p.name for p in (here / "out").iterdir()) == ["answers-anna.yaml", "answers-bram.yaml"]
    result = run("assess", "one.yaml", "--from", "team.csv", "--split", "out")
    assert result.exit_code == 1 and "either an answers file or --split" in result.output


def test_only_part_of_the_content_and_one_digit_ids(here: Path) -> None:
    path = api.write_template(MINI, lang="nl", only="q1", output=here / "q.xlsx")
    book = load_workbook(path)
    ws = book.worksheets[0]
    assert ws.title == "Antwoorden" and ws["C7"].value == "Antwoord"
    ids = set(rows_of(ws))
    assert "q01-q1" in ids and not any(i.startswith("d0") for i in ids)
    assert parse_scope(book[HIDDEN]["A1"].value).only == ("q01",)
    rows = rows_of(ws)
    ws[f"C{rows['q01-q1']}"] = "2 · Ja"
    book.save(path)
    assert run("assess", "a.yaml", "--from", "q.xlsx").exit_code == 0
    answers = load_answers(here / "a.yaml")
    assert answers.answers["q01-q1"].value == 2 and answers.scope == {"module": "all", "only": ["q01"]}


def test_the_quick_scan_needs_quick_statements_and_takes_only_those(here: Path) -> None:
    result = run("template", "--xlsx", "quick.xlsx", "--quick")
    assert result.exit_code == 1 and "no quick scan" in result.output
    shipped = load_content()
    path = api.write_template(shipped, lang="en", quick=True, output=here / "quick.xlsx")
    book = load_workbook(path)
    ws = book.worksheets[0]
    ids = {i for i in rows_of(ws) if "-q" in i}
    assert ids == set(shipped.quick_ids)
    assert not any(i.endswith((".importance", ".target", ".action1")) for i in rows_of(ws))  # statements only
    assert parse_scope(book[HIDDEN]["A1"].value).answers_scope() == {"module": "all", "only": [], "quick": True}
    first = min(shipped.quick_ids)
    ws[f"C{rows_of(ws)[first]}"] = "4"
    book.save(path)
    result = CliRunner().invoke(cli, ["assess", "q.yaml", "--from", "quick.xlsx", "--lang", "en"])
    assert result.exit_code == 0, result.output
    answers = load_answers(here / "q.yaml")
    assert answers.scope.get("quick") is True and answers.answers[first].value == 4


def test_an_existing_file_or_another_kind_is_not_replaced(here: Path) -> None:
    (here / "sheet.xlsx").write_text("not a spreadsheet", encoding="utf-8")
    result = run("template", "--xlsx", "sheet.xlsx", "--force")
    assert result.exit_code == 1 and (here / "sheet.xlsx").read_text(encoding="utf-8") == "not a spreadsheet"
    assert run("template", "--xlsx", "new.xlsx").exit_code == 0
    assert run("template", "--xlsx", "new.xlsx").exit_code == 1
    assert run("template", "--xlsx", "new.xlsx", "--force").exit_code == 0


def test_a_damaged_or_empty_spreadsheet_is_said_in_words(here: Path) -> None:
    (here / "cut.xlsx").write_bytes(b"PK\x03\x04" + b"\x00" * 200)
    result = run("assess", "a.yaml", "--from", "cut.xlsx")
    assert result.exit_code == 1 and "cut.xlsx" in result.output and "Traceback" not in result.output
    from openpyxl import Workbook

    buffer = io.BytesIO()
    Workbook().save(buffer)
    (here / "blank.xlsx").write_bytes(buffer.getvalue())
    result = run("assess", "a.yaml", "--from", "blank.xlsx")
    assert result.exit_code == 1 and "no answers table found" in result.output


def test_libreoffice_opens_and_saves_the_sheet_and_m2w_reads_what_it_saved(sheet: Path, here: Path) -> None:
    assert shutil.which("soffice"), "LibreOffice (libreoffice-calc-nogui) is needed; .ci/run installs it"
    fill(sheet, FILLED, here / "filled.xlsx")
    (here / "saved").mkdir()
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{here}/lo-profile", "--convert-to",
                    "xlsx", "--outdir", str(here / "saved"), str(here / "filled.xlsx")],
                   check=True, capture_output=True, timeout=180)  # fmt: skip
    book = load_workbook(here / "saved" / "filled.xlsx")
    assert book[HIDDEN].sheet_state == "hidden" and book.worksheets[0].protection.sheet
    assert len(book.worksheets[0].data_validations.dataValidation) >= 5  # the drop-downs survive
    result = run("assess", "a.yaml", "--from", "saved/filled.xlsx")
    assert result.exit_code == 0, result.output
    assert load_answers(here / "a.yaml").to_yaml()["answers"] == EXPECTED_ANSWERS
