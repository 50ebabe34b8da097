"""The synthetic initiatives: deterministic for a seed, valid answers files, realistic enough."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from m2w_tool.answers import DONT_KNOW, NA, dump_answers, load_answers
from m2w_tool.content import load_content
from m2w_tool.synth import synth_assessment, synth_portfolio, write_portfolio

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def content():
    return load_content()


def test_same_seed_gives_identical_files(content) -> None:
    first = [dump_answers(a) for a in synth_portfolio(content, 6, seed=42, respondents=2, assessments=2)]
    second = [dump_answers(a) for a in synth_portfolio(content, 6, seed=42, respondents=2, assessments=2)]
    assert first == second
    assert len(set(first)) == len(first)  # and every file differs from the others


def test_another_seed_gives_other_answers(content) -> None:
    a = dump_answers(synth_assessment(content, 1, 0))
    b = dump_answers(synth_assessment(content, 2, 0))
    assert a != b


def test_an_initiative_does_not_depend_on_how_many_are_made(content) -> None:
    few = synth_portfolio(content, 4, seed=7)
    many = synth_portfolio(content, 30, seed=7)
    assert [dump_answers(a) for a in few] == [dump_answers(a) for a in many[:4]]


def test_deterministic_across_processes_and_hash_seeds(tmp_path: Path) -> None:
    outputs = []
    for hash_seed in ("1", "2"):
        folder = tmp_path / hash_seed
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        subprocess.run(
            [sys.executable, "-m", "m2w_tool.synth", str(folder), "--count", "3", "--seed", "9"],
            check=True,
            cwd=REPO,
            env=env,
            capture_output=True,
        )
        outputs.append({p.name: p.read_bytes() for p in sorted(folder.iterdir())})
    assert outputs[0] == outputs[1]
    assert len(outputs[0]) == 3


def test_files_are_valid_and_every_value_is_on_its_scale(content, tmp_path: Path) -> None:
    items = synth_portfolio(content, 8, seed=3)
    paths = write_portfolio(tmp_path, items)
    values = 0
    for path, original in zip(paths, items, strict=True):
        loaded = load_answers(path)
        assert loaded.initiative == original.initiative
        assert loaded.unknown_ids(content) == []
        for qid, answer in loaded.answers.items():
            scale = content.scales[content.questions[qid][1].scale]
            assert answer.value in (NA, DONT_KNOW) or answer.value in scale.values
            values += 1
    assert values > 8 * 0.9 * len(content.questions)  # nearly every question is answered


def test_names_in_several_scripts_and_shared_weak_spots(content) -> None:
    from m2w_tool.scoring import score

    items = synth_portfolio(content, 40, seed=1)
    people = " ".join(a.respondent["name"] for a in items)
    assert any("\u0600" <= ch <= "\u06ff" for ch in people)  # Arabic
    assert any("\u0400" <= ch <= "\u04ff" for ch in people)  # Cyrillic
    means: dict[str, list[float]] = {}
    for a in items:
        for did, d in score(content, a).dimensions.items():
            # Within one module: quality components count "how well" too, so they score differently.
            if d.percent is not None and d.module == "sustainability":
                means.setdefault(did, []).append(d.percent)
    average = {did: sum(v) / len(v) for did, v in means.items()}
    weakest = sorted(average, key=average.get)[:5]
    assert "d11-revenue" in weakest and "d14-impact" in weakest


def test_mixed_versions_and_history(content) -> None:
    items = synth_portfolio(content, 8, seed=1, assessments=3, mixed_versions=True)
    assert {a.content_version for a in items} == {content.version, "2025.1"}
    same = [a for a in items if a.initiative == items[0].initiative]
    assert len(same) == 3
    assert len({a.started[:10] for a in same}) == 3  # three different days, a year apart
