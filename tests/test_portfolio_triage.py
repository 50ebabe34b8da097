"""The funder's view: triage (each reason triggered by a portfolio built for it), labelled trends per
dimension, like-with-like changes across content versions (the same as a report's history says),
and the portfolio page at 390 px (no sideways scrolling, axe-core finds nothing serious)."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from m2w_tool.answers import Answer, Answers, DimensionAnswers, load_answers
from m2w_tool.content import load_content
from m2w_tool.portfolio import build_portfolio
from m2w_tool.portfolio.triage import STALE_MONTHS, months_between

TODAY = date(2026, 11, 24)
DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def content():
    return load_content()


def initiative(name: str, value: int, *, day: str = "2026-09-01", person: str = "Anna Peeters",
               importance: int | None = None, dims: tuple[str, ...] = ("d03",)) -> Answers:  # fmt: skip
    """An initiative answering every statement of `dims` with `value` (1-5)."""
    content = load_content()
    a = Answers(
        initiative={"name": name, "organisation": "vzw Test", "region": "Limburg"},
        respondent={"name": person, "role": "coach"},
        content_version=content.version,
        started=f"{day}T10:00:00+01:00",
        updated=f"{day}T11:00:00+01:00",
    )
    for d in content.dimensions:
        if d.short_id in dims:
            for q in d.questions:
                a.answers[q.id] = Answer(value=value if not q.how_well else 2, how_well=None)
            a.dimensions[d.id] = DimensionAnswers(importance=importance)
    return a


def reasons(portfolio, name: str) -> dict[str, str]:
    item = next((t for t in portfolio.triage if t.name == name), None)
    return {} if item is None else {r.kind: r.text for r in item.reasons}


def test_each_triage_reason_on_a_portfolio_built_for_it(content) -> None:
    team = [initiative("Team", 4, person=p) for p in ("Anna Peeters", "Bram Maes")]
    items = [
        ("low.yaml", initiative("Low priority", 1, importance=5)),  # d03 at 0 %, rated 5/5
        ("low-b.yaml", initiative("Low priority", 1, importance=5, person="Bram Maes")),
        ("low-unimportant.yaml", initiative("Low but unimportant", 1, importance=2)),
        ("low-unimportant-b.yaml", initiative("Low but unimportant", 1, importance=2, person="Bram Maes")),
        ("fall-old.yaml", initiative("Falling", 5, day="2025-09-01")),
        ("fall-old-b.yaml", initiative("Falling", 5, day="2025-09-01", person="Bram Maes")),
        ("fall.yaml", initiative("Falling", 4)),
        ("fall-b.yaml", initiative("Falling", 4, person="Bram Maes")),
        ("stale.yaml", initiative("Stale", 4, day="2024-11-20")),
        ("stale-b.yaml", initiative("Stale", 4, day="2024-11-20", person="Bram Maes")),
        ("single.yaml", initiative("Single", 4)),
        ("team-a.yaml", team[0]),
        ("team-b.yaml", team[1]),
    ]
    p = build_portfolio(items, content, "en", today=TODAY)
    assert reasons(p, "Low priority") == {
        "priority": "Beginning on 1 dimension it rated important: d03 A clear purpose that everyone shares (0%)."
    }
    assert reasons(p, "Low but unimportant") == {}  # rated 2 of 5: not one of its priorities
    assert reasons(p, "Falling") == {"falling": "Overall score fell: −25 points since 2025-09."}
    assert reasons(p, "Stale") == {"stale": "Last assessed 2024-11, 24 months ago."}
    assert reasons(p, "Single") == {"single": "One respondent: the scores are one person's view, not the team's."}
    assert reasons(p, "Team") == {}
    # the most urgent first: the two weighty reasons (the lower score first), then the old assessment,
    # then the single respondent
    assert [t.name for t in p.triage] == ["Low priority", "Falling", "Stale", "Single"]


def test_stale_means_eighteen_months_or_more() -> None:
    assert months_between(date(2025, 5, 24), TODAY) == STALE_MONTHS
    assert months_between(date(2025, 5, 25), TODAY) == STALE_MONTHS - 1
    assert months_between(date(2024, 12, 31), date(2025, 1, 1)) == 0


def test_trends_are_labelled_and_summed_per_dimension(content) -> None:
    items = [
        ("a-old.yaml", initiative("A", 3, day="2025-05-10", dims=("d03", "d04"))),
        ("a.yaml", initiative("A", 4, dims=("d03", "d04"))),
        ("b-old.yaml", initiative("B", 4, day="2025-06-10", dims=("d03", "d04"))),
        ("b.yaml", initiative("B", 2, dims=("d03", "d04"))),
        ("c.yaml", initiative("C", 2, dims=("d03", "d04"))),
    ]
    p = build_portfolio(items, content, "en", today=TODAY)
    rows = {r.name: r for r in p.rows}
    assert rows["A"].change_label == "+25 points since 2025-05" and rows["A"].change_text == "+25"
    assert rows["B"].change_label == "−50 points since 2025-06" and rows["C"].change_label == ""
    d03 = next(t for t in p.trends if t.short_id == "d03")
    assert (d03.n, d03.mean, d03.up, d03.down, d03.mean_text) == (2, -12.5, 1, 1, "−12")
    assert next(t for t in p.trends if t.short_id == "d01").n == 0
    assert (
        "Of the 2 initiatives assessed before, 1 rose by 5 points or more, 0 stayed within 5 points and 1 fell"
        in p.trend_line
    )
    assert 'aria-labelledby="chg-t chg-d"' in p.trend_svg and "d03 −12 (n = 2)" in p.trend_svg
    assert p.trend_note == ""


def test_across_content_versions_like_with_like_as_the_history_says(content, tmp_path: Path) -> None:
    """An initiative assessed with content 2026.1 and then 2026.2: the portfolio's changes are those
    the report's history computes on the shared statements, and where the versions share too
    little the portfolio says so instead of claiming a change."""
    from m2w_tool.history import build_history

    old_path = tmp_path / "old.yaml"
    shutil.copy(DATA / "answers-2026.1.yaml", old_path)
    text = old_path.read_text(encoding="utf-8").replace("2026-10-28T14:05", "2025-05-12T14:05")
    old_path.write_text(text, encoding="utf-8")
    from m2w_tool.resources import examples_dir

    old, new = load_answers(old_path), load_answers(examples_dir() / "demo.yaml")
    assert old.made_with == "2026.1" and new.made_with == content.version
    p = build_portfolio([("old.yaml", old), ("demo.yaml", new)], content, "en", today=TODAY)
    history = build_history(content, ("demo.yaml", new), [("old.yaml", old)])
    row = p.rows[0]
    assert "(on the statements versions 2026.1 and 2026.2 share)" in row.change_label
    by_id = {t.dimension_id: t for t in p.trends}
    for progress in history.dimensions:
        trend = by_id[progress.dimension_id]
        if progress.change is None:
            assert trend.n == 0
        else:
            assert trend.n == 1 and trend.mean == pytest.approx(progress.change)
    blocked = [d.short_id for d in history.not_comparable]
    for short_id in blocked:
        assert f"{short_id} (1)" in p.trend_note
    assert "older content version" in p.trend_note


# --- in a real browser --------------------------------------------------------------------------


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="module")
def portfolio_page(content, tmp_path_factory) -> Path:
    from m2w_tool.api import write_portfolio
    from m2w_tool.synth import synth_portfolio

    items = [(f"{i}.yaml", a) for i, a in enumerate(synth_portfolio(content, 12, seed=6, assessments=2, respondents=2))]
    folder = tmp_path_factory.mktemp("page")
    return write_portfolio(items, content, "nl", outputs=[folder / "p.html"], today=TODAY)[0]


@pytest.mark.parametrize("width", [390, 1280])
def test_portfolio_page_reflows_and_passes_axe(portfolio_page: Path, width: int) -> None:
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import sync_playwright

    assert CHROMIUM, "the browser tests need Debian's chromium (apt-get install chromium)"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            page = browser.new_page(viewport={"width": width, "height": 900}, is_mobile=width < 500)
            page.goto(portfolio_page.as_uri())
            assert page.evaluate("document.documentElement.scrollWidth") <= width
            heat = page.locator(".heat-box")
            assert heat.evaluate("e => e.scrollWidth > e.clientWidth") == (width < 500)  # it scrolls in its box
            result = Axe().run(page)
            bad = [(v["id"], v["impact"], len(v["nodes"])) for v in result.response["violations"]
                   if v["impact"] in ("serious", "critical")]  # fmt: skip
            assert bad == []
        finally:
            browser.close()


def test_no_pdf_page_holds_a_lone_heat_map_row(content, tmp_path: Path) -> None:
    """Every page of the heat map holds two rows or more. With these synthetic portfolios (seed 9) the
    last page would otherwise hold one row: 9 + 1 for 10 initiatives, 9 + 14 + 1 for 24."""
    from pypdf import PdfReader

    from m2w_tool.api import write_portfolio
    from m2w_tool.synth import synth_portfolio

    for count in (10, 24):
        items = [(f"{i}.yaml", a) for i, a in enumerate(synth_portfolio(content, count, seed=9, assessments=2))]
        pdf = write_portfolio(items, content, "en", outputs=[tmp_path / f"p{count}.pdf"], today=TODAY)[0]
        names = {a.initiative["name"] for _, a in items}
        heat_pages = 0
        for page in PdfReader(pdf).pages:
            text = page.extract_text()
            if "Overall Change d01" not in " ".join(text.split()):
                continue
            heat_pages += 1
            rows = [line for line in text.splitlines() if line.strip() in names]
            assert len(rows) >= 2, (count, rows)
        assert heat_pages >= 2
