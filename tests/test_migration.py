"""Old answers keep working: the migration map 2026.1 -> 2026.2 is complete and checked, upgrading is
pure and loses nothing, and a 2026.1 answers file loads, reports, merges, compares and shows progress."""

from __future__ import annotations

import shutil
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from conftest import edit

from m2w_tool.answers import Answer, Answers, DimensionAnswers, dump_answers, invalid_values, load_answers
from m2w_tool.cli import cli
from m2w_tool.content import load_content
from m2w_tool.errors import ContentError
from m2w_tool.history import build_history, select_history
from m2w_tool.merge import merge_answers
from m2w_tool.migration import MIGRATED_KEY, RETIRED_KEY, Migration, carried_ids, map_value, upgrade
from m2w_tool.resources import content_dir, examples_dir
from m2w_tool.scoring import score

DATA = Path(__file__).parent / "data"
FIXTURE = DATA / "answers-2026.1.yaml"  # examples/demo.yaml as it was for content 2026.1
OLD_IDS = (DATA / "content-2026.1-ids.txt").read_text(encoding="utf-8").split()


@pytest.fixture(scope="module")
def content():
    return load_content()


@pytest.fixture(scope="module")
def m(content) -> Migration:
    return content.migrations["2026.1"]


def old_answers(values: dict, version: str = "2026.1", **dims) -> Answers:
    a = Answers(content_version=version, content_sha256="a" * 64)
    for qid, value in values.items():
        a.answers[qid] = value if isinstance(value, Answer) else Answer(value)
    a.dimensions.update(dims)
    return a


# --- the map --------------------------------------------------------------------------------------


def test_every_2026_1_question_is_in_the_map_and_every_target_exists(content, m) -> None:
    assert len(OLD_IDS) == 142
    assert sorted(m.questions) == sorted(OLD_IDS)
    assert (m.from_version, m.to) == ("2026.1", content.version)
    for qid, move in m.questions.items():
        target = move.target(qid)
        assert target is None or target in content.questions, qid
        assert move.replaced_by is None or move.replaced_by in content.questions, qid
    removed = [q for q, mv in m.questions.items() if mv.removed]
    assert removed == ["d12-q3", "d13-q6"]


def test_an_id_is_never_reused_for_another_question(content, m) -> None:
    for qid, move in m.questions.items():
        assert move.kept == (qid in content.questions), qid


def test_every_quality_answer_gets_the_new_in_place_values(content, m) -> None:
    for qid, move in m.questions.items():
        if qid.startswith("q"):
            assert move.values is not None and 0 in m.values[move.values].map, qid
            target = content.questions[move.target(qid)][1] if move.target(qid) else None
            if target is not None and not target.na_allowed:
                assert m.values[move.values].map["n/a"] == "dont_know", qid


def _shipped_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "content"
    shutil.copytree(content_dir(), root)
    monkeypatch.chdir(tmp_path)
    return root


MAP = "content/migrations/2026.1.yaml"


