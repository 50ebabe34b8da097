"""Hardening (issue 11), files: the lock never follows a link nor truncates what m2w did not make,
one lock per real file, every writer of an answers file takes it, nothing replaced without --force,
files m2w writes are files m2w reads, stale temporary files go, and a full disk names the file."""

from __future__ import annotations

import errno
import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import fill_pdf
from m2wrun import m2w
from pypdf import PdfReader

from m2w_tool.answers import Answers, load_answers, save_answers
from m2w_tool.atomic import write_atomic
from m2w_tool.content import load_content
from m2w_tool.errors import AnswersError
from m2w_tool.lock import AnswersLock, lock_path

MINI_DIR = Path(__file__).parent / "data" / "mini"
MINI = load_content(MINI_DIR)
REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "in.csv").write_text("id,value,note\ninitiative.name,Mentor Gent\nd01-q1,4,fine\n", encoding="utf-8")
    return tmp_path


def from_csv(target: str | Path, *extra: str):
    return m2w("assess", target, "--from", "in.csv", "--content", MINI_DIR, "--lang", "en", *extra)


def respondent(path: Path, name: str, value: int = 4, note: str = "") -> Path:
    a = Answers(language="en")
    a.initiative.update(name="Mentor Gent", organisation="Stad")
    a.respondent["name"] = name
    for qid in ("d01-q1", "d01-q2"):
        a.answer(qid).value = value
        a.answer(qid).note = note
    save_answers(a, path)
    return path


# --- the lock ------------------------------------------------------------------------------------


def test_a_link_planted_at_the_lock_path_is_never_followed(here: Path) -> None:
    victim = here / "victim.txt"
    victim.write_text("precious\n", encoding="utf-8")
    os.symlink(victim, lock_path(here / "a.yaml"))
    result = from_csv("a.yaml")
    assert victim.read_text(encoding="utf-8") == "precious\n"
    assert result.exit_code == 1 and "not a lock file m2w made" in result.stderr
    assert os.path.islink(lock_path(here / "a.yaml")) and not (here / "a.yaml").exists()


def test_a_dangling_link_at_the_lock_path_creates_nothing(here: Path) -> None:
    os.symlink(here / "made-by-m2w", lock_path(here / "a.yaml"))
    result = from_csv("a.yaml")
    assert result.exit_code == 1 and not (here / "made-by-m2w").exists()


def test_a_hard_link_or_a_foreign_file_at_the_lock_path_is_left_alone(here: Path) -> None:
    victim = here / "victim.txt"
    victim.write_text("precious\n", encoding="utf-8")
    os.link(victim, lock_path(here / "a.yaml"))
    result = from_csv("a.yaml")
    assert result.exit_code == 1 and "not a lock file m2w made" in result.stderr
    assert victim.read_text(encoding="utf-8") == "precious\n"
    lock_path(here / "a.yaml").unlink()
    lock_path(here / "a.yaml").write_text("my own notes, not a lock\n", encoding="utf-8")
    assert from_csv("a.yaml").exit_code == 1
    assert lock_path(here / "a.yaml").read_text(encoding="utf-8") == "my own notes, not a lock\n"


def test_a_stale_lock_of_a_killed_session_is_replaced_not_rewritten(here: Path) -> None:
    stale = lock_path(here / "a.yaml")
    stale.write_text("4242 somehost 2026-11-24T10:00:00+01:00\n", encoding="utf-8")
    with stale.open("rb") as old:  # keeps the old file alive, to see what became of it
        with AnswersLock(here / "a.yaml"):
            assert os.fstat(old.fileno()).st_nlink == 0  # unlinked ...
            assert old.read() == b"4242 somehost 2026-11-24T10:00:00+01:00\n"  # ... not rewritten
            assert lock_path(here / "a.yaml").read_text(encoding="utf-8").startswith(f"{os.getpid()} ")
    assert not stale.exists()


