"""Benchmark: what a long text without spaces costs the PDF report (issue 11).

    python3 bench/bench_longtext.py [--runs 3] [--sizes 0,20000,100000] [--answers examples/demo.yaml]

For each size N, the demo answers file gets one note of N characters without a single space (a
pasted link, a hash, text from a program that lost its spaces; N = 0 is the demo as it is), and,
as the reference of what that much text costs anyway, one of N characters of ordinary words.
`m2w report --format pdf` runs as a fresh process, after one warm-up run. Prints the median wall
time per note and the extra time against N = 0, as a Markdown table for bench/README.md.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from m2w_tool.answers import load_answers, save_answers  # noqa: E402

NOTE_ON = "d01-q1"


def answers_with_note(source: Path, size: int, target: Path, words: bool = False) -> Path:
    """The answers of `source` with a note of `size` characters on NOTE_ON: without a space, or
    ordinary words when `words`."""
    answers = load_answers(source)
    if size:
        unit = "geen spaties maar wel heel veel tekst " if words else "geenspatiesmaarwelheelveeltekst"
        answers.answer(NOTE_ON).note = (unit * (size // len(unit) + 1))[:size]
    save_answers(answers, target, touch=False)
    return target


def timed(cmd: list[str], runs: int, env: dict[str, str], cwd: Path) -> tuple[list[float], list[float]]:
    """Wall and CPU (user + system) seconds of `runs` runs of `cmd`, after a warm-up run. On a
    shared machine the CPU time is the steadier figure: the wall time also holds waits for others."""
    subprocess.run(cmd, check=True, capture_output=True, env=env, cwd=cwd)  # warm-up
    walls, cpus = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True, env=env, cwd=cwd)
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return walls, cpus


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sizes", default="0,20000,100000")
    parser.add_argument("--answers", type=Path, default=REPO / "examples" / "demo.yaml")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    cases = [(size, False) for size in sizes] + [(size, True) for size in sizes if size]
    env = dict(os.environ, M2W_LANG="nl", PYTHONPATH=str(REPO))
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for size, words in cases:
            path = answers_with_note(args.answers, size, folder / f"note-{size}-{words}.yaml", words)
            cmd = [sys.executable, "-m", "m2w_tool", "report", str(path), "--format", "pdf", "-o", str(folder)]
            walls, cpus = timed(cmd, args.runs, env, folder)
            rows.append((size, words, statistics.median(cpus), statistics.median(walls), cpus))
            print(f"{size:>7} chars, words={words}: median CPU {statistics.median(cpus):.2f} s", file=sys.stderr)
    base = rows[0][2] if rows and rows[0][0] == 0 else None
    print(f"load average at the end: {os.getloadavg()[0]:.2f}; {args.runs} runs each\n")
    print("| the note on d01-q1 | median CPU (s) | median wall (s) | CPU runs (s) | extra CPU vs. the demo |")
    print("|---|---|---|---|---|")
    for size, words, cpu, wall, cpus in rows:
        extra = "–" if base is None or size == 0 else f"{cpu - base:+.2f} s"
        runs = ", ".join(f"{t:.2f}" for t in cpus)
        kind = "of words" if words else "without a space"
        what = "the demo as it is" if size == 0 else f"{size:,} characters {kind}"
        print(f"| {what} | {cpu:.2f} | {wall:.2f} | {runs} | {extra} |")


if __name__ == "__main__":
    main()
