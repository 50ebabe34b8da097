"""m2w_tool.answering: one change at a time, checked against the content, saved under the lock in
the format of `m2w assess`, so the browser and the terminal can take turns on one file."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from m2w_tool.answering import (
    BASELINE_KEY,
    AnswersStore,
    Change,
    ChangeRefused,
    FileBusy,
    NewAssessment,
    apply_change,
    current_value,
    file_in,
    next_open,
    progress,
    reserve_file,
    round_from,
    safe_stem,
    start_assessment,
)
from m2w_tool.answers import NA, Answers, load_answers, save_answers
from m2w_tool.cli import cli
from m2w_tool.content import load_content
from m2w_tool.lock import AnswersLock

MINI_DIR = Path(__file__).parent / "data" / "mini"
MINI = load_content(MINI_DIR)


def fresh(module: str = "all") -> Answers:
    answers = Answers()
    answers.scope = {"module": module, "only": []}
    return answers


def change(answers: Answers, name: str, value: str) -> None:
    apply_change(answers, Change.parse(name, value), MINI)


@pytest.fixture
def started(tmp_path: Path) -> tuple[AnswersStore, Path]:
    new = NewAssessment("Mentor Gent", "Stad & Werk vzw", "Gent", "Ann", "coach", "all", (), "en")
    return AnswersStore(MINI), start_assessment(tmp_path, MINI, new)


# --- changes -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    ["q.d01-q1.value", "q.q01-q1.how_well", "q.d01-q1.note", "q.d01-q1.evidence", "d.d01-alpha.importance",
     "d.d01-alpha.target", "d.d01-alpha.reflection.1", "d.d01-alpha.action.2.when"],
)  # fmt: skip
def test_a_field_name_reads_back_as_itself(name: str) -> None:
    assert Change.parse(name, "x").name == name


@pytest.mark.parametrize(
    "name", ["", "q.d01-q1", "q.d01-q1.colour", "d.d01-alpha.action.x.what", "d.d01-alpha.action.0.why", "../etc"]
)
def test_a_malformed_field_name_is_refused(name: str) -> None:
    with pytest.raises(ChangeRefused, match="Unknown field"):
        Change.parse(name, "1")


def test_values_on_the_scale_na_and_clearing() -> None:
    answers = fresh()
    change(answers, "q.d01-q1.value", "4")
    change(answers, "q.d01-q2.value", "n/a")
    assert answers.answers["d01-q1"].value == 4
    assert answers.answers["d01-q2"].value == NA
    change(answers, "q.d01-q2.value", "")
    assert "d01-q2" not in answers.answers  # nothing left: as if never answered
    with pytest.raises(ChangeRefused, match="1 to 5"):
        change(answers, "q.d01-q1.value", "7")
    assert answers.answers["d01-q1"].value == 4


def test_how_well_only_when_at_least_partly_in_place_and_cleared_by_no() -> None:
    answers = fresh()
    with pytest.raises(ChangeRefused, match="at least partly"):
        change(answers, "q.q01-q1.how_well", "4")
    change(answers, "q.q01-q1.value", "1")
    change(answers, "q.q01-q1.how_well", "4")
    assert (answers.answers["q01-q1"].value, answers.answers["q01-q1"].how_well) == (1, 4)
    change(answers, "q.q01-q1.value", "0")  # "no": how well it works does not apply any more
    assert answers.answers["q01-q1"].how_well is None
    with pytest.raises(ChangeRefused, match="no 'how well'"):
        change(answers, "q.d01-q1.how_well", "3")


def test_texts_are_cleaned_and_limited() -> None:
    answers = fresh()
    change(answers, "q.d01-q1.note", "  first line  \r\nsecond\x07 line\n\n")
    assert answers.answers["d01-q1"].note == "  first line\nsecond line"
    with pytest.raises(ChangeRefused, match="too long"):
        change(answers, "q.d01-q1.evidence", "x" * 20_001)


def test_dimension_fields_are_checked() -> None:
    answers = fresh()
    change(answers, "d.d01-alpha.importance", "5")
    change(answers, "d.d01-alpha.target", "established")
    change(answers, "d.d01-alpha.reflection.0", "an answer")
    dim = answers.dimensions["d01-alpha"]
    assert (dim.importance, dim.target, dim.reflections) == (5, "established", ["an answer"])
    change(answers, "d.d01-alpha.reflection.0", "")
    assert dim.reflections == []
    for name, value, words in [
        ("d.d01-alpha.importance", "6", "importance"),
        ("d.d01-alpha.target", "best", "target level"),
        ("d.d01-alpha.reflection.9", "x", "no reflection question 10"),
        ("d.d01-alpha.action.3.what", "x", "At most 3"),
        ("d.d99-nope.importance", "3", "not part of this assessment"),
        ("q.d99-q1.value", "3", "not part of this assessment"),
    ]:
        with pytest.raises(ChangeRefused, match=words):
            change(answers, name, value)


def test_a_file_about_one_part_refuses_the_other() -> None:
    answers = fresh("quality")
    with pytest.raises(ChangeRefused, match="not part of this assessment"):
        change(answers, "q.d01-q1.value", "3")


def test_action_rows_keep_their_place_and_empty_rows_at_the_end_go() -> None:
    answers = fresh()
    change(answers, "d.d01-alpha.action.1.who", "Bram")
    actions = answers.dimensions["d01-alpha"].actions
    assert [(a.what, a.who) for a in actions] == [("", ""), ("", "Bram")]
    change(answers, "d.d01-alpha.action.0.what", "Plan")
    change(answers, "d.d01-alpha.action.1.who", "")
    assert [(a.what, a.who) for a in answers.dimensions["d01-alpha"].actions] == [("Plan", "")]
    assert current_value(answers, Change.parse("d.d01-alpha.action.0.what", "")) == "Plan"
    change(answers, "d.d01-alpha.action.0.what", "")
    assert "d01-alpha" not in answers.dimensions


# --- progress and the next open question ---------------------------------------------------------


def test_progress_counts_what_assess_counts() -> None:
    answers = fresh()
    change(answers, "q.d01-q1.value", "4")
    change(answers, "d.d01-alpha.importance", "3")
    counts = {p.dimension.short_id: (p.answered, p.total) for p in progress(MINI, answers)}
    assert counts == {"d01": (2, 4), "d02": (0, 4), "q01": (0, 4)}


def test_next_open_skips_what_is_answered_and_wraps_around() -> None:
    answers = fresh()
    for qid in ("d01-q1", "d01-q2", "d02-q1"):
        change(answers, f"q.{qid}.value", "3")
    dim, anchor = next_open(MINI, answers)
    assert (dim.short_id, anchor) == ("d01", "importance-d01")
    dim, anchor = next_open(MINI, answers, after="q-d02-q1")
    assert (dim.short_id, anchor) == ("d02", "q-d02-q2")
    change(answers, "q.q01-q1.value", "1")  # partly in place: "how well" is now open
    assert next_open(MINI, answers, after="q-d02-q2")[1] == "importance-d02"
    assert next_open(MINI, answers, after="target-d02")[1] == "q-q01-q1"
    dim, anchor = next_open(MINI, answers, after="target-q01")  # nothing after: start again
    assert anchor == "importance-d01"


# --- names and files -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed, stem",
    [
        ("Fatima El Amrani", "fatima-el-amrani"),
        ("../../etc/passwd", "etc-passwd"),
        ("C:\\Windows\\system32", "c-windows-system32"),
        (".hidden", "hidden"),
        ("فاطمة الزهراء", "فاطمة-الزهراء"),
        ("Zoë Ürün", "zoe-urun"),
        ("🎉🎉", ""),
        ("Anna 🎉 B", "anna-b"),
        ("\u202eevil\u202c", "evil"),
    ],
)
def test_safe_stem(typed: str, stem: str) -> None:
    assert safe_stem(typed) == stem


def test_a_very_long_name_makes_a_short_file_name() -> None:
    assert len(safe_stem("Ω" * 500)) <= 40
    assert len(safe_stem("ش" * 500, limit=200).encode()) <= 100


def test_file_in_refuses_paths_hidden_files_and_links_out(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("x")
    outside = tmp_path.parent / f"{tmp_path.name}-outside.yaml"
    outside.write_text("x")
    (tmp_path / "link.yaml").symlink_to(outside)
    assert file_in(tmp_path, "a.yaml") == (tmp_path / "a.yaml").resolve()
    for name in ["../a.yaml", "sub/a.yaml", ".a.yaml", "a.txt", "", "link.yaml", "a.yaml\x00", "..\\a.yaml"]:
        assert file_in(tmp_path, name) is None, name


def test_two_people_with_the_same_name_get_two_files(tmp_path: Path) -> None:
    got: list[Path] = []
    threads = [threading.Thread(target=lambda: got.append(reserve_file(tmp_path, "answers-anna"))) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(p.name for p in got) == sorted(
        ["answers-anna.yaml"] + [f"answers-anna-{n}.yaml" for n in range(2, 9)]
    )


def test_start_writes_the_assess_format_and_never_overwrites(tmp_path: Path) -> None:
    new = NewAssessment("Mentor Gent", respondent="Ann", module="quality", language="en")
    first = start_assessment(tmp_path, MINI, new)
    second = start_assessment(tmp_path, MINI, new)
    assert first != second and first.parent == second.parent == tmp_path
    answers = load_answers(first)
    assert answers.initiative["name"] == "Mentor Gent"
    assert answers.scope == {"module": "quality", "only": []}
    assert (answers.content_version, answers.content_sha256) == (MINI.version, MINI.sha256)
    assert yaml.safe_load(first.read_text())["m2w_answers"] == 1
    with pytest.raises(ChangeRefused, match="name of the initiative"):
        start_assessment(tmp_path, MINI, NewAssessment("  "))


def test_a_new_round_takes_the_details_and_records_the_baseline(tmp_path: Path) -> None:
    new = NewAssessment("Mentor Gent", "vzw", "Gent", "Ann", "coach", "sustainability", (), "nl")
    earlier_path = start_assessment(tmp_path, MINI, new)
    store = AnswersStore(MINI)
    store.change(earlier_path, [Change.parse("q.d01-q1.value", "2")])
    earlier = load_answers(earlier_path)
    path = start_assessment(tmp_path, MINI, round_from(earlier), stem="next-round", baseline=earlier_path)
    answers = load_answers(path)
    assert answers.extra[BASELINE_KEY] == earlier_path.name
    assert answers.answers == {}  # a new round starts empty
    assert (answers.initiative, answers.respondent, answers.scope) == (
        earlier.initiative, earlier.respondent, earlier.scope,
    )  # fmt: skip


# --- the store: saving under the lock, taking turns with the terminal ------------------------------


def test_a_change_is_on_disk_at_once_in_the_same_format(started) -> None:
    store, path = started
    store.change(path, [Change.parse("q.d01-q1.value", "4"), Change.parse("q.d01-q1.note", "zie <b>plan</b>")])
    on_disk = load_answers(path)
    assert (on_disk.answers["d01-q1"].value, on_disk.answers["d01-q1"].note) == (4, "zie <b>plan</b>")
    assert yaml.safe_load(path.read_text())["answers"]["d01-q1"] == {"value": 4, "note": "zie <b>plan</b>"}


def test_a_refused_change_leaves_the_file_as_it_was(started) -> None:
    store, path = started
    store.change(path, [Change.parse("q.d01-q1.value", "4")])
    before = path.read_bytes()
    with pytest.raises(ChangeRefused):
        store.change(path, [Change.parse("q.d01-q2.value", "3"), Change.parse("q.d01-q1.value", "9")])
    assert path.read_bytes() == before


def test_while_assess_holds_the_file_a_change_says_who_has_it(started) -> None:
    store, path = started
    before = path.read_bytes()
    with AnswersLock(path):
        with pytest.raises(
            FileBusy,
            match=r"^answers-mentor-gent-ann-\d+.yaml is already open in another `m2w assess` \(process \d+ on ",
        ):
            store.change(path, [Change.parse("q.d01-q1.value", "4")])
    assert path.read_bytes() == before
    store.change(path, [Change.parse("q.d01-q1.value", "4")])  # free again: it works
    assert load_answers(path).answers["d01-q1"].value == 4


def test_browser_and_terminal_take_turns_on_one_file(started, monkeypatch) -> None:
    store, path = started
    monkeypatch.chdir(path.parent)
    store.change(path, [Change.parse("q.d01-q1.value", "4")])
    # The terminal resumes at the first open question (d01-q2), answers it, and stops.
    result = CliRunner().invoke(
        cli, ["assess", path.name, "--content", str(MINI_DIR), "--lang", "en"], input="2\n\n\nq\n"
    )
    assert result.exit_code == 0, result.output
    assert store.read(path).answers["d01-q2"].value == 2  # the store sees the terminal's answer
    store.change(path, [Change.parse("q.d02-q1.value", "5")])
    answers = load_answers(path)
    assert {q: a.value for q, a in answers.answers.items()} == {"d01-q1": 4, "d01-q2": 2, "d02-q1": 5}


def test_the_store_sees_a_file_changed_behind_its_back(started) -> None:
    store, path = started
    store.change(path, [Change.parse("q.d01-q1.value", "4")])
    other = load_answers(path)
    other.answer("d01-q2").value = 1
    save_answers(other, path)
    answers = store.change(path, [Change.parse("q.d02-q1.value", "3")])
    assert {q: a.value for q, a in answers.answers.items()} == {"d01-q1": 4, "d01-q2": 1, "d02-q1": 3}


def test_concurrent_changes_to_one_file_are_all_kept(started) -> None:
    store, path = started
    names = [f"q.{q}.note" for q in ("d01-q1", "d01-q2", "d02-q1", "d02-q2", "q01-q1", "q01-q2")]

    def write(name: str) -> None:
        for i in range(5):
            store.change(path, [Change.parse(name, f"{name} {i}")])

    threads = [threading.Thread(target=write, args=(n,)) for n in names]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    answers = load_answers(path)
    assert {q: a.note for q, a in answers.answers.items()} == {n.split(".")[1]: f"{n} 4" for n in names}


def test_a_version_read_before_a_change_stays_as_it_was(started) -> None:
    store, path = started
    store.change(path, [Change.parse("q.d01-q1.value", "4"), Change.parse("d.d01-alpha.importance", "2")])
    before = store.read(path)  # a page being drawn from this version
    store.change(
        path,
        [Change.parse("q.d01-q1.value", "1"), Change.parse("d.d01-alpha.importance", "5"),
         Change.parse("q.d01-q2.value", "3")],
    )  # fmt: skip
    assert before.answers["d01-q1"].value == 4 and before.dimensions["d01-alpha"].importance == 2
    assert "d01-q2" not in before.answers
    after = store.read(path)
    assert (after.answers["d01-q1"].value, after.answers["d01-q2"].value) == (1, 3)
    assert after.dimensions["d01-alpha"].importance == 5


def test_the_store_recounts_only_what_a_change_touched_and_agrees_with_a_full_count(started) -> None:
    store, path = started
    names = ["q.d01-q1.value", "d.d02-beta.importance", "q.q01-q1.value", "q.q01-q1.how_well", "d.d01-alpha.target"]
    values = ["4", "3", "2", "5", "strong"]
    answers = store.read(path)
    assert store.progress(path, answers) == progress(MINI, answers)
    for name, value in zip(names, values, strict=True):
        answers = store.change(path, [Change.parse(name, value)])
        assert store.progress(path, answers) == progress(MINI, answers), name
    answers = store.change(path, [Change.parse("q.d01-q1.value", "")])
    counts = {p.dimension.short_id: (p.answered, p.total) for p in store.progress(path, answers)}
    assert counts == {"d01": (1, 4), "d02": (1, 4), "q01": (1, 4)}


# Saving fast enough for a team: the header of an answers file is written key by key and kept
# (answers._top); the text must be exactly what writing the whole header at once gives.

_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40)


def _whole_header_dump(answers: Answers) -> str:
    from m2w_tool.answers import _emit, _fragment

    parts, plain = [], {}
    for key, value in answers.to_yaml().items():
        if key in ("answers", "dimensions") and isinstance(value, dict) and value:
            if plain:
                parts.append(_emit(plain))
                plain = {}
            parts.append(f"{key}:\n")
            parts.extend(_fragment(k, v) for k, v in value.items())
        else:
            plain[key] = value
    if plain:
        parts.append(_emit(plain))
    return "".join(parts)


@settings(max_examples=60, deadline=None)
@given(name=_TEXT, organisation=_TEXT, person=_TEXT, extra=_TEXT, note=_TEXT)
def test_the_header_written_key_by_key_is_the_same_text(name, organisation, person, extra, note) -> None:
    from m2w_tool.answers import dump_answers

    answers = fresh()
    answers.initiative.update(name=name, organisation=organisation)
    answers.respondent["name"] = person
    answers.answer("d01-q1").value = 3
    answers.answer("d01-q1").note = note
    answers.extra["baseline"] = extra
    answers.extra["imported_from"] = {"file": extra, "n": 2}
    assert dump_answers(answers) == _whole_header_dump(answers)
    assert yaml.safe_load(dump_answers(answers))["initiative"]["name"] == name