def test_the_map_is_checked_with_located_problems(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _shipped_copy(tmp_path, monkeypatch)
    path = root / "migrations" / "2026.1.yaml"
    edit(path, "d01-q5: {merged: d01-q2}", "d01-q5: {merged: d01-q99}")
    edit(path, "d02-q1: {kept: true}", "d02-q1: {renamed: d02-q4}")  # d02-q1 is still asked: never reused
    edit(path, "q01-q3: {kept: true, values: inplace-minimum}", "q01-q3: {kept: true, values: inplace}")
    edit(path, "q01-q1: {kept: true, values: inplace}", "q01-q1: {kept: true, values: nowhere}")
    edit(path, "d13-q1: {merged: d15-q1}", "d13-q1: {merged: d15-q1, removed: {nl: weg, en: gone}}")
    with pytest.raises(ContentError) as info:
        load_content(root)
    found = [str(p) for p in info.value.problems]
    line = {
        n: i
        for i, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        for n in [text.split(":")[0].strip()]
    }
    assert f"{MAP}:{line['d01-q5']}:12: questions.d01-q5.merged: this content has no question 'd01-q99'" in found
    assert any(p.startswith(f"{MAP}:{line['d02-q1']}:") and "'d02-q1' is still a question here" in p for p in found)
    assert any(p.startswith(f"{MAP}:{line['q01-q3']}:") and "must send n/a to dont_know" in p for p in found)
    assert any(p.startswith(f"{MAP}:{line['q01-q1']}:") and "no value map 'nowhere'" in p for p in found)
    assert any(p.startswith(f"{MAP}:{line['d13-q1']}:") and "exactly one of kept" in p for p in found)
    assert len(found) == 5, found


def test_the_map_file_is_named_after_its_version_and_leads_to_this_content(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _shipped_copy(tmp_path, monkeypatch)
    path = root / "migrations" / "2026.1.yaml"
    edit(path, 'to: "2026.2"', 'to: "2027.9"')
    path.rename(root / "migrations" / "old.yaml")
    with pytest.raises(ContentError) as info:
        load_content(root)
    found = [str(p) for p in info.value.problems]
    assert (
        "content/migrations/old.yaml:5:1: from: this map starts at version 2026.1, so its file is named "
        "2026.1.yaml" in found
    )
    assert any(p.startswith("content/migrations/old.yaml:6:1: to: version 2027.9 is neither") for p in found)


def test_validate_command_checks_the_map(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _shipped_copy(tmp_path, monkeypatch)
    edit(root / "migrations" / "2026.1.yaml", "d01-q5: {merged: d01-q2}", "d01-q5: {merged: d01-q99}")
    result = CliRunner().invoke(cli, ["validate", str(root), "--lang", "en"])
    assert result.exit_code == 1 and "d01-q99" in result.output and "Traceback" not in result.output


def test_schema_of_a_migration_map(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["schema", "migration"])
    assert result.exit_code == 0
    assert '"from"' in result.output and '"merged"' in result.output


# --- upgrading, unit by unit ----------------------------------------------------------------------


def test_kept_answers_move_with_their_values_mapped(m) -> None:
    a = old_answers({"d01-q1": Answer(4, note="n", evidence="e"), "q01-q1": Answer(2, how_well=4), "q03-q4": "n/a"})
    new, steps = upgrade(a, {"2026.1": m})
    assert (new.content_version, new.content_sha256) == ("2026.2", "")
    assert new.upgraded_from == {"version": "2026.1", "sha256": "a" * 64}
    assert new.answers["d01-q1"].to_yaml() == {"value": 4, "note": "n", "evidence": "e"}
    assert new.answers["q01-q1"].to_yaml() == {"value": 3, "how_well": 4}  # 0-2 became 1-3
    assert new.answers["q03-q4"].value == "dont_know"  # a minimum does not allow n/a
    assert [(s.from_version, s.to_version) for s in steps] == [("2026.1", "2026.2")]


def test_merged_answers_are_combined_and_both_notes_kept(m) -> None:
    # d06-q2 (who decides what) merged into d05-q1 (decision rights)
    a = old_answers({"d05-q1": Answer(4, note="Staat in de nota."), "d06-q2": Answer(1, note="In de praktijk niet.")})
    new, steps = upgrade(a, {"2026.1": m})
    merged = new.answers["d05-q1"]
    assert merged.value == 2  # mean 2.5, rounded down: never more than the answers said on average
    assert merged.note == "[d05-q1] Staat in de nota.\n[d06-q2] In de praktijk niet."
    assert merged.extra[MIGRATED_KEY] == {
        "from": "2026.1",
        "answers": {
            "d05-q1": {"value": 4, "note": "Staat in de nota."},
            "d06-q2": {"value": 1, "note": "In de praktijk niet."},
        },
    }
    assert "d06-q2" not in new.answers and steps[0].merged == 1


def test_merging_across_scales_maps_first_and_dont_know_beats_na(m) -> None:
    # d13-q3 (agree5) merged into q06-q3 (a minimum on the in-place scale)
    a = old_answers({"q06-q3": 2, "d13-q3": 5})
    assert upgrade(a, {"2026.1": m})[0].answers["q06-q3"].value == 3
    a = old_answers({"q06-q3": "n/a", "d13-q3": "n/a"})
    assert upgrade(a, {"2026.1": m})[0].answers["q06-q3"].value == "dont_know"
    # a quality criterion merged into a statement loses its "how well" (kept in the record)
    new = upgrade(old_answers({"q01-q5": Answer(1, how_well=4)}), {"2026.1": m})[0].answers["d10-q2"]
    assert (new.value, new.how_well) == (3, None)
    assert new.extra[MIGRATED_KEY]["answers"]["q01-q5"] == {"value": 1, "how_well": 4}


def test_removed_answers_and_retired_reflections_are_kept_in_the_file(m) -> None:
    a = old_answers(
        {"d13-q6": Answer(3, note="elk jaar"), "d12-q3": "n/a"},
        **{
            "d13-programme-quality": DimensionAnswers(importance=4, reflections=["eerste", "tweede", "derde"]),
            "d06-leadership": DimensionAnswers(reflections=["oud", "blijft", "ook"]),
        },
    )
    new, steps = upgrade(a, {"2026.1": m})
    assert "d13-q6" not in new.answers and "d12-q3" not in new.answers
    shelf = new.extra[RETIRED_KEY]["2026.1"]
    assert shelf["answers"] == {"d13-q6": {"value": 3, "note": "elk jaar"}, "d12-q3": {"value": "n/a"}}
    assert shelf["reflections"]["d13-programme-quality"] == ["eerste", "tweede", "derde"]
    assert new.dimensions["d13-programme-quality"].reflections == ["", "tweede"]  # the question that stayed
    assert new.dimensions["d13-programme-quality"].importance == 4
    assert new.dimensions["d06-leadership"].reflections == ["", "blijft", "ook"]
    assert steps[0].retired == 4


def test_upgrading_is_pure_and_happens_once(m) -> None:
    a = old_answers({"q01-q1": 2, "d06-q2": 1})
    before = dump_answers(a)
    new, _ = upgrade(a, {"2026.1": m})
    assert dump_answers(a) == before
    again, steps = upgrade(new, {"2026.1": m})
    assert steps == [] and dump_answers(again) == dump_answers(new)
    assert upgrade(old_answers({"q01-q1": 2}, version="2019.1"), {"2026.1": m})[1] == []


def test_an_unknown_id_that_collides_with_a_new_one_is_retired_not_lost(m) -> None:
    a = old_answers({"q01-q1": 2, "zz-q1": 4})
    a.answers["d14-q7"] = Answer(5, note="van elders")  # not a 2026.1 id, but a 2026.2 id
    a.answers["d14-q1"] = Answer(2)  # merged into d03-q2, which is free
    new = upgrade(a, {"2026.1": m})[0]
    assert new.answers["zz-q1"].value == 4  # unknown to both versions: stays, reported as unknown
    assert new.answers["d14-q7"].note == "van elders"


@pytest.mark.parametrize(
    ("value", "expected"),
    [(0, 1), (2, 3), (1.5, 2.5), (0.25, 1.25), ("n/a", "dont_know"), ("dont_know", "dont_know"), (None, None), (7, 7)],
)
def test_value_maps_place_group_means_between_their_neighbours(value, expected) -> None:
    assert map_value(value, {0: 1, 1: 2, 2: 3, "n/a": "dont_know"}) == expected


def test_a_group_file_keeps_its_individual_values_on_the_new_scale(m) -> None:
    a = old_answers({"q01-q1": Answer(1.5, extra={"group": {"n": 2, "values": [1, 2], "spread": 1}})})
    new = upgrade(a, {"2026.1": m})[0].answers["q01-q1"]
    assert new.value == 2.5 and new.extra["group"]["values"] == [2, 3]


def test_carried_ids_say_what_history_can_compare(content, m) -> None:
    carried = carried_ids(content.migrations, "2026.1", "2026.2")
    assert "d01-q2" in carried and "q06-q3" in carried  # kept, and merged into
    assert "d13-q7" not in carried and "d12-q7" not in carried  # new questions
    assert "q04-q3" not in carried  # carried over, but asks something else now
    assert carried_ids(content.migrations, "2019.1", "2026.2") is None


# --- a 2026.1 answers file in every command -------------------------------------------------------


@pytest.fixture(scope="module")
def old(content) -> Answers:
    return load_answers(FIXTURE)


def test_the_fixture_was_made_with_2026_1() -> None:
    data = yaml.safe_load(FIXTURE.read_text(encoding="utf-8"))
    assert data["content"]["version"] == "2026.1"
    assert set(data["answers"]) <= set(OLD_IDS)


def test_a_2026_1_file_loads_as_2026_2_with_nothing_lost(content, old) -> None:
    data = yaml.safe_load(FIXTURE.read_text(encoding="utf-8"))
    assert old.content_version == content.version and old.made_with == "2026.1"
    assert old.unknown_ids(content) == [] and invalid_values(old, content) == []
    written = yaml.safe_load(dump_answers(old))
    strings: list[str] = []

    def collect(node) -> None:
        if isinstance(node, dict):
            for value in node.values():
                collect(value)
        elif isinstance(node, list):
            for value in node:
                collect(value)
        elif isinstance(node, str):
            strings.append(node)

    collect(written)
    for qid, raw in data["answers"].items():  # every note and piece of evidence is still in the file
        for key in ("note", "evidence"):
            if raw.get(key):
                assert any(raw[key] in s for s in strings), (qid, key)
    assert "d13-q6" in old.extra[RETIRED_KEY]["2026.1"]["answers"]


def test_an_upgraded_file_saved_and_read_again_stays_the_same(tmp_path: Path, old) -> None:
    from m2w_tool.answers import save_answers

    save_answers(old, tmp_path / "up.yaml", touch=False)
    again = load_answers(tmp_path / "up.yaml")
    assert dump_answers(again) == dump_answers(old)
    assert again.upgraded_from["version"] == "2026.1"


def test_a_2026_1_file_reports_in_html(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["report", str(FIXTURE), "-o", str(tmp_path), "--lang", "en"])
    assert result.exit_code == 0, result.output
    (html_path,) = tmp_path.glob("*.html")
    html = html_path.read_text(encoding="utf-8")

    class Text(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.parts: list[str] = []

        def handle_data(self, data: str) -> None:
            self.parts.append(data)

    parser = Text()
    parser.feed(html)
    text = " ".join(" ".join(parser.parts).split())
    assert "Brugwerk Gent" in text
    assert "Soms merken we pas bij de tussentijdse evaluatie" in text  # a note that moved with its answer
    assert "not on the scale" not in text and "questions this content does not know" not in text


def test_a_2026_1_file_merges_with_a_2026_2_file(content, old) -> None:
    new = load_answers(examples_dir() / "demo.yaml")
    new.respondent = {"name": "Jonas", "role": "trajectbegeleider"}
    result = merge_answers([("old.yaml", old), ("new.yaml", new)], content)
    assert result.answers.unknown_ids(content) == []
    assert result.answers.answers["q06-q3"].extra["group"]["n"] == 2


def test_a_2026_1_file_compares_in_a_portfolio(content, old) -> None:
    from m2w_tool.portfolio import build_portfolio

    new = load_answers(examples_dir() / "demo.yaml")
    new.initiative = {"name": "Werkmaatjes", "organisation": "Stad Aalst", "region": ""}
    p = build_portfolio([("old.yaml", old), ("new.yaml", new)], content, "en")
    rows = {r.name: r for r in p.rows}
    assert rows["Brugwerk Gent"].content_version == "2026.1" and rows["Brugwerk Gent"].other_version
    assert not rows["Werkmaatjes"].other_version
    assert p.mixed_versions and "2026.1" in p.version_note


def _better(content) -> Answers:
    """A 2026.2 assessment a year after the fixture, with clearly better answers in d06 and q06."""
    new = load_answers(examples_dir() / "demo.yaml")
    new.started, new.updated = "2027-10-20T10:00:00+02:00", "2027-10-21T10:00:00+02:00"
    for dim in ("d06-leadership", "q06-follow-up"):
        for q in content.find(dim).questions:
            high = content.scales[q.scale].high
            new.answers[q.id] = Answer(high, 5 if q.how_well else None)
    return new


def test_history_against_a_2026_2_file_shows_progress_like_with_like(content, old) -> None:
    new = _better(content)
    earlier = select_history(new, [("old.yaml", old)], content)
    assert [label for label, _ in earlier] == ["old.yaml"]
    h = build_history(content, ("new.yaml", new), earlier)
    assert h.versions == ("2026.1", "2026.2") and h.mixed_versions
    dims = {d.short_id: d for d in h.dimensions}
    assert dims["d06"].trend == "up" and dims["q06"].trend == "up"
    assert dims["d06"].like_with_like and dims["d06"].shared == 4
    # the change is computed on the statements both versions share
    assert dims["q06"].change == pytest.approx(dims["q06"].comparable_percents[1] - dims["q06"].comparable_percents[0])
    # d13 was rebuilt: too few shared statements to call a change progress
    assert not dims["d13"].like_with_like and dims["d13"].change is None and dims["d13"].trend is None
    assert [d.short_id for d in h.not_comparable] == ["d13"]


def test_history_of_one_version_compares_everything(content) -> None:
    new = _better(content)
    earlier = load_answers(examples_dir() / "demo.yaml")
    h = build_history(content, ("new.yaml", new), [("old.yaml", earlier)])
    assert not h.mixed_versions and h.not_comparable == ()
    assert all(d.comparable_percents == () and d.like_with_like for d in h.dimensions)


def test_assessing_a_2026_1_file_keeps_the_retired_answers(tmp_path: Path) -> None:
    target = tmp_path / "old.yaml"
    shutil.copy(FIXTURE, target)
    result = CliRunner().invoke(cli, ["assess", str(target), "--lang", "en"], input="q\n")
    assert "Traceback" not in result.output
    assert "2026.1" in result.output  # the questionnaire says the file was made with older content
    data = yaml.safe_load(target.read_text(encoding="utf-8"))
    if data["content"]["version"] == "2026.2":  # saved in the new form
        assert "d13-q6" in data[RETIRED_KEY]["2026.1"]["answers"]
    scores = score(load_content(), load_answers(target))
    assert scores.dimensions["d03-purpose"].percent is not None


def test_the_demo_report_date_still_works(content) -> None:
    from m2w_tool.report import build_report

    r = build_report(content, load_answers(FIXTURE), "en", report_date=date(2026, 11, 24), answers_name="old.yaml")
    assert r.cover.initiative == "Brugwerk Gent"