def test_one_lock_for_a_file_and_a_symbolic_link_to_it(here: Path) -> None:
    assert from_csv("real.yaml").exit_code == 0
    os.symlink("real.yaml", here / "link.yaml")
    assert lock_path(here / "link.yaml") == lock_path(here / "real.yaml")
    with AnswersLock(here / "real.yaml"):
        result = from_csv("link.yaml")
        assert result.exit_code == 1 and "already open" in result.stderr
    (here / "in.csv").write_text("id,value\nd01-q2,2\n", encoding="utf-8")
    assert from_csv("link.yaml").exit_code == 0
    assert os.path.islink(here / "link.yaml")  # the link is still a link ...
    assert load_answers(here / "real.yaml").answers["d01-q2"].value == 2  # ... and the real file has it


def test_a_hard_linked_answers_file_is_refused_before_anything_is_written(here: Path) -> None:
    assert from_csv("real.yaml").exit_code == 0
    os.link(here / "real.yaml", here / "other-name.yaml")
    before = (here / "real.yaml").read_bytes()
    (here / "in.csv").write_text("id,value\nd01-q2,2\n", encoding="utf-8")
    result = from_csv("other-name.yaml")
    assert result.exit_code == 1 and "hard link" in result.stderr
    assert (here / "real.yaml").read_bytes() == before
    assert os.stat(here / "real.yaml").st_ino == os.stat(here / "other-name.yaml").st_ino


def test_merge_takes_the_lock_of_the_group_file(here: Path) -> None:
    a, b = respondent(here / "a.yaml", "Anna"), respondent(here / "b.yaml", "Bram", 2)
    with AnswersLock(here / "group.yaml"):
        result = m2w("merge", a, b, "-o", "group.yaml", "--lang", "en")
        assert result.exit_code == 1 and "already open" in result.stderr
    assert not (here / "group.yaml").exists()
    assert m2w("merge", a, b, "-o", "group.yaml", "--lang", "en").exit_code == 0


# --- never replace without --force ---------------------------------------------------------------


def test_merge_refuses_to_replace_a_file_without_force(here: Path) -> None:
    a, b = respondent(here / "a.yaml", "Anna"), respondent(here / "b.yaml", "Bram", 2)
    other = respondent(here / "cees.yaml", "Cees", 5)
    before = other.read_bytes()
    result = m2w("merge", a, b, "-o", other, "--lang", "en")
    assert result.exit_code == 1 and "already exists" in result.stderr and "--force" in result.stderr
    assert other.read_bytes() == before
    assert m2w("merge", a, b, "-o", other, "--force", "--lang", "en").exit_code == 0
    assert load_answers(other).respondent["name"] == "Anna, Bram"


def test_merge_refuses_to_replace_its_default_group_file_without_force(here: Path) -> None:
    a, b = respondent(here / "a.yaml", "Anna"), respondent(here / "b.yaml", "Bram", 2)
    assert m2w("merge", a, b, "--lang", "en").exit_code == 0
    group = here / "group-mentor-gent.yaml"
    group.write_text(group.read_text(encoding="utf-8") + "# kept\n", encoding="utf-8")
    result = m2w("merge", a, b, "--lang", "en")
    assert result.exit_code == 1 and "already exists" in result.stderr
    assert group.read_text(encoding="utf-8").endswith("# kept\n")


def test_a_read_only_target_is_refused_even_with_force(here: Path) -> None:
    a, b = respondent(here / "a.yaml", "Anna"), respondent(here / "b.yaml", "Bram", 2)
    target = respondent(here / "locked.yaml", "Cees")
    target.chmod(stat.S_IRUSR)
    try:
        result = m2w("merge", a, b, "-o", target, "--force", "--lang", "en")
        assert result.exit_code == 1 and "read-only" in result.stderr
        assert load_answers(target).respondent["name"] == "Cees"
    finally:
        target.chmod(stat.S_IRUSR | stat.S_IWUSR)


