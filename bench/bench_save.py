"""Benchmark: saving one answer, as `m2w assess` does after every answer.

The file: all 15 sustainability dimensions of the shipped content, every statement answered with a
note (and every other one with evidence), reflections and actions per dimension: 89 answers with
notes, ~28 KB of YAML, in Dutch with some Arabic, Cyrillic and emoji. `--module all` adds the
quality components (142 answers, ~45 KB).

One run = change one answer, then `save_answers` (emit YAML, write a temporary file, fsync,
replace, fsync the folder). Reported: the median of many runs, next to two baselines measured the
same way: the whole document emitted by PyYAML's pure-Python dumper (what answers.py did before),
and by libyaml's CSafeDumper (fast, but it escapes emoji as \\U0001F389). Target: median < 20 ms.

    python3 bench/bench_save.py [--runs 300] [--module sustainability|all]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from m2w_tool.answers import (  # noqa: E402
    NA,
    Action,
    Answers,
    _Dumper,
    dump_answers,
    save_answers,
    write_atomic,
)
from m2w_tool.content import load_content  # noqa: E402

NOTES = [
    "Het team kan dit uitleggen, maar nieuwe collega's en vrijwilligers nog niet altijd; "
    "we nemen het op in de onthaalmap.",
    "Besproken op de teamdag van maart. Mentoren uit de bouwsector vinden dit belangrijk.",
    "مرشدة من حلب: كانت التجربة مفيدة جداً — feedback uit de focusgroep met mentees 🎉",
    "Олена (mentor, zorg): 'het netwerk delen gebeurt niet vanzelf', dus spreken we het af.",
]


def build(content, module: str) -> Answers:
    a = Answers(content_version=content.version, content_sha256=content.sha256)
    a.initiative.update(name="Brug naar Werk", organisation="Vzw Samen Sterk", region="Antwerpen")
    a.respondent.update(name="Samira El Idrissi", role="coördinator")
    n = 0
    for dim in content.select(module):
        for q in dim.questions:
            answer = a.answer(q.id)
            answer.value = NA if n % 11 == 0 else n % 5 + 1
            answer.note = NOTES[n % len(NOTES)]
            if n % 2:
                answer.evidence = "Jaarverslag 2025, p. 12; verslag stuurgroep 14/3"
            n += 1
        d = a.dimension(dim.id)
        d.importance, d.target = n % 5 + 1, "established"
        d.reflections = [
            NOTES[(n + i) % len(NOTES)] + "\nTweede regel met meer uitleg." for i in range(len(dim.reflection))
        ]
        d.actions = [Action("Een fiche maken met recente cijfers", "stafmedewerker", "2026-09")] * 2
    return a


def median_ms(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=300)
    parser.add_argument("--module", choices=("sustainability", "all"), default="sustainability")
    args = parser.parse_args()
    runs = args.runs
    content = load_content()
    answers = build(content, args.module)
    qids = list(answers.answers)
    with tempfile.TemporaryDirectory(dir=Path(__file__).resolve().parent) as folder:
        path = Path(folder) / "answers.yaml"
        save_answers(answers, path)  # the first save emits everything once
        size = path.stat().st_size
        state = {"n": 0}

        def change() -> None:
            state["n"] += 1
            answer = answers.answers[qids[state["n"] % len(qids)]]
            answer.value = state["n"] % 5 + 1

        def save_one() -> None:
            change()
            save_answers(answers, path)

        def whole(dumper) -> None:
            change()
            text = yaml.dump(answers.to_yaml(), Dumper=dumper, allow_unicode=True, sort_keys=False, width=100)
            write_atomic(path, text)

        def emit_one() -> None:
            change()
            dump_answers(answers)

        text = dump_answers(answers)
        results = [
            ("save_answers (cached fragments)", median_ms(save_one, runs)),
            ("  of which emitting the YAML", median_ms(emit_one, runs)),
            (
                "  of which writing + fsync + replace",
                median_ms(lambda: write_atomic(path, text), runs),
            ),
            (
                "baseline: whole file, pure-Python dumper",
                median_ms(lambda: whole(_Dumper), max(30, runs // 5)),
            ),
            (
                "baseline: whole file, libyaml CSafeDumper",
                median_ms(lambda: whole(yaml.CSafeDumper), max(30, runs // 5)),
            ),
        ]
    count, dims = len(answers.answers), len(answers.dimensions)
    print(f"file: {count} answers with notes, {dims} dimensions, {size:,} bytes")
    for label, ms in results:
        print(f"  {label:<44} median {ms:6.2f} ms")
    ratio = results[3][1] / results[0][1]
    verdict = "met" if results[0][1] < 20 else "NOT met"
    print(f"  {ratio:.1f}x faster than the pure-Python baseline; target < 20 ms: {verdict}")


if __name__ == "__main__":
    main()
