"""One source for the words of importance and target: the content's own sets (scales.yaml).

Each place that shows importance or a target is run on a copy of the tiny content whose words were
changed: the terminal questionnaire, the printed and the fillable workbook, the browser. Every one
shows the changed words, so none keeps words of its own. And no code keeps a table of its own."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from web_support import client_for, csrf_of, make_config

from m2w_tool.cli import cli
from m2w_tool.content import load_content
from m2w_tool.labels import importance_label, importance_options, target_label, target_options, target_title
from m2w_tool.render import render_workbook_html
from m2w_tool.workbook import build_workbook

DATA = Path(__file__).parent / "data"
REPO = Path(__file__).resolve().parent.parent
IMPORTANCE = {1: "Amper van tel", 2: "Wat van tel", 3: "Van tel", 4: "Zeer van tel", 5: "Alles van tel"}
TARGET = {"beginning": "Nog zoekend", "developing": "Op weg", "established": "Stevig", "strong": "Voorbeeld"}


@pytest.fixture(scope="module")
def relabelled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny content with importance and target words no place could have of its own."""
    root = tmp_path_factory.mktemp("relabelled") / "content"
    shutil.copytree(DATA / "mini", root)
    scales = (root / "scales.yaml").read_text(encoding="utf-8")
    head, rest = scales.split("importance:", 1)
    lines = []
    for line in ("importance:" + rest).splitlines():
        found = re.match(r"(\s*- \{value: )(\w+)(, label: \{nl: )\"[^\"]*\", en: \"[^\"]*\"\}\}", line)
        if found:
            key = found.group(2)
            word = IMPORTANCE[int(key)] if key.isdigit() else TARGET[key]
            line = f'{found.group(1)}{key}{found.group(3)}"{word}", en: "{word} (en)"}}}}'
        lines.append(line)
    (root / "scales.yaml").write_text(head + "\n".join(lines) + "\n", encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def content(relabelled: Path):
    loaded = load_content(relabelled)
    assert loaded.importance_scale.label(3, "nl") == "Van tel"  # the copy really has other words
    return loaded


def test_the_labels_module_reads_the_content(content) -> None:
    assert importance_options(content, "nl") == list(IMPORTANCE.items())
    assert importance_label(content, 4.0, "en") == "Zeer van tel (en)"
    assert target_options(content, "nl") == list(TARGET.items())
    assert target_label(content, "strong", "nl") == "Voorbeeld"
    assert target_title(content, "strong", "en") == "Strong"


def test_the_questionnaire_asks_in_the_contents_words(relabelled: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    lines = ["Mentor Gent", "", "", "", "", "4", "2", "", "3", "2", "q"]
    args = ["assess", "a.yaml", "--lang", "nl", "--only", "d01", "--content", str(relabelled)]
    result = CliRunner().invoke(cli, args, input="".join(f"{x}\n" for x in lines))
    assert result.exit_code == 0, result.output
    for value, word in IMPORTANCE.items():
        assert f"{value}  {word}\n" in result.output
    for n, word in enumerate(TARGET.values(), 1):
        assert f"{n}  {word}\n" in result.output


@pytest.mark.parametrize("fillable", [False, True])
def test_the_workbooks_print_the_contents_words(content, fillable: bool) -> None:
    wb = build_workbook(content, content.select("all", ["d01"]), lang="nl", fillable=fillable, only=["d01"])
    d01 = wb.dimensions[0]
    assert [c.label for c in d01.importance.choices] == [f"{v} · {w}" for v, w in IMPORTANCE.items()]
    assert [c.label for c in d01.target.choices] == list(TARGET.values())
    html = render_workbook_html(wb)
    for word in [*IMPORTANCE.values(), *TARGET.values()] if fillable else IMPORTANCE.values():
        assert word.replace(" ", "\u00a0") in html or word in html, word
    if not fillable:  # on paper a target box carries the level's title, the words the label starts with
        for level in content.levels:
            assert level.title("nl") in html


def test_the_browser_offers_the_contents_words(content, tmp_path: Path) -> None:
    config = make_config(tmp_path)
    config.content = content
    with client_for(config) as client:
        token = csrf_of(client.get("/?lang=nl").text)
        start = client.post("/start", data={"csrf": token, "initiative": "Brug", "module": "sustainability"})
        page = client.get(start.headers["location"] + "/d01?lang=nl")
        assert page.status_code == 200, page.text[:300]
        for value, word in IMPORTANCE.items():
            assert f"{value} · {word}" in page.text
        for word in TARGET.values():
            assert word in page.text


def test_no_code_keeps_words_of_its_own_for_importance() -> None:
    # The words m2w once had in its own tables (the questionnaire's and the workbook's) are gone from
    # the code and the templates; the content is where they live.
    own = ("IMPORTANCE_LABELS", "Hardly important", "Moderately", "Not important", "Top priority", "Crucial")
    places = [*(REPO / "m2w_tool").rglob("*.py"), *(REPO / "templates").rglob("*.j2")]
    for path in places:
        text = path.read_text(encoding="utf-8")
        for word in own:
            assert word not in text, f"{path.relative_to(REPO)} holds {word!r}"