def test_workbook_refuses_an_existing_file_and_never_writes_a_pdf_over_another_kind(here: Path) -> None:
    notes = here / "notes.pdf"
    notes.write_text("not a PDF at all, my notes\n", encoding="utf-8")
    args = ("workbook", "--content", MINI_DIR, "--only", "d01", "--lang", "en", "--no-cache")
    for force in ((), ("--force",)):
        result = m2w(*args, "-o", notes, *force)
        assert result.exit_code == 1 and "not a PDF" in result.stderr
        assert "Laying out" not in result.stderr  # refused before the slow part
    assert notes.read_text(encoding="utf-8") == "not a PDF at all, my notes\n"
    old = here / "old.pdf"
    old.write_bytes(b"%PDF-1.7\n% an older workbook\n%%EOF\n")
    result = m2w(*args, "-o", old)
    assert result.exit_code == 1 and "already exists" in result.stderr and "--force" in result.stderr
    assert old.read_bytes().startswith(b"%PDF-1.7\n% an older")
    assert m2w(*args, "-o", old, "--force").exit_code == 0
    assert "/m2wworkbook" in PdfReader(old).metadata


def test_compare_refuses_existing_outputs_and_writes_nothing_when_one_is_refused(here: Path) -> None:
    folder = here / "answers"
    folder.mkdir()
    respondent(folder / "a.yaml", "Anna")
    sheet = here / "p.xlsx"
    sheet.write_text("a list of names, not a workbook\n", encoding="utf-8")
    base = ("compare", folder, "--content", MINI_DIR, "--lang", "en", "-j", "1")
    for force in ((), ("--force",)):
        result = m2w(*base, "-o", "p.html", "--xlsx", sheet, *force)
        assert result.exit_code == 1 and "not an Excel workbook" in result.stderr
        assert not (here / "p.html").exists()
    assert sheet.read_text(encoding="utf-8") == "a list of names, not a workbook\n"
    sheet.unlink()
    assert m2w(*base, "-o", "p.html", "--xlsx", sheet, "--csv", "tables").exit_code == 0
    for again in (("-o", "p.html"), ("-o", "q.html", "--xlsx", sheet), ("-o", "r.html", "--csv", "tables")):
        result = m2w(*base, *again)
        assert result.exit_code == 1 and "already exists" in result.stderr
        assert not (here / "q.html").exists() and not (here / "r.html").exists()
    assert m2w(*base, "-o", "p.html", "--xlsx", sheet, "--csv", "tables", "--force").exit_code == 0


def test_import_refuses_a_read_only_answers_file_even_with_force(here: Path, mini_fillable: Path) -> None:
    filled = fill_pdf(mini_fillable, {"respondent:name": "Xavier", "d01-q1": "4"}, here / "x.pdf")
    target = respondent(here / "answers-xavier.yaml", "X")
    target.chmod(stat.S_IRUSR)
    try:
        result = m2w("import", filled, "-o", here, "--force", "--content", MINI_DIR, "--lang", "en")
        assert result.exit_code == 1 and "read-only" in result.stderr
        assert load_answers(target).respondent["name"] == "X"
    finally:
        target.chmod(stat.S_IRUSR | stat.S_IWUSR)


def test_import_takes_the_lock_of_each_answers_file(here: Path, mini_fillable: Path) -> None:
    filled = fill_pdf(mini_fillable, {"respondent:name": "Xavier", "d01-q1": "4"}, here / "x.pdf")
    with AnswersLock(here / "answers-xavier.yaml"):
        result = m2w("import", filled, "-o", here, "--content", MINI_DIR, "--lang", "en")
        assert result.exit_code == 1 and "already open" in result.stderr
    assert not (here / "answers-xavier.yaml").exists()
    assert m2w("import", filled, "-o", here, "--content", MINI_DIR, "--lang", "en").exit_code == 0


# --- what m2w writes, m2w reads ----------------------------------------------------------------


