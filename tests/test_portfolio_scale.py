"""The portfolio at network scale: the digest cache (same results with and without it; a changed
file, another content version and a corrupt cache are noticed), answers read without positions
(the same data, or the same located error), the PDF's overview above the row limit, a linear merge,
and the XLSX writer (How to read sheet, real dates, text never a formula, sheets that continue)."""

from __future__ import annotations

import csv
import dataclasses
import re
import sqlite3
import time
from datetime import date, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from m2w_tool import api
from m2w_tool.answers import Answer, Answers, AnswersError, answers_from_bytes, load_answers, save_answers
from m2w_tool.content import load_content
from m2w_tool.portfolio.cache import CACHE_NAME, DigestCache, cache_scope, decode, encode
from m2w_tool.synth import synth_portfolio, write_portfolio
from m2w_tool.yamlsource import fast_load, load_located

TODAY = date(2026, 11, 24)


@pytest.fixture(scope="module")
def content():
    return load_content()


@pytest.fixture
def folder(content, tmp_path: Path) -> Path:
    """Twelve synthetic initiatives, three of them assessed by a team of two in two rounds."""
    where = tmp_path / "answers"
    write_portfolio(where, synth_portfolio(content, 9, seed=3))
    team = synth_portfolio(content, 3, seed=8, respondents=2, assessments=2)
    for i, answers in enumerate(team):
        answers.initiative["name"] = "Team " + answers.initiative["name"]  # never one of the nine
        save_answers(answers, where / f"team-{i}.yaml", touch=False)
    return where


def make(folder: Path, out: Path, content, *, cache: bool = True, fmt: str = "html") -> api.PortfolioMade:
    return api.make_portfolio(
        [folder], content=content, lang="en", outputs=[out / f"p.{fmt}"], xlsx=out / "p.xlsx", jobs=2,
        cache=cache, today=TODAY,
    )  # fmt: skip


def xlsx_cells(path: Path) -> list[tuple]:
    import openpyxl

    wb = openpyxl.load_workbook(path, read_only=True)
    cells = [(ws.title, row) for ws in wb.worksheets for row in ws.iter_rows(values_only=True)]
    wb.close()
    return cells


def heat_numbers(html: str) -> list[str]:
    return re.findall(r'<td class="(?:total )?lvl-[a-z]+[^"]*">([^<]*)</td>', html)


# --- the cache -------------------------------------------------------------------------------------


