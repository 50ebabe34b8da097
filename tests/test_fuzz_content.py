"""Fuzzing content folders (issue 11): whatever one content file holds, `m2w validate` ends with exit 0
or problems located at file:line:column; and content that validates also makes a report (or says
where it cannot), never "unexpected problem" (exit 70) or a traceback."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml
from fuzzkit import share, yaml_file
from hypothesis import event, given
from hypothesis import strategies as st
from m2wrun import assert_handled, m2w

from m2w_tool.answers import Answers, save_answers

MINI_DIR = Path(__file__).parent / "data" / "mini"
FILES = ["modules.yaml", "scales.yaml", "capitals.yaml", "sustainability/01-alpha.yaml", "quality/01-gamma.yaml"]
ORIGINALS = {name: yaml.safe_load((MINI_DIR / name).read_text(encoding="utf-8")) for name in FILES}


@st.composite
def broken_content(draw: st.DrawFn) -> tuple[str, str]:
    name = draw(st.sampled_from(FILES))
    return name, draw(yaml_file(ORIGINALS[name]))


def answers_for_mini(folder: Path) -> Path:
    a = Answers(language="en")
    a.initiative.update(name="Mentor Gent", organisation="Stad")
    for qid, value in (("d01-q1", 4), ("d01-q2", "n/a"), ("d02-q1", 2), ("q01-q1", 1)):
        a.answer(qid).value = value
    a.answer("q01-q1").how_well = 3
    a.dimension("d01-alpha").importance = 4
    a.dimension("d01-alpha").target = "strong"
    save_answers(a, folder / "a.yaml")
    return folder / "a.yaml"


@share(1.5)
@given(case=broken_content())
def test_any_content_file_validates_or_says_where(tmp_path_factory, case: tuple[str, str]) -> None:
    name, text = case
    folder = tmp_path_factory.mktemp("content")
    content = folder / "content"
    shutil.copytree(MINI_DIR, content)
    (content / name).write_text(text, encoding="utf-8")
    result = m2w("validate", content, "--lang", "en")
    event(f"validate: exit {result.exit_code}")
    assert_handled(result)
    if result.exit_code == 0:
        report = m2w(
            "report",
            answers_for_mini(folder),
            "--format",
            "html",
            "--content",
            content,
            "--lang",
            "en",
            "-o",
            folder / "out",
        )
        assert_handled(report)
        assert report.exit_code == 0, report.output
