"""History: which files are earlier assessments of the same initiative, the progress per dimension,
and the timeline from three assessments on."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from m2w_tool.answers import Answer, Answers, DimensionAnswers
from m2w_tool.content import load_content
from m2w_tool.history import assessment_day, build_history, occasions, select_history
from m2w_tool.merge import merge_answers
from m2w_tool.report import history_view


@pytest.fixture(scope="module")
def content():
    return load_content()


def assessment(
    day: str,
    value: int,
    *,
    name: str = "Brugwerk Gent",
    target: str | None = "strong",
    started: bool = True,
) -> Answers:
    a = Answers(
        initiative={"name": name, "organisation": "vzw De Brug", "region": ""},
        respondent={"name": "Anna", "role": ""},
    )
    a.started = f"{day}T10:00:00+01:00" if started else "not a date"
    a.updated = f"{day}T11:00:00+01:00"
    for qid in ("d03-q1", "d03-q2", "d03-q3", "d03-q4"):
        a.answers[qid] = Answer(value=value)
    for qid in ("d04-q1", "d04-q2", "d04-q5"):  # three of five in d04: enough for a score
        a.answers[qid] = Answer(value=3)
    a.dimensions["d03-purpose"] = DimensionAnswers(target=target)
    return a


def test_the_date_is_when_it_started_not_when_it_was_last_touched() -> None:
    a = assessment("2024-03-01", 3)
    a.updated = "2026-11-24T09:00:00+01:00"  # reopened today to fix a typo
    assert assessment_day(a) == "2024-03-01"
    assert assessment_day(assessment("2024-03-01", 3, started=False)) == "2024-03-01"  # falls back to updated


def test_select_history_keeps_earlier_rounds_of_the_same_initiative(content) -> None:
    current = assessment("2026-03-01", 4)
    candidates = [
        ("2024.yaml", assessment("2024-03-01", 2)),
        (
            "2025.yaml",
            assessment("2025-03-01", 3, name="BRUGWERK  gent"),
        ),  # spelled differently: same
        ("other.yaml", assessment("2025-06-01", 3, name="Werkmaatjes")),  # another initiative
        ("later.yaml", assessment("2027-03-01", 5)),  # after the current one
        ("teammate.yaml", assessment("2026-02-20", 1)),  # a team member of the current round
        ("current.yaml", current),
    ]
    assert [label for label, _ in select_history(current, candidates, content)] == [
        "2024.yaml",
        "2025.yaml",
    ]


def test_rounds_group_files_weeks_apart_and_split_months_apart() -> None:
    files = [(d, assessment(d, 3)) for d in ("2025-03-01", "2025-03-20", "2025-05-05", "2025-09-01", "2026-03-01")]
    assert [[label for label, _ in r] for r in occasions(files)] == [
        ["2025-03-01", "2025-03-20"],
        ["2025-05-05"],
        ["2025-09-01"],
        ["2026-03-01"],
    ]


def test_one_assessment_per_round_a_group_file_wins_else_the_team_is_merged(content) -> None:
    current = assessment("2026-03-01", 4)
    anna = assessment("2025-03-01", 2)
    bram = assessment("2025-03-08", 4)
    bram.respondent = {"name": "Bram", "role": ""}
    group = merge_answers([("anna.yaml", anna), ("bram.yaml", bram)], content).answers
    chosen = select_history(current, [("anna.yaml", anna), ("group.yaml", group), ("bram.yaml", bram)], content)
    assert [label for label, _ in chosen] == ["group.yaml"]
    chosen = select_history(current, [("anna.yaml", anna), ("bram.yaml", bram)], content)
    assert [label for label, _ in chosen] == ["anna.yaml, bram.yaml"]
    assert chosen[0][1].extra["group"]["respondents"][1]["name"] == "Bram"


def test_progress_per_dimension_and_targets(content) -> None:
    old, now = assessment("2025-03-01", 3), assessment("2026-03-01", 4)
    h = build_history(content, ("now.yaml", now), [("old.yaml", old)])
    d03 = next(d for d in h.dimensions if d.short_id == "d03")
    assert d03.percents == (50.0, 75.0)
    assert (d03.previous, d03.current, d03.change, d03.trend) == (50.0, 75.0, 25.0, "up")
    assert (d03.target, d03.reached, d03.to_target) == ("strong", False, 5.0)
    d04 = next(d for d in h.dimensions if d.short_id == "d04")
    assert (d04.trend, d04.target) == ("same", None)
    # Dimensions never assessed (here: all but two) are left out of the table.
    assert [d.short_id for d in h.dimensions] == ["d03", "d04"]
    assert not h.many  # two assessments: the table says it all
    assert build_history(content, ("now.yaml", now), []) is None

    view = history_view(content, h, "en")
    rows = {r.short_id: r for r in view.rows}
    assert (rows["d03"].change_text, rows["d03"].target_text) == ("+25", "Strong: 5 points to go")
    assert (rows["d04"].change_text, rows["d04"].target_text, rows["d04"].has_target) == ("0", "no target", False)
    assert view.timeline_svg == "" and rows["d03"].sparkline_svg == ""
    assert view.summary == "1 dimensions up, 0 down, 1 unchanged; 0 of 1 targets reached."


def test_timeline_from_three_assessments(content) -> None:
    items = [("a.yaml", assessment("2024-03-01", 2)), ("b.yaml", assessment("2025-03-01", 3))]
    h = build_history(content, ("c.yaml", assessment("2026-03-01", 5)), items)
    assert h.dates == ("2024-03-01", "2025-03-01", "2026-03-01") and h.many
    d03 = next(d for d in h.dimensions if d.short_id == "d03")
    assert d03.percents == (25.0, 50.0, 100.0)
    overall = h.series[0]
    assert overall.key == "overall" and overall.percents[-1] is not None

    view = history_view(content, h, "nl")
    assert view.timeline_svg.startswith("<svg") and "<title" in view.timeline_svg and "<polyline" in view.timeline_svg
    assert "Scores per zelfevaluatie" in view.timeline_svg  # its description speaks the report's language
    row = next(r for r in view.rows if r.short_id == "d03")
    assert row.sparkline_svg.startswith("<svg") and "25%, 50%, 100%" in row.sparkline_svg
    assert row.target_text == "Sterk: bereikt"


def test_history_section_renders(content) -> None:
    from m2w_tool.render import render_html
    from m2w_tool.report import ExtraSection

    items = [("a.yaml", assessment("2024-03-01", 2)), ("b.yaml", assessment("2025-03-01", 3))]
    h = build_history(content, ("c.yaml", assessment("2026-03-01", 4)), items)
    section = ExtraSection("history", "History", "_history.html.j2", history_view(content, h, "en"))
    html = render_html("_history.html.j2", "en", section=section)
    cells: list[list[str]] = []

    class Table(HTMLParser):
        def handle_starttag(self, tag, attrs):
            if tag == "tr":
                cells.append([])

        def handle_data(self, data):
            if cells and data.strip():
                cells[-1].append(data.strip())

    Table().feed(html)
    d03 = next(row for row in cells if row and row[0] == "d03")
    assert d03[2:5] == ["50%", "75%", "+25"]
    assert "Strong: 5 points to go" in d03
    assert html.count('class="sparkline"') == 2
    assert 'class="chart timeline"' in html


@pytest.fixture(scope="module")
def three_rounds(content, tmp_path_factory):
    """A team of three, assessed three years running: each year's files and the merged group file."""
    from m2w_tool.answers import save_answers
    from m2w_tool.synth import synth_portfolio

    folder = tmp_path_factory.mktemp("rounds")
    items = synth_portfolio(content, 1, seed=5, respondents=3, assessments=3)
    for i, a in enumerate(items):
        save_answers(a, folder / f"year{i // 3}-person{i % 3}.yaml", touch=False)
    current = [(str(folder / f"year2-person{j}.yaml"), items[6 + j]) for j in range(3)]
    group = merge_answers(current, content).answers
    save_answers(group, folder / "team-now.yaml", touch=False)
    return folder


