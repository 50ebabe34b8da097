"""How long answers take to come in: an answers file read through the schema, CSV and spreadsheet imports.

    python3 bench/bench_answers_in.py [--runs 300] [--other PATH]

Reads `examples/demo.yaml` (every statement of the shipped content answered) `--runs` times with
`answers.answers_from_data` (parsing excluded: the schema, the rules of the file and the dataclasses)
and with `answers.load_answers` (the whole read, as `m2w report` and every portfolio file does). With
`--other PATH` (another checkout of m2w, e.g. before a change) the same runs are made with its code,
interleaved run by run so that the machine's load falls on both alike, and the ratio is printed.
Then, for this checkout only: a CSV of every answer imported into a new file (`api.import_answers`),
and the full answer sheet written (`api.write_template`) and read back.
"""

from __future__ import annotations

import argparse
import csv
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PROBE = r"""
import sys, time, json
sys.path.insert(0, sys.argv[1])
from pathlib import Path
from m2w_tool.answers import answers_from_data, load_answers
from m2w_tool.yamlsource import load_located
path = Path(sys.argv[1]) / "examples" / "demo.yaml"
located, _ = load_located(path, str(path))
answers_from_data(located.data, "demo.yaml", located)
for line in sys.stdin:
    kind = line.strip()
    start = time.perf_counter()
    if kind == "data":
        for _ in range(20):
            answers_from_data(located.data, "demo.yaml", located)
    else:
        for _ in range(20):
            load_answers(path)
    print(json.dumps((time.perf_counter() - start) / 20 * 1e6), flush=True)
"""


def _probe(repo: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", PROBE, str(repo)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            text=True, cwd=tempfile.gettempdir())  # fmt: skip


def _ask(probe: subprocess.Popen, kind: str) -> float:
    probe.stdin.write(kind + "\n")
    probe.stdin.flush()
    return float(probe.stdout.readline())


def reading(runs: int, other: Path | None) -> None:
    probes = {"this": _probe(ROOT)} | ({"other": _probe(other)} if other else {})
    for kind, what in (("data", "answers_from_data (schema + Answers)"), ("load", "load_answers (whole read)")):
        times: dict[str, list[float]] = {name: [] for name in probes}
        for _ in range(runs // 20):
            for name, probe in probes.items():
                times[name].append(_ask(probe, kind))
        medians = {name: statistics.median(t) for name, t in times.items()}
        line = f"{what}: this {medians['this']:.0f} µs"
        if other:
            line += f", other {medians['other']:.0f} µs, ratio {medians['this'] / medians['other']:.2f}"
        print(line)
    for probe in probes.values():
        probe.stdin.close()
        probe.wait()


def imports() -> None:
    sys.path.insert(0, str(ROOT))
    from m2w_tool import api
    from m2w_tool.answers import load_answers
    from m2w_tool.content import load_content

    content = load_content()
    demo = load_answers(ROOT / "examples" / "demo.yaml")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        with (folder / "all.csv").open("w", newline="", encoding="utf-8") as fh:
            writer = csv.writer(fh)
            writer.writerow(["id", "value", "how_well", "note", "evidence"])
            for qid, a in demo.answers.items():
                writer.writerow([qid, a.value, a.how_well or "", a.note, a.evidence])
        csv_ms = _median(lambda: _fresh_import(api, folder, "all.csv", content))
        print(f"CSV of {len(demo.answers)} answers into a new file: {csv_ms:.0f} ms")
        sheet = folder / "sheet.xlsx"
        write_ms = _median(lambda: api.write_template(content, lang="nl", output=sheet, force=True), 5)
        read_ms = _median(lambda: _fresh_import(api, folder, "sheet.xlsx", content), 5)
        print(
            f"full answer sheet ({sheet.stat().st_size // 1024} KB): written in {write_ms:.0f} ms, "
            f"read back (empty) in {read_ms:.0f} ms"
        )


def _fresh_import(api, folder: Path, source: str, content) -> None:  # noqa: ANN001 - the api module
    target = folder / "a.yaml"
    target.unlink(missing_ok=True)
    try:
        api.import_answers(target, str(folder / source), content=content, lang="nl")
    except Exception:  # noqa: BLE001 - an empty sheet has nothing to import; the read is what is timed
        pass


def _median(action, runs: int = 10) -> float:  # noqa: ANN001 - a callable
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=300)
    parser.add_argument("--other", type=Path, help="another checkout of m2w to compare with")
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.2f}, {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    reading(args.runs, args.other)
    imports()


if __name__ == "__main__":
    main()
