"""Batches: many files in parallel processes; one bad file is listed, the rest is done."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from m2w_tool.answers import save_answers
from m2w_tool.api import make_reports
from m2w_tool.batch import answer_files, load_many, report_stems, run_parallel
from m2w_tool.content import load_content
from m2w_tool.errors import M2WError
from m2w_tool.synth import synth_portfolio


@pytest.fixture(scope="module")
def content():
    return load_content()


def _square(x: int) -> tuple[int, int]:
    import os

    if x < 0:
        raise ValueError(f"no square root of {x}")
    return x * x, os.getpid()


def test_run_parallel_keeps_order_and_turns_errors_into_messages() -> None:
    import os

    results = run_parallel(_square, [1, 2, -3, 4, 5, 6], jobs=2)
    assert [ok for ok, _ in results] == [True, True, False, True, True, True]
    assert [v[0] for ok, v in results if ok] == [1, 4, 16, 25, 36]
    assert results[2][1] == "ValueError: no square root of -3"
    pids = {v[1] for ok, v in results if ok}
    assert os.getpid() not in pids and 1 <= len(pids) <= 2  # done in worker processes
    single = run_parallel(_square, [3], jobs=1)
    assert single[0][1][1] == os.getpid()  # one job runs here, no pool


def test_answer_files_expands_folders(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "sub").mkdir()
    (tmp_path / "a" / ".git").mkdir()
    for name in (
        "a/x.yaml",
        "a/sub/y.yml",
        "a/.hidden.yaml",
        "a/.git/z.yaml",
        "a/notes.txt",
        "b.yaml",
    ):
        (tmp_path / name).write_text("m2w_answers: 1\n", encoding="utf-8")
    found = answer_files([tmp_path / "a", tmp_path / "b.yaml", tmp_path / "a" / "x.yaml"])
    assert [p.relative_to(tmp_path).as_posix() for p in found] == [
        "a/sub/y.yml",
        "a/x.yaml",
        "b.yaml",
    ]
    with pytest.raises(M2WError, match="not found"):
        answer_files([tmp_path / "nope"])
    (tmp_path / "empty").mkdir()
    with pytest.raises(M2WError, match="No answers files"):
        answer_files([tmp_path / "empty"])


def test_load_many_lists_the_bad_file(content, tmp_path: Path) -> None:
    paths = []
    for i, a in enumerate(synth_portfolio(content, 45, seed=8)):
        save_answers(a, tmp_path / f"{i:02d}.yaml", touch=False)
        paths.append(tmp_path / f"{i:02d}.yaml")
    (tmp_path / "07.yaml").write_text("initiative: {name: x}\n", encoding="utf-8")
    result = load_many(paths, jobs=2)
    assert len(result.done) == 44 and [o.source.name for o in result.failed] == ["07.yaml"]
    assert result.done[0].value.initiative == load_many(paths[:1], jobs=1).done[0].value.initiative
    report = result.failure_report()
    assert report.startswith("1 of 45 file(s) failed:") and "07.yaml" in report and "not an m2w answers file" in report


def test_report_names_are_distinct() -> None:
    paths = [
        Path("a/Anna.yaml"),
        Path("b/anna.yaml"),
        Path("c/Ëlif Şahin.yaml"),
        Path("d/2025.yml"),
    ]
    assert report_stems(paths) == [
        "report-anna",
        "report-anna-2",
        "report-elif-sahin",
        "report-2025",
    ]


@pytest.fixture(scope="module")
def three_files(content, tmp_path_factory):
    folder = tmp_path_factory.mktemp("batch")
    for i, a in enumerate(synth_portfolio(content, 2, seed=4)):
        save_answers(a, folder / f"initiative-{i}.yaml", touch=False)
    (folder / "broken.yaml").write_text("m2w_answers: 1\nanswers:\n  d03-q1: {value: [1, 2]}\n", encoding="utf-8")
    return sorted(folder.glob("*.yaml"))


def test_make_reports_makes_real_pdfs_and_keeps_going(three_files, content, tmp_path: Path) -> None:
    from pypdf import PdfReader

    result = make_reports(three_files, content=content, out_dir=tmp_path, formats=["html", "pdf"], lang="en", jobs=2)
    assert [o.source.name for o in result.failed] == ["broken.yaml"]
    assert "answers.d03-q1.value" in result.failed[0].error
    assert not result.ok
    pdfs = sorted(p.name for p in tmp_path.glob("*.pdf"))
    assert pdfs == ["report-initiative-0.pdf", "report-initiative-1.pdf"]
    text = PdfReader(tmp_path / "report-initiative-1.pdf").pages[0].extract_text()
    assert "Brug naar Werk Antwerpen" in text
    with pytest.raises(M2WError, match="1 of 3 file"):
        result.raise_for_failures()


def test_report_command_takes_many_files_and_exits_non_zero_on_failure(three_files, tmp_path: Path) -> None:
    from m2w_tool.cli import cli

    folder = three_files[0].parent
    result = CliRunner().invoke(
        cli,
        [
            "report",
            str(folder),
            "--format",
            "html",
            "-o",
            str(tmp_path),
            "--lang",
            "en",
            "--jobs",
            "2",
        ],
    )
    assert result.exit_code == 1, result.output
    assert "broken.yaml" in result.output and "1 of 3 file(s) failed" in result.output
    assert sorted(p.name for p in tmp_path.glob("*.html")) == [
        "report-initiative-0.html",
        "report-initiative-1.html",
    ]
