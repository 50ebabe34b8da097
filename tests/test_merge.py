"""Group assessment: the merge arithmetic, the disagreement flags, the notes, and `m2w merge`."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from m2w_tool.answers import (
    NA,
    Action,
    Answer,
    Answers,
    DimensionAnswers,
    dump_answers,
    load_answers,
    save_answers,
)
from m2w_tool.content import load_content
from m2w_tool.errors import M2WError
from m2w_tool.merge import (
    disagreement_threshold,
    group_answers,
    initiative_key,
    merge_answers,
)
from m2w_tool.report import ExtraSection, group_view


@pytest.fixture(scope="module")
def content():
    return load_content()


def person(
    name: str,
    values: dict,
    *,
    initiative: str = "Brugwerk Gent",
    org: str = "vzw De Brug",
    started: str = "2026-03-02T10:00:00+01:00",
    notes: dict | None = None,
    how_well: dict | None = None,
) -> Answers:
    a = Answers(
        initiative={"name": initiative, "organisation": org, "region": "Gent"},
        respondent={"name": name, "role": "coach"},
        started=started,
        updated=started,
    )
    for qid, value in values.items():
        a.answers[qid] = Answer(value=value, note=(notes or {}).get(qid, ""), how_well=(how_well or {}).get(qid))
    return a


@pytest.fixture
def team():
    anna = person(
        "Anna",
        {"d03-q1": 4, "d03-q2": 4, "d03-q3": 2, "q01-q1": 0, "q01-q2": 2, "d04-q1": NA},
        notes={"d03-q1": "We zeggen het elk jaar opnieuw."},
        how_well={"q01-q2": 5},
    )
    bram = person(
        "Bram",
        {"d03-q1": 2, "d03-q2": 3, "d03-q3": NA, "q01-q1": 1, "q01-q2": 2, "d04-q1": NA},
        notes={"d03-q1": "Niet iedereen kent het doel.", "q01-q1": "Enkel in Gent."},
        how_well={"q01-q2": 3},
        started="2026-03-04T09:00:00+01:00",
    )
    cees = person(
        "Cees",
        {"d03-q1": 5, "d03-q2": 4, "d03-q3": 4, "q01-q1": 1, "q01-q2": 2},
        started="2026-03-03T15:30:00+01:00",
    )
    return [("anna.yaml", anna), ("bram.yaml", bram), ("cees.yaml", cees)]


def test_mean_spread_count_and_flag_per_statement(content, team) -> None:
    merged = merge_answers(team, content).answers
    g = merged.answers["d03-q1"].extra["group"]
    assert merged.answers["d03-q1"].value == pytest.approx(3.67)
    assert (g["n"], g["values"], g["spread"], g["disagree"], g["na"]) == (3, [4, 2, 5], 3, True, 0)
    assert "by" not in g  # everyone answered: values follow the respondents' order
    g2 = merged.answers["d03-q2"].extra["group"]
    assert (merged.answers["d03-q2"].value, g2["spread"], g2["disagree"]) == (
        pytest.approx(3.67),
        1,
        False,
    )
    # n/a is left out of the mean and counted; a spread of exactly 2 on 1-5 is a disagreement.
    g3 = merged.answers["d03-q3"].extra["group"]
    assert (merged.answers["d03-q3"].value, g3["n"], g3["na"], g3["spread"], g3["disagree"]) == (
        3,
        2,
        1,
        2,
        True,
    )
    assert g3["by"] == ["Anna", "Cees"]


def test_threshold_scales_with_the_scale(content, team) -> None:
    assert disagreement_threshold(4) == 2  # 1-5
    assert disagreement_threshold(2) == 1  # 0-2 (in place: no / partly / yes)
    assert disagreement_threshold(6) == 3  # a 1-7 scale
    merged = merge_answers(team, content).answers
    in_place = merged.answers["q01-q1"].extra["group"]  # no, partly, partly: a spread of 1 on 0-2
    assert (in_place["spread"], in_place["disagree"]) == (1, True)
    agreed = merged.answers["q01-q2"]
    assert (agreed.value, agreed.extra["group"]["disagree"]) == (2, False)
    # how well: 5 and 3 -> mean 4, spread 2 on 1-5
    assert agreed.how_well == 4
    assert agreed.extra["group"]["how_well"]["spread"] == 2
    assert agreed.extra["group"]["how_well"]["disagree"] is True


def test_all_na_stays_na_and_unanswered_stays_out(content, team) -> None:
    merged = merge_answers(team, content).answers
    assert merged.answers["d04-q1"].value == NA
    assert merged.answers["d04-q1"].extra["group"]["na"] == 2
    assert "d05-q1" not in merged.answers


def test_notes_are_kept_with_their_author(content, team) -> None:
    merged = merge_answers(team, content).answers
    answer = merged.answers["d03-q1"]
    assert answer.extra["group"]["notes"] == [
        {"respondent": "Anna", "note": "We zeggen het elk jaar opnieuw."},
        {"respondent": "Bram", "note": "Niet iedereen kent het doel."},
    ]
    assert answer.note == "Anna: We zeggen het elk jaar opnieuw.\nBram: Niet iedereen kent het doel."


def test_the_file_lists_respondents_and_spans_their_dates(content, team) -> None:
    result = merge_answers(team, content)
    merged = result.answers
    assert result.respondents == ["Anna", "Bram", "Cees"]
    assert [r["name"] for r in merged.extra["group"]["respondents"]] == ["Anna", "Bram", "Cees"]
    assert [r["file"] for r in merged.extra["group"]["respondents"]] == [
        "anna.yaml",
        "bram.yaml",
        "cees.yaml",
    ]
    assert merged.respondent["name"] == "Anna, Bram, Cees"
    assert merged.started == "2026-03-02T10:00:00+01:00"
    assert merged.updated == "2026-03-04T09:00:00+01:00"
    assert result.disagreements == ["d03-q1", "d03-q3", "q01-q1"]


def test_dimension_answers_merge(content, team) -> None:
    team[0][1].dimensions["d03-purpose"] = DimensionAnswers(
        importance=5, target="strong", actions=[Action("Schrijf het doel op", "Anna", "juni")]
    )
    team[1][1].dimensions["d03-purpose"] = DimensionAnswers(
        importance=2, target="developing", actions=[Action("schrijf het doel op!", "Bram", "mei")]
    )
    team[2][1].dimensions["d03-purpose"] = DimensionAnswers(importance=4, target="established", reflections=["Waarom?"])
    d = merge_answers(team, content).answers.dimensions["d03-purpose"]
    assert d.importance == pytest.approx(3.7)
    assert d.target == "established"  # the middle one of developing, established, strong
    assert [a.what for a in d.actions] == ["Schrijf het doel op"]  # the same action once
    assert d.reflections == ["Cees: Waarom?"]
    assert d.extra["group"]["targets"] == ["strong", "developing", "established"]


def test_round_trip_through_the_file(content, team, tmp_path: Path) -> None:
    merged = merge_answers(team, content).answers
    save_answers(merged, tmp_path / "team.yaml", touch=False)
    loaded = load_answers(tmp_path / "team.yaml")
    assert dump_answers(loaded) == dump_answers(merged)
    data = group_answers(loaded)
    assert data["d03-q1"].values == (4, 2, 5)
    assert data["d03-q1"].by == ("Anna", "Bram", "Cees")
    assert data["d03-q3"].by == ("Anna", "Cees")
    assert data["d03-q1"].disagree and not data["d03-q2"].disagree


def test_different_initiatives_are_refused_unless_forced(content, team) -> None:
    other = (
        "other.yaml",
        person("Dina", {"d03-q1": 3}, initiative="Werkmaatjes", org="Stad Aalst"),
    )
    with pytest.raises(M2WError) as info:
        merge_answers([team[0], other], content)
    message = info.value.format_message()
    assert "different initiatives" in message and "Werkmaatjes" in message and "--force" in message
    assert merge_answers([team[0], other], content, force=True).answers.initiative["name"] == "Brugwerk Gent"


def test_names_are_compared_without_case_accents_or_punctuation() -> None:
    a = person("A", {}, initiative="Brugwerk  Gent", org="VZW De Brug")
    b = person("B", {}, initiative="brugwerk gent.", org="vzw de brug")
    c = person("C", {}, initiative="Brügwerk Gent", org="vzw De-Brug")
    assert initiative_key(a) == initiative_key(b) == initiative_key(c)


def test_group_files_and_repeated_files_are_refused(content, team) -> None:
    merged = merge_answers(team, content).answers
    with pytest.raises(M2WError, match="already a group file"):
        merge_answers([("team.yaml", merged), team[0]], content)
    with pytest.raises(M2WError, match="listed twice"):
        merge_answers([team[0], team[0]], content)
    with pytest.raises(M2WError, match="at least two"):
        merge_answers([team[0]], content)


def test_group_view_lists_disagreements_and_notes_by_respondent(content, team) -> None:
    view = group_view(content, merge_answers(team, content).answers, "en")
    assert [d.question_id for d in view.disagreements] == [
        "d03-q1",
        "d03-q3",
        "q01-q1",
    ]  # widest spread first
    first = view.disagreements[0]
    assert first.answers == (
        ("Anna", "4 · Largely"),
        ("Bram", "2 · Hardly"),
        ("Cees", "5 · Fully"),
    )
    assert (first.mean, first.spread) == ("3.7", "3")
    notes = {n.name: n.notes for n in view.notes}
    assert [note for _, note in notes["Bram"]] == ["Niet iedereen kent het doel.", "Enkel in Gent."]
    assert notes["Cees"] == ()
    assert group_view(content, team[0][1], "en") is None  # one person's file has no group section


def test_group_section_renders_escaped(content, team) -> None:
    from html.parser import HTMLParser

    from m2w_tool.render import render_html

    team[0][1].answers["d03-q1"].note = "<script>alert(1)</script>"
    view = group_view(content, merge_answers(team, content).answers, "en")
    html = render_html("_group.html.j2", "en", section=ExtraSection("group", "Group", "_group.html.j2", view))
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    rows = []

    class Rows(HTMLParser):
        def handle_starttag(self, tag, attrs):
            if tag == "tbody":
                rows.append(dict(attrs).get("class"))

    Rows().feed(html)
    assert rows.count("disagreement") == 3


def test_merge_command(content, team, tmp_path: Path) -> None:
    from m2w_tool.cli import cli

    paths = []
    for label, answers in team:
        save_answers(answers, tmp_path / label, touch=False)
        paths.append(str(tmp_path / label))
    runner = CliRunner()
    result = runner.invoke(cli, ["merge", *paths, "-o", str(tmp_path / "team.yaml"), "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "3 statement(s) to discuss" in result.output and "d03-q1  [4, 2, 5]" in result.output
    assert load_answers(tmp_path / "team.yaml").extra["group"]["respondents"][1]["name"] == "Bram"

    # default name next to the first file
    result = runner.invoke(cli, ["merge", *paths, "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "group-brugwerk-gent.yaml").is_file()

    save_answers(person("Dina", {"d03-q1": 3}, initiative="Werkmaatjes"), tmp_path / "dina.yaml", touch=False)
    result = runner.invoke(
        cli,
        [
            "merge",
            paths[0],
            str(tmp_path / "dina.yaml"),
            "-o",
            str(tmp_path / "x.yaml"),
            "--lang",
            "en",
        ],
    )
    assert result.exit_code == 1 and "different initiatives" in result.output
    assert not (tmp_path / "x.yaml").exists()
    result = runner.invoke(cli, ["merge", paths[0], paths[1], "-o", paths[0], "--lang", "en"])
    assert result.exit_code == 1 and "one of the files being merged" in result.output
