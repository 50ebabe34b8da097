"""Benchmark: a batch of HTML-only reports, this code against an earlier commit on the same files.

Target (issue 12): `m2w report FOLDER --format html` at least 1.5x faster than before the library
layer, because a batch now loads and validates the content once instead of once per file.

Both versions run as a user runs them (`python3 -m m2w_tool report DIR --format html --jobs J`),
the earlier one from a temporary `git worktree` of REF; runs alternate so a change in the
machine's load hits both alike. The ratio is median(earlier) / median(now). The load average
before and after is printed, since a busy machine slows both.

    python3 bench/bench_batch_html.py [--count 60] [--runs 5] [--jobs 1] [--baseline 26d8ba2]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def run(code: Path, folder: Path, out: Path, jobs: int) -> float:
    shutil.rmtree(out, ignore_errors=True)
    cmd = [sys.executable, "-m", "m2w_tool", "report", str(folder), "--format", "html", "-o", str(out),
           "--jobs", str(jobs), "--lang", "en"]  # fmt: skip
    env = {**os.environ, "PYTHONPATH": str(code)}
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=code, capture_output=True, env=env)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"failed in {code}: {proc.stderr.decode(errors='replace')[-2000:]}")
    made = len(list(out.glob("*.html")))
    if made == 0:
        raise SystemExit(f"no reports made by {code}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=60)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--baseline", default="26d8ba2")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        subprocess.run([sys.executable, "-m", "m2w_tool.synth", str(tmp / "files"), "--count", str(args.count)],
                       cwd=REPO, check=True, capture_output=True)  # fmt: skip
        old = tmp / "baseline"
        subprocess.run(["git", "worktree", "add", "--detach", str(old), args.baseline], cwd=REPO, check=True,
                       capture_output=True)  # fmt: skip
        try:
            times: dict[str, list[float]] = {"before": [], "now": []}
            print(f"load average before: {os.getloadavg()}")
            run(REPO, tmp / "files", tmp / "out", args.jobs)  # warm-up (Jinja's bytecode cache, disk cache)
            run(old, tmp / "files", tmp / "out", args.jobs)
            for _ in range(args.runs):
                times["before"].append(run(old, tmp / "files", tmp / "out-old", args.jobs))
                times["now"].append(run(REPO, tmp / "files", tmp / "out", args.jobs))
            print(f"load average after: {os.getloadavg()}")
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(old)], cwd=REPO, capture_output=True)
    before, now = statistics.median(times["before"]), statistics.median(times["now"])
    files = len(list((tmp / "files").glob("*"))) if (tmp / "files").exists() else args.count
    print(f"{files} answers files, --jobs {args.jobs}, {args.runs} runs each")
    print(f"before ({args.baseline}): median {before:.2f} s  {[round(t, 2) for t in times['before']]}")
    print(f"now: median {now:.2f} s  {[round(t, 2) for t in times['now']]}")
    print(f"speed-up: {before / now:.2f}x (target >= 1.5x)")


if __name__ == "__main__":
    main()
