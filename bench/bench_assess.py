"""How long `m2w assess` takes to show the first open question of a full answers file.

A whole process in a pseudo-terminal, as a person starts it: the clock runs from the start of the
process until the prompt of the first open question appears on the terminal. The answers file is the
demo (125 statements answered, every dimension's importance and target, notes, reflections, actions)
with one statement in the middle taken out, so the session resumes there; its respondent is the one
given with M2W_RESPONDENT, so no ownership question comes first.

Python writes its bytecode caches as it does for a user (PYTHONDONTWRITEBYTECODE is removed; they go
to a temporary folder, PYTHONPYCACHEPREFIX, so no checkout is written to), and one warm-up run fills
them and m2w's content cache before the measured runs. With `--compare DIR` the
same is measured for the m2w in another checkout (e.g. the integration checkout before a change).

    python3 bench/bench_assess.py [--runs 15] [--compare /path/to/other/checkout]
"""

from __future__ import annotations

import argparse
import os
import pty
import select
import signal
import statistics
import sys
import tempfile
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
TARGET = 0.3  # seconds
PROMPTS = (b"Antwoord:", b"Answer:")


def answers_file(folder: Path) -> tuple[Path, str]:
    """The demo answers, every dimension closed, one statement left open, changed today; and its respondent."""
    from m2w_tool.content import load_content

    data = yaml.safe_load((REPO / "examples" / "demo.yaml").read_text(encoding="utf-8"))
    for dim in load_content().dimensions:  # every dimension closed: importance and target given
        closing = data.setdefault("dimensions", {}).setdefault(dim.id, {})
        closing.setdefault("importance", 3)
        closing.setdefault("target", "established")
    ids = sorted(data["answers"])
    del data["answers"][ids[len(ids) // 2]]
    data["updated"] = time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime())
    path = folder / "full.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path, data["respondent"]["name"]


def first_prompt(code: Path, path: Path, respondent: str, cache: Path) -> tuple[float, float]:
    """Seconds from starting `m2w assess` until the first question's prompt is on the terminal, and
    the processor time the process used for it (user + system: what a busy machine does not stretch)."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "M2W_LANG")}
    env.update(PYTHONPATH=str(code), M2W_RESPONDENT=respondent, COLUMNS="100", LINES="40", TERM="xterm",
               XDG_CACHE_HOME=str(cache), PYTHONPYCACHEPREFIX=str(cache / "pycache"))  # fmt: skip
    argv = [sys.executable, "-m", "m2w_tool", "assess", str(path)]
    start = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:
        os.chdir(path.parent)
        os.execve(sys.executable, argv, env)
    seen = b""
    try:
        while not any(p in seen for p in PROMPTS):
            ready, _, _ = select.select([fd], [], [], 30)
            if not ready:
                raise RuntimeError(f"no prompt after 30 s:\n{seen.decode('utf-8', 'replace')[-800:]}")
            seen += os.read(fd, 65536)
        wall = time.perf_counter() - start
    finally:
        os.kill(pid, signal.SIGKILL)  # it waits for the answer by now: the time used so far is all it took
        _, _, usage = os.wait4(pid, 0)
        os.close(fd)
    return wall, usage.ru_utime + usage.ru_stime


def measure(code: Path, runs: int) -> list[tuple[float, float]]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        cache = folder / "cache"
        path, respondent = answers_file(folder)
        first_prompt(code, path, respondent, cache)  # warm-up: bytecode and content caches
        return [first_prompt(code, path, respondent, cache) for _ in range(runs)]


def report(name: str, runs: list[tuple[float, float]]) -> float:
    times = [wall for wall, _cpu in runs]
    median = statistics.median(times)
    shown = ", ".join(f"{t:.3f}" for t in times)
    print(f"{name}: median {median:.3f} s (min {min(times):.3f}, max {max(times):.3f}); runs: {shown}")
    print(f"  processor time (user + system): median {statistics.median(cpu for _wall, cpu in runs):.3f} s")
    return median


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--compare", type=Path, help="another checkout of m2w to measure the same way")
    args = parser.parse_args()
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}; {os.cpu_count()} cores; "
          f"Python {sys.version.split()[0]}")  # fmt: skip
    median = report("this checkout", measure(REPO, args.runs))
    if args.compare:
        other = report(f"{args.compare}", measure(args.compare.resolve(), args.runs))
        print(f"ratio: {other / median:.2f}x")
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"target < {TARGET} s: {'met' if median < TARGET else 'NOT met'}")


if __name__ == "__main__":
    main()
