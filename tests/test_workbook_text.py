"""What a trainer reads in a workbook: 'not applicable' and 'don't know' explained as two answers (in
the guide, the content file and above every list of statements), ids and option numbers kept whole on
the page, minimum criteria marked, and a quick scan that introduces itself. Read back from the PDF
(pypdf), the HTML and the YAML."""

from __future__ import annotations

import re
from html import unescape
from io import BytesIO
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

from m2w_tool.answers_model import NA
from m2w_tool.content import load_content
from m2w_tool.render import render_workbook_html
from m2w_tool.resources import content_dir
from m2w_tool.workbook import build_workbook
from m2w_tool.workbook_pdf import render_workbook

# "n/a / don't know", "n.v.t. of weet niet": the two answers spoken of as one
AS_ONE = re.compile(
    r"n/a\s*(/|or)\s*don.t know|not applicable or don.t know|n\.v\.t\.\s*(/|of)\s*weet|niet van toepassing of weet",
    re.I,
)
NA_EXPLAINED = {
    "nl": "De stelling past niet bij hoe jullie initiatief werkt",
    "en": "The statement does not apply to how your initiative works",
}
DONT_KNOW_EXPLAINED = {
    "nl": "De stelling past wel, maar niemand aan tafel kan het zeggen",
    "en": "It does apply, but nobody in the room can say",
}


def lines_of(pages: list[str]) -> list[str]:
    return [" ".join(line.replace("\u00a0", " ").split()) for page in pages for line in page.splitlines()]


def flat(pages: list[str]) -> str:
    return " ".join(" ".join(pages).replace("\u00a0", " ").split())


@pytest.fixture(scope="module")
def content():
    return load_content()


@pytest.fixture(scope="module")
def quick_nl(content):
    """The quick scan in Dutch: short, and the text where an id once pushed a statement's first word
    onto a line of its own."""
    wb = build_workbook(content, content.select("all"), lang="nl", quick=True)
    return wb, [page.extract_text() for page in PdfReader(BytesIO(render_workbook(wb))).pages]


@pytest.fixture(scope="module")
def quality_en(content):
    """One quality component in English, the checklist with its two ratings per criterion."""
    dims = content.select("all", ["q02"])
    wb = build_workbook(content, dims, lang="en", only=["q02"])
    return wb, [page.extract_text() for page in PdfReader(BytesIO(render_workbook(wb))).pages]


# --- the guide and the content file -------------------------------------------------------------


def test_the_guide_explains_not_applicable_and_dont_know_apart() -> None:
    guide = yaml.safe_load((content_dir() / "guide.yaml").read_text(encoding="utf-8"))
    texts = [t for part in ("intro", "agreement", "before_after") for t in guide[part]]
    texts += [step["text"] for step in guide["plan"]] + [role["text"] for role in guide["roles"]]
    for text in texts:
        for lang in ("nl", "en"):
            assert not AS_ONE.search(text[lang]), text[lang]
    agreement = guide["agreement"]
    na = [t for t in agreement if t["nl"].startswith("‘Niet van toepassing’")]
    dont_know = [t for t in agreement if t["nl"].startswith("‘Weet ik niet’")]
    assert len(na) == 1 and len(dont_know) == 1
    assert "niet past bij hoe jullie initiatief werkt" in na[0]["nl"] and "not fit how your" in na[0]["en"]
    assert "minimumcriterium" in na[0]["nl"] and "minimum criterion" in na[0]["en"]
    assert "niemand aan tafel" in dont_know[0]["nl"] and "nobody at the table" in dont_know[0]["en"]
    assert "wie het uitzoekt" in dont_know[0]["nl"] and "who will find out" in dont_know[0]["en"]


def test_the_format_description_tells_the_two_apart() -> None:
    text = " ".join((content_dir() / "FORMAT.md").read_text(encoding="utf-8").split())
    assert not AS_ONE.search(text)
    assert '**"Not applicable"** (`n/a` in an answers file): the statement does not fit how this initiative' in text
    assert '**"Don\'t know"** (`dont_know`): the statement does apply, but nobody answering can say' in text


# --- above every list of statements --------------------------------------------------------------


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("fillable", [False, True])
def test_every_chapter_tells_the_two_answers_apart(content, lang: str, fillable: bool) -> None:
    wb = build_workbook(content, content.select("all"), lang=lang, fillable=fillable)
    html = render_workbook_html(wb)
    text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    assert text.count(NA_EXPLAINED[lang]) == len(wb.dimensions) == 23
    assert text.count(DONT_KNOW_EXPLAINED[lang]) == 23
    assert not AS_ONE.search(text), AS_ONE.search(text)


def test_the_quick_scan_tells_the_two_apart_per_part(quick_nl) -> None:
    wb, pages = quick_nl
    text = flat(pages)
    assert text.count(NA_EXPLAINED["nl"]) == len(wb.sections) == 2
    assert text.count(DONT_KNOW_EXPLAINED["nl"]) == 2
    assert "noteer wie het uitzoekt, en tegen wanneer" in text
    assert not AS_ONE.search(text)


