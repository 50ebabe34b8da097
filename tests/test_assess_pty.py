"""`python -m m2w_tool assess` in a pseudo-terminal, as a person at a keyboard uses it.

A real interruption (SIGKILL, Ctrl-C): every answer given before it must be in the file, and the file
must load; the answer being typed is the only thing that may be lost, and no lock may outlive the
process. Two keys a statement: a whole dimension answered with a digit and Enter each. The
question whose file this is, which only a terminal is asked."""

from __future__ import annotations

import codecs
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

    def __init__(self, cwd: Path, *args: str, content: Path | None = MINI_DIR, env: dict | None = None) -> None:
        base = {k: v for k, v in os.environ.items() if k not in ("M2W_LANG", "EDITOR", "VISUAL", "M2W_RESPONDENT")}
        base.update(PYTHONPATH=str(REPO), COLUMNS="100", LINES="40", TERM="xterm", **(env or {}))
        env = base
        argv = [sys.executable, "-m", "m2w_tool", "assess", *args]
        if content is not None:
            argv += ["--content", str(content)]
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # the child: become the command
            # A terminal's Ctrl-C interrupts. A test run started in the background by a shell without
            # job control ignores SIGINT, and the child would inherit that (Python keeps an ignored SIGINT).
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            os.chdir(cwd)
            os.execve(sys.executable, argv, env)
        self.seen = ""
        # A character can arrive split over two reads: decode the stream, not each read on its own.
        self._decoder = codecs.getincrementaldecoder("utf-8")("replace")

    def expect(self, text: str, timeout: float = 15.0) -> None:
        end = time.monotonic() + timeout
        while text not in self.seen:
            left = end - time.monotonic()
            if left <= 0:
                raise AssertionError(f"{text!r} did not appear; the screen ends with:\n{self.seen[-1500:]}")
            ready, _, _ = select.select([self.fd], [], [], left)
            if ready:
                try:
                    chunk = os.read(self.fd, 65536)
                except OSError:
                    chunk = b""
                if not chunk:
                    raise AssertionError(f"the process ended before {text!r}:\n{self.seen[-1500:]}")
                self.seen += self._decoder.decode(chunk)
        self.seen = self.seen[self.seen.index(text) + len(text) :]

    def send(self, text: str) -> None:
        os.write(self.fd, text.encode("utf-8"))

    def answer(self, prompt: str, text: str) -> None:
        self.expect(prompt)
        self.send(text + "\r")

    def wait(self) -> int:
        """The exit code, once the process has ended (whatever it still printed is read)."""
        while True:
            try:
                chunk = os.read(self.fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            self.seen += self._decoder.decode(chunk)
        _, status = os.waitpid(self.pid, 0)
        os.close(self.fd)
        return os.waitstatus_to_exitcode(status)

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
        term.answer("Answer:", "4+")
        term.answer("Note:", "notitie مع ملاحظة")
        term.answer("Evidence:", "")
        term.answer("Answer:", "n")
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
        term.answer("Are you ሰላም 👋? Enter = yes, n = no:", "")  # the file says whose it is
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
        typed += [f"{value}+", f"note {value}", ""]
    typed += ["", "3", "1", ""]
    for value in values[2:]:
        typed += [f"{value}+", f"note {value}", ""]
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


def test_a_whole_dimension_with_two_keys_per_statement(tmp_path: Path) -> None:
    # The shipped content's d01 (five statements): a digit and Enter each, nothing else in between.
    from m2w_tool.content import load_content

    d01 = load_content().find("d01")
    term = Terminal(tmp_path, "a.yaml", "--lang", "en", "--only", "d01", content=None)
    keys = 0
    try:
        for prompt, text in [("Name of the initiative:", "Brug"), ("Organisation:", ""), ("Region:", ""),
                             ("Your name", ""), ("Your role", "")]:  # fmt: skip
            term.answer(prompt, text)
        for n, question in enumerate(d01.questions, 1):
            term.expect(f"{n}. {question.text.en[:30]}")
            term.expect("Answer:")
            typed = str(1 + n % 5) + "\r"
            term.send(typed)
            keys += len(typed)
        term.expect(d01.reflection[0].en[:30])  # the statements are done: the reflection follows
        assert "Note" not in term.seen and "Evidence" not in term.seen
    finally:
        term.kill()
    assert keys == 2 * len(d01.questions)
    a = load_answers(tmp_path / "a.yaml")
    assert [a.answers[q.id].value for q in d01.questions] == [1 + n % 5 for n in range(1, len(d01.questions) + 1)]
    assert all(not a.answers[q.id].note and not a.answers[q.id].evidence for q in d01.questions)


def test_ctrl_c_keeps_the_answers_and_says_how_to_go_on(tmp_path: Path) -> None:
    term = Terminal(tmp_path, "a.yaml", "--lang", "en", "--only", "d01")
    try:
        for text in ("Mentor Gent", "", "", "", ""):
            term.answer(":", text)
        term.answer("Answer:", "3")
        term.expect("Answer:")
        term.send("\x03")  # Ctrl-C at the second statement
        term.expect("Interrupted. Every answer already given is saved in a.yaml.")
        term.expect("Continue later with: m2w assess a.yaml")
        assert term.wait() == 130
    except BaseException:
        term.kill()
        raise
    assert load_answers(tmp_path / "a.yaml").answers["d01-q1"].value == 3
    AnswersLock(tmp_path / "a.yaml").acquire().release()


def _owned_file(path: Path, name: str, updated: str) -> None:
    from m2w_tool.answers import Answers, save_answers

    answers = Answers(language="en")
    answers.initiative["name"] = "Brugwerk Gent"
    answers.respondent["name"] = name
    answers.answer("d01-q1").value = 4
    answers.updated = updated
    save_answers(answers, path, touch=False)


def test_someone_elses_file_is_named_and_a_file_of_ones_own_offered(tmp_path: Path) -> None:
    from m2w_tool.answers import now_iso

    _owned_file(tmp_path / "samira.yaml", "Samira El Idrissi (سميرة)", now_iso())
    term = Terminal(tmp_path, "samira.yaml", "--respondent", "Jan Peeters")
    try:
        term.expect("samira.yaml holds the answers of Samira El Idrissi (سميرة).")
        term.expect("1  Go on in this file anyway")
        term.answer("Choice [2]:", "")
        term.expect("New file: answers-brugwerk-gent-jan-peeters-")
        term.expect("samira.yaml stays as it is.")
        term.expect("Answer:")  # the questions go on in the new file
        term.send("5\r")
        term.expect("Answer:")
    finally:
        term.kill()
    before = load_answers(tmp_path / "samira.yaml")
    assert before.respondent["name"] == "Samira El Idrissi (سميرة)" and "d01-q2" not in before.answers
    [new] = [p for p in tmp_path.glob("answers-brugwerk-gent-jan-peeters-*.yaml")]
    mine = load_answers(new)
    assert mine.respondent["name"] == "Jan Peeters" and mine.initiative["name"] == "Brugwerk Gent"
    assert mine.answers["d01-q1"].value == 5 and "baseline" not in mine.extra


def test_an_old_file_offers_a_new_round_with_it_as_the_baseline(tmp_path: Path) -> None:
    _owned_file(tmp_path / "brugwerk-2025.yaml", "Samira", "2025-03-01T10:00:00+01:00")
    term = Terminal(tmp_path, "brugwerk-2025.yaml")
    try:
        term.answer("Are you Samira? Enter = yes, n = no:", "")
        term.expect("was last changed on 1 March 2025, more than six months ago.")
        term.answer("Choice [2]:", "2")
        term.expect("New file: brugwerk-")
        term.expect("It compares with brugwerk-2025.yaml")
        term.expect("Answer:")
    finally:
        term.kill()
    [new] = [p for p in tmp_path.glob("brugwerk-*.yaml") if p.name != "brugwerk-2025.yaml"]
    assert new.name == f"brugwerk-{time.localtime().tm_year}.yaml"
    rounds = load_answers(new)
    assert rounds.extra["baseline"] == "brugwerk-2025.yaml"
    assert rounds.respondent["name"] == "Samira" and rounds.answers == {}
    assert load_answers(tmp_path / "brugwerk-2025.yaml").answers["d01-q1"].value == 4


def test_going_on_in_someone_elses_file_is_a_choice(tmp_path: Path) -> None:
    from m2w_tool.answers import now_iso

    _owned_file(tmp_path / "s.yaml", "Samira", now_iso())
    term = Terminal(tmp_path, "s.yaml")
    try:
        term.answer("Are you Samira? Enter = yes, n = no:", "n")
        term.answer("Choice [2]:", "1")
        term.answer("Answer:", "2")
        term.expect("> ")  # d01's reflection: its statements are done
    finally:
        term.kill()
    assert load_answers(tmp_path / "s.yaml").answers["d01-q2"].value == 2
    assert not [p for p in tmp_path.glob("*.yaml") if p.name != "s.yaml"]
