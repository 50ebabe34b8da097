"""Fuzzing answers files (issue 11): whatever an answers file holds, `report`, `assess` (resuming it,
or reading it with --from), `merge` and `report --history` end with exit 0 or a user error that says
where (file:line:column), never with "unexpected problem" (exit 70) or a traceback."""

from __future__ import annotations

from pathlib import Path

from fuzzkit import share, yaml_file
from hypothesis import given
from m2wrun import assert_handled, m2w

from m2w_tool.answers import Answers, save_answers
from m2w_tool.content import load_content
from m2w_tool.merge import merge_answers

MINI_DIR = Path(__file__).parent / "data" / "mini"
MINI = load_content(MINI_DIR)

ANSWERS = {
    "m2w_answers": 1,
    "content": {"version": "test", "sha256": MINI.sha256},
    "initiative": {"name": "Mentor Gent", "organisation": "Stad", "region": "Gent"},
    "respondent": {"name": "Anna", "role": "coach"},
    "language": "en",
    "started": "2026-11-01T10:00:00+01:00",
    "updated": "2026-11-02T10:00:00+01:00",
    "scope": {"module": "all", "only": ["d01", "q01"]},
    "answers": {
        "d01-q1": {"value": 4, "note": "Zie jaarverslag"},
        "d01-q2": "n/a",
        "q01-q1": {"value": 1, "how_well": 3, "evidence": "intake form"},
    },
    "dimensions": {
        "d01-alpha": {
            "importance": 4,
            "target": "established",
            "reflections": ["line one\nline two"],
            "actions": [{"what": "Plan", "who": "Jan", "when": "juni"}],
        }
    },
}


def _group() -> dict:
    people = []
    for name, value in (("Anna", 4), ("Bram", 1)):
        a = Answers(language="en")
        a.initiative.update(name="Mentor Gent", organisation="Stad")
        a.respondent["name"] = name
        a.answer("d01-q1").value = value
        a.answer("d01-q1").note = f"note of {name}"
        a.dimension("d01-alpha").importance = value
        people.append((f"{name}.yaml", a))
    return merge_answers(people, MINI).answers.to_yaml()


GROUP = _group()


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    return path


def good(folder: Path) -> Path:
    a = Answers(language="en", started="2026-11-20T10:00:00+01:00")
    a.initiative.update(name="Mentor Gent", organisation="Stad")
    a.answer("d01-q1").value = 3
    save_answers(a, folder / "good.yaml")
    return folder / "good.yaml"


@share(1.0)
@given(text=yaml_file(ANSWERS))
def test_report_on_any_answers_file(tmp_path_factory, text: str) -> None:
    folder = tmp_path_factory.mktemp("report")
    path = write(folder, "a.yaml", text)
    result = m2w("report", path, "--format", "html", "--content", MINI_DIR, "--lang", "en", "-o", folder / "out")
    assert_handled(result)


@share(1.0)
@given(text=yaml_file(GROUP))
def test_report_on_any_group_file(tmp_path_factory, text: str) -> None:
    folder = tmp_path_factory.mktemp("group")
    path = write(folder, "g.yaml", text)
    result = m2w("report", path, "--format", "html", "--content", MINI_DIR, "--lang", "en", "-o", folder / "out")
    assert_handled(result)


@share(1.0)
@given(text=yaml_file(ANSWERS))
def test_assess_resumes_or_refuses_any_answers_file(tmp_path_factory, text: str) -> None:
    folder = tmp_path_factory.mktemp("assess")
    path = write(folder, "a.yaml", text)
    result = m2w("assess", path, "--content", MINI_DIR, "--lang", "en", input="q\n")
    assert_handled(result)


@share(1.0)
@given(text=yaml_file(ANSWERS))
def test_assess_from_any_yaml_file(tmp_path_factory, text: str) -> None:
    folder = tmp_path_factory.mktemp("from")
    source = write(folder, "in.yaml", text)
    result = m2w("assess", folder / "a.yaml", "--from", source, "--content", MINI_DIR, "--lang", "en")
    assert_handled(result)
    if result.exit_code == 0:  # what m2w wrote, m2w reads
        again = m2w("report", folder / "a.yaml", "--format", "html", "--content", MINI_DIR, "-o", folder / "out")
        assert again.exit_code == 0, again.output


@share(0.75)
@given(text=yaml_file(ANSWERS))
def test_merge_with_any_answers_file(tmp_path_factory, text: str) -> None:
    folder = tmp_path_factory.mktemp("merge")
    path = write(folder, "a.yaml", text)
    result = m2w("merge", good(folder), path, "-o", folder / "g.yaml", "--force", "--content", MINI_DIR, "--lang", "en")
    # "different initiatives" and "already a group file" say which files, not which line
    assert_handled(result, located=False)
    if result.exit_code == 0:
        again = m2w("report", folder / "g.yaml", "--format", "html", "--content", MINI_DIR, "-o", folder / "out")
        assert again.exit_code == 0, again.output


@share(0.75)
@given(text=yaml_file(ANSWERS))
def test_a_bad_history_file_never_stops_the_report(tmp_path_factory, text: str) -> None:
    folder = tmp_path_factory.mktemp("history")
    (folder / "history").mkdir()
    write(folder / "history", "old.yaml", text)
    result = m2w(
        "report",
        good(folder),
        "--history",
        folder / "history",
        "--format",
        "html",
        "--content",
        MINI_DIR,
        "--lang",
        "en",
        "-o",
        folder / "out",
    )
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
