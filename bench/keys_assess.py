"""How many keys a whole questionnaire takes in `m2w assess`: every statement answered (quality
criteria "yes" with a "how well"), reflections left empty, importance and target given, no actions,
no notes. The keys are typed into the real command (standard input) and the answers file is read
back, so a count only stands when every answer arrived.

    python3 bench/keys_assess.py [--compare /path/to/other/checkout]

With --compare the other checkout is given the input its own questionnaire asks for (there a
statement also took an Enter for the note and one for the evidence).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from m2w_tool.content import load_content  # noqa: E402


def keys(content, details_asked: bool, quick: bool = False) -> str:
    """What a person types: `3` (and `4` for "how well") per statement; Enter per reflection,
    importance 3, target 3, Enter for no action. `details_asked`: the note and evidence prompts come
    after every statement (Enter twice)."""
    lines: list[str] = []
    for dim in content.dimensions:
        for q in dim.quick_questions if quick else dim.questions:
            lines += ["3", "4"] if q.how_well else ["3"]
            lines += ["", ""] if details_asked else []
        if not quick:
            lines += [""] * len(dim.reflection) + ["3", "3", ""]
    return "".join(line + "\n" for line in lines)


def run(code: Path, typed: str, *flags: str) -> tuple[int, int]:
    """The answers and closed dimensions in the file after typing `typed` into `m2w assess`."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "a.yaml"
        data = {"m2w_answers": 1, "initiative": {"name": "Brug"}, "respondent": {"name": "Ann"},
                "language": "en", "scope": {"module": "all", "only": []}, "answers": {}, "dimensions": {}}  # fmt: skip
        path.write_text(yaml.safe_dump(data), encoding="utf-8")
        env = {**os.environ, "PYTHONPATH": str(code), "M2W_RESPONDENT": "Ann"}
        subprocess.run([sys.executable, "-m", "m2w_tool", "assess", str(path), "--lang", "en", *flags],
                       input=typed, text=True, capture_output=True, env=env, check=True)  # fmt: skip
        saved = yaml.safe_load(path.read_text(encoding="utf-8"))
    answered = sum(1 for a in (saved.get("answers") or {}).values() if a.get("value") is not None)
    closed = sum(1 for d in (saved.get("dimensions") or {}).values() if d.get("importance") and d.get("target"))
    return answered, closed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--compare", type=Path, help="another checkout, asked the way its questionnaire asks")
    args = parser.parse_args()
    content = load_content()
    statements = len(content.questions)
    typed = keys(content, details_asked=False)
    answered, closed = run(REPO, typed)
    print(f"this checkout: {len(typed)} keys for {answered} of {statements} statements and {closed} dimensions")
    quick = keys(content, details_asked=False, quick=True)
    answered, _closed = run(REPO, quick, "--quick")
    print(f"this checkout, quick scan: {len(quick)} keys for {answered} of {len(content.quick_ids)} statements")
    if args.compare:
        old = keys(content, details_asked=True)
        answered, closed = run(args.compare.resolve(), old)
        print(f"{args.compare}: {len(old)} keys for {answered} of {statements} statements and {closed} dimensions")


if __name__ == "__main__":
    main()
