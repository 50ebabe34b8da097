"""The portfolio: one row per initiative, distributions, shared weak spots, versions, exports,
and anonymisation that leaves no name in any output (HTML, PDF text, XLSX cells, CSV)."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from m2w_tool.answers import Action, Answer, Answers, DimensionAnswers, dump_answers, save_answers
from m2w_tool.content import load_content
from m2w_tool.portfolio import NAME_PARTICLES, build_portfolio
from m2w_tool.synth import synth_portfolio


@pytest.fixture(scope="module")
def content():
    return load_content()


def initiative(
    name: str,
    values: dict[str, int],
    *,
    org: str = "vzw Test",
    day: str = "2026-03-02",
    person: str = "Anna Peeters",
    version: str | None = None,
) -> Answers:
    a = Answers(
        initiative={"name": name, "organisation": org, "region": "Limburg"},
        respondent={"name": person, "role": "coach"},
        started=f"{day}T10:00:00+01:00",
        updated=f"{day}T11:00:00+01:00",
    )
    if version:
        a.content_version = version
    for qid, value in values.items():
        a.answers[qid] = Answer(value=value)
    return a


def d03(value: int) -> dict[str, int]:
    return {f"d03-q{i}": value for i in range(1, 6)}


def test_distribution_and_weak_spots(content) -> None:
    items = [(f"{v}.yaml", initiative(f"Init {v}", d03(v), version=content.version)) for v in (1, 2, 3, 4, 5)]
    p = build_portfolio(items, content, "en")
    dist = next(d for d in p.distributions if d.column.short_id == "d03")
    assert (dist.n, dist.minimum, dist.q1, dist.median, dist.q3, dist.maximum) == (
        5,
        0,
        25,
        50,
        75,
        100,
    )
    assert (dist.below, dist.share_below) == (3, 0.6)  # 0, 25 and 50 are below 'established' (60)
    assert p.weak_majority and [w.column.short_id for w in p.weak_spots] == ["d03"]
    assert p.weak_spots[0].line == "60% of the initiatives (3 of 5) below ‘Established’; median 50%."
    assert [r.name for r in p.rows] == ["Init 1", "Init 2", "Init 3", "Init 4", "Init 5"]
    assert p.rows[2].cells[2].text == "50" and p.rows[2].cells[2].level == "developing"
    assert p.rows[0].cells[0].text == "–" and p.rows[0].cells[0].level is None  # d01 not answered
    assert p.version_note == ""


def test_percent_shown_never_contradicts_the_level(content) -> None:
    from m2w_tool.portfolio import level_cell as _cell

    almost = _cell(content, 59.8, "en")
    assert (almost.text, almost.level, almost.level_title) == ("59", "developing", "Developing")
    exact = _cell(content, 60.0, "en")
    assert (exact.text, exact.level) == ("60", "established")
    assert _cell(content, None, "en").text == "–"


def test_report_and_portfolio_show_the_same_number_for_the_same_score(content) -> None:
    """A funder reads both: 2 of 3 criteria in place is 66.7 %, shown as 66 in each, never 67 in one."""
    from datetime import date

    from m2w_tool.answers import load_answers
    from m2w_tool.report import build_report
    from m2w_tool.resources import examples_dir

    demo = load_answers(examples_dir() / "demo.yaml")
    report = build_report(content, demo, "en", report_date=date(2026, 11, 24), answers_name="demo.yaml")
    portfolio = build_portfolio([("demo.yaml", demo)], content, "en")
    shown_in_report = {d.id: d.score_text for m in report.modules for d in m.dimensions}
    row = portfolio.rows[0]
    compared = 0
    for column, cell in zip(portfolio.columns, row.cells, strict=True):
        if cell.percent is None:
            continue
        assert shown_in_report[column.id] == f"{cell.text}%", column.id
        compared += 1
    assert compared >= 20
    assert shown_in_report["q01-recruitment"] == "47%"  # 47.92: rounded down in both


def test_latest_day_counts_team_is_merged_and_change_is_shown(content) -> None:
    old = initiative("Brugwerk", d03(2), day="2025-03-01")
    anna = initiative("Brugwerk", d03(3), day="2026-03-02")
    bram = initiative("brugwerk", d03(4), day="2026-03-02", person="Bram Maes")
    p = build_portfolio([("old.yaml", old), ("anna.yaml", anna), ("bram.yaml", bram)], content, "en")
    assert len(p.rows) == 1
    row = p.rows[0]
    assert row.respondents == ("Anna Peeters", "Bram Maes")
    assert row.cells[2].percent == pytest.approx(62.5)  # the mean of 3 and 4 on 1-5
    assert row.change == pytest.approx(62.5 - 25.0)
    assert row.change_text == "+38" and row.previous_date == "2025-03-01"
    assert row.change_label == "+38 points since 2025-03" and "+38 points since 2025-03." in row.summary


def test_mixed_content_versions_are_reported(content, tmp_path: Path) -> None:
    from m2w_tool.api import write_portfolio

    items = [(f"{i}.yaml", a) for i, a in enumerate(synth_portfolio(content, 14, seed=5, mixed_versions=True))]
    p = build_portfolio(items, content, "en")
    assert p.versions == {content.version: 12, "2025.1": 2}
    assert p.mixed_versions and "2025.1 (2)" in p.version_note and f"{content.version} (12)" in p.version_note
    flagged = [r for r in p.rows if r.other_version]
    assert len(flagged) == 2 and all("Content version 2025.1." in r.summary for r in flagged)
    written = write_portfolio(items, content, "en", outputs=[tmp_path / "p.html"])
    html = written[0].read_text(encoding="utf-8")
    assert "different content versions" in html and html.count("v2025.1</span>") == 2


def test_names_are_escaped(content) -> None:
    from m2w_tool.render import render_portfolio_html

    items = [("x.yaml", initiative("<script>alert(1)</script>", d03(3), org="{{ 7*7 }}"))]
    p = build_portfolio(items, content, "en")
    html = render_portfolio_html(p)
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "{{ 7*7 }}" in html and ">49<" not in html


# --- anonymisation, across every output ----------------------------------------------------------


def _team(content) -> list[tuple[str, Answers]]:
    """Synthetic initiatives (two respondents each, so some are merged) plus one with names in its text."""
    items = [(f"s{i}.yaml", a) for i, a in enumerate(synth_portfolio(content, 6, seed=11, respondents=2))]
    special = initiative("Het Mozaïekproject", d03(2), org="Sociale Werkplaats Zuidrand", person="Olena Kovalenko")
    special.answers["d03-q1"].note = "Olena en het Mozaïekproject van Sociale Werkplaats Zuidrand zijn trots."
    special.answers["d03-q2"].evidence = '=HYPERLINK("http://evil")'
    special.dimensions["d03-purpose"] = DimensionAnswers(
        importance=5,
        actions=[Action("KOVALENKO belt de partners van het mozaïekproject", "Olena Kovalenko", "juni")],
    )
    return [*items, ("special.yaml", special)]


def _names(items) -> set[str]:
    names = set()
    for _, a in items:
        names.add(a.initiative["name"])
        names.add(a.initiative["organisation"])
        names.add(a.respondent["name"])
        names.update(p for p in a.respondent["name"].split() if len(p) >= 3 and p.lower() not in NAME_PARTICLES)
    return {n for n in names if n}


def _texts(folder: Path) -> dict[str, str]:
    """Every output as plain text: HTML, PDF (pypdf), XLSX (every cell), CSV."""
    import openpyxl
    from pypdf import PdfReader

    out = {"html": (folder / "p.html").read_text(encoding="utf-8")}
    out["pdf"] = "\n".join(page.extract_text() for page in PdfReader(folder / "p.pdf").pages)
    wb = openpyxl.load_workbook(folder / "p.xlsx", read_only=True)
    out["xlsx"] = "\n".join(
        str(v) for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for v in row if v is not None
    )
    wb.close()
    for path in sorted((folder / "csv").glob("*.csv")):
        out[path.name] = path.read_text(encoding="utf-8-sig")
    return out


@pytest.fixture(scope="module")
def outputs(content, tmp_path_factory):
    from m2w_tool.api import write_portfolio

    items = _team(content)
    result = {}
    for anonymise in (False, True):
        folder = tmp_path_factory.mktemp("anon" if anonymise else "named")
        formats = [folder / "p.html"] + ([folder / "p.pdf"] if anonymise else [])
        write_portfolio(
            items,
            content,
            "en",
            outputs=formats,
            xlsx=folder / "p.xlsx",
            csv_dir=folder / "csv",
            anonymise=anonymise,
        )
        if not anonymise:
            (folder / "p.pdf").write_bytes(b"")  # the named run is only the control for HTML, XLSX and CSV
        result[anonymise] = folder
    return items, result


def _found(name: str, text: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text, re.IGNORECASE) is not None


def test_the_named_portfolio_does_show_names(outputs) -> None:
    items, folders = outputs
    folder = folders[False]
    html = (folder / "p.html").read_text(encoding="utf-8")
    assert _found("Het Mozaïekproject", html) and _found("Sociale Werkplaats Zuidrand", html)
    actions = (folder / "csv" / "actions.csv").read_text(encoding="utf-8-sig")
    assert _found("Olena Kovalenko", actions)


def test_anonymised_outputs_hold_no_original_name(outputs) -> None:
    items, folders = outputs
    texts = _texts(folders[True])
    names = _names(items)
    assert len(names) > 20
    leaks = {(where, name) for where, text in texts.items() for name in names if _found(name, text)}
    assert leaks == set()
    # ... and the codes are there instead, also inside notes and actions
    assert re.search(r"I-\d{3}", texts["pdf"]) and re.search(r"I-\d{3}", texts["xlsx"])
    assert re.search(r"R-\d{3} en I-\d{3} van O-\d{3} zijn trots", texts["statements.csv"])
    assert re.search(r"R-\d{3} belt de partners van I-\d{3}", texts["actions.csv"])
    assert "Anonymised" in texts["html"]


def test_exports_are_tidy_and_never_formulas(outputs, content) -> None:
    import openpyxl

    items, folders = outputs
    folder = folders[False]
    with open(folder / "csv" / "statements.csv", encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0]) == [
        "initiative",
        "question_id",
        "value",
        "how_well",
        "percent",
        "note",
        "evidence",
        "respondents",
        "spread",
        "disagree",
    ]
    special = [r for r in rows if r["initiative"] == "Het Mozaïekproject"]
    assert {r["question_id"] for r in special} == {f"d03-q{i}" for i in range(1, 6)}
    assert {r["percent"] for r in special} == {"25"}
    evidence = next(r["evidence"] for r in special if r["question_id"] == "d03-q2")
    assert evidence == '\'=HYPERLINK("http://evil")'
    # six synthetic initiatives of two respondents each became six rows with group data
    merged = [r for r in rows if r["respondents"] == "2"]
    assert len({r["initiative"] for r in merged}) == 6
    with open(folder / "csv" / "dimensions.csv", encoding="utf-8-sig", newline="") as fh:
        dims = list(csv.DictReader(fh))
    assert len(dims) == 7 * len(content.dimensions)
    row = next(r for r in dims if r["initiative"] == "Het Mozaïekproject" and r["dimension_id"] == "d03")
    assert (row["percent"], row["level"], row["answered"], row["importance"]) == (
        "25",
        "Beginning",
        "5",
        "5",
    )

    wb = openpyxl.load_workbook(folder / "p.xlsx")
    assert wb.sheetnames == [
        "How to read", "Needs support first", "Initiatives", "Statements", "Dimensions", "Action plans", "Questions",
    ]  # fmt: skip
    cells = [c for row in wb["Statements"].iter_rows() for c in row if c.value == '=HYPERLINK("http://evil")']
    assert len(cells) == 1 and cells[0].data_type == "s"  # kept as text, not a formula
    sheet = wb["Initiatives"]
    header = [c.value for c in sheet[1]]
    d01 = next(d for d in content.dimensions if d.short_id == "d01")
    assert (
        header[:3] == ["Initiative", "Organisation", "Region"]
        and f"d01 {d01.title('en')}" in header  # the dimension's name beside its code
        and header[-1] == "Summary"
    )
    special = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == "Het Mozaïekproject")
    d03 = special[next(i for i, h in enumerate(header) if h.startswith("d03 "))]
    assert d03.value == 25 and d03.fill.fgColor.rgb == "FFB2182B"  # coloured as 'beginning'
    with open(folder / "csv" / "initiatives.csv", encoding="utf-8-sig", newline="") as fh:
        initiatives = list(csv.DictReader(fh))
    assert len(initiatives) == 7 and {r["respondents"] for r in initiatives} == {"1", "2"}


def test_compare_command_lists_a_bad_file_and_exits_non_zero(content, tmp_path: Path) -> None:
    from m2w_tool.cli import cli

    folder = tmp_path / "in"
    folder.mkdir()
    for i, a in enumerate(synth_portfolio(content, 3, seed=2)):
        save_answers(a, folder / f"i{i}.yaml", touch=False)
    (folder / "broken.yaml").write_text("m2w_answers: 1\nanswers: [not, a, mapping]\n", encoding="utf-8")
    (folder / ".hidden.yaml").write_text("not even yaml: [", encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(
        cli,
        [
            "compare",
            str(folder),
            "-o",
            str(out / "p.html"),
            "--xlsx",
            str(out / "p.xlsx"),
            "--lang",
            "en",
            "--jobs",
            "2",
        ],
    )
    assert result.exit_code == 1, result.output
    assert "broken.yaml" in result.output and "1 of 4 file(s) failed" in result.output
    assert (out / "p.html").is_file() and (out / "p.xlsx").is_file()
    assert "1 file(s) could not be read" in (out / "p.html").read_text(encoding="utf-8")
    result = CliRunner().invoke(cli, ["compare", str(folder / "i0.yaml"), "-o", str(out / "p.txt")])
    assert result.exit_code == 1 and ".html or .pdf" in result.output


def test_dump_is_stable_for_the_same_portfolio(content) -> None:
    items = [(f"{i}.yaml", a) for i, a in enumerate(synth_portfolio(content, 3, seed=4))]
    assert [dump_answers(a) for _, a in items] == [dump_answers(a) for a in synth_portfolio(content, 3, seed=4)]


def test_anonymiser_finds_names_however_they_are_written() -> None:
    import unicodedata

    from m2w_tool.portfolio import Names

    a = Answers(
        initiative={"name": "Mozaïek Gent", "organisation": "Straße vzw", "region": ""},
        respondent={"name": "Anna van der Berg", "role": ""},
    )
    names = Names([("a.yaml", a)], anonymise=True)
    decomposed = unicodedata.normalize("NFD", "mozaïek GENT")
    text = names.scrub(f"{decomposed} en STRASSE VZW: Straße vzw. Vraag het Anna of Berg, van de ploeg.")
    assert "ï" not in text and "Anna" not in text and "Berg" not in text and "Straße" not in text
    assert "van de ploeg" in text  # particles stay: they are everyday words
    assert names.initiative(a) == "I-001" and names.organisation(a) == "O-001"
    assert names.respondents(a) == ["R-001"]


def test_export_headers_come_from_the_catalogue(content) -> None:
    from m2w_tool.export import DIMENSION_COLUMNS, STATEMENT_COLUMNS, ExportColumn, initiative_columns

    assert [c.header("nl") for c in STATEMENT_COLUMNS] == [
        "Initiatief",
        "Vraag-id",
        "Antwoord",
        "Hoe goed",
        "Procent",
        "Toelichting",
        "Bewijs",
        "Respondenten",
        "Spreiding",
        "Onenigheid",
    ]
    assert [c.key for c in STATEMENT_COLUMNS][:3] == ["initiative", "question_id", "value"]  # CSV: never translated
    assert (DIMENSION_COLUMNS[3].header("en"), DIMENSION_COLUMNS[3].header("nl")) == ("Score (%)", "Score (%)")
    p = build_portfolio([("a.yaml", initiative("A", d03(3)))], content, "nl")
    headers = {c.key: c.header("nl") for c in initiative_columns(p)}
    # module titles and dimension ids come from the content as they are, even with a % in them
    purpose = next(d for d in content.dimensions if d.short_id == "d03")
    assert headers["sustainability"] == content.module("sustainability").title("nl")
    assert headers["d03"] == f"d03 {purpose.title('nl')}"
    assert ExportColumn("x", "50 % klaar", literal=True).header("nl") == "50 % klaar"
    assert headers["overall"] == "Totaal (%)" and headers["summary"] == "Samenvatting"


def test_the_dimensions_table_counts_not_applicable_and_dont_know_apart(content, tmp_path) -> None:
    from m2w_tool.api import write_portfolio

    values = {"d03-q1": 4, "d03-q2": "n/a", "d03-q3": "dont_know", "d03-q4": "dont_know", "d03-q5": 3}
    items = [("a.yaml", initiative("Init A", values, version=content.version))]
    write_portfolio(items, content, "en", outputs=[tmp_path / "p.html"], csv_dir=tmp_path / "csv")
    with open(tmp_path / "csv" / "dimensions.csv", encoding="utf-8-sig", newline="") as fh:
        row = next(r for r in csv.DictReader(fh) if r["dimension_id"] == "d03")
    assert (row["answered"], row["not_applicable"], row["dont_know"]) == ("2", "1", "2")
    # The statements table gives those answers in words, and the questions table its module's title.
    with open(tmp_path / "csv" / "statements.csv", encoding="utf-8-sig", newline="") as fh:
        by_id = {r["question_id"]: r["value"] for r in csv.DictReader(fh)}
    assert (by_id["d03-q1"], by_id["d03-q2"], by_id["d03-q3"]) == ("4", "not applicable", "don't know")
    with open(tmp_path / "csv" / "questions.csv", encoding="utf-8-sig", newline="") as fh:
        module = next(r["module"] for r in csv.DictReader(fh) if r["question_id"] == "d03-q1")
    assert module == next(m.title("en") for m in content.modules if m.id == "sustainability")


def test_the_portfolio_pdf_is_tagged_for_screen_readers(outputs) -> None:
    from pypdf import PdfReader

    _items, folders = outputs
    root = PdfReader(folders[True] / "p.pdf").trailer["/Root"]
    assert root["/Lang"] == "en" and bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
