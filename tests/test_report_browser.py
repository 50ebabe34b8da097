"""The HTML report in a real browser (Debian's chromium through Playwright): it reflows at 390 px
without sideways scrolling, wide tables scroll in their own box with the first column in view, the
charts keep readable labels, and axe-core finds no serious or critical violation (nor an empty
table header)."""

from __future__ import annotations

from datetime import date

import pytest

from m2w_tool.api import make_report
from m2w_tool.content import load_content
from m2w_tool.resources import examples_dir

PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module", params=["nl", "en"])
def report_url(request, tmp_path_factory) -> str:
    out = tmp_path_factory.mktemp(f"html-{request.param}")
    made = make_report(
        examples_dir() / "demo.yaml", content=load_content(), lang=request.param, formats=["html"], out_dir=out,
        baseline_path=examples_dir() / "demo-2025.yaml", report_date=date(2026, 11, 24),
    )  # fmt: skip
    return made.paths[0].as_uri()


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    yield context.new_page()
    context.close()


def test_390_px_no_sideways_scrolling(phone, report_url) -> None:
    phone.goto(report_url)
    assert phone.evaluate("document.scrollingElement.scrollWidth") <= PHONE["width"]
    # Nothing outside a scrolling box reaches past the right edge.
    outside = phone.evaluate(
        """() => [...document.querySelectorAll('main *, header *')]
                 .filter(e => !e.closest('.scroll') && e.getBoundingClientRect().right > innerWidth + 0.5)
                 .map(e => e.tagName + '.' + e.className).slice(0, 5)"""
    )
    assert outside == []


def test_wide_tables_scroll_in_their_box_with_the_first_column_in_view(phone, report_url) -> None:
    phone.goto(report_url)
    plan = phone.locator("#action-plan .scroll").first
    widths = plan.evaluate("e => [e.scrollWidth, e.clientWidth, getComputedStyle(e).overflowX]")
    assert widths[0] > widths[1] and widths[2] == "auto"  # the plan is wider than a phone: it scrolls here
    first = plan.locator("tbody td").first
    assert first.evaluate("e => getComputedStyle(e).position") == "sticky"
    left = first.evaluate("e => e.getBoundingClientRect().left")
    plan.evaluate("e => { e.scrollLeft = e.scrollWidth; }")
    assert abs(first.evaluate("e => e.getBoundingClientRect().left") - left) < 1  # stays in view
    # The "what" column is a column of words, not of letters (the review found it one letter wide).
    assert first.evaluate("e => e.getBoundingClientRect().width") >= 150


def test_charts_keep_readable_labels_on_a_phone(phone, report_url) -> None:
    phone.goto(report_url)
    sizes = phone.evaluate(
        """() => [...document.querySelectorAll('.chart-figure svg text')]
                 .map(t => t.getBoundingClientRect().height).filter(h => h > 0)"""
    )
    assert len(sizes) > 20 and min(sizes) >= 9  # pixels on the screen (the review measured about 4)


def test_axe_finds_no_serious_violation_nor_an_empty_table_header(browser, report_url) -> None:
    from axe_playwright_python.sync_playwright import Axe

    for viewport in ({"width": 1280, "height": 900}, PHONE):
        context = browser.new_context(viewport=viewport)
        page = context.new_page()
        try:
            page.goto(report_url)
            violations = Axe().run(page).response["violations"]
        finally:
            context.close()
        bad = [(v["id"], v["impact"]) for v in violations if v["impact"] in ("serious", "critical")]
        assert bad == [], bad
        assert "empty-table-header" not in [v["id"] for v in violations]
