"""The answers file: exact round trips in any script, the cached fast writer, other content."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
import yaml
from conftest import speaking

from m2w_tool.answers import (
    NA,
    Action,
    Answers,
    content_notes,
    dump_answers,
    invalid_values,
    load_answers,
    parse_value,
    save_answers,
)
from m2w_tool.content import load_content
from m2w_tool.errors import AnswersError

MINI = load_content(Path(__file__).parent / "data" / "mini")

TEXTS = [
    "محمد العلي — منسق المشروع",  # Arabic, right to left
    "Олена Шевченко, координаторка",  # Cyrillic
    "ትግርኛ ተናጋሪ ኣማኻሪ",  # Tigrinya (Ge'ez script)
    "mentor 👩🏽‍🏫 en mentee 🧑🏿‍💼 🎉",  # emoji above U+FFFF, with joiners and skin tones
    "two\nlines",
    "trailing blank lines\n\n\n",
    "  leading spaces\nand more",
    "tab\there\n\tand there",
    "quotes ' and \" and : and # and - and ---",
    "...",
    "yes",  # would load as a boolean if written bare
    "0123",
    "\ufeffbyte order mark, \u200bzero width, \u202eright-to-left override",
    "NEL\x85 LS\u2028 PS\u2029 inside",  # YAML line breaks that must not be folded
    "CR\r and CRLF\r\n kept",
    "bell\x07 and escape\x1b",
    "",
]


def full_answers(texts: list[str]) -> Answers:
    a = Answers()
    a.initiative.update(name=texts[0], organisation=texts[1], region=texts[2])
    a.respondent.update(name=texts[3], role=texts[4])
    for n, text in enumerate(texts):
        answer = a.answer(f"d{n % 15 + 1:02d}-q{n // 15 + 1}")
        answer.value = NA if n % 7 == 0 else n % 5 + 1
        answer.note = text
        answer.evidence = texts[-n - 1]
    dim = a.dimension("d01-alpha")
    dim.importance, dim.target = 4, "established"
    dim.reflections = list(texts[:3])
    dim.actions = [Action(texts[3], texts[4], texts[5])]
    return a


def test_every_script_round_trips_byte_for_byte(tmp_path: Path) -> None:
    path = tmp_path / "answers.yaml"
    original = full_answers(TEXTS)
    save_answers(original, path)
    first = path.read_bytes()
    loaded = load_answers(path)
    assert loaded.to_yaml() == original.to_yaml()
    for n, text in enumerate(TEXTS):
        assert loaded.answers[f"d{n % 15 + 1:02d}-q{n // 15 + 1}"].note == text
    assert loaded.respondent["name"] == TEXTS[3]
    save_answers(loaded, path, touch=False)
    assert path.read_bytes() == first


def test_emoji_and_scripts_stay_readable_in_the_file(tmp_path: Path) -> None:
    path = tmp_path / "answers.yaml"
    save_answers(full_answers(TEXTS), path)
    text = path.read_text(encoding="utf-8")
    for readable in TEXTS[:4]:
        assert readable in text  # not \U0001F469 escapes


def test_random_texts_round_trip() -> None:
    rng = random.Random(7)
    alphabet = "aé ñ\n\t:#'\"-{}[]&*!|>%@`\\ابپЖжሀሁ😀🧑🏿\u200d\x85\u2028\r\x00\x7f"
    for _ in range(100):
        texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30))) for _ in range(8)]
        a = full_answers(texts)
        assert yaml.safe_load(dump_answers(a)) == a.to_yaml()


def test_fast_writer_matches_the_data_after_every_change() -> None:
    # The writer reuses the text of unchanged answers; a change must never serve a stale copy.
    a = full_answers(TEXTS[:6])
    for value in (1, 2, NA, 2, 5):
        a.answer("d01-q1").value = value
        a.answer("d01-q1").note = f"note {value}"
        assert yaml.safe_load(dump_answers(a)) == a.to_yaml()
    a.answer("d01-q1").value = 1.0  # the same number in another type is written as given
    assert "value: 1.0" in dump_answers(a)


def test_empty_file_sections_are_written_as_empty_mappings(tmp_path: Path) -> None:
    a = Answers()
    a.extra["x_custom"] = {"kept": True}
    data = yaml.safe_load(dump_answers(a))
    assert data["answers"] == {} and data["dimensions"] == {} and data["x_custom"] == {"kept": True}


def test_ids_of_other_content_are_reported_and_kept(tmp_path: Path) -> None:
    path = tmp_path / "answers.yaml"
    a = Answers(content_version="2025.9", content_sha256="0" * 64)
    a.answer("d01-q1").value = 4
    a.answer("d99-q1").value = 2
    a.answer("d99-q1").note = "an old question"
    a.dimension("d99-gone").importance = 5
    a.answer("d02-q1").value = 7  # not on agree5
    save_answers(a, path)
    loaded = load_answers(path)
    assert loaded.unknown_ids(MINI) == ["d99-gone", "d99-q1"]
    assert invalid_values(loaded, MINI) == ["d02-q1"]
    notes = content_notes(loaded, MINI)
    assert "2025.9" in notes[0] and MINI.version in notes[0]
    assert "d99-gone, d99-q1" in notes[1] and "stay in the file" in notes[1]
    assert "d02-q1" in notes[2]
    with speaking("nl"):
        assert "blijven in het bestand" in content_notes(loaded, MINI)[1]
    save_answers(loaded, path)
    again = load_answers(path)
    assert again.answers["d99-q1"].note == "an old question"
    assert again.dimensions["d99-gone"].importance == 5


@pytest.mark.parametrize(
    "raw, scale, expected",
    [
        ("4", "agree5", 4),
        (" 5 ", "agree5", 5),
        (3, "agree5", 3),
        (2.0, "agree5", 2),
        ("n", "agree5", NA),
        ("N/A", "agree5", NA),
        ("n.v.t.", "agree5", NA),
        ("nvt", "inplace3", NA),
        ("0", "inplace3", 0),
        ("Ja", "inplace3", 2),
        ("partly", "inplace3", 1),
        ("gedeeltelijk", "inplace3", 1),
    ],
)
def test_values_are_read_from_numbers_labels_and_na(raw, scale: str, expected) -> None:
    assert parse_value(raw, MINI.scales[scale]) == expected


@pytest.mark.parametrize("raw", ["6", "0", "", "four", True, 2.5, "4x"])
def test_values_off_the_scale_get_a_hint(raw) -> None:
    with pytest.raises(ValueError, match=re.escape("choose 1 to 5, n for not applicable or ? for don't know")):
        parse_value(raw, MINI.scales["agree5"])
    with speaking("nl"), pytest.raises(ValueError, match="kies 1 tot 5"):
        parse_value(raw, MINI.scales["agree5"])


def test_load_errors_are_located_and_translated(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text("m2w_answers: 1\nanswers:\n  d01-q1: {value: lots}\n", encoding="utf-8")
    with pytest.raises(AnswersError, match=r"a.yaml:3:\d+: answers.d01-q1.value: must be a number or 'n/a'"):
        load_answers(path)
    with speaking("nl"), pytest.raises(AnswersError, match="moet een getal of 'n/a' zijn"):
        load_answers(path)
    with pytest.raises(AnswersError, match="file not found"):
        load_answers(tmp_path / "missing.yaml")


def test_saving_keeps_the_file_mode(tmp_path: Path) -> None:
    path = tmp_path / "answers.yaml"
    save_answers(Answers(), path)
    assert path.stat().st_mode & 0o777 == 0o666 & ~_umask()  # not the 0600 of a temporary file
    path.chmod(0o640)
    save_answers(Answers(), path)
    assert path.stat().st_mode & 0o777 == 0o640


def _umask() -> int:
    import os

    mask = os.umask(0o022)
    os.umask(mask)
    return mask


# --- "don't know" beside "not applicable" (content 2026.2) -------------------------------------------


@pytest.mark.parametrize("raw", ["dont_know", "?", "weet niet", "Don't know", "DK"])
def test_dont_know_is_its_own_answer(raw) -> None:
    from m2w_tool.answers import DONT_KNOW

    assert parse_value(raw, MINI.scales["agree5"]) == DONT_KNOW
    assert parse_value("n/a", MINI.scales["agree5"]) == NA


def test_dont_know_in_a_file_is_read_kept_and_valid_while_refused_na_is_not(tmp_path: Path) -> None:
    from m2w_tool.answers import DONT_KNOW

    path = tmp_path / "a.yaml"
    path.write_text(
        "m2w_answers: 1\nanswers:\n  d01-q1: {value: weet niet, note: navragen}\n  d01-q2: dont_know\n"
        "  q01-q2: {value: n/a}\n",
        encoding="utf-8",
    )
    a = load_answers(path)
    assert [a.answers[q].value for q in ("d01-q1", "d01-q2")] == [DONT_KNOW, DONT_KNOW]
    assert a.answers["d01-q1"].is_dont_know and not a.answers["d01-q1"].is_na
    assert "value: dont_know" in dump_answers(a)
    # q01-q2 is a minimum criterion in the mini content: "not applicable" is not an answer there
    assert invalid_values(a, MINI) == ["q01-q2"]


def test_a_file_of_this_content_is_never_upgraded(tmp_path: Path) -> None:
    a = Answers(content_version=MINI.version)
    a.answer("q01-q1").value = 2
    save_answers(a, tmp_path / "a.yaml")
    again = load_answers(tmp_path / "a.yaml")
    assert again.answers["q01-q1"].value == 2 and again.upgraded_from == {}


# --- one schema: every key kept, every problem listed (issue 12, step 4) --------------------------------

OTHER_VERSION = """m2w_answers: 1
content:
  version: '2026.2'
  sha256: abc
  source: a future key of the content section
