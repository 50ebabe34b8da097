"""The rendered demo report as a reader gets it on paper: its length, the order of its chapters, the
next steps on the summary, page breaks, hyphens, font sizes, and a tagged (accessible) PDF.

Every test reads the PDF that `make_report` writes (pypdf: text per page, text sizes through the
text visitor, bookmarks, the catalogue); the expected words come from the report model."""

from __future__ import annotations

import functools
import html
import math
import re
from datetime import date

import pypdf
import pytest

from m2w_tool.answers import load_answers
from m2w_tool.api import make_report
from m2w_tool.content import load_content
from m2w_tool.render import render_report_html
from m2w_tool.report import build_report
from m2w_tool.resources import examples_dir

DAY = date(2026, 11, 24)
MAX_PAGES = 20  # the demo's full report without the appendix (it was 34 pages with it)
MIN_POINTS = 7.0


@pytest.fixture(scope="module")
def content():
    return load_content()


_RENDERED: dict[tuple[str, bool], Pdf] = {}


def _render(tmp_path_factory, lang: str, appendix: bool = False) -> Pdf:
    """The demo report as PDF, made once per language and appendix choice in this test module."""
    if (lang, appendix) not in _RENDERED:
        _RENDERED[lang, appendix] = _make(tmp_path_factory, lang, appendix)
    return _RENDERED[lang, appendix]


def _make(tmp_path_factory, lang: str, appendix: bool) -> Pdf:
    out = tmp_path_factory.mktemp(f"pdf-{lang}-{appendix}")
    made = make_report(
        examples_dir() / "demo.yaml", content=load_content(), lang=lang, formats=["pdf"], out_dir=out,
        baseline_path=examples_dir() / "demo-2025.yaml", report_date=DAY, appendix=appendix,
    )  # fmt: skip
    return Pdf(made.paths[0])


class Pdf(pypdf.PdfReader):
    """A PDF whose page texts are extracted once (pypdf takes a while per page)."""

    @functools.cached_property
    def lines(self) -> list[list[str]]:
        return [[flat(x) for x in page.extract_text().splitlines() if flat(x)] for page in self.pages]

    @functools.cached_property
    def texts(self) -> list[str]:
        return [" ".join(lines) for lines in self.lines]


@pytest.fixture(scope="module", params=["nl", "en"])
def demo(request, tmp_path_factory, content):
    """(language, the PDF, the report model it was made from)."""
    lang = request.param
    answers, baseline = (load_answers(examples_dir() / n) for n in ("demo.yaml", "demo-2025.yaml"))
    model = build_report(content, answers, lang, baseline=baseline, report_date=DAY, answers_name="demo.yaml")
    return lang, _render(tmp_path_factory, lang), model


def flat(text: str) -> str:
    return " ".join(text.split())


def page_texts(reader: Pdf) -> list[str]:
    return reader.texts


def bookmark_pages(reader: pypdf.PdfReader) -> tuple[dict[str, int], dict[str, int]]:
    """({chapter title: page index}, {dimension bookmark: page index})."""
    chapters, dimensions = {}, {}
    for item in reader.outline:
        if isinstance(item, list):
            dimensions.update({sub.title: reader.get_destination_page_number(sub) for sub in item})
        else:
            chapters[item.title] = reader.get_destination_page_number(item)
    return chapters, dimensions


# --- length and order ---------------------------------------------------------------------------


def test_the_full_demo_report_fits_in_twenty_pages(demo) -> None:
    lang, reader, model = demo
    assert len(reader.pages) <= MAX_PAGES, (lang, len(reader.pages))
    assert "appendix" not in [e.anchor for e in model.toc]


def test_the_appendix_only_when_asked_for(tmp_path_factory) -> None:
    plain, with_appendix = _render(tmp_path_factory, "nl"), _render(tmp_path_factory, "nl", appendix=True)
    chapters, _ = bookmark_pages(with_appendix)
    assert "Bijlage: alle antwoorden" in chapters
    assert len(with_appendix.pages) >= len(plain.pages) + 4  # every answer once more
    assert "Bijlage: alle antwoorden" not in bookmark_pages(plain)[0]
    # Without the appendix the answers file is still inside the PDF.
    assert set(plain.attachments) == {"demo.yaml", "demo-2025.yaml"}


def test_action_first_the_plan_comes_right_after_the_summary(demo) -> None:
    lang, reader, model = demo
    chapters, _ = bookmark_pages(reader)
    order = [e.title for e in model.toc if e.depth == 1]
    assert order[:3] == [model.toc[0].title, model.toc[1].title, model.toc[2].title]
    pages = [chapters[title] for title in order]
    assert pages == sorted(pages), list(zip(order, pages, strict=True))
    summary, plan = chapters[order[0]], chapters[order[1]]
    assert plan <= summary + 2  # the summary takes at most two pages before the plan


def test_the_summary_page_says_what_to_do_next(demo) -> None:
    """The first page of the summary names the three priorities, each with its first action, its
    owner and its date; the minimum criteria that are missing come before them."""
    lang, reader, model = demo
    chapters, _ = bookmark_pages(reader)
    text = page_texts(reader)[chapters[model.toc[0].title]]
    heading = "Wat nu te doen" if lang == "nl" else "What to do next"
    assert heading in text
    steps = model.summary.next_steps
    assert len(steps) == 3
    places = []
    for step in steps:
        assert step.action is not None
        for part in (step.dimension.title, flat(step.action.what), step.action.who, step.action.when):
            assert part in text, part
        places.append(text.index(flat(step.action.what)))
    assert places == sorted(places)
    first_minimum = model.summary.minimums[0]
    assert text.index(flat(first_minimum.text)) < text.index(steps[0].dimension.title)


