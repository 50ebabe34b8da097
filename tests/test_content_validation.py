"""Every validation rule reports its exact location and never shows a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import edit

from m2w_tool.cli import cli
from m2w_tool.content import load_content
from m2w_tool.errors import ContentError

ALPHA = "content/sustainability/01-alpha.yaml"


def problems(root: Path) -> list[str]:
    with pytest.raises(ContentError) as info:
        load_content(root)
    return [str(p) for p in info.value.problems]


def test_mini_content_is_valid(mini: Path) -> None:
    content = load_content(mini)
    assert [d.id for d in content.dimensions] == ["d01-alpha", "d02-beta", "q01-gamma"]
    assert len(content.sha256) == 64


def test_yaml_syntax_error_has_line_and_column(mini: Path) -> None:
    edit(
        mini / "sustainability/01-alpha.yaml",
        'title: {nl: "Titel 1", en: "Title 1"}',
        'title: {nl: "Titel 1", en: "Title 1"',
    )
    [msg] = problems(mini)
    assert msg.startswith(f"{ALPHA}:6:1: YAML syntax error")


def test_wrong_type(mini: Path) -> None:
    edit(mini / "sustainability/01-alpha.yaml", "duration_minutes: 30", "duration_minutes: half an hour")
    assert problems(mini) == [f"{ALPHA}:29:5: methods[0].duration_minutes: must be a whole number"]


def test_missing_language(mini: Path) -> None:
    edit(
        mini / "sustainability/01-alpha.yaml",
        'summary: {nl: "Samenvatting", en: "Summary"}',
        'summary: {nl: "Samenvatting"}',
    )
    assert problems(mini) == [f"{ALPHA}:6:1: summary.en: this key is required but missing"]


def test_empty_text(mini: Path) -> None:
    edit(mini / "sustainability/01-alpha.yaml", 'en: "Statement one"', 'en: "   "')
    assert problems(mini) == [f"{ALPHA}:14:32: questions[0].text.en: the text is empty"]


def test_unknown_key_is_a_typo(mini: Path) -> None:
    edit(mini / "sustainability/01-alpha.yaml", "title:", "titel:")
    found = problems(mini)
    assert f"{ALPHA}:5:1: titel: unknown key (a typo?); see dimensions/FORMAT.md for the keys allowed here" in found
    assert f"{ALPHA}:1:1: title: this key is required but missing" in found


def test_duplicate_ids_across_files(mini: Path) -> None:
    edit(mini / "sustainability/02-beta.yaml", "id: d02-beta", "id: d01-alpha")
    edit(mini / "sustainability/02-beta.yaml", "d02-q", "d01-q", count=2)
    found = problems(mini)
    assert "content/sustainability/02-beta.yaml:1:1: id: id 'd01-alpha' is also used in another file" in found
    assert (
        "content/sustainability/02-beta.yaml:13:5: questions[0].id: question id 'd01-q1' is used more than once"
        in found
    )


def test_unknown_answer_set(mini: Path) -> None:
    edit(mini / "sustainability/01-alpha.yaml", "scale: agree5", "scale: agree7")
    [msg] = problems(mini)
    assert msg == f"{ALPHA}:15:5: questions[0].scale: unknown answer set 'agree7'; known: agree5, howwell5, inplace3"


def test_unknown_capital(mini: Path) -> None:
    edit(mini / "sustainability/01-alpha.yaml", "capitals: [social]", "capitals: [sociall]")
    [msg] = problems(mini)
    assert msg.startswith(f"{ALPHA}:18:16: questions[0].capitals[0]: unknown capital 'sociall'")


def test_repeated_number(mini: Path) -> None:
    edit(mini / "sustainability/02-beta.yaml", "number: 2", "number: 1")
    found = problems(mini)
    assert f"{ALPHA}:2:1: number: number 1 is used by more than one file in module 'sustainability'" in found
    assert (
        "content/sustainability/02-beta.yaml:2:1: number: number 1 is used by more than one file in module "
        "'sustainability'" in found
    )


def test_gap_in_numbers(mini: Path) -> None:
    edit(mini / "sustainability/02-beta.yaml", "number: 2", "number: 3")
    assert problems(mini) == [
        "content/sustainability/02-beta.yaml:2:1: number: module 'sustainability' has a gap: number(s) 2 missing"
    ]


def test_empty_file(mini: Path) -> None:
    (mini / "sustainability/02-beta.yaml").write_text("\n  \n", encoding="utf-8")
    assert "content/sustainability/02-beta.yaml:1:1: the file is empty" in problems(mini)


def test_folder_without_yaml(mini: Path) -> None:
    (mini / "quality/01-gamma.yaml").unlink()
    assert problems(mini) == ["content/quality: this folder has no YAML files"]


def test_content_folder_without_any_yaml(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "empty").mkdir()
    found = problems(tmp_path / "empty")
    assert "empty/modules.yaml: this file is missing" in found
    assert any(p.startswith("empty: no dimension files found") for p in found)


def test_not_utf8(mini: Path) -> None:
    path = mini / "sustainability/01-alpha.yaml"
    path.write_bytes(path.read_bytes().replace(b"Stelling twee", "Stelling tw\xe9\xe9".encode("latin-1")))
    assert problems(mini) == [f"{ALPHA}:20: the file is not UTF-8 text; save it as UTF-8"]


def test_file_over_one_megabyte(mini: Path) -> None:
    path = mini / "sustainability/01-alpha.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "#" * 1_000_001, encoding="utf-8")
    [msg] = problems(mini)
    assert msg.startswith(f"{ALPHA}: file is ") and "the limit is 1,000,000 bytes" in msg


def test_python_tags_are_refused_and_never_constructed(mini: Path, tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    edit(
        mini / "sustainability/01-alpha.yaml",
        "basis: m2w",
        f'basis: !!python/object/apply:os.system ["touch {marker}"]',
    )
    [msg] = problems(mini)
    assert msg == f"{ALPHA}:4:8: YAML tag !!python/object/apply:os.system is not allowed in m2w files"
    assert not marker.exists()


def test_duplicate_key_in_one_mapping(mini: Path) -> None:
    edit(mini / "sustainability/01-alpha.yaml", "basis: m2w", "basis: m2w\nbasis: memore")
    assert problems(mini) == [f"{ALPHA}:5:1: duplicate key 'basis'"]


def test_alias_bomb_is_refused(mini: Path) -> None:
    bomb = "a: &a [x,x,x,x,x,x,x,x,x,x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{','.join(['*' + chr(97 + i)] * 10)}]\n" for i in range(8)
    )
    (mini / "sustainability/02-beta.yaml").write_text(bomb, encoding="utf-8")
    assert any("too many values" in p for p in problems(mini))


def test_quality_criteria_need_evidence(mini: Path) -> None:
    edit(mini / "quality/01-gamma.yaml", '    evidence: {nl: "Bewijs", en: "Evidence"}\n', "")
    assert problems(mini) == [
        "content/quality/01-gamma.yaml:13:5: questions[0]: quality criteria need 'evidence': what would show it is in "
        "place"
    ]


def test_levels_and_scales_checked(mini: Path) -> None:
    edit(mini / "scales.yaml", "{value: 2, label:", "{value: 1, label:")
    assert problems(mini) == ["content/scales.yaml:6:5: scales[0].options: two options have the same value"]


def test_all_problems_reported_at_once(mini: Path) -> None:
    edit(mini / "sustainability/01-alpha.yaml", "scale: agree5", "scale: nope")
    edit(mini / "sustainability/02-beta.yaml", "months: 3", "months: 99")
    edit(mini / "quality/01-gamma.yaml", "basis: m2w", "basis: other")
    assert len(problems(mini)) == 3


def test_validate_command_lists_problems_without_traceback(mini: Path) -> None:
    edit(mini / "sustainability/01-alpha.yaml", "scale: agree5", "scale: agree7")
    result = CliRunner().invoke(cli, ["validate", str(mini)])
    assert result.exit_code == 1
    assert f"{ALPHA}:15:5: questions[0].scale: unknown answer set 'agree7'" in result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_validate_command_clean(mini: Path) -> None:
    result = CliRunner().invoke(cli, ["validate", str(mini), "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "Content is valid: 2 sustainability dimensions, 1 quality components, 6 questions" in result.output


def test_messages_follow_the_chosen_language(mini: Path) -> None:
    edit(mini / "sustainability/01-alpha.yaml", "scale: agree5", "scale: agree7")
    result = CliRunner().invoke(cli, ["validate", str(mini), "--lang", "nl"])
    assert result.exit_code == 1
    assert f"{ALPHA}:15:5: questions[0].scale: onbekende antwoordset 'agree7'" in result.output
    assert "Gevonden: 1 probleem in 1 bestand." in result.output


# --- 2026.2: minimum criteria, quick scan, n/a per statement, importance and target sets ---------

GAMMA = "content/quality/01-gamma.yaml"


def test_every_quality_component_needs_a_minimum(mini: Path) -> None:
    edit(mini / "quality/01-gamma.yaml", "    minimum: true\n", "")
    assert problems(mini) == [
        f"{GAMMA}:12:1: questions: mark at least one criterion of this component as a minimum (minimum: true)"
    ]


def test_minimum_only_on_quality_criteria_and_never_not_applicable(mini: Path) -> None:
    edit(mini / "sustainability/01-alpha.yaml", "    scale: agree5\n", "    scale: agree5\n    minimum: true\n")
    edit(mini / "quality/01-gamma.yaml", "    minimum: true\n", "    minimum: true\n    na: true\n")
    found = problems(mini)
    assert f"{ALPHA}:16:5: questions[0].minimum: only quality criteria can be a minimum criterion" in found
    assert any(
        p.startswith(f"{GAMMA}:") and "questions[1].na: a minimum criterion applies to every" in p for p in found
    )


def test_na_false_and_minimum_decide_whether_na_is_allowed(mini: Path) -> None:
    edit(mini / "sustainability/01-alpha.yaml", "    scale: agree5\n", "    scale: agree5\n    na: false\n")
    content = load_content(mini)
    _, q1 = content.questions["d01-q1"]
    _, q2 = content.questions["d01-q2"]
    _, minimum = content.questions["q01-q2"]
    assert (q1.na_allowed, q2.na_allowed, minimum.na_allowed) == (False, True, False)


def test_a_quick_scan_covers_every_file(mini: Path) -> None:
    edit(mini / "sustainability/01-alpha.yaml", "    scale: agree5\n", "    scale: agree5\n    quick: true\n")
    found = problems(mini)
    assert sorted(p.split(":")[0] for p in found) == [
        "content/quality/01-gamma.yaml",
        "content/sustainability/02-beta.yaml",
    ]
    assert all("quick: true" in p for p in found)


def test_target_set_names_every_level(mini: Path) -> None:
    edit(mini / "scales.yaml", "    - {value: strong, label:", "    - {value: established, label:")
    [msg] = problems(mini)
    assert msg.startswith("content/scales.yaml:") and "target.options: levels must be exactly" in msg


def test_importance_and_target_sets_are_required(mini: Path) -> None:
    text = (mini / "scales.yaml").read_text(encoding="utf-8")
    (mini / "scales.yaml").write_text(text.split("importance:")[0], encoding="utf-8")
    found = problems(mini)
    assert any("importance: this key is required but missing" in p for p in found)
    assert any("target: this key is required but missing" in p for p in found)
