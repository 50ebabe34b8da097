"""The report tells the truth about partial answers and shows what content 2026.2 adds: provisional
totals with their coverage, no overall score from one part, strengths that say what is true, capitals
ranked only on enough statements, missing minimum criteria first, knowledge gaps, the quick scan's
deeper look, the 2026.2 scoring rules in "how to read", and a 2026.1 file's upgrade note.

Each test renders the HTML and reads it back with a parser (text per element id)."""

from __future__ import annotations

from datetime import date
from html.parser import HTMLParser
from pathlib import Path

from m2w_tool.answers import Answer, Answers, DimensionAnswers, load_answers
from m2w_tool.content import load_content
from m2w_tool.render import render_report_html
from m2w_tool.report import build_report
from m2w_tool.scoring import CAPITAL_MIN_ANSWERED

CONTENT = load_content()
DAY = date(2026, 11, 24)
VOID = {"br", "col", "meta", "img", "input", "hr", "link", "source", "wbr"}


class Parsed(HTMLParser):
    """The text inside every element that has an id, and the classes met."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.open: list[str | None] = []
        self.by_id: dict[str, list[str]] = {}
        self.classes: set[str] = set()
        self.feed(html)

    def handle_starttag(self, tag, attrs) -> None:
        found = dict(attrs)
        self.classes |= set((found.get("class") or "").split())
        if tag not in VOID:
            self.open.append(found.get("id"))
            if found.get("id"):
                self.by_id[found["id"]] = []

    def handle_endtag(self, tag) -> None:
        if tag not in VOID and self.open:
            self.open.pop()

    def handle_data(self, data) -> None:
        for element in self.open:
            if element:
                self.by_id[element].append(data)

    def text(self, element: str) -> str:
        return " ".join(" ".join(self.by_id[element]).split())


def report_of(answers: Answers, lang: str = "en", **kw):
    report = build_report(CONTENT, answers, lang, report_date=DAY, **kw)
    return report, Parsed(render_report_html(report))


def view(report, dimension_id: str):
    return next(d for m in report.modules for d in m.dimensions if d.id == dimension_id)


def answered(*dimension_ids: str, value: int = 2, importance: int | None = None) -> Answers:
    """Every statement of these dimensions answered `value` (quality criteria: in place, rated 3)."""
    a = Answers()
    for did in dimension_ids:
        d = next(x for x in CONTENT.dimensions if x.id == did)
        for q in d.questions:
            a.answers[q.id] = Answer(min(value, 3), 3) if q.how_well else Answer(value)
        if importance:
            a.dimensions[did] = DimensionAnswers(importance=importance)
    return a


# --- partial answers ----------------------------------------------------------------------------


def test_totals_are_provisional_with_their_coverage() -> None:
    report, page = report_of(answered("d03-purpose", "d11-revenue", "q04-relationship"))
    summary = page.text("summary")
    assert report.summary.provisional and "3 of 23 parts have a score" in summary
    assert "provisional" in page.text("cover") and "3 of 23 parts have a score" in page.text("cover")
    assert report.summary.overall_text and report.summary.overall_text in summary


def test_no_overall_score_from_a_single_part() -> None:
    report, page = report_of(answered("d03-purpose"))
    assert report.summary.overall_text == "" and report.summary.overall_level == ""
    for where in ("cover", "summary"):
        text = page.text(where)
        assert "No overall score: it would rest on a single part." in text
        assert "1 of 23 parts have a score" in text
    # The part itself keeps its score.
    assert view(report, "d03-purpose").score_text in page.text("d03-purpose")


def test_strengths_say_what_is_true_when_every_scored_dimension_is_a_priority() -> None:
    report, page = report_of(answered("d03-purpose", "d11-revenue", "d14-impact"))
    assert report.summary.strengths == [] and len(report.summary.priorities) == 3
    summary = page.text("summary")
    assert "no dimension has" not in summary.lower() and "No dimension has enough answers" not in summary
    assert "All 3 dimensions with a score are priorities" in summary
    empty, page = report_of(Answers())
    assert "No dimension has enough answers for a score yet." in page.text("summary")


def test_the_radar_leaves_gaps_for_dimensions_without_a_score() -> None:
    report, page = report_of(answered("d03-purpose", "d04-narrative", "d11-revenue"))
    svg = report.summary.radar_svg
    assert svg.count("(no score)") == 12  # 15 axes, three with a score
    assert "<polyline" in svg  # d03 and d04 are neighbours: one stretch of outline between them
    assert svg.count("<circle") == 3 and "radar" in page.classes


def test_a_capital_is_ranked_only_on_enough_statements() -> None:
    tagged = next(q for d in CONTENT.dimensions for q in d.questions if q.capitals and not q.how_well)
    a = Answers()
    a.answers = {tagged.id: Answer(5)}  # one statement: too thin to say anything about a capital
    report, page = report_of(a)
    assert not any(c.mark for c in report.capitals)
    assert all(c.score_text == "–" for c in report.capitals)
    assert "Too few statements answered yet" in page.text("summary")
    assert f"at least {CAPITAL_MIN_ANSWERED}" in page.text("capitals")
    full, page = report_of(answered(*[d.id for d in CONTENT.dimensions], value=4))
    assert {c.mark for c in full.capitals} >= {"most", "least"}


# --- content 2026.2 -----------------------------------------------------------------------------


def test_missing_minimum_criteria_come_first() -> None:
    a = answered("q06-follow-up", value=3)
    q06 = next(d for d in CONTENT.dimensions if d.id == "q06-follow-up")
    missing = q06.minimums[0]
    a.answers[missing.id] = Answer(2, 3)  # partly: a minimum must be in place for every pair
    report, page = report_of(a)
    summary = page.text("summary")
    first = "First: minimum criteria that are not in place"
    assert first in summary and missing.text("en") in summary
    assert summary.index(missing.text("en")) < summary.index("Your three priorities")
    component = page.text("q06-follow-up")
    number = [q.id for q in q06.questions].index(missing.id) + 1
    assert f"cannot be above ‘Developing’ until minimum criterion {number} is in place" in component
    q06_view = view(report, "q06-follow-up")
    assert q06_view.level_id == "developing" and q06_view.score.capped
    assert f"Without this rule its score would be {int(q06_view.score.uncapped_percent)}%" in component


def test_knowledge_gaps_per_dimension_with_what_to_do() -> None:
    a = answered("d03-purpose", value=4)
    a.answers["d03-q2"] = Answer("dont_know")
    a.answers["d03-q4"] = Answer("n/a")
    report, page = report_of(a)
    section = page.text("d03-purpose")
    gap = next(q for q in CONTENT.questions["d03-q2"][0].questions if q.id == "d03-q2")
    assert "Knowledge gaps: answered ‘don't know’" in section and gap.text("en") in section
    assert "Statement 2: find out before the next round" in section
    assert "1 × not applicable, 1 × don't know" in section  # two answers, told apart
    assert "1 statement answered ‘don't know’, in d03 (1)" in page.text("summary")


def test_the_quick_scan_says_where_to_look_deeper() -> None:
    a = Answers(scope={"module": "all", "only": [], "quick": True})
    for dimension, question in CONTENT.quick_scan:
        good = dimension.id != "d03-purpose"
        a.answers[question.id] = Answer(3, 5) if question.how_well else Answer(5 if good else 2)
    report, page = report_of(a)
    assert report.summary.quick and [d.dimension.id for d in report.summary.deeper] == ["d03-purpose"]
    summary = page.text("summary")
    assert "answer their full questions, or hold a workbook session" in summary
    assert "m2w workbook --only d03" in summary and "below ‘Established’" in summary
    assert "This is a quick scan" in page.text("how-to-read")
    # Its dimensions show their key statements, not every question left open.
    assert [x.question_id for x in view(report, "d03-purpose").answers] == [
        q.id for q in CONTENT.find("d03").quick_questions
    ]


def test_how_to_read_states_the_2026_2_rules() -> None:
    _report, page = report_of(answered("d03-purpose"))
    text = page.text("how-to-read")
    for rule in ("two different answers, and neither is scored", "knowledge gap", "times how well it works",
                 "minimum criteria", "cannot be above ‘developing’", "provisional", "1 ‘Hardly important’ to 5 ‘Top "
                                                                                    "priority’"):  # fmt: skip
        assert rule in text, rule


def test_importance_and_target_speak_the_contents_words() -> None:
    a = answered("d03-purpose", value=3)
    a.dimensions["d03-purpose"] = DimensionAnswers(importance=4, target="strong")
    report, page = report_of(a, lang="nl")
    section = page.text("d03-purpose")
    assert "4/5 Heel belangrijk" in section
    assert CONTENT.target_scale.label("strong", "nl") in section


def test_a_2026_1_file_shows_its_upgrade_note() -> None:
    old = load_answers(Path(__file__).parent / "data" / "answers-2026.1.yaml")
    report, page = report_of(old, lang="nl")
    note = report.warnings[0]
    assert "2026.1" in note and "2026.2" in note
    assert note in page.text("summary")


def test_answers_the_content_does_not_know_are_shown_without_the_appendix() -> None:
    a = answered("d03-purpose")
    a.answers["zz-old"] = Answer(3, note="van vroeger")
    report, page = report_of(a)
    assert not report.with_appendix and [e.anchor for e in report.toc][-1] == "appendix"
    text = page.text("appendix")
    assert "answers this content does not know" in text and "zz-old" in text and "van vroeger" in text
    assert "Appendix: all answers" not in text
