"""Scripted answers: `m2w assess --from` a CSV or YAML file or stdin, with every problem reported
by row (or line) number and nothing written when there is any."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from m2w_tool.answers import DONT_KNOW, NA, Answers, load_answers, save_answers
from m2w_tool.cli import cli
from m2w_tool.content import load_content
from m2w_tool.lock import AnswersLock
from m2w_tool.resources import examples_dir

CONTENT = load_content()
MINI_DIR = Path(__file__).parent / "data" / "mini"


def run(*args: str, stdin: str | bytes | None = None, content: Path | None = None):
    extra = ["--content", str(content)] if content else []
    return CliRunner().invoke(cli, ["assess", *args, *extra, "--lang", "en"], input=stdin)


def test_the_shipped_example_imports_into_a_complete_file(here: Path) -> None:
    result = run("a.yaml", "--from", str(examples_dir() / "answers.csv"))
    assert result.exit_code == 0, result.output
    a = load_answers(here / "a.yaml")
    assert a.initiative["name"] == "Brug naar Werk" and a.respondent["role"] == "coördinator"
    assert a.language == "nl" and a.content_sha256 == CONTENT.sha256
    assert (a.answers["d01-q1"].value, a.answers["d01-q1"].evidence) == (4, "Projectplan 2025 p. 3")
    assert a.answers["d01-q7"].value == DONT_KNOW
    assert (a.answers["q01-q3"].value, a.answers["q01-q3"].how_well) == (3, 5)
    d03 = a.dimensions["d03-purpose"]
    assert (d03.importance, d03.target) == (5, "strong")
    assert [(x.what, x.who, x.when) for x in d03.actions][1] == (
        "Het doel bespreken op de algemene vergadering",
        "voorzitter",
        "2026-10",
    )
    assert all(q in CONTENT.questions for q in a.answers)
    # every question of the dimensions it covers is answered
    for key in ("d01", "d03", "q01"):
        assert all(q.id in a.answers for q in CONTENT.find(key).questions)


def test_every_problem_is_reported_with_its_row_and_nothing_is_written(here: Path) -> None:
    (here / "bad.csv").write_text(
        "id,value,how_well,note\n"
        "d01-q1,4,,fine\n"
        "d01-q2,6,,\n"  # row 3: off the scale
        "d01-q9,3,,\n"  # row 4: no such question
        "d01-q3,,,\n"  # row 5: no value
        "d01-q1,2,,\n"  # row 6: twice
        "q01-q1,1,4,\n"  # row 7: how_well while 'no'
        "d01-q4,3,2,\n"  # row 8: how_well on a statement
        "d01.importance,7,,\n"  # row 9
        "d01.target,superb,,\n"  # row 10
        "d01.reflection9,text,,\n"  # row 11
        "d77.importance,3,,\n"  # row 12
        "d01.action4,too many,,\n"  # row 13
        "language,fr,,\n"  # row 14
        ',4,,"a note\nover two lines"\n'  # row 15: no id
        "d01-q7,3,,\n",  # row 16: fine
        encoding="utf-8",
    )
    result = run("a.yaml", "--from", "bad.csv")
    assert result.exit_code == 1, result.output
    lines = [line for line in result.output.splitlines() if line.startswith("bad.csv:")]
    rows = [int(line.split(":")[1]) for line in lines]
    assert rows == [3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15], (result.output, result.exc_info)
    out = result.output
    assert "bad.csv:3: d01-q2: choose 1 to 5, n for not applicable or ? for don't know" in out
    assert "bad.csv:4: d01-q9: unknown question" in out
    assert "bad.csv:6: 'd01-q1' already appears at bad.csv:2" in out
    assert "bad.csv:7: q01-q1: 'how well' applies only when the criterion is at least partly in place" in out
    assert "bad.csv:8: d01-q4: has no 'how well' question" in out
    assert "bad.csv:9: d01.importance: the importance is a whole number from 1 to 5" in out
    assert "choose a target level: beginning, developing, established, strong" in out
    assert "bad.csv:11: d01.reflection9: this dimension has no reflection question 9 (it has 3)" in out
    assert "bad.csv:12: d77.importance: unknown dimension" in out and "at most 3 actions" in out
    assert "bad.csv:14: language: must be nl or en" in out and "bad.csv:15: this row has no id" in out
    assert "Problems: 13. Nothing was written." in out
    assert not (here / "a.yaml").exists()


def test_a_file_with_problems_leaves_the_existing_answers_untouched(here: Path) -> None:
    existing = Answers()
    existing.answer("d02-q1").value = 5
    save_answers(existing, here / "a.yaml")
    before = (here / "a.yaml").read_bytes()
    (here / "bad.csv").write_text("id,value\nd01-q1,4\nd01-q2,nine\n", encoding="utf-8")
    result = run("a.yaml", "--from", "bad.csv")
    assert result.exit_code == 1 and "bad.csv:3:" in result.output
    assert (here / "a.yaml").read_bytes() == before
    (here / "good.csv").write_text("id,value\nd01-q1,4\n", encoding="utf-8")
    assert run("a.yaml", "--from", "good.csv").exit_code == 0
    a = load_answers(here / "a.yaml")
    assert (a.answers["d01-q1"].value, a.answers["d02-q1"].value) == (4, 5)  # added, kept


def test_excel_csv_with_semicolons_bom_labels_and_comments(here: Path) -> None:
    text = (
        "\ufeffID;Value;How_well;Note\r\n"
        "# exported from a spreadsheet;;;\r\n"
        'q01-q1;Deels;goed;"Zie: plan; versie 2"\r\n'
        "q01-q2;nvt;;\r\n"
        "q01.target;Verankerd;;\r\n"
        ";;;\r\n"
    )
    (here / "excel.csv").write_bytes(text.encode("utf-8"))
    result = run("a.yaml", "--from", "excel.csv")
    assert result.exit_code == 0, result.output
    a = load_answers(here / "a.yaml")
    assert (a.answers["q01-q1"].value, a.answers["q01-q1"].how_well, a.answers["q01-q1"].note) == (
        2,
        4,
        "Zie: plan; versie 2",
    )
    assert a.answers["q01-q2"].value == NA
    assert a.dimensions["q01-recruitment"].target == "established"


def test_a_windows_1252_csv_as_belgian_excel_saves_it_is_read_and_said(here: Path) -> None:
    text = "id;antwoord;toelichting\r\nd01-q1;4;café in Liège – één keer\r\nd01-q2;n.v.t.;\r\n"
    (here / "excel.csv").write_bytes(text.encode("cp1252"))
    result = run("a.yaml", "--from", "excel.csv")
    assert result.exit_code == 0, result.output
    assert "excel.csv was read as Windows-1252" in result.stderr
    a = load_answers(here / "a.yaml")
    assert a.answers["d01-q1"].note == "café in Liège – één keer" and a.answers["d01-q2"].value == NA
    (here / "utf8.csv").write_text("id,value\nd01-q1,4\n", encoding="utf-8")
    assert "Windows-1252" not in run("b.yaml", "--from", "utf8.csv").stderr


def test_a_csv_in_no_known_encoding_or_with_unknown_columns_is_refused(here: Path) -> None:
    (here / "odd.csv").write_bytes(b"id,value,note\nd01-q1,4,\x81\xff\n")  # neither UTF-8 nor Windows-1252
    result = run("a.yaml", "--from", "odd.csv")
    assert result.exit_code == 1
    assert "odd.csv:2: the file is neither UTF-8 nor Windows-1252 text; save it as 'CSV UTF-8'" in result.output
    (here / "cols.csv").write_text("colour,size\nd01-q1,4\n", encoding="utf-8")
    result = run("a.yaml", "--from", "cols.csv")
    assert "cols.csv:1: the first row must name the columns" in result.output
    (here / "extra.csv").write_text("id,value,colour\nd01-q1,4,red\n", encoding="utf-8")
    assert "extra.csv:1: unknown column 'colour'" in run("a.yaml", "--from", "extra.csv").output
    assert not (here / "a.yaml").exists()


@pytest.mark.parametrize(
    "header",
    ["vraag;antwoord;hoe goed;toelichting;bewijs;wie;wanneer", "Code;Antwoord;Hoe goed?;Notitie;Bewijs;Wie;Tegen "
                                                               "wanneer",
     "question,answer,how well,note,evidence,who,when"],
)  # fmt: skip
def test_dutch_and_english_column_names(here: Path, header: str) -> None:
    sep = ";" if ";" in header else ","
    rows = [["q01-q1", "Deels", "4", "plan", "intakeformulier", "", ""], ["d01.action1", "Plan schrijven", "", "", "",
            "Coördinator", "juni"], ["d01-q1", "4", "", "", "", "", ""]]  # fmt: skip
    text = header + "\n" + "\n".join(sep.join(r) for r in rows) + "\n"
    (here / "nl.csv").write_text(text, encoding="utf-8")
    result = run("a.yaml", "--from", "nl.csv")
    assert result.exit_code == 0, result.output
    a = load_answers(here / "a.yaml")
    q = a.answers["q01-q1"]
    assert (q.value, q.how_well, q.note, q.evidence) == (2, 4, "plan", "intakeformulier")
    action = a.dimensions["d01-social-problem"].actions[0]
    assert (action.what, action.who, action.when) == ("Plan schrijven", "Coördinator", "juni")


def test_one_digit_ids_mean_their_two_digit_ids(here: Path) -> None:
    (here / "short.csv").write_text("id,value\nd3-q1,4\nd3.importance,5\nq1.target,2\nD1-Q2,n/a\n", encoding="utf-8")
    result = run("a.yaml", "--from", "short.csv")
    assert result.exit_code == 0, result.output
    a = load_answers(here / "a.yaml")
    assert a.answers["d03-q1"].value == 4 and a.answers["d01-q2"].value == NA
    assert a.dimensions["d03-purpose"].importance == 5
    assert a.dimensions["q01-recruitment"].target == "developing"
    # d3 and d03 are the same dimension: named twice is a duplicate
    (here / "twice.csv").write_text("id,value\nd3-q1,4\nd03-q1,2\n", encoding="utf-8")
    result = run("b.yaml", "--from", "twice.csv")
    assert result.exit_code == 1 and "twice.csv:3: 'd03-q1' already appears at twice.csv:2" in result.output


def test_csv_and_yaml_from_stdin(here: Path) -> None:
    result = run("a.yaml", "--from", "-", stdin="id,value\nd03-q1,5\nd03.importance,2\n")
    assert result.exit_code == 0, result.output
    result = run("a.yaml", "--from", "-", stdin="answers:\n  d03-q2: {value: 3, note: 'в порядке 👍'}\n")
    assert result.exit_code == 0, result.output
    a = load_answers(here / "a.yaml")
    assert (a.answers["d03-q1"].value, a.dimensions["d03-purpose"].importance) == (5, 2)
    assert a.answers["d03-q2"].note == "в порядке 👍"


def test_yaml_problems_are_reported_with_line_numbers(here: Path) -> None:
    (here / "in.yaml").write_text(
        "m2w_answers: 1\n"
        "initiative: {name: Test}\n"
        "answers:\n"
        "  d01-q1: {value: 4}\n"
        "  d01-q2: {value: 8}\n"  # line 5
        "  d99-q1: 3\n"  # line 6
        "  q01-q1: {value: 0, how_well: 3, colour: red}\n"  # line 7: two problems
        "dimensions:\n"
        "  d01-social-problem:\n"
        "    importance: high\n"  # line 10
        "    actions:\n"
        "      - {what: '', who: me}\n"  # line 12
        "favourite: tea\n",  # line 13
        encoding="utf-8",
    )
    result = run("a.yaml", "--from", "in.yaml")
    assert result.exit_code == 1
    numbered = sorted(int(line.split(":")[1]) for line in result.output.splitlines() if line.startswith("in.yaml:"))
    assert numbered == [5, 6, 7, 7, 10, 12, 13]
    assert "in.yaml:13:1: favourite: unknown key" in result.output
    assert "in.yaml:7:35: answers.q01-q1.colour: unknown key" in result.output
    assert not (here / "a.yaml").exists()


def test_an_answers_file_imports_into_another(here: Path) -> None:
    assert run("one.yaml", "--from", str(examples_dir() / "answers.csv")).exit_code == 0
    result = run("two.yaml", "--from", "one.yaml")
    assert result.exit_code == 0, result.output
    one, two = load_answers(here / "one.yaml"), load_answers(here / "two.yaml")
    assert one.answers == two.answers and one.dimensions == two.dimensions
    assert one.initiative == two.initiative and one.language == two.language


def test_import_respects_the_lock_and_a_corrupt_target(here: Path) -> None:
    (here / "good.csv").write_text("id,value\nd01-q1,4\n", encoding="utf-8")
    with AnswersLock(here / "a.yaml"):
        result = run("a.yaml", "--from", "good.csv")
        assert result.exit_code == 1 and "already open in another" in result.output
    (here / "a.yaml").write_text("m2w_answers: [\n", encoding="utf-8")
    result = run("a.yaml", "--from", "good.csv")
    assert result.exit_code == 1 and "The file was not changed." in result.output
    assert (here / "a.yaml").read_text(encoding="utf-8") == "m2w_answers: [\n"


def test_mini_content_import_checks_against_the_chosen_content(here: Path) -> None:
    (here / "in.csv").write_text("id,value\nd01-q1,4\nd03-q1,4\n", encoding="utf-8")
    result = run("a.yaml", "--from", "in.csv", content=MINI_DIR)
    assert result.exit_code == 1 and "in.csv:3: d03-q1: unknown question" in result.output