def test_results_are_identical_with_and_without_the_cache(content, folder, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("M2W_CACHE_DIR", str(tmp_path / "cache"))
    without = make(folder, tmp_path / "none", content, cache=False)
    assert without.from_cache == 0 and not (tmp_path / "cache").exists()  # --no-cache writes nothing
    first = make(folder, tmp_path / "first", content)
    second = make(folder, tmp_path / "second", content)
    assert first.from_cache == 0 and second.from_cache == 21  # 9 + 3 teams x 2 people x 2 rounds
    xlsx = [(tmp_path / d / "p.xlsx").read_bytes() for d in ("none", "first", "second")]
    assert xlsx[0] == xlsx[1] == xlsx[2]  # byte for byte
    html = [(tmp_path / d / "p.html").read_text(encoding="utf-8") for d in ("none", "first", "second")]
    assert heat_numbers(html[0]) == heat_numbers(html[2]) and len(heat_numbers(html[0])) == 12 * 24
    assert html[0] == html[2]


def test_the_cache_notices_a_changed_file(content, folder, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("M2W_CACHE_DIR", str(tmp_path / "cache"))
    make(folder, tmp_path / "a", content)
    path = folder / "initiative-0002.yaml"
    answers = load_answers(path)
    for qid in answers.answers:  # the initiative now answers "fully" everywhere
        if qid.startswith("d"):
            answers.answers[qid] = Answer(value=5)
    save_answers(answers, path, touch=False)
    again = make(folder, tmp_path / "b", content)
    make(folder, tmp_path / "c", content, cache=False)
    assert again.from_cache == 20  # every file but the changed one
    assert xlsx_cells(tmp_path / "b" / "p.xlsx") == xlsx_cells(tmp_path / "c" / "p.xlsx")
    assert xlsx_cells(tmp_path / "b" / "p.xlsx") != xlsx_cells(tmp_path / "a" / "p.xlsx")


def test_the_cache_notices_another_content_version(content, folder, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("M2W_CACHE_DIR", str(tmp_path / "cache"))
    make(folder, tmp_path / "a", content)
    other = dataclasses.replace(content, version="2099.1")
    assert cache_scope(other) != cache_scope(content)
    made = make(folder, tmp_path / "b", other)
    assert made.from_cache == 0  # nothing made with the other content is used
    with sqlite3.connect(tmp_path / "cache" / CACHE_NAME) as db:  # and the stale entries are gone
        scopes = {s for (s,) in db.execute("SELECT DISTINCT scope FROM digests")}
    assert scopes == {cache_scope(other)}


def test_a_corrupt_cache_file_is_rebuilt_never_trusted(content, folder, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("M2W_CACHE_DIR", str(tmp_path / "cache"))
    (tmp_path / "cache").mkdir()
    (tmp_path / "cache" / CACHE_NAME).write_bytes(b"this is not a database" * 100)
    made = make(folder, tmp_path / "a", content)
    assert made.from_cache == 0
    assert make(folder, tmp_path / "b", content).from_cache == 21  # rebuilt, and used again
    # an entry whose bytes were damaged is made again, not believed
    with sqlite3.connect(tmp_path / "cache" / CACHE_NAME) as db:
        db.execute("UPDATE digests SET data = substr(data, 1, 40) || X'00' || substr(data, 42)")
    damaged = make(folder, tmp_path / "c", content)
    assert damaged.from_cache == 0
    assert xlsx_cells(tmp_path / "c" / "p.xlsx") == xlsx_cells(tmp_path / "a" / "p.xlsx")


def test_an_entry_with_the_wrong_kind_of_value_is_refused(content) -> None:
    from m2w_tool.portfolio.cache import CorruptEntry
    from m2w_tool.portfolio.digest import digest_of
    from m2w_tool.scoring import score

    answers = synth_portfolio(content, 1, seed=2)[0]
    blob = encode(digest_of(content, answers, score(content, answers)))
    assert decode(blob).overall == score(content, answers).overall
    forged = blob[16:].replace(b'"overall":', b'"overall":"x","was":', 1)
    import hashlib

    with pytest.raises(CorruptEntry):
        decode(hashlib.blake2b(forged, digest_size=16).digest() + forged)  # a valid checksum, a wrong type


def test_an_unwritable_cache_only_costs_time(content, folder, tmp_path, monkeypatch) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("a file where the cache folder should be", encoding="utf-8")
    monkeypatch.setenv("M2W_CACHE_DIR", str(blocked / "cache"))
    cache = DigestCache(blocked / "cache" / CACHE_NAME, "scope")
    assert not cache.usable and cache.get_many(["x"]) == {}
    assert make(folder, tmp_path / "a", content).from_cache == 0


# --- reading without positions ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "a: 1\nb: [1, 2]\nc: {d: x}\n",
        "a: 0x1F\nb: 1_000\nc: 012\nd: 1.5e3\ne: .inf\nf: yes\ng: ~\nh: 2026-11-24\ni: 2026-11-24T10:00:00+01:00\n",
        "a: '3'\nb: \"x\\ty\"\nc: |\n  two\n  lines\nd: >-\n  folded\n  text\n",
        "a: +5\nb: -0\nc: 3.0\nd: 1:30\n",
        "1: one\n2: two\n",
    ],
)
def test_fast_reading_gives_the_data_of_the_located_reading(text: str, tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text(text, encoding="utf-8")
    located, problems = load_located(path)
    assert problems == [] and fast_load(text) == located.data
    assert [type(v) for v in fast_load(text).values()] == [type(v) for v in located.data.values()]


@pytest.mark.parametrize(
    "text",
    [
        "a: 1\na: 2\n",  # duplicate key
        "a: !!python/object:os.system x\n",  # a tag
        "a: &x [1]\nb: *x\n",  # anchor and alias
        "base: &b {x: 1}\nc:\n  <<: *b\n",  # merge key
        "? [1, 2]\n: x\n",  # a key that is not a word
        "a: [[[[1]]]]\n",  # nesting left to the located reader
        "a: = \n",  # the "value" tag
        "a: \x07\n",  # a control character
        "[1, 2",  # broken
    ],
)
def test_fast_reading_declines_what_the_located_reader_must_judge(text: str) -> None:
    assert fast_load(text) is None


def test_a_problem_found_after_fast_reading_is_still_located(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("m2w_answers: 1\nanswers:\n  d01-q1:\n    value: maybe\n", encoding="utf-8")
    with pytest.raises(AnswersError) as fast:
        answers_from_bytes(path.read_bytes(), path)
    assert re.search(r"bad\.yaml:4:\d+: answers\.d01-q1\.value: must be a number", fast.value.format_message())
    with pytest.raises(AnswersError) as slow:
        load_answers(path)
    assert slow.value.format_message() == fast.value.format_message()


def test_examples_read_the_same_both_ways() -> None:
    from m2w_tool.resources import examples_dir

    files = [*examples_dir().glob("*.yaml"), Path(__file__).parent / "data" / "answers-2026.1.yaml"]
    assert files
    for path in files:
        text = path.read_text(encoding="utf-8")
        data = fast_load(text)
        if data is not None:  # plain files (all of m2w's own) read the same without positions
            assert data == load_located(path)[0].data, path


# --- merge, linear ------------------------------------------------------------------------------


def test_merging_two_large_files_is_linear(content) -> None:
    from m2w_tool.merge import merge_answers

    def big(name: str, n: int) -> Answers:
        a = Answers(initiative={"name": "X", "organisation": "Y", "region": ""}, respondent={"name": name, "role": ""})
        a.answers = {f"x{i}": Answer(value=(i % 5) + 1) for i in range(n)}
        return a

    start = time.perf_counter()
    merged = merge_answers([("a.yaml", big("A", 60_000)), ("b.yaml", big("B", 60_000))], content)
    assert time.perf_counter() - start < 60  # quadratic, this took minutes; linear, about a second
    assert len(merged.answers.answers) == 60_000 and merged.answers.answers["x59999"].value == 5


# --- the PDF of a large portfolio ----------------------------------------------------------------


def test_the_pdf_shows_the_overview_above_the_row_limit(content, tmp_path, monkeypatch) -> None:
    from pypdf import PdfReader

    import m2w_tool.portfolio.model as model

    items = [(f"{i}.yaml", a) for i, a in enumerate(synth_portfolio(content, 6, seed=5))]

    def pdf_text(limit: int, name: str) -> tuple[str, str]:
        monkeypatch.setattr(model, "PRINT_ROW_LIMIT", limit)
        paths = api.write_portfolio(
            items, content, "en", outputs=[tmp_path / f"{name}.pdf", tmp_path / f"{name}.html"], today=TODAY
        )
        text = "\n".join(page.extract_text() for page in PdfReader(paths[0]).pages)
        return " ".join(text.split()), paths[1].read_text(encoding="utf-8")

    full, html = pdf_text(300, "small")
    assert "Initiatives by dimension" in full and "Each initiative in one line" in full
    assert "too many for a table on paper" not in full
    overview, html_large = pdf_text(5, "large")
    assert "Initiatives by dimension" not in overview and "Each initiative in one line" not in overview
    assert "This portfolio holds 6 initiatives: too many for a table on paper" in overview
    assert "the XLSX workbook" in overview
    for part in ("Needs support first", "Weak spots most initiatives share", "Distribution per dimension"):
        assert part in overview
    assert (
        'id="heatmap"' in html_large and html_large.count('<th scope="row" class="name">') == 6
    )  # the HTML keeps it all


# --- the XLSX -------------------------------------------------------------------------------------


def test_xlsx_how_to_read_sheet_dates_and_names(content, folder, tmp_path) -> None:
    import openpyxl

    make(folder, tmp_path / "a", content, cache=False)
    wb = openpyxl.load_workbook(tmp_path / "a" / "p.xlsx")
    assert wb.sheetnames[0] == "How to read"
    guide = [[c for c in row if c is not None] for row in wb["How to read"].iter_rows(values_only=True)]
    flat = [v for row in guide for v in row]
    for d in content.dimensions:  # the legend: every code beside its name
        assert [d.short_id, d.title("en")] == next(row[:2] for row in guide if row and row[0] == d.short_id)
    for sheet in wb.sheetnames[1:]:
        assert any(row and row[0] == sheet.split(" (")[0] for row in guide), sheet
    assert "Beginning" in flat and "not enough answers" in flat
    level_cell = next(
        c for row in wb["How to read"].iter_rows() for c in row if c.value and str(c.value).startswith("0%")
    )
    assert level_cell.fill.fgColor.rgb == "FFB2182B"  # the level's own colour
    initiatives = wb["Initiatives"]
    header = [c.value for c in initiatives[1]]
    dates = [row[header.index("Date")] for row in initiatives.iter_rows(min_row=2)]
    assert all(c.is_date and isinstance(c.value, datetime) for c in dates)
    previous = [row[header.index("Previous assessment")] for row in initiatives.iter_rows(min_row=2)]
    assert sum(1 for c in previous if c.is_date) == 3  # the three teams were assessed twice
    actions = wb["Action plans"]
    whens = [row[7] for row in actions.iter_rows(min_row=2) if row[4].value == "recommendation"]
    assert whens and all(c.is_date for c in whens)
    dims = [c.value for c in wb["Dimensions"][1]]
    assert dims[1:3] == ["Dimension", "Dimension name"]
    second = [c.value for c in wb["Dimensions"][2]]
    assert second[2] == next(d.title("en") for d in content.dimensions if d.short_id == second[1])


def test_xlsx_of_an_anonymised_portfolio_has_codes_only(content, folder, tmp_path) -> None:
    import openpyxl

    api.make_portfolio([folder], content=content, lang="en", outputs=[tmp_path / "p.html"], xlsx=tmp_path / "p.xlsx",
                       anonymise=True, cache=False, today=TODAY)  # fmt: skip
    wb = openpyxl.load_workbook(tmp_path / "p.xlsx", read_only=True)
    names = {load_answers(p).initiative["name"] for p in folder.glob("*.yaml")}
    for ws in wb.worksheets:
        for row in ws.iter_rows(values_only=True):
            assert not any(isinstance(v, str) and v in names for v in row)
    first = [row[0] for row in wb["Initiatives"].iter_rows(min_row=2, values_only=True)]
    assert all(re.fullmatch(r"I-\d{3}", v) for v in first)
    wb.close()


def test_a_table_longer_than_a_sheet_continues_on_the_next(content, folder, tmp_path, monkeypatch) -> None:
    import openpyxl

    import m2w_tool.export_xlsx as export_xlsx
    import m2w_tool.xlsx as xlsx

    monkeypatch.setattr(xlsx, "MAX_ROWS", 1000)
    monkeypatch.setattr(export_xlsx, "MAX_ROWS", 1000)
    make(folder, tmp_path / "a", content, cache=False)
    wb = openpyxl.load_workbook(tmp_path / "a" / "p.xlsx", read_only=True)
    parts = [t for t in wb.sheetnames if t.startswith("Statements")]
    assert parts[:2] == ["Statements", "Statements (2)"]
    counts = [sum(1 for _row in wb[t].iter_rows()) for t in parts]
    rows = sum(n - 1 for n in counts)
    api.make_portfolio([folder], content=content, lang="en", outputs=[tmp_path / "b.html"], csv_dir=tmp_path / "csv",
                       cache=False, today=TODAY)  # fmt: skip
    with open(tmp_path / "csv" / "statements.csv", encoding="utf-8-sig", newline="") as fh:
        csv_rows = sum(1 for _row in csv.reader(fh)) - 1
    assert rows == csv_rows and max(counts) == 1000
    wb.close()


def test_xlsx_writer_keeps_text_as_text(tmp_path: Path) -> None:
    import openpyxl

    from m2w_tool.xlsx import Fill, Workbook

    def book() -> bytes:
        wb = Workbook({"strong": Fill("#2166ac", "#ffffff")}, title="T", created="2026-11-24")
        with wb.sheet("S", [20]) as sheet:
            sheet.row(["text", "number", "date"], "header")
            sheet.plain_rows([
                ('=HYPERLINK("http://evil")', 3, date(2026, 1, 2)), ("+31 2 555", 2.5, None),
                ("bell\x07 and \x1b[2J", -1, None),
                (" @SUM(A1)", float("nan"), None),
            ])  # fmt: skip
            sheet.row(["coloured", 80], [None, "strong"])
        return wb.finish()

    data = book()
    assert data == book()  # the same rows give the same bytes
    (tmp_path / "t.xlsx").write_bytes(data)
    ws = openpyxl.load_workbook(tmp_path / "t.xlsx")["S"]
    assert ws["A2"].value == '=HYPERLINK("http://evil")' and ws["A2"].data_type == "s" and ws["A2"].quotePrefix
    assert ws["A3"].quotePrefix and ws["A5"].quotePrefix and ws["A5"].value == " @SUM(A1)"
    assert ws["A4"].value == "bell\ufffd and \ufffd[2J"
    assert (ws["B2"].value, ws["B3"].value, ws["B5"].value) == (3, 2.5, "nan")  # not a number: text
    assert ws["C2"].is_date and ws["C2"].value == datetime(2026, 1, 2)
    assert ws["B6"].fill.fgColor.rgb == "FF2166AC" and ws["B6"].font.color.rgb == "FFFFFFFF"
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == "A1:C6"


# --- the command ------------------------------------------------------------------------------------


def test_compare_names_skipped_files_and_reports_an_empty_one_once(content, tmp_path: Path, monkeypatch) -> None:
    from m2w_tool.cli import cli

    monkeypatch.setenv("M2W_CACHE_DIR", str(tmp_path / "cache"))
    where = tmp_path / "in"
    write_portfolio(where, synth_portfolio(content, 3, seed=2))
    (where / "empty.yaml").write_text("", encoding="utf-8")
    (where / "scan.pdf").write_bytes(b"%PDF-1.4\n")
    (where / "list.csv").write_text("a,b\n", encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["compare", str(where), "-o", str(out / "p.html"), "--lang", "en", "--jobs", "1"])
    assert result.exit_code == 1, result.output
    assert result.output.count("empty.yaml") == 1 and "the file is empty" in result.output
    assert "Skipped, not answers files" in result.output and "scan.pdf" in result.output and "list.csv" in result.output
    html = (out / "p.html").read_text(encoding="utf-8")
    assert "1 file(s) could not be read" in html and "2 files in the folder are not answers files" in html
    assert "scan.pdf" in html
    again = CliRunner().invoke(cli, ["compare", str(where), "-o", str(out / "q.html"), "--lang", "en", "--no-cache"])
    assert again.exit_code == 1 and again.output.count("empty.yaml") == 1


def test_m2w_no_cache_turns_the_digest_cache_off_too(content, folder, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("M2W_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("M2W_NO_CACHE", "1")
    assert make(folder, tmp_path / "a", content).from_cache == 0
    assert make(folder, tmp_path / "b", content).from_cache == 0 and not (tmp_path / "cache").exists()


def test_an_office_suite_reads_the_portfolio_workbook_as_written(content, folder, tmp_path) -> None:
    """The XLSX comes from m2w's own streaming writer: LibreOffice must open it without repairs and
    see every sheet and value (it re-saves it, and openpyxl compares both)."""
    import shutil
    import subprocess

    assert shutil.which("soffice"), "LibreOffice (libreoffice-calc-nogui) is needed; .ci/run installs it"
    out = tmp_path / "out"
    make(folder, out, content, cache=False)
    saved = tmp_path / "saved"
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo-profile", "--convert-to",
                    "xlsx", "--outdir", str(saved), str(out / "p.xlsx")], check=True, capture_output=True,
                   timeout=180)  # fmt: skip

    def rows(path: Path) -> list[tuple]:  # LibreOffice pads rows to the sheet's width, stores 2.0 as 2
        out = []
        for title, row in xlsx_cells(path):
            values = [int(v) if isinstance(v, float) and v.is_integer() else v for v in row]
            while values and values[-1] is None:
                values.pop()
            if values:
                out.append((title, tuple(values)))
        return out

    ours, theirs = rows(out / "p.xlsx"), rows(saved / "p.xlsx")
    assert len(ours) > 100 and ours == theirs  # every sheet, row and value, in order