def test_a_large_group_of_long_notes_is_read_back(here: Path) -> None:
    from m2w_tool.answers import MAX_TEXT

    note = ("Een lange toelichting met veel woorden. " * 1000)[: MAX_TEXT - 10]  # just under the limit
    paths = [respondent(here / f"r{i}.yaml", f"R{i}", 1 + i % 5, note) for i in range(25)]
    result = m2w("merge", *paths, "-o", "group.yaml", "--lang", "en")
    assert result.exit_code == 0, result.output
    assert (here / "group.yaml").stat().st_size > 1_000_000
    assert len(load_answers(here / "group.yaml").answers["d01-q1"].extra["group"]["notes"]) == 25


def test_a_huge_answers_file_is_refused_by_its_size_before_it_is_read(
    here: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    big = here / "big.yaml"
    with big.open("wb") as fh:
        fh.truncate(300_000_000)  # sparse: costs no disk
    read = []
    real_read_bytes = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda self: read.append(self) or real_read_bytes(self))
    result = from_csv("big.yaml")
    assert result.exit_code == 1 and "MB" in result.stderr and "big.yaml" in result.stderr
    assert big not in [Path(p).resolve() for p in read] and Path("big.yaml") not in read


def test_a_note_over_the_limit_is_refused_where_it_is_given(here: Path) -> None:
    from m2w_tool.answers import MAX_TEXT

    (here / "in.csv").write_text(f"id,value,note\nd01-q1,4,{'x' * (MAX_TEXT + 1)}\n", encoding="utf-8")
    result = from_csv("a.yaml")
    assert result.exit_code == 1 and "in.csv:2:" in result.stderr and f"{MAX_TEXT:,}" in result.stderr
    assert not (here / "a.yaml").exists()


def test_save_refuses_a_file_it_could_not_read_back(here: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import m2w_tool.answers as answers_module

    monkeypatch.setattr(answers_module, "MAX_FILE_BYTES", 2_000)
    a = Answers()
    a.answer("d01-q1").note = "x" * 5_000
    with pytest.raises(AnswersError, match="a.yaml"):
        save_answers(a, here / "a.yaml")
    assert not (here / "a.yaml").exists()


# --- temporary files and full disks --------------------------------------------------------------


def test_stale_temporary_files_of_killed_sessions_are_cleaned_up_safely(here: Path) -> None:
    old = time.time() - 3600
    stale = here / ".a.yaml.k3x_9qz1.tmp"
    fresh = here / ".a.yaml.abcd1234.tmp"
    foreign = here / ".a.yaml.mine.tmp"  # not m2w's pattern
    other = here / ".b.yaml.k3x_9qz1.tmp"  # another file's
    for path in (stale, fresh, foreign, other):
        path.write_text("half an answers file", encoding="utf-8")
    linked = here / ".a.yaml.zzzz0000.tmp"
    os.symlink(here / "in.csv", linked)
    for path in (stale, foreign, other):
        os.utime(path, (old, old))
    os.utime(linked, (old, old), follow_symlinks=False)
    assert from_csv("a.yaml").exit_code == 0
    assert not stale.exists()
    assert fresh.exists() and foreign.exists() and other.exists() and os.path.islink(linked)
    assert (here / "in.csv").exists()


def test_a_full_disk_names_the_file(here: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(OSError) as caught:
        write_atomic(here / "a.yaml", "x")
    assert caught.value.filename == str(here / "a.yaml")
    assert not list(here.glob(".a.yaml.*.tmp"))


def test_a_file_size_limit_names_the_answers_file(here: Path) -> None:
    big = "id,value,note\n" + "".join(f"d01-q{i},3,{'y' * 9000}\n" for i in (1, 2)) + "initiative.name,X\n"
    (here / "in.csv").write_text(big, encoding="utf-8")
    code = (
        "import resource, sys\n"
        "resource.setrlimit(resource.RLIMIT_FSIZE, (8000, 8000))\n"
        "from m2w_tool.cli import main\n"
        f"sys.argv = ['m2w', 'assess', 'a.yaml', '--from', 'in.csv', '--content', {str(MINI_DIR)!r}, '--lang', 'en']\n"
        "main()\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=here,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert done.returncode == 1, done.stderr
    assert "a.yaml" in done.stderr and "Cannot use -" not in done.stderr
    assert "Traceback" not in done.stderr