# --- page breaks --------------------------------------------------------------------------------


def test_a_heading_or_score_band_never_ends_a_page(demo) -> None:
    """Each dimension's heading (its bookmark's page) shares its page with its score band and its
    first answer; no page ends on a heading."""
    lang, reader, model = demo
    texts = page_texts(reader)
    _, marks = bookmark_pages(reader)
    band = "Score:" if lang == "nl" else "Score:"
    for module in model.modules:
        for d in module.dimensions:
            page = texts[marks[f"{d.number}. {d.title}"]]
            assert f"{d.title} {d.short_id}" in page, d.id
            after = page[page.index(f"{d.title} {d.short_id}") :]
            assert band in after and flat(d.answers[0].text)[:60] in after, d.id
    headings = {d.recommendations_title for m in model.modules for d in m.dimensions}
    headings |= {"Reflectie", "Jullie acties", "Reflection", "Your actions"}
    for i, page_lines in enumerate(reader.lines):
        lines = [x for x in page_lines if x != "•"]
        body = [x for x in lines if not x.startswith(("Gemaakt met m2w", "Made with m2w", "Brugwerk Gent"))]
        assert body and body[-1] not in headings, (i + 1, body[-1:])


def test_a_recommendation_never_parts_from_its_owner_and_date(demo) -> None:
    lang, reader, model = demo
    texts = page_texts(reader)
    who, when = ("Wie", "Tegen wanneer") if lang == "nl" else ("Who", "By when")
    checked = 0
    for module in model.modules:
        for d in module.dimensions:
            for rec in d.recommendations:
                start = " ".join(rec.text.split()[:8])
                pages = [i for i, t in enumerate(texts) if start in t]
                assert pages, start
                whole = flat(f"{rec.text} {who}: {rec.who} · {when}: {rec.when}")
                assert any(whole in texts[i] for i in pages), (start, pages)
                checked += 1
    assert checked >= 60


def test_nothing_is_hyphenated(demo) -> None:
    """A line that ends in a hyphen only splits a word that has one ("ESF-project"): no header or
    short column is hyphenated ("Tegen wan-neer", "trajectbe-geleiders")."""
    lang, reader, model = demo
    source = flat(html.unescape(re.sub(r"<[^>]+>", " ", render_report_html(model))))
    for lines in reader.lines:
        for line, following in zip(lines, lines[1:], strict=False):
            if re.search(r"\w[-\u2010\u00ad]$", line):
                word = re.findall(r"\S+$", line)[0].rstrip("\u00ad") + following.split()[0]
                assert word.replace("\u2010", "-") in source.replace(" - ", "-"), (line, following)
    header = "Tegen wanneer" if lang == "nl" else "By when"
    assert header in page_texts(reader)[bookmark_pages(reader)[0][_plan_title(lang)]]


def _plan_title(lang: str) -> str:
    return "Actieplan" if lang == "nl" else "Action plan"


# --- type sizes and tags ------------------------------------------------------------------------


def text_sizes(reader: pypdf.PdfReader) -> list[tuple[int, float, str]]:
    """(page, size in points, text) of every piece of text, from the font size times the text and
    graphics matrices (a chart's SVG is scaled down as a whole: that counts too)."""
    found = []
    for number, page in enumerate(reader.pages, 1):

        def visit(text, cm, tm, _font, size, number=number):
            if text.strip():
                vertical = (tm[2] * cm[0] + tm[3] * cm[2], tm[2] * cm[1] + tm[3] * cm[3])
                found.append((number, size * math.hypot(*vertical), text.strip()))

        page.extract_text(visitor_text=visit)
    return found


def test_nothing_on_paper_is_under_seven_points(demo) -> None:
    lang, reader, _model = demo
    sizes = text_sizes(reader)
    assert len(sizes) > 1000
    small = [(page, round(size, 2), text[:30]) for page, size, text in sizes if size < MIN_POINTS - 0.01]
    assert small == [], small[:10]
    # The radar's labels are text too (the review measured them at 5.7 pt).
    radar = [size for page, size, text in sizes if text.startswith("15. ")]
    assert radar and min(radar) >= MIN_POINTS


def test_the_pdf_is_tagged_with_its_language_and_keeps_the_answers(demo) -> None:
    lang, reader, _model = demo
    root = reader.trailer["/Root"]
    assert root["/Lang"] == lang
    assert bool(root["/MarkInfo"]["/Marked"])
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
    tree = root["/StructTreeRoot"].get_object()
    roles: set[str] = set()

    def walk(node) -> None:
        node = node.get_object()
        if isinstance(node, pypdf.generic.ArrayObject):
            for child in node:
                walk(child)
        elif isinstance(node, pypdf.generic.DictionaryObject):
            roles.add(str(node.get("/S", "")))
            if "/K" in node:
                walk(node["/K"])

    walk(tree["/K"])
    assert {"/H1", "/H2", "/H3", "/Table", "/TH", "/Figure", "/L"} <= roles
    assert set(reader.attachments) == {"demo.yaml", "demo-2025.yaml"}
    assert reader.attachments["demo.yaml"][0] == (examples_dir() / "demo.yaml").read_bytes()
