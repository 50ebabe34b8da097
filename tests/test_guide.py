"""The facilitator guide is content (guide.yaml): validated like the other files, located problems,
its text printed in the workbook, and a content folder may bring its own."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import edit

from m2w_tool.content import GUIDE_FILE, load_content, load_guide, schema_for
from m2w_tool.errors import ContentError
from m2w_tool.render import render_workbook_html
from m2w_tool.resources import content_dir
from m2w_tool.workbook import build_workbook

GUIDE = "content/guide.yaml"


def test_the_shipped_guide_is_complete_in_both_languages() -> None:
    guide = load_content().guide
    assert guide == load_guide()
    assert len(guide.plan) == 9 and len(guide.roles) == 4 and len(guide.agreement) == 8
    assert [step.minutes for step in guide.plan].count(None) == 1  # the exercise: as long as it takes
    for text in [*guide.intro, *guide.agreement, *guide.before_after, *(s.text for s in guide.plan)]:
        assert text.nl.strip() and text.en.strip() and text.nl != text.en


def test_a_folder_without_a_guide_uses_the_shipped_one(mini: Path) -> None:
    assert not (mini / GUIDE_FILE).exists()
    assert load_content(mini).guide == load_guide()


@pytest.fixture
def own_guide(mini: Path) -> Path:
    shutil.copy(content_dir() / GUIDE_FILE, mini / GUIDE_FILE)
    return mini / GUIDE_FILE


def test_a_folder_may_bring_its_own_guide(own_guide: Path, mini: Path) -> None:
    edit(own_guide, "nl: Pauze", "nl: Koffiepauze")
    content = load_content(mini)
    workbook = build_workbook(content, content.select("all"), lang="nl")
    assert [item.title for item in workbook.guide.plan][4] == "Koffiepauze"
    assert "Koffiepauze" in render_workbook_html(workbook)


def test_the_guide_changes_the_content_fingerprint(own_guide: Path, mini: Path) -> None:
    before = load_content(mini).sha256
    edit(own_guide, "nl: Pauze", "nl: Koffiepauze")
    assert load_content(mini).sha256 != before  # so a cached workbook with the old guide is not reused


def test_problems_in_the_guide_are_located(own_guide: Path, mini: Path) -> None:
    edit(own_guide, "    minutes: 10\n", "    minutes: ten\n    minuten: 10\n")
    edit(own_guide, "nl: Achtergrond", 'nl: ""')
    with pytest.raises(ContentError) as info:
        load_content(mini)
    found = [str(p) for p in info.value.problems]
    assert found == [
        f"{GUIDE}:40:5: plan[0].minutes: must be a whole number",
        f"{GUIDE}:41:5: plan[0].minuten: unknown key (a typo?); see dimensions/FORMAT.md for the keys allowed here",
        f"{GUIDE}:50:7: plan[1].title.nl: the text is empty",
    ]


def test_validate_reports_the_guide_without_a_traceback(own_guide: Path, mini: Path) -> None:
    from m2w_tool.cli import cli

    edit(own_guide, "roles:\n", "rollen:\n")
    result = CliRunner().invoke(cli, ["validate", str(mini)])
    assert result.exit_code != 0 and "Traceback" not in result.output
    assert f"{GUIDE}:" in result.output and "rollen" in result.output and "roles" in result.output


def test_the_guide_has_a_json_schema() -> None:
    schema = schema_for("guide")
    assert set(schema["required"]) == {"intro", "plan", "roles", "agreement", "before_after"}
    assert schema["additionalProperties"] is False


def test_m2w_schema_guide() -> None:
    import json

    from m2w_tool.cli import cli

    result = CliRunner().invoke(cli, ["schema", "guide"])
    assert result.exit_code == 0 and json.loads(result.output)["title"] == "m2w content file: guide"