@pytest.fixture(scope="module")
def report_pdf(three_rounds, tmp_path_factory):
    from click.testing import CliRunner

    from m2w_tool.cli import cli

    out = tmp_path_factory.mktemp("report")
    earlier = [arg for p in sorted(three_rounds.glob("year[01]-*.yaml")) for arg in ("--history", str(p))]
    result = CliRunner().invoke(
        cli,
        [
            "report",
            str(three_rounds / "team-now.yaml"),
            *earlier,
            "--format",
            "pdf,html",
            "-o",
            str(out),
            "--lang",
            "en",
        ],
    )
    assert result.exit_code == 0, result.output
    assert len(list(out.glob("*.pdf"))) == 1
    return out


def test_report_shows_history_and_group_sections(report_pdf) -> None:
    from pypdf import PdfReader

    pdf = next(report_pdf.glob("*.pdf"))
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(pdf).pages).split())
    assert "Progress since the previous self-assessment" in text
    assert "3 self-assessments of this initiative in all" in text
    assert "Group assessment: where you disagree" in text and "Notes by respondent" in text
    assert "Олена Nguyen" in text  # a respondent's name in Cyrillic, intact
    html = next(report_pdf.glob("*.html")).read_text(encoding="utf-8")
    assert 'class="chart timeline"' in html and html.count('class="sparkline"') >= 20
    # the previous round (merged on the fly from three files) is the baseline of every dimension
    assert html.count("points since") >= 20
    toc = html[html.index('id="contents"') : html.index("</nav>")]
    assert toc.index("Progress since") < toc.index("Group assessment") < toc.index("How to read")


def test_history_from_a_folder_skips_other_files(three_rounds, content, tmp_path) -> None:
    from click.testing import CliRunner

    from m2w_tool.cli import cli

    (three_rounds / "notes.yaml").write_text("just: notes\n", encoding="utf-8")
    try:
        result = CliRunner().invoke(
            cli,
            [
                "report",
                str(three_rounds / "team-now.yaml"),
                "--history",
                str(three_rounds),
                "--format",
                "html",
                "-o",
                str(tmp_path),
                "--lang",
                "en",
            ],
        )
    finally:
        (three_rounds / "notes.yaml").unlink()
    assert result.exit_code == 0, result.output
    assert "Skipped for the history" in result.output and "notes.yaml" in result.output
    html = next(tmp_path.glob("*.html")).read_text(encoding="utf-8")
    assert "3 self-assessments of this initiative in all" in html