# --- kept whole on the page ----------------------------------------------------------------------


def test_ids_stand_whole_on_their_own_line_and_the_text_keeps_its_first_words(quick_nl) -> None:
    wb, pages = quick_nl
    lines = lines_of(pages)
    questions = [q for d in wb.dimensions for q in d.questions]
    assert len(questions) >= 20
    for q in questions:
        assert any(line == q.id or line.startswith(q.id + " ") for line in lines), q.id
        first = " ".join(q.text.split()[:3])  # "Onze" once stood alone, its id pushed to the next line
        assert any(first in line for line in lines), (q.id, first)
    assert not [line for line in lines if re.search(r"\b[dq]\d\d-$", line)]


def test_an_options_number_stays_with_its_words(quick_nl) -> None:
    _, pages = quick_nl
    lines = lines_of(pages)
    assert any("2 Met veel" in line for line in lines)  # "2" once stood alone above "Met veel moeite"
    assert "2" not in [line for line in lines if line.startswith("Met veel")]


def test_dont_know_in_a_narrow_checklist_cell_breaks_once(content) -> None:
    wb = build_workbook(content, content.select("all", ["q02"]), lang="nl", only=["q02"])
    lines = lines_of([page.extract_text() for page in PdfReader(BytesIO(render_workbook(wb))).pages])
    assert "Weet" not in lines and "ik" not in lines  # "Weet" / "ik" / "niet" once took three lines
    assert lines.count("Weet ik") >= len(wb.dimensions[0].questions)  # at least in every "how well?"
    assert "1 Zwak" not in lines and lines.count("Zwak") == len(wb.dimensions[0].questions)  # number, then word


def test_minimum_criteria_are_marked_and_offer_no_not_applicable(content, quality_en) -> None:
    wb, pages = quality_en
    lines = lines_of(pages)
    minimums = {q.id for q in content.find("q02").questions if q.minimum}
    assert minimums
    for q in wb.dimensions[0].questions:
        id_line = next(line for line in lines if line == q.id or line.startswith(q.id + " "))
        assert ("MINIMUM CRITERION" in id_line.upper()) == (q.id in minimums), id_line
        assert (NA in [c.value for c in q.rating.choices]) == (q.id not in minimums)


def test_a_fillable_legend_keeps_each_option_together(content) -> None:
    wb = build_workbook(content, content.select("all", ["d03"]), lang="en", fillable=True, only=["d03"])
    html = unescape(render_workbook_html(wb))
    assert '<span class="opt">n/a · Not applicable</span>' in html
    assert '<span class="opt">? · Don\'t know</span>' in html and '<span class="opt">1 · Not at all</span>' in html
    css = (Path(__file__).parents[1] / "templates" / "workbook.css").read_text(encoding="utf-8")
    assert re.search(r"\.legend \.opt \{ white-space: nowrap; \}", css)
    pages = [page.extract_text() for page in PdfReader(BytesIO(render_workbook(wb))).pages]
    assert not [line for line in lines_of(pages) if line.endswith("n/")]  # not "n/" then "a · Not applicable"


# --- the quick scan introduces itself ------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "quick_words", "chapter_words"),
    [("nl", "Deze snelscan vraagt enkel de kernstellingen", "Elk hoofdstuk"), ("en", "This quick scan", "chapter has")],
)
def test_the_quick_scan_guide_speaks_of_the_quick_scan(content, lang, quick_words, chapter_words) -> None:
    quick = build_workbook(content, content.select("all"), lang=lang, quick=True)
    full = build_workbook(content, content.select("all"), lang=lang)
    assert quick.guide.intro[0] == full.guide.intro[0]
    assert any(quick_words in p for p in quick.guide.intro)
    assert not any(chapter_words in p for p in quick.guide.intro)
    assert any(chapter_words in p for p in full.guide.intro)


def test_a_criterion_without_how_well_asks_its_own_scales_question(content) -> None:
    """A quality criterion on a scale of its own (not in place? then how well?) is not captioned "In
    place?" and takes the whole width, like a statement."""
    dim = content.find("q08")
    own = [q for q in dim.questions if not q.how_well]
    assert own  # the shipped content has one: q08-q3, on an agreement scale
    wb = build_workbook(content, [dim], lang="en", only=["q08"])
    captions = {q.id: q.rating.caption for q in wb.dimensions[0].questions}
    for q in dim.questions:
        expected = "In place?" if q.how_well else content.scales[q.scale].title("en")
        assert captions[q.id] == expected, q.id
    text = flat([page.extract_text() for page in PdfReader(BytesIO(render_workbook(wb))).pages])
    assert text.count("In place?") == len(dim.questions) - len(own)
    assert text.count(content.scales[own[0].scale].title("en")) == len(own)
    assert "1 Not at all" in text  # the whole width: number and words on one line, as for a statement
