"""Fuzzing rows (issue 11): any CSV for `m2w assess --from` is imported or refused row by row
(file:row), and what it imports is read back; any texts in the answers of a portfolio come out of
`m2w compare --xlsx --csv` as inert cells: no formula, no control character, in every row."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from fuzzkit import NASTY_TEXTS, share, texts
from hypothesis import given
from hypothesis import strategies as st
from m2wrun import assert_handled, m2w
from openpyxl import load_workbook

from m2w_tool.answers import Action, Answers, save_answers
from m2w_tool.safetext import is_formula

MINI_DIR = Path(__file__).parent / "data" / "mini"
COLUMNS = ["id", "value", "how_well", "note", "evidence", "who", "when"]
IDS = [
    "d01-q1",
    "d01-q2",
    "d02-q1",
    "d02-q2",
    "q01-q1",
    "q01-q2",
    "d03-q1",
    "D01-Q1",
    "initiative.name",
    "initiative.organisation",
    "initiative.region",
    "respondent.name",
    "respondent.role",
    "language",
    "d01.importance",
    "d01.target",
    "d01.reflection1",
    "d01.reflection2",
    "d01.action1",
    "d01.action2",
    "d01.action4",
    "q01.action1",
    "d01-alpha.importance",
    "x99.target",
    "#comment",
    "",
]
CELLS = [
    "",
    "1",
    "2",
    "3",
    "4",
    "5",
    "0",
    "6",
    "-1",
    "+3",
    "2.0",
    "n/a",
    "n",
    "nvt",
    "Fully",
    "Volledig",
    "established",
    "strong",
    "4",
    "en",
    "nl",
    "fr",
] + NASTY_TEXTS
CONTROL_CHARACTERS = [chr(c) for c in [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F, *range(0x80, 0xA0)]]

cells = st.one_of(st.sampled_from(CELLS), texts)


@st.composite
def csv_files(draw: st.DrawFn) -> str:
    header = draw(
        st.one_of(
            st.just(COLUMNS),
            st.permutations(COLUMNS),
            st.lists(st.sampled_from([*COLUMNS, "extra", "ID", " value ", ""]), min_size=1, max_size=8),
        )
    )
    rows = draw(
        st.lists(
            st.lists(cells, min_size=0, max_size=len(header) + 1).flatmap(
                lambda rest: st.sampled_from(IDS).map(lambda rid: [rid, *rest])
            ),
            max_size=12,
        )
    )
    delimiter = draw(st.sampled_from([",", ";", "\t"]))
    buffer = io.StringIO()
    if draw(st.booleans()):
        writer = csv.writer(buffer, delimiter=delimiter, lineterminator=draw(st.sampled_from(["\n", "\r\n"])))
        writer.writerow(header)
        writer.writerows(rows)
    else:  # raw, so quotes and delimiters inside cells make malformed CSV
        buffer.write("\n".join(delimiter.join(row) for row in [header, *rows]))
    return ("\ufeff" if draw(st.booleans()) else "") + buffer.getvalue()


@share(1.5)
@given(text=csv_files())
def test_assess_from_any_csv(tmp_path_factory, text: str) -> None:
    folder = tmp_path_factory.mktemp("csv")
    source = folder / "in.csv"
    source.write_text(text, encoding="utf-8", errors="surrogatepass")
    result = m2w("assess", folder / "a.yaml", "--from", source, "--content", MINI_DIR, "--lang", "en")
    assert_handled(result)
    if result.exit_code == 0:  # what m2w wrote, m2w reads: again, and in a report
        again = m2w("assess", folder / "a.yaml", "--from", source, "--content", MINI_DIR, "--lang", "en")
        assert again.exit_code == 0, again.output
        report = m2w("report", folder / "a.yaml", "--format", "html", "--content", MINI_DIR, "-o", folder / "out")
        assert report.exit_code == 0, report.output


@st.composite
def initiatives(draw: st.DrawFn) -> Answers:
    a = Answers(language=draw(st.sampled_from(["en", "nl"])))
    a.initiative.update(name=draw(texts), organisation=draw(texts), region=draw(texts))
    a.respondent.update(name=draw(texts), role=draw(texts))
    for qid in ("d01-q1", "d01-q2", "d02-q1", "q01-q1"):
        answer = a.answer(qid)
        choices = [1, 2, 3, 4, 5, "n/a"] if qid[0] == "d" else [0, 1, 2]
        answer.value = draw(st.sampled_from(choices))
        answer.note, answer.evidence = draw(texts), draw(texts)
    dim = a.dimension("d01-alpha")
    dim.importance = draw(st.sampled_from([None, 1, 3, 5]))
    dim.actions = [Action(draw(texts), draw(texts), draw(texts)) for _ in range(draw(st.integers(0, 3)))]
    return a


def inert(value: object) -> bool:
    if not isinstance(value, str):
        return True
    return not is_formula(value) and not any(ch in value for ch in CONTROL_CHARACTERS)


@share(0.5)
@given(portfolio=st.lists(initiatives(), min_size=1, max_size=3))
def test_every_xlsx_and_csv_cell_of_a_portfolio_is_inert(tmp_path_factory, portfolio: list[Answers]) -> None:
    folder = tmp_path_factory.mktemp("xlsx")
    (folder / "in").mkdir()
    for n, answers in enumerate(portfolio):
        save_answers(answers, folder / "in" / f"{n}.yaml")
    result = m2w(
        "compare",
        folder / "in",
        "-o",
        folder / "p.html",
        "--xlsx",
        folder / "p.xlsx",
        "--csv",
        folder / "tables",
        "--content",
        MINI_DIR,
        "--lang",
        "en",
        "-j",
        "1",
    )
    assert result.exit_code == 0, result.output
    for ws in load_workbook(folder / "p.xlsx").worksheets:
        for row in ws.iter_rows():
            for c in row:
                assert c.data_type != "f", (ws.title, c.coordinate, c.value)
                assert not isinstance(c.value, str) or not any(ch in c.value for ch in CONTROL_CHARACTERS)
    for table in (folder / "tables").glob("*.csv"):
        with table.open(encoding="utf-8-sig", newline="") as fh:
            for row in csv.reader(fh):
                assert all(inert(value) for value in row), (table.name, row)
    html = (folder / "p.html").read_text(encoding="utf-8")
    assert "\x00" not in html and "\x1b" not in html


SHEET_CELLS = st.one_of(st.sampled_from(CELLS), texts, st.integers(-10, 10), st.floats(allow_nan=True),
                        st.booleans(), st.none(), st.dates())  # fmt: skip


@share(1.0)
@given(cells=st.lists(st.tuples(st.integers(8, 40), st.sampled_from("ACDEFGH"), SHEET_CELLS), max_size=12))
def test_assess_from_any_filled_answer_sheet(tmp_path_factory, cells: list) -> None:
    """Whatever lands in an answer sheet's cells (ids overwritten too), it is read or refused by sheet
    and cell, and what it imports is read back."""
    from openpyxl import load_workbook

    from m2w_tool.safetext import cell as safe_cell

    folder = tmp_path_factory.mktemp("xlsx-in")
    assert m2w("template", "--xlsx", folder / "t.xlsx", "--content", MINI_DIR, "--lang", "en").exit_code == 0
    book = load_workbook(folder / "t.xlsx")
    for row, letter, value in cells:
        book.worksheets[0][f"{letter}{row}"] = safe_cell(value) if isinstance(value, str) else value
    book.save(folder / "t.xlsx")
    result = m2w("assess", folder / "a.yaml", "--from", folder / "t.xlsx", "--content", MINI_DIR, "--lang", "en")
    assert_handled(result, located=False)
    assert result.exit_code == 0 or "t.xlsx:" in result.stderr, result.stderr
    if result.exit_code == 0:
        again = m2w("report", folder / "a.yaml", "--format", "html", "--content", MINI_DIR, "-o", folder / "out")
        assert again.exit_code == 0, again.output
