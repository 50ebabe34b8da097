"""A real interruption: `python -m m2w_tool assess` in a pseudo-terminal, killed with SIGKILL.

Every answer given before the kill must be in the file, and the file must load; the answer being
typed is the only thing that may be lost, and no lock may outlive the process."""

from __future__ import annotations

import os
import pty
import random
import select
import signal
import sys
import time
from pathlib import Path

import pytest

from m2w_tool.answers import NA, load_answers
from m2w_tool.lock import AnswersLock

REPO = Path(__file__).resolve().parent.parent
MINI_DIR = REPO / "tests" / "data" / "mini"


class Terminal:
    """A child process on a pty, with expect/send as a person at a terminal would use it."""

    def __init__(self, cwd: Path, *args: str) -> None:
        env = {k: v for k, v in os.environ.items() if k not in ("M2W_LANG", "EDITOR", "VISUAL")}
        env.update(PYTHONPATH=str(REPO), COLUMNS="100", LINES="40", TERM="xterm")
        argv = [sys.executable, "-m", "m2w_tool", "assess", *args, "--content", str(MINI_DIR)]
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # the child: become the command
            os.chdir(cwd)
            os.execve(sys.executable, argv, env)
        self.seen = ""

    def expect(self, text: str, timeout: float = 15.0) -> None:
        end = time.monotonic() + timeout
        while text not in self.seen:
            left = end - time.monotonic()
            if left <= 0:
                raise AssertionError(
                    f"{text!r} did not appear; the screen ends with:\n{self.seen[-1500:]}"
                )
            ready, _, _ = select.select([self.fd], [], [], left)
            if ready:
                try:
                    chunk = os.read(self.fd, 65536)
                except OSError:
                    chunk = b""
                if not chunk:
                    raise AssertionError(f"the process ended before {text!r}:\n{self.seen[-1500:]}")
                self.seen += chunk.decode("utf-8", "replace")
        self.seen = self.seen[self.seen.index(text) + len(text) :]

    def send(self, text: str) -> None:
        os.write(self.fd, text.encode("utf-8"))

    def answer(self, prompt: str, text: str) -> None:
        self.expect(prompt)
        self.send(text + "\r")

    def kill(self) -> None:
        os.kill(self.pid, signal.SIGKILL)
        _, status = os.waitpid(self.pid, 0)
        assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
        os.close(self.fd)


def test_sigkill_keeps_every_answer_already_given(tmp_path: Path) -> None:
    term = Terminal(tmp_path, "a.yaml", "--lang", "en", "--module", "all")
    try:
        term.answer("Name of the initiative:", "Brug naar Werk")
        term.answer("Organisation:", "Вуз «Мост»")
        term.answer("Region:", "Antwerpen")
        term.answer("Your name", "ሰላም 👋")
        term.answer("Your role", "")
        term.answer("Answer:", "4")
        term.answer("Note (optional):", "notitie مع ملاحظة")
        term.answer("Evidence (optional):", "")
        term.answer("Answer:", "n")
        term.answer("Note (optional):", "")
        term.answer("Evidence (optional):", "")
        term.answer("> ", "eerste regel")
        term.send("tweede regel\r\r")
        term.answer("Importance:", "5")
        term.answer("Target:", "2")
        term.expect("Action 1:")
        term.send("half getypt, nog geen Enter")  # the one answer that may be lost
        time.sleep(0.2)
    finally:
        term.kill()

    path = tmp_path / "a.yaml"
    a = load_answers(path)
    assert a.initiative == {
        "name": "Brug naar Werk",
        "organisation": "Вуз «Мост»",
        "region": "Antwerpen",
    }
    assert a.respondent["name"] == "ሰላም 👋"
    assert (a.answers["d01-q1"].value, a.answers["d01-q1"].note) == (4, "notitie مع ملاحظة")
    assert a.answers["d01-q2"].value == NA
    d01 = a.dimensions["d01-alpha"]
    assert (d01.reflections, d01.importance, d01.target) == (
        ["eerste regel\ntweede regel"],
        5,
        "developing",
    )
    assert d01.actions == []
    assert not list(tmp_path.glob(".a.yaml.*.tmp"))  # no half-written temporary file left over
    AnswersLock(path).acquire().release()  # the killed process holds no lock any more

    # The next run continues at the first open question, in the file's language.
    term = Terminal(tmp_path, "a.yaml")
    try:
        term.expect("Continuing in a.yaml")
        term.expect("dimension 2 of 2 · statement 1 of 2")
    finally:
        term.kill()


@pytest.mark.parametrize("seed", range(6))
def test_sigkill_at_a_random_moment_leaves_a_whole_file(tmp_path: Path, seed: int) -> None:
    # All answers typed ahead at once, the process killed at a random moment while it saves them
    # one by one: whatever is on disk is a complete file with a prefix of the answers.
    rng = random.Random(seed)
    term = Terminal(tmp_path, "a.yaml", "--lang", "en", "--module", "all")
    order = ["d01-q1", "d01-q2", "d02-q1", "d02-q2"]
    values = [str(rng.randint(1, 5)) for _ in order]
    typed = ["Snel", "", "", "", ""]
    for value in values[:2]:
        typed += [value, f"note {value}", ""]
    typed += ["", "3", "1", ""]
    for value in values[2:]:
        typed += [value, f"note {value}", ""]
    try:
        term.expect("Name of the initiative:")
        term.send("".join(f"{line}\r" for line in typed))
        time.sleep(rng.uniform(0.0, 0.06))  # the whole input takes some 50-100 ms to work through
    finally:
        term.kill()
    path = tmp_path / "a.yaml"
    if not path.exists():
        return  # killed before the first save: nothing to lose yet
    a = load_answers(path)
    given = [q for q in order if q in a.answers]
    assert given == order[: len(given)]
    for qid in given:
        answer = a.answers[qid]
        assert str(answer.value) == values[order.index(qid)]
        assert answer.note in ("", f"note {answer.value}")