initiative:
  name: Mentor Gent
  organisation: ''
  region: ''
  website: https://example.invalid
respondent:
  name: Anna
  role: coach
language: en
started: '2026-11-01T10:00:00+01:00'
updated: '2026-11-02T10:00:00+01:00'
scope:
  module: all
  only: []
  quick: true
answers:
  d01-q1:
    value: 4
    note: fine
    confidence: high
    tags:
    - a
    - b
dimensions:
  d01-alpha:
    importance: 4
    actions:
    - what: Plan
      who: Jan
      when: juni
      status: started
      links:
        doc: plan.pdf
    colour: green
rounds:
- 2025
- 2026
"""


def test_keys_of_other_versions_round_trip_byte_for_byte_at_every_level(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text(OTHER_VERSION, encoding="utf-8")
    answers = load_answers(path)
    assert answers.answers["d01-q1"].extra == {"confidence": "high", "tags": ["a", "b"]}
    action = answers.dimensions["d01-alpha"].actions[0]  # `status` is an action's own key (issue 17)
    assert action.status == "started" and action.extra == {"links": {"doc": "plan.pdf"}}
    assert answers.content_extra == {"source": "a future key of the content section"}
    assert answers.scope["quick"] is True and answers.extra == {"rounds": [2025, 2026]}
    save_answers(answers, path, touch=False)
    assert path.read_text(encoding="utf-8") == OTHER_VERSION


def test_every_problem_of_an_answers_file_is_listed_at_once_with_its_place(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text(
        "m2w_answers: 1\n"
        "answers:\n"
        "  d01-q1: {value: lots}\n"  # line 3
        "  d01-q2: yes\n"  # line 4: a boolean
        "dimensions:\n"
        "  d01-alpha:\n"
        "    importance: .nan\n"  # line 7
        "    reflections: just one text\n"  # line 8
        "    actions: [write a plan]\n"  # line 9
        "scope: {module: [all]}\n",  # line 10
        encoding="utf-8",
    )
    with pytest.raises(AnswersError) as caught:
        load_answers(path)
    lines = str(caught.value.format_message()).splitlines()
    assert [line.split(":")[1] for line in lines] == ["3", "4", "7", "8", "9", "10"], lines
    assert lines[0].endswith("answers.d01-q1.value: must be a number or 'n/a', not 'lots'")
    assert lines[1].endswith("answers.d01-q2.value: must be a number or 'n/a'")
    assert "dimensions.d01-alpha.reflections: must be a list of texts" in lines[3]
    assert "dimensions.d01-alpha.actions[0]: an action needs 'what', 'who' and 'when'" in lines[4]
    assert lines[5].endswith("scope.module: must be sustainability, quality or all")


@pytest.mark.parametrize("raw", ["n", "N/A", "nvt", "n.v.t", "dk", "weet ik niet"])
def test_a_file_reads_every_word_for_na_and_dont_know_as_the_prompt_does(tmp_path: Path, raw: str) -> None:
    from m2w_tool.answers import DONT_KNOW

    path = tmp_path / "a.yaml"
    path.write_text(f"m2w_answers: 1\nanswers:\n  d01-q1: '{raw}'\n", encoding="utf-8")
    assert load_answers(path).answers["d01-q1"].value == parse_value(raw, MINI.scales["agree5"])
    assert load_answers(path).answers["d01-q1"].value in (NA, DONT_KNOW)
