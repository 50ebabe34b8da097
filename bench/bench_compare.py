"""Benchmark: `m2w compare` at network scale (issue 16), as a user runs it.

Targets, on two cores:
- HTML + XLSX of 1,000 synthetic initiatives in at most 5 s; of 10,000 in at most 60 s and 1 GB for
  all processes together; time linear in the count (500, 1,000, 2,000, 5,000, 10,000);
- a second run after 10 files changed or were added: at most 2 s for 1,000 (the digest cache);
- the PDF of 10,000 in at most 1.5 GB (it shows the overview: Portfolio.large);
- `merge` linear in the number of answers (two files of 75,000 ids).

Each run is a fresh `python3 -m m2w_tool compare DIR -o portfolio.html --xlsx portfolio.xlsx`;
cold runs use `--no-cache`, the cached run its own empty cache folder (M2W_CACHE_DIR). Wall time is
the median of --runs runs. Memory is sampled every 50 ms from /proc over the command and its
worker processes: the peak of the summed PSS (proportional set size: a page shared by a forked
worker is counted once, split between the processes that share it, which is what the machine
holds) and, for comparison, of the summed RSS (which counts every shared page in every process).
The machine's load average is printed before and after: the machine is shared.

    python3 bench/bench_compare.py [--counts 500,1000,2000,5000,10000] [--runs 3] [--jobs N]
                                   [--folder DIR (synthetic files made before)] [--pdf] [--merge]
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
CHANGED = 10  # files changed or added before the cached run


def _children(pid: int) -> list[int]:
    found = []
    for task in os.listdir(f"/proc/{pid}/task"):
        with open(f"/proc/{pid}/task/{task}/children", encoding="ascii") as fh:
            found += [int(c) for c in fh.read().split()]
    return found


def _pss_kb(pid: int) -> int:
    with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("Pss:"):
                return int(line.split()[1])
    return 0


def tree_memory_kb(root: int) -> tuple[int, int]:
    """(summed PSS, summed RSS) in kB of `root` and all its descendants."""
    pss = rss = 0
    stack = [root]
    while stack:
        pid = stack.pop()
        try:
            with open(f"/proc/{pid}/statm", encoding="ascii") as fh:
                rss += int(fh.read().split()[1]) * PAGE_KB
            pss += _pss_kb(pid)
            stack += _children(pid)
        except (OSError, ValueError, IndexError):
            continue  # the process ended meanwhile
    return pss, rss


CPU: list[float] = []  # CPU seconds (user + system) of every run, its workers included


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, int, int]:
    """Wall seconds and the peaks of summed PSS and RSS (kB) of one run (its CPU seconds go to CPU)."""
    cpu = _cpu()
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    peak = [0, 0]

    def sample() -> None:
        while proc.poll() is None:
            pss, rss = tree_memory_kb(proc.pid)
            peak[0], peak[1] = max(peak[0], pss), max(peak[1], rss)
            time.sleep(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, err = proc.communicate()
    elapsed = time.perf_counter() - start
    sampler.join()
    if proc.returncode != 0:
        raise SystemExit(f"failed ({proc.returncode}): {' '.join(cmd)}\n{err.decode(errors='replace')}")
    CPU.append(_cpu() - cpu)
    return elapsed, peak[0], peak[1]


def compare_cmd(folder: Path, out: Path, jobs: int | None, *extra: str) -> list[str]:
    cmd = [sys.executable, "-m", "m2w_tool", "compare", str(folder), "--lang", "en", "--force", *extra]
    return cmd + (["--jobs", str(jobs)] if jobs else [])


def subset(source: Path, count: int, where: Path) -> Path:
    """A folder with the first `count` files of `source` (links: the bytes are the same)."""
    folder = where / f"n{count}"
    folder.mkdir()
    for path in sorted(source.glob("*.yaml"))[:count]:
        (folder / path.name).symlink_to(path)
    return folder


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def cold(folder: Path, out: Path, runs: int, jobs: int | None) -> tuple[float, float, float, float]:
    """Median wall time (and min, max) and the peak summed PSS/RSS in MB, HTML + XLSX without the cache."""
    cmd = compare_cmd(folder, out, jobs, "-o", str(out / "p.html"), "--xlsx", str(out / "p.xlsx"), "--no-cache")
    CPU.clear()
    results = [run(cmd) for _ in range(runs)]
    times = [r[0] for r in results]
    return (
        statistics.median(times),
        max(r[1] for r in results) / 1024,
        max(r[2] for r in results) / 1024,
        max(times) - min(times),
    )


def cached(folder: Path, out: Path, runs: int, jobs: int | None, spare: list[Path]) -> float:
    """Median wall time of a run after CHANGED files changed or were added, with a warm cache."""
    env = dict(os.environ, M2W_CACHE_DIR=str(out / "cache"))
    cmd = compare_cmd(folder, out, jobs, "-o", str(out / "p.html"), "--xlsx", str(out / "p.xlsx"))
    run(cmd, env)  # fills the cache
    times = []
    for k in range(runs):
        files = sorted(folder.glob("*.yaml"))
        for path in files[k * 5 : k * 5 + CHANGED // 2]:  # changed: a comment line makes new bytes
            text = path.read_text(encoding="utf-8")
            path.unlink()  # a link: replace it by a changed copy
            path.write_text(text + f"# changed for run {k}\n", encoding="utf-8")
        for extra in spare[k * 5 : k * 5 + CHANGED - CHANGED // 2]:  # added
            (folder / f"added-{extra.name}").symlink_to(extra)
        times.append(run(cmd, env)[0])
    return statistics.median(times)


def pdf(folder: Path, out: Path, jobs: int | None) -> tuple[float, float, float]:
    cmd = compare_cmd(folder, out, jobs, "-o", str(out / "p.pdf"), "--no-cache")
    wall, pss, rss = run(cmd)
    return wall, pss / 1024, rss / 1024


def merge_bench(ids: int) -> float:
    """Seconds to merge two files of `ids` answers each (in this process)."""
    from m2w_tool.answers import Answer, Answers
    from m2w_tool.merge import merge_answers

    def big(name: str) -> Answers:
        a = Answers(initiative={"name": "X", "organisation": "Y", "region": ""}, respondent={"name": name, "role": ""})
        a.answers = {f"x{i}": Answer(value=(i % 5) + 1) for i in range(ids)}
        return a

    files = [("a.yaml", big("A")), ("b.yaml", big("B"))]
    start = time.perf_counter()
    merge_answers(files)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--counts", default="500,1000,2000,5000,10000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=None)
    parser.add_argument(
        "--folder", type=Path, default=None, help="synthetic answers files made before (python3 -m m2w_tool.synth)"
    )
    parser.add_argument("--pdf", action="store_true", help="also the PDF of the largest count")
    parser.add_argument("--merge", action="store_true", help="also merge two files of 25,000 and 75,000 ids")
    args = parser.parse_args()
    counts = [int(c) for c in args.counts.split(",")]
    print(f"{os.cpu_count()} cores; load average before: {load()}")
    with tempfile.TemporaryDirectory(prefix="m2w-bench-") as tmp:
        tmp_path = Path(tmp)
        source = args.folder or _make(tmp_path / "all", max(counts) + CHANGED * args.runs)
        every = sorted(source.glob("*.yaml"))
        print(
            "| initiatives | cold HTML+XLSX (s) | per 1,000 (s) | CPU, all processes (s) | peak PSS (MB) | peak RSS "
            "(MB) | cached, 10 changed (s) |"
        )
        print("|---:|---:|---:|---:|---:|---:|---:|")
        for count in counts:
            folder = subset(source, count, tmp_path)
            out = tmp_path / f"out{count}"
            wall, pss, rss, spread = cold(folder, out, args.runs, args.jobs)
            cpu = statistics.median(CPU)
            spare = every[count : count + CHANGED * args.runs]  # files the subset does not hold yet
            warm = cached(folder, out, args.runs, args.jobs, spare) if count <= 2000 else float("nan")
            print(f"| {count:,} | {wall:.2f} (±{spread / 2:.2f}) | {1000 * wall / count:.2f} | {cpu:.1f} | {pss:.0f} "
                  f"| {rss:.0f} "
                  f"| {warm:.2f} |  load {load()}", flush=True)  # fmt: skip
        if args.pdf:
            wall, pss, rss = pdf(folder, tmp_path / "outpdf", args.jobs)
            print(f"PDF of {max(counts):,}: {wall:.1f} s, peak PSS {pss:.0f} MB, peak RSS {rss:.0f} MB")
    if args.merge:
        for ids in (25_000, 75_000):
            print(f"merge of two files of {ids:,} ids: {merge_bench(ids):.2f} s")
    print(f"load average after: {load()}")


def _make(folder: Path, count: int) -> Path:
    from m2w_tool.content import load_content
    from m2w_tool.synth import synth_portfolio, write_portfolio

    write_portfolio(folder, synth_portfolio(load_content(), count, "1"))
    return folder


if __name__ == "__main__":
    main()
