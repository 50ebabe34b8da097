"""Benchmark of `m2w workbook` and `m2w import` (issue 5): whole processes, medians of several runs.

    python3 bench/bench_workbook.py [--runs 5]

Measures, each as a fresh process (what a trainer waits for), after one warm-up run:
  cold       `m2w workbook --no-cache`: the full printable workbook (15 dimensions + 8 quality
             components), rendered from scratch                                  target < 3 s
  fillable   `m2w workbook --fillable --no-cache`: the same with 735 form fields
  cached     `m2w workbook` again with unchanged content and options: served from the cache
                                                                                 target < 3 s
  session    `m2w workbook --only d03 --no-cache`: one dimension, as handed out per session
  weasy      bare `weasyprint` on the very HTML m2w renders for the full workbook (the baseline;
             it cannot load m2w's packaged images, so it draws no tick boxes or writing lines)
  import     `m2w import` of the full fillable workbook with every rating filled in
and prints a Markdown table to paste into bench/README.md, with the median CPU seconds next to
the median wall time: on a shared machine the wall time also holds the waits for other
processes, the CPU time shows the work done. The cache lives in a temporary folder (M2W_CACHE_DIR),
so the user's own cache is never touched.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def timed(cmd: list[str], runs: int, env: dict[str, str], warm_up: bool = True) -> list[tuple[float, float]]:
    """Run `cmd` `runs` times (after one warm-up run): the wall and CPU seconds of each run."""
    if warm_up:
        subprocess.run(cmd, check=True, capture_output=True, env=env, cwd=REPO)
    times = []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True, env=env, cwd=REPO)
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        times.append((wall, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime))
    return times


def write_html(path: Path) -> None:
    """The HTML of the full printable workbook, exactly as `m2w workbook` renders it."""
    from m2w_tool.commands.workbook import compact_html
    from m2w_tool.content import load_content
    from m2w_tool.render import render_workbook_html
    from m2w_tool.workbook import build_workbook

    content = load_content()
    wb = build_workbook(content, content.select("all"), lang="nl")
    path.write_text(compact_html(render_workbook_html(wb)), encoding="utf-8")


def fill_all(blank: Path, target: Path) -> int:
    """Fill every rating of a fillable workbook (as a reader would), return the number of fields."""
    import logging

    from pypdf import PdfReader, PdfWriter

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # "no fields to update on this page", per page
    reader = PdfReader(blank)
    fields = reader.get_fields()
    values = {}
    for name, entry in fields.items():
        options = entry.get("/Opt")
        if options:
            values[name] = options[-2][0]  # the highest value before n/a
        elif name.endswith(":note") or name.endswith(":evidence"):
            values[name] = "Besproken op de teamdag; zie verslag."
    writer = PdfWriter(clone_from=reader)
    for page in writer.pages:
        writer.update_page_form_field_values(page, values, auto_regenerate=False)
    writer.write(target)
    return len(fields)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    m2w = [sys.executable, "-m", "m2w_tool"]
    weasyprint = shutil.which("weasyprint")
    results: dict[str, list[tuple[float, float]] | None] = {}
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        env = dict(os.environ, M2W_LANG="nl", PYTHONPATH=str(REPO), M2W_CACHE_DIR=str(out / "cache"))
        full = out / "workbook.pdf"
        results["cold"] = timed([*m2w, "workbook", "--no-cache", "-o", str(full)], args.runs, env)
        results["fillable"] = timed(
            [*m2w, "workbook", "--fillable", "--no-cache", "-o", str(out / "fillable.pdf")], args.runs, env
        )
        # the warm-up run of `timed` fills the cache; the measured runs are served from it
        results["cached"] = timed([*m2w, "workbook", "-o", str(out / "again.pdf")], args.runs, env)
        results["session"] = timed(
            [*m2w, "workbook", "--only", "d03", "--no-cache", "-o", str(out / "d03.pdf")], args.runs, env
        )
        html = out / "workbook.html"
        write_html(html)
        results["weasy"] = (
            timed([weasyprint, str(html), str(out / "weasy.pdf")], args.runs, env) if weasyprint else None
        )
        n_fields = fill_all(out / "fillable.pdf", out / "filled.pdf")
        answers = out / "answers.yaml"
        results["import"] = timed(
            [*m2w, "import", str(out / "filled.pdf"), "-o", str(answers), "--force"], args.runs, env
        )
        from pypdf import PdfReader

        pages = len(PdfReader(full).pages)
        session_pages = len(PdfReader(out / "d03.pdf").pages)
        html_kb = html.stat().st_size // 1024
        size_kb = full.stat().st_size // 1024

    med = {k: (statistics.median(w for w, _ in v) if v else None) for k, v in results.items()}
    cpu = {k: (statistics.median(c for _, c in v) if v else None) for k, v in results.items()}
    print(
        f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}; load average {os.getloadavg()[0]:.2f} at the end"
    )
    print(
        f"full workbook: {pages} pages, {size_kb} KB PDF, HTML {html_kb} KB; one dimension: {session_pages} pages; "
        f"fillable: {n_fields} fields; {args.runs} runs each (median)\n"
    )
    print("| measurement | median (s) | median CPU (s) | runs (s) | target | result |")
    print("|---|---|---|---|---|---|")

    def row(name: str, key: str, target: str, ok: bool | None) -> None:
        runs = results[key]
        if runs is None:
            print(f"| {name} | unavailable | – | – | {target} | – |")
            return
        verdict = "–" if ok is None else ("met" if ok else "MISSED")
        walls = ", ".join(f"{w:.2f}" for w, _ in runs)
        print(f"| {name} | {med[key]:.2f} | {cpu[key]:.2f} | {walls} | {target} | {verdict} |")

    row("`m2w workbook --no-cache` (full, rendered)", "cold", "< 3 s", med["cold"] < 3)
    row("`m2w workbook` (full, unchanged: from the cache)", "cached", "< 3 s", med["cached"] < 3)
    row("`m2w workbook --fillable --no-cache` (full)", "fillable", "–", None)
    row("`m2w workbook --only d03 --no-cache`", "session", "< 3 s", med["session"] < 3)
    row("bare `weasyprint` on the same HTML", "weasy", "baseline", None)
    row(f"`m2w import` (full fillable, {n_fields} fields)", "import", "< 3 s", med["import"] < 3)
    print()
    if med["weasy"]:
        print(f"ratio m2w workbook (rendered) / weasyprint: {med['cold'] / med['weasy']:.3f}")
    print(f"ratio cached / rendered: {med['cached'] / med['cold']:.3f}")


if __name__ == "__main__":
    main()
