"""The report model (no rendering): what the report says, for the shipped demo and small cases."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest

from m2w_tool.answers import Action, Answer, Answers, DimensionAnswers, load_answers
from m2w_tool.content import load_content
from m2w_tool.report import (
    ExtraSection,
    action_plan_csv,
    add_months,
    build_report,
    format_date,
    report_stem,
)
from m2w_tool.resources import examples_dir

DAY = date(2026, 11, 24)


@pytest.fixture(scope="module")
def content():
    return load_content()


@pytest.fixture(scope="module")
def demo():
    return load_answers(examples_dir() / "demo.yaml")


@pytest.fixture(scope="module")
def demo_2025():
    return load_answers(examples_dir() / "demo-2025.yaml")


@pytest.fixture(scope="module")
def report_nl(content, demo, demo_2025):
    return build_report(content, demo, "nl", baseline=demo_2025, report_date=DAY, answers_name="demo.yaml")


def test_demo_answers_match_the_shipped_content(content, demo, demo_2025) -> None:
    for answers in (demo, demo_2025):
        assert answers.unknown_ids(content) == []
        assert answers.content_version == content.version
    assert any(a.is_na for a in demo.answers.values())
    assert sum(1 for a in demo.answers.values() if a.note) >= 20
    assert sum(len(d.actions) for d in demo.dimensions.values()) >= 5


def test_cover_and_sections(report_nl, content) -> None:
    r = report_nl
    assert r.cover.initiative == "Brugwerk Gent"
    assert r.cover.organisation == "vzw De Wissel"
    assert r.cover.date_text == "24 november 2026"
    assert r.cover.baseline_text == "18 november 2025"
    assert "سميرة" in r.cover.respondents[0]
    assert [m.id for m in r.modules] == ["sustainability", "quality"]
    assert [d.id for m in r.modules for d in m.dimensions] == [d.id for d in content.dimensions]
    anchors = [e.anchor for e in r.toc]
    # Action first: the plan follows the summary; the appendix is left out unless asked for.
    assert anchors[:3] == ["summary", "action-plan", "how-to-read"] and anchors[-1] == "capitals"
    assert r.appendix == [] and not r.with_appendix
    assert r.warnings == []


def test_appendix_only_when_asked(content, demo) -> None:
    r = build_report(content, demo, "nl", report_date=DAY, appendix=True)
    assert len(r.appendix) == len(content.questions)
    assert [e.anchor for e in r.toc][-2:] == ["capitals", "appendix"]


def test_strengths_and_priorities(report_nl) -> None:
    s = report_nl.summary
    assert len(s.strengths) == 3 and len(s.priorities) == 3
    prio_ids = [d.id for d, _ in s.priorities]
    assert not set(prio_ids) & {d.id for d in s.strengths}
    values = [report_nl.scores.dimensions[i].priority for i in prio_ids]
    assert values == sorted(values, reverse=True)
    # Revenue (33 %, importance 5) comes before weaker-importance dimensions with lower scores.
    assert prio_ids[0] == "d11-revenue"
    ranks = {d.id: d.priority_rank for m in report_nl.modules for d in m.dimensions}
    assert [ranks[i] for i in prio_ids] == [1, 2, 3]
    assert s.radar_svg.startswith("<svg") and s.bars_svg.startswith("<svg")


def test_dimension_views(report_nl) -> None:
    views = {d.id: d for m in report_nl.modules for d in m.dimensions}
    finance = views["d12-finance"]
    assert not finance.enough and finance.score_text == "niet genoeg antwoorden"
    assert finance.recommendations == [] and finance.methods
    assert finance.answered_text == "2 van 5 beantwoord"
    purpose = views["d03-purpose"]
    assert purpose.level_id == "developing" and purpose.recommendations
    # The target in the words of the content's target set; 68.75 % of the way shows rounded down.
    assert purpose.target_text == "Sterk: bewust onderhouden en gedeeld (68% van de weg)"
    assert purpose.importance_text == "5/5" and purpose.importance_label == "Topprioriteit"
    assert purpose.progress_text == "+10 punten sinds 18 november 2025"
    assert any("أول مرة" in r.answer for r in purpose.reflections)
    assert purpose.actions[0].who == "coördinator en team"
    closure = views["q05-closure"]
    assert closure.in_place_text == "60%" and closure.how_well_text.startswith("3,5 op 5")
    na = [a for a in closure.answers if a.kind == "na"]
    assert na and na[0].answer == "Niet van toepassing" and na[0].note


def test_action_plan_and_csv(report_nl, demo) -> None:
    own = sum(len(d.actions) for d in demo.dimensions.values())
    plan = report_nl.action_plan
    assert sum(1 for a in plan if a.source == "own") == own
    recs = [a for a in plan if a.source == "recommendation"]
    assert len(recs) == 6
    for a in recs:
        assert date.fromisoformat(a.due) > DAY and a.status == "" and a.status_label == "voorstel"
    # Sorted by date: months as the team typed them ("januari 2027") among the recommendations' days.
    dues = [a.due for a in plan]
    assert dues == sorted(dues) and dues[0].startswith("2026-12")
    rows = list(csv.reader(io.StringIO(action_plan_csv(report_nl).lstrip("\ufeff")), delimiter=";"))
    assert rows[0] == ["Bron", "Dimensie", "Wat", "Wie", "Tegen wanneer", "Tegen wanneer (datum)", "Status"]
    assert len(rows) == len(plan) + 1
    assert rows[1][2] == plan[0].what and rows[1][6] == plan[0].status_label
    assert {r[6] for r in rows[1:]} == {"gepland", "bezig", "voorstel"}


def test_csv_in_english_uses_commas(content, demo) -> None:
    r = build_report(content, demo, "en", report_date=DAY)
    text = action_plan_csv(r)
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0][:3] == ["Source", "Dimension", "What"]


def test_report_language_does_not_depend_on_answers_language(content, demo, report_nl) -> None:
    assert demo.language == "nl"
    r = build_report(content, demo, "en", report_date=DAY)
    assert r.toc[0].title == "Summary" and r.cover.date_text == "24 November 2026"
    assert r.modules[0].dimensions[2].title == "A clear purpose that everyone shares"
    assert r.cover.answers_language == "Dutch"
    # Notes stay as typed.
    note = next(a.note for a in r.modules[0].dimensions[2].answers if a.note)
    assert note == demo.answers["d03-q2"].note


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2026, 11, 24), 2, date(2027, 1, 24)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),
        (date(2026, 6, 15), 24, date(2028, 6, 15)),
    ],
)
def test_add_months(day, months, expected) -> None:
    assert add_months(day, months) == expected


def test_format_date() -> None:
    assert format_date(date(2027, 3, 1), "nl") == "1 maart 2027"
    assert format_date(date(2027, 3, 1), "en") == "1 March 2027"


def test_scope_only_one_dimension(content) -> None:
    a = Answers(scope={"module": "all", "only": ["d03"]})
    a.answers = {f"d03-q{i}": Answer(4) for i in range(1, 6)}
    r = build_report(content, a, "en", report_date=DAY)
    assert [[d.id for d in m.dimensions] for m in r.modules] == [["d03-purpose"]]
    assert r.summary.bars_svg == ""
    assert "<title" in r.summary.radar_svg and "polygon" not in r.summary.radar_svg  # bars, not a radar
    # One part is no basis for an overall score; the totals say what they rest on.
    assert r.summary.overall_text == "" and "single part" in r.summary.overall_note
    assert r.summary.provisional and r.summary.coverage_text == "1 of 23 parts have a score"
    assert r.modules[0].scored_text == "1 of 1 with a score"


def test_empty_answers_build_a_report(content) -> None:
    r = build_report(content, Answers(), "nl", report_date=DAY)
    # No score: said in words in the score's place, in plain type, not set as a number (nor "provisional").
    assert r.summary.overall_text == ""
    from m2w_tool.render import render_report_html

    cover = render_report_html(r).split('<div class="cover-score">', 1)[1].split("</div>", 1)[0]
    assert '<span class="cover-score-none">niet genoeg antwoorden</span>' in cover
    assert "cover-score-value" not in cover and "voorlopig" not in cover.lower()
    assert r.summary.strengths == [] and r.summary.priorities == []
    assert r.action_plan == []
    assert r.cover.initiative == "(naamloos initiatief)"


def test_warnings_for_old_content_and_unknown_ids(content) -> None:
    a = Answers(content_version="2019.1")
    a.answers = {"zz-old": Answer(3, note="oud"), "d03-q1": Answer(9)}
    r = build_report(content, a, "en", report_date=DAY)
    text = " ".join(r.warnings)
    assert "2019.1" in text and "zz-old" in text and "d03-q1" in text
    assert r.unknown_answers[0].question_id == "zz-old"


def test_extra_sections_join_the_table_of_contents(content, demo) -> None:
    r = build_report(content, demo, "nl", report_date=DAY, appendix=True)
    r.extra_sections.append(ExtraSection("group", "Groep", "_x.html.j2", data=None))
    r.extra_sections.append(ExtraSection("history", "Geschiedenis", "_x.html.j2", data=None, before="how-to-read"))
    anchors = [e.anchor for e in r.toc]
    assert anchors.index("group") == anchors.index("appendix") - 1
    assert anchors[:4] == ["summary", "action-plan", "history", "how-to-read"]
    assert [s.anchor for s in r.sections_before("appendix")] == ["group"]
    # Without the appendix a section placed before it closes the report.
    plain = build_report(content, demo, "nl", report_date=DAY, extra_sections=r.extra_sections[:1])
    assert [e.anchor for e in plain.toc][-1] == "group"


@pytest.mark.parametrize(
    ("name", "stem"),
    [
        ("Brugwerk Gent", "report-brugwerk-gent"),
        ("Café ☕ Antwerpen", "report-cafe-antwerpen"),
        ("مبادرة الجسر", "report-مبادرة-الجسر"),
        ("Мост й", "report-мост-й"),
        ("", "report"),
        ("../..", "report"),
    ],
)
def test_report_stem(name, stem) -> None:
    a = Answers()
    a.initiative["name"] = name
    assert report_stem(a) == stem


def test_actions_without_what_are_left_out(content) -> None:
    a = Answers()
    a.dimensions["d03-purpose"] = DimensionAnswers(actions=[Action("", "x", "y"), Action("Echt doen", "", "")])
    r = build_report(content, a, "nl", report_date=DAY)
    assert [x.what for x in r.action_plan] == ["Echt doen"]


def test_a_groups_names_stand_each_on_their_own_on_the_cover(content) -> None:
    # A group whose first name is in Arabic script: each name is its own (direction-isolated) text,
    # so the line keeps its order instead of reading "Jonas, groep van 2 ,فاطمة".
    import re

    from m2w_tool.render import render_report_html

    group = Answers(language="nl")
    group.initiative = {"name": "Brugwerk", "organisation": "vzw X", "region": ""}
    group.respondent = {"name": "فاطمة الزهراء, Jonas Peeters", "role": "groep van 2"}
    group.extra["group"] = {"respondents": [{"name": "فاطمة الزهراء", "role": "mentor"}, {"name": "Jonas Peeters"}]}
    r = build_report(content, group, "nl", report_date=DAY)
    assert r.cover.respondents == ["فاطمة الزهراء", "Jonas Peeters"] and r.cover.respondent_role == "groep van 2"
    html = render_report_html(r)
    line = re.search(r"<dt>Ingevuld door</dt><dd>(.*?)</dd>", html).group(1)
    spans = re.findall(r'<span class="u" dir="auto">(.*?)</span>', line)
    assert [re.sub(r"<[^>]+>|\u00ad|\u200b", "", s) for s in spans] == ["فاطمة الزهراء", "Jonas Peeters", "groep van 2"]
    # One person: name and role apart too.
    one = build_report(content, load_answers(examples_dir() / "demo.yaml"), "nl", report_date=DAY)
    assert len(one.cover.respondents) == 1 and one.cover.respondent_role == "coördinator"


def test_a_groups_report_and_a_members_report_have_two_names(tmp_path) -> None:
    # A trainer reports on Ann's own file and on the team's merged file: neither replaces the other.
    from click.testing import CliRunner

    from m2w_tool.answers import save_answers
    from m2w_tool.cli import cli

    for name, person in (("ann.yaml", "Ann"), ("jonas.yaml", "Jonas")):
        member = load_answers(examples_dir() / "demo.yaml")
        member.respondent["name"] = person
        save_answers(member, tmp_path / name)
    files = [str(tmp_path / "ann.yaml"), str(tmp_path / "jonas.yaml")]
    merged = CliRunner().invoke(cli, ["merge", *files, "-o", str(tmp_path / "team.yaml"), "--lang", "en"])
    assert merged.exit_code == 0, merged.output
    for name in ("ann.yaml", "team.yaml"):
        result = CliRunner().invoke(
            cli, ["report", str(tmp_path / name), "--format", "html", "-o", str(tmp_path / "out"), "--lang", "en"]
        )
        assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "out").glob("*.html")) == [
        "report-brugwerk-gent-group.html",
        "report-brugwerk-gent.html",
    ]
