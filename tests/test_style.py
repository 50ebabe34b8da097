"""The code keeps one style: ruff's lint rules (pyproject.toml) and its formatter hold for the whole tree.

A newcomer reads one shape of code everywhere, and a change that breaks it fails here rather than in
review. `ruff format .` and `ruff check --fix .` repair most of what these tests report.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _ruff(*args: str) -> subprocess.CompletedProcess:
    # The ruff installed with the test dependencies, next to this Python, else the one on PATH.
    exe = Path(sys.executable).with_name("ruff")
    command = [str(exe)] if exe.exists() else [shutil.which("ruff") or "ruff"]
    return subprocess.run([*command, *args], cwd=ROOT, capture_output=True, text=True, timeout=120)


def test_lint_rules_hold() -> None:
    result = _ruff("check", "--no-cache", "--output-format", "concise", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_code_is_formatted() -> None:
    result = _ruff("format", "--no-cache", "--check", ".")
    assert result.returncode == 0, result.stdout + result.stderr
