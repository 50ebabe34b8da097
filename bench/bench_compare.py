"""Benchmark: `m2w compare` on 500 synthetic initiatives, HTML and XLSX, as a user runs it.

Target (issue 6): whole process under 10 s, peak memory under 500 MB.

Each run is a fresh `python3 -m m2w_tool compare DIR -o portfolio.html --xlsx portfolio.xlsx`.
Wall time is the median of --runs runs. Memory is measured two ways: the largest resident set of
any process of the run (getrusage of the children: the tree's largest process), and the peak of
the SUM of the resident sets of the command and its worker processes, sampled every 50 ms from
/proc, which is what the machine must actually hold at once.

The baseline is the irreducible part of the job: reading the same 500 files with PyYAML's
fastest safe loader in one process; the ratio says how much the portfolio adds to just reading.

    python3 bench/bench_compare.py [--count 500] [--runs 5] [--jobs N]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024


def tree_rss_kb(root: int) -> int:
    """The summed resident set (kB) of `root` and all its descendants (read from /proc)."""
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        try:
            with open(f"/proc/{pid}/statm", encoding="ascii") as fh:
                total += int(fh.read().split()[1]) * PAGE_KB
            for task in os.listdir(f"/proc/{pid}/task"):
                with open(f"/proc/{pid}/task/{task}/children", encoding="ascii") as fh:
                    stack += [int(c) for c in fh.read().split()]
        except (OSError, ValueError, IndexError):
            continue  # the process ended meanwhile
    return total


def run(cmd: list[str]) -> tuple[float, int, int]:
    """Wall seconds, largest process RSS (kB) and peak summed tree RSS (kB) of one run."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = [0]

    def sample() -> None:
        while proc.poll() is None:
            peak[0] = max(peak[0], tree_rss_kb(proc.pid))
            time.sleep(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, err = proc.communicate()
    elapsed = time.perf_counter() - start
    sampler.join()
    if proc.returncode != 0:
        raise SystemExit(
            f"failed ({proc.returncode}): {' '.join(cmd)}\n{err.decode(errors='replace')}"
        )
    # ru_maxrss of the children is the largest process reaped so far (a running maximum), so a
    # run can only be seen when it raises it; the tree sampling above covers every run.
    largest = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return elapsed, largest, peak[0]


def baseline(folder: Path) -> float:
    code = (
        "import sys, yaml, pathlib\n"
        "L = getattr(yaml, 'CSafeLoader', yaml.SafeLoader)\n"
        "for p in sorted(pathlib.Path(sys.argv[1]).glob('*.yaml')):\n"
        "    yaml.load(p.read_text(encoding='utf-8'), Loader=L)\n"
    )
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code, str(folder)], check=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=500)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--jobs", type=int, default=None)
    parser.add_argument("--seed", default="1")
    args = parser.parse_args()

    from m2w_tool.content import load_content
    from m2w_tool.synth import synth_portfolio, write_portfolio

    with tempfile.TemporaryDirectory(prefix="m2w-bench-") as tmp:
        folder, out = Path(tmp) / "answers", Path(tmp) / "out"
        write_portfolio(folder, synth_portfolio(load_content(), args.count, args.seed))
        cmd = [
            sys.executable,
            "-m",
            "m2w_tool",
            "compare",
            str(folder),
            "-o",
            str(out / "portfolio.html"),
            "--xlsx",
            str(out / "portfolio.xlsx"),
            "--lang",
            "en",
        ]
        if args.jobs:
            cmd += ["--jobs", str(args.jobs)]
        run(cmd)  # warm the disk cache and .pyc files
        results = [run(cmd) for _ in range(args.runs)]
        bases = [baseline(folder) for _ in range(args.runs)]
        times = [r[0] for r in results]
        wall, base = statistics.median(times), statistics.median(bases)
        largest = max(r[1] for r in results) / 1024
        tree = max(r[2] for r in results) / 1024
        html = (out / "portfolio.html").stat().st_size / 1e6
        xlsx = (out / "portfolio.xlsx").stat().st_size / 1e6
    print(
        f"m2w compare, {args.count} initiatives, HTML ({html:.1f} MB) + XLSX ({xlsx:.1f} MB), {os.cpu_count()} cores"
    )
    print(
        f"  wall time: median {wall:.2f} s of {args.runs} (min {min(times):.2f}, max {max(times):.2f}); target < 10 s"
    )
    print(
        f"  memory: largest process {largest:.0f} MB; peak of all processes together {tree:.0f} MB; target < 500 MB"
    )
    print(
        f"  baseline (only parsing the files with PyYAML): median {base:.2f} s; ratio {wall / base:.1f}x"
    )
    ok = wall < 10 and tree < 500
    print("  PASS" if ok else "  FAIL")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
