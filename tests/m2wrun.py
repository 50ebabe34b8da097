"""Run `m2w` in this process the way a user's shell does: through `cli.main`, with its exit codes
(1 for a user error, 70 for an unexpected problem) and its own handling of every exception."""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass

from click.testing import CliRunner

from m2w_tool.cli import main

UNEXPECTED = 70
# `file:line:` or `file:line:column:` at the start of a line of the error output.
LOCATED = re.compile(r"^\S[^\n]*?:\d+(:\d+)?: ", re.MULTILINE)


@dataclass(frozen=True)
class Ran:
    exit_code: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr

    @property
    def located(self) -> bool:
        """Whether the error output points at a line (and column) of a file."""
        return bool(LOCATED.search(self.stderr))


def m2w(*args: object, input: str | bytes | None = None, env: dict | None = None) -> Ran:
    """`m2w ARGS...` with `input` on standard input; never raises for what m2w does."""
    runner = CliRunner()
    with runner.isolation(input=input, env=env) as (out, err, _):
        argv, sys.argv = sys.argv, ["m2w", *map(str, args)]
        try:
            main()
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        finally:
            sys.argv = argv
        stdout = out.getvalue().decode("utf-8", "replace")
        stderr = err.getvalue().decode("utf-8", "replace")
    return Ran(code, stdout, stderr)


def assert_handled(ran: Ran, *, located: bool = True) -> None:
    """Exit 0, or a user error (located in a file when `located`): never a traceback or exit 70."""
    assert ran.exit_code != UNEXPECTED, ran.output
    assert "Traceback" not in ran.output, ran.output
    if ran.exit_code != 0 and located:
        assert ran.located, ran.output
