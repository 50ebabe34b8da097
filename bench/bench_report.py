"""Benchmark of `m2w report` (issue 4): whole processes, medians of several runs.

    python3 bench/bench_report.py [--runs 5] [--answers examples/demo.yaml]

Measures, each as a fresh process (what a user waits for):
  help      `m2w --help`                                         target < 0.2 s
  html      `m2w report ANSWERS --format html`                   target < 0.5 s
  pdf       `m2w report ANSWERS --format pdf`                    target <= 1.15 x weasyprint
  weasy     bare `weasyprint REPORT.html OUT.pdf` on the HTML m2w wrote (the baseline)
  chromium  `chromium --headless --no-sandbox --disable-gpu --print-to-pdf` on the same HTML,
            when a Chromium is installed (else recorded as unavailable)
and prints a Markdown table to paste into bench/README.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def timed(cmd: list[str], runs: int, env: dict[str, str]) -> list[float]:
    """Run `cmd` `runs` times (after one warm-up run) and return the wall times in seconds."""
    subprocess.run(cmd, check=True, capture_output=True, env=env, cwd=REPO)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True, env=env, cwd=REPO)
        times.append(time.perf_counter() - start)
    return times


def find_chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome", "chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--answers", type=Path, default=REPO / "examples" / "demo.yaml")
    args = parser.parse_args()

    env = dict(os.environ, M2W_LANG="nl", PYTHONPATH=str(REPO))
    m2w = [sys.executable, "-m", "m2w_tool"]
    weasyprint = shutil.which("weasyprint")
    chromium = find_chromium()
    results: dict[str, list[float] | None] = {}

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        results["help"] = timed([*m2w, "--help"], args.runs, env)
        results["html"] = timed([*m2w, "report", str(args.answers), "--format", "html", "-o", str(out)], args.runs, env)
        results["pdf"] = timed([*m2w, "report", str(args.answers), "--format", "pdf", "-o", str(out)], args.runs, env)
        [html] = list(out.glob("*.html"))
        pages = len(__import__("pypdf").PdfReader(next(out.glob("*.pdf"))).pages)
        results["weasy"] = (
            timed([weasyprint, str(html), str(out / "weasy.pdf")], args.runs, env) if weasyprint else None
        )
        if chromium:
            results["chromium"] = timed(
                [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                 f"--print-to-pdf={out / 'chromium.pdf'}", html.as_uri()],
                args.runs,
                env,
            )
        else:
            results["chromium"] = None
        html_kb = html.stat().st_size // 1024

    med = {k: (statistics.median(v) if v else None) for k, v in results.items()}
    print(
        f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}"
    )
    print(
        f"answers: {args.answers.name}; report: {pages} PDF pages, HTML {html_kb} KB; {args.runs} runs each (median)\n"
    )
    print("| measurement | median (s) | runs (s) | target | result |")
    print("|---|---|---|---|---|")

    def row(name: str, key: str, target: str, ok: bool | None) -> None:
        runs = results[key]
        if runs is None:
            print(f"| {name} | unavailable | – | {target} | – |")
            return
        verdict = "–" if ok is None else ("met" if ok else "MISSED")
        print(f"| {name} | {med[key]:.2f} | {', '.join(f'{t:.2f}' for t in runs)} | {target} | {verdict} |")

    row("`m2w --help`", "help", "< 0.2 s", med["help"] < 0.2)
    row("`m2w report --format html`", "html", "< 0.5 s", med["html"] < 0.5)
    ratio = med["pdf"] / med["weasy"] if med["weasy"] else None
    row("`m2w report --format pdf`", "pdf", "<= 1.15 x weasyprint", None if ratio is None else ratio <= 1.15)
    row("bare `weasyprint` on the same HTML", "weasy", "baseline", None)
    row("Chromium `--print-to-pdf` on the same HTML", "chromium", "reference", None)
    print()
    if ratio is not None:
        print(f"ratio m2w pdf / weasyprint: {ratio:.3f}")
    if med["chromium"]:
        print(f"ratio m2w pdf / chromium: {med['pdf'] / med['chromium']:.2f}")


if __name__ == "__main__":
    main()
