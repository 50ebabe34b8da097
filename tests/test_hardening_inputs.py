"""Hardening (issue 11), inputs: every input that used to stop m2w with "unexpected problem" (exit 70)
or with an error that said nowhere where, is now a message at file:line:column; a bad file in
--history is skipped with a warning; AES-encrypted workbooks; a PDF's size is checked first."""

from __future__ import annotations

import io
import re
import tomllib
from pathlib import Path

import pytest
import yaml
from conftest import fill_pdf
from m2wrun import assert_handled, m2w
from pypdf import PdfReader, PdfWriter

from m2w_tool.answers import Answers, load_answers, save_answers
from m2w_tool.yamlsource import MAX_NODES, parse_yaml

MINI_DIR = Path(__file__).parent / "data" / "mini"
HEAD = "m2w_answers: 1\ninitiative: {name: Mentor Gent, organisation: Stad}\n"

# (what goes into an answers file after HEAD, the line and column the message must name)
BROKEN_ANSWERS = {
    "impossible date": ("started: 2026-11-31\n", 3, 10),
    "year zero": ("started: 0000-01-01\n", 3, 10),
    "hex without digits": ("answers: {d01-q1: {value: 0x_}}\n", 3, 28),
    "tagged int that is text": ("answers: {d01-q1: {value: !!int abc}}\n", 3, 28),
    "tagged float that is text": ("answers: {d01-q1: {value: !!float abc}}\n", 3, 28),
    "tagged bool that is text": ("language: !!bool abc\n", 3, 11),
    "tagged timestamp that is text": ("updated: !!timestamp abc\n", 3, 10),
    "integer of 5,000 digits": ("answers: {d01-q1: {value: " + "7" * 5000 + "}}\n", 3, 28),
    "nesting 600 deep": ("extra: " + "[" * 600 + "]" * 600 + "\n", 3, 72),
    "nesting 999 deep": ("extra: " + "[" * 999 + "]" * 999 + "\n", 3, 72),
    "NaN": ("answers: {d01-q1: {value: .nan}}\n", 3, 28),
    "infinity": ("answers: {d01-q1: {value: -.inf}}\n", 3, 28),
    "infinite importance": ("dimensions: {d01-alpha: {importance: .inf}}\n", 3, 26),
    "scope.only a number": ("scope: {module: all, only: 5}\n", 3, 22),
    "scope.only a list of lists": ("scope: {module: all, only: [[d01]]}\n", 3, 22),
    "scope.module a list": ("scope: {module: [all]}\n", 3, 9),
    "actions a number": ("dimensions: {d01-alpha: {actions: 3}}\n", 3, 26),
    "actions a text": ("dimensions: {d01-alpha: {actions: write a plan}}\n", 3, 26),
    "group.respondents a number": ("group: {respondents: 2}\n", 3, 9),
    "group.respondents a list of texts": ("group: {respondents: [Anna, Bram]}\n", 3, 23),
    "group a list": ("group: [Anna]\n", 3, 1),
    "a control character": ("respondent: {name: Anna\x07}\n", 3, 25),
    "ESC": ("respondent: {name: \x1b[2J}\n", 3, 20),
    "C1 control": ("respondent: {name: A\x9bB}\n", 3, 21),
    "a lone surrogate as an escape": ('respondent: {name: "\\ud800"}\n', 3, 20),
}


def located_at(stderr: str, name: str, line: int, column: int) -> bool:
    """`name:line:column:` with this line and this column or one near it (the value or its key)."""
    found = re.search(rf"{re.escape(name)}:{line}:(\d+): ", stderr)
    return found is not None and abs(int(found.group(1)) - column) <= 8


@pytest.mark.parametrize("case", BROKEN_ANSWERS, ids=list(BROKEN_ANSWERS))
def test_a_broken_answers_file_is_a_located_error_in_report_and_assess(here: Path, case: str) -> None:
    body, line, column = BROKEN_ANSWERS[case]
    (here / "a.yaml").write_text(HEAD + body, encoding="utf-8")
    for args in (("report", "a.yaml", "--format", "html"), ("assess", "a.yaml", "--from", "in.csv")):
        (here / "in.csv").write_text("id,value\nd01-q1,4\n", encoding="utf-8")
        result = m2w(*args, "--content", MINI_DIR, "--lang", "en")
        assert_handled(result)
        assert result.exit_code == 1, result.output
        assert located_at(result.stderr, "a.yaml", line, column), result.stderr


@pytest.mark.parametrize("case", ["impossible date", "hex without digits", "integer of 5,000 digits", "NaN"])
def test_the_same_values_in_a_from_file_are_located(here: Path, case: str) -> None:
    body, line, column = BROKEN_ANSWERS[case]
    (here / "in.yaml").write_text(HEAD + body, encoding="utf-8")
    result = m2w("assess", "a.yaml", "--from", "in.yaml", "--content", MINI_DIR, "--lang", "en")
    assert_handled(result)
    assert result.exit_code == 1 and f"in.yaml:{line}" in result.stderr, result.stderr
    assert not (here / "a.yaml").exists()


def test_a_broken_content_file_is_located(mini: Path) -> None:
    target = mini / "sustainability" / "01-alpha.yaml"
    text = target.read_text(encoding="utf-8")
    for bad in ("number: 0x_\n", "number: !!int abc\n", "number: " + "1" * 5000 + "\n", "number: 2026-02-30\n"):
        target.write_text(re.sub(r"^number: .*\n", bad, text, flags=re.M), encoding="utf-8")
        result = m2w("validate", mini, "--lang", "en")
        assert_handled(result)
        assert result.exit_code == 1 and "01-alpha.yaml:" in result.stderr, result.stderr
    target.write_text(text.replace("\n", "\n\x0c", 1), encoding="utf-8")
    result = m2w("validate", mini, "--lang", "en")
    assert result.exit_code == 1 and "01-alpha.yaml:2:1: " in result.stderr and "U+000C" in result.stderr


def test_merge_refuses_nan_and_infinity_with_a_location(here: Path) -> None:
    for n, value in enumerate((".nan", ".inf", "-.inf")):
        (here / f"r{n}.yaml").write_text(HEAD + f"answers: {{d01-q1: {{value: {value}}}}}\n", encoding="utf-8")
    (here / "ok.yaml").write_text(HEAD + "answers: {d01-q1: {value: 3}}\n", encoding="utf-8")
    for n in range(3):
        result = m2w("merge", "ok.yaml", f"r{n}.yaml", "-o", "g.yaml", "--lang", "en")
        assert_handled(result)
        assert result.exit_code == 1 and f"r{n}.yaml:3:20: answers.d01-q1.value" in result.stderr
    assert not (here / "g.yaml").exists()


def test_a_bad_file_in_the_history_is_skipped_with_a_warning(here: Path) -> None:
    history = here / "history"
    history.mkdir()
    old = Answers(language="en", started="2025-03-01T10:00:00+01:00")
    old.initiative.update(name="Mentor Gent", organisation="Stad")
    old.answer("d01-q1").value = 2
    save_answers(old, history / "2025.yaml")
    (history / "broken.yaml").write_text(HEAD + "started: 2026-11-31\n", encoding="utf-8")
    (history / "deep.yaml").write_text(HEAD + "extra: " + "[" * 700 + "]" * 700 + "\n", encoding="utf-8")
    now = Answers(language="en", started="2026-11-01T10:00:00+01:00")
    now.initiative.update(name="Mentor Gent", organisation="Stad")
    now.answer("d01-q1").value = 4
    save_answers(now, here / "now.yaml")
    result = m2w(
        "report",
        "now.yaml",
        "--history",
        history,
        "--format",
        "html",
        "--content",
        MINI_DIR,
        "--lang",
        "en",
        "-o",
        "out",
    )
    assert result.exit_code == 0, result.output
    assert "Skipped for the history" in result.stderr and "broken.yaml:3:10" in result.stderr
    assert "deep.yaml:3:" in result.stderr
    skipped = [line for line in result.stderr.splitlines() if "Skipped for the history" in line]
    assert len(skipped) == 2 and all(line.count(".yaml") == 1 for line in skipped), skipped  # the file named once
    html = next((here / "out").glob("*.html")).read_text(encoding="utf-8")
    assert "2025-03-01" in html  # the good old file made it into the report


# --- YAML bombs and the dependency floor ---------------------------------------------------------


def chained_merges(levels: int) -> str:
    lines = ["a0: &a0 {k0: v}"]
    lines += [f"a{n}: &a{n} {{<<: [*a{n - 1}, *a{n - 1}], k{n}: v}}" for n in range(1, levels + 1)]
    return "\n".join(lines) + f"\nt: {{<<: [*a{levels}, *a{levels}]}}\n"


def keys_doubling(levels: int) -> str:
    lines = ["b0: &b0 {k0_0: v}"]
    for n in range(1, levels + 1):
        keys = ", ".join(f"k{n}_{i}: v" for i in range(1 << n))
        lines.append(f"b{n}: &b{n} {{<<: [*b{n - 1}, *b{n - 1}], {keys}}}")
    return "\n".join(lines) + "\n"


def test_chained_merge_keys_stay_small() -> None:
    located, problems = parse_yaml(chained_merges(40), "m.yaml")  # 2^40 pairs if every copy were made
    assert problems == [] and located.data["t"] == {f"k{n}": "v" for n in range(41)}


def test_the_node_budget_applies_before_merge_keys_are_expanded(monkeypatch: pytest.MonkeyPatch) -> None:
    # The loader's own flatten_mapping is never used: it copies before anything is counted.
    monkeypatch.setattr(yaml.constructor.SafeConstructor, "flatten_mapping", None)
    located, problems = parse_yaml("a: &a {x: 1, y: 2}\nb: {<<: *a, z: 3}\n", "m.yaml")
    assert problems == [] and located.data["b"] == {"z": 3, "x": 1, "y": 2}
    located, problems = parse_yaml(keys_doubling(18), "m.yaml")  # 2^19 keys: over the budget
    assert located is None and "too many values" in str(problems[0]) and str(problems[0]).startswith("m.yaml:")


def test_a_file_of_too_many_tiny_values_is_refused_before_a_node_is_built(monkeypatch: pytest.MonkeyPatch) -> None:
    import m2w_tool.yamlsource as yamlsource

    def composed(self):  # building 600,000 nodes takes seconds and hundreds of MB
        raise AssertionError("the nodes were built")

    monkeypatch.setattr(yamlsource._Loader, "get_single_node", composed)
    text = "a: [" + ",".join("1" for _ in range(3 * MAX_NODES)) + "]\n"
    located, problems = parse_yaml(text, "m.yaml")
    assert located is None and str(problems[0]).startswith("m.yaml:1:") and "too many values" in str(problems[0])


def test_the_dependency_floors_exclude_what_is_broken() -> None:
    project = tomllib.loads((Path(__file__).parent.parent / "pyproject.toml").read_text(encoding="utf-8"))
    needs = {re.split(r"[<>=!\[ ;]", r, maxsplit=1)[0].lower(): r for r in project["project"]["dependencies"]}
    assert "pyyaml>=6.0.4" in needs["pyyaml"].replace(" ", "").lower()
    assert "cryptography" in needs


# --- workbooks -----------------------------------------------------------------------------------


def encrypted(blank: Path, target: Path, user: str, algorithm: str) -> Path:
    filled = fill_pdf(blank, {"respondent:name": "Anna", "d01-q1": "4"}, target.with_suffix(".plain.pdf"))
    writer = PdfWriter(clone_from=PdfReader(filled))
    writer.encrypt(user_password=user, owner_password="owner-secret", algorithm=algorithm)
    buffer = io.BytesIO()
    writer.write(buffer)
    target.write_bytes(buffer.getvalue())
    return target


@pytest.mark.parametrize("algorithm", ["AES-128", "AES-256", "RC4-128"])
def test_an_encrypted_workbook_with_only_an_owner_password_is_read(
    here: Path, mini_fillable: Path, algorithm: str
) -> None:
    pdf = encrypted(mini_fillable, here / "owner.pdf", "", algorithm)
    result = m2w("import", pdf, "-o", "a.yaml", "--content", MINI_DIR, "--lang", "en")
    assert result.exit_code == 0, result.output
    assert load_answers(here / "a.yaml").answers["d01-q1"].value == 4


@pytest.mark.parametrize("algorithm", ["AES-128", "AES-256"])
def test_a_workbook_that_needs_a_password_to_open_gets_the_password_message(
    here: Path, mini_fillable: Path, algorithm: str
) -> None:
    pdf = encrypted(mini_fillable, here / "locked.pdf", "open-sesame", algorithm)
    result = m2w("import", pdf, "-o", "a.yaml", "--content", MINI_DIR, "--lang", "en")
    assert_handled(result, located=False)
    assert result.exit_code == 1 and "protected with a password" in result.stderr
    assert not (here / "a.yaml").exists()


def test_aes_without_its_crypto_library_still_gets_the_password_message(
    here: Path, mini_fillable: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pypdf._encryption as encryption
    from pypdf.errors import DependencyError

    pdf = encrypted(mini_fillable, here / "owner.pdf", "", "AES-256")

    def missing(*args, **kwargs):
        raise DependencyError("cryptography>=3.1 is required for AES algorithm")

    for name in ("aes_cbc_decrypt", "aes_cbc_encrypt", "aes_ecb_decrypt", "aes_ecb_encrypt"):
        monkeypatch.setattr(encryption, name, missing)  # what pypdf does without a crypto library
    result = m2w("import", pdf, "-o", "a.yaml", "--content", MINI_DIR, "--lang", "en")
    assert_handled(result, located=False)
    assert result.exit_code == 1 and "protected with a password" in result.stderr


def test_import_checks_the_size_of_a_pdf_before_reading_it(here: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    big = here / "huge.pdf"
    with big.open("wb") as fh:
        fh.write(b"%PDF-1.7\n")
        fh.truncate(400_000_000)  # sparse
    read = []
    real = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda self: read.append(self) or real(self))
    result = m2w("import", big, "-o", "a.yaml", "--content", MINI_DIR, "--lang", "en")
    assert result.exit_code == 1 and "MB" in result.stderr and "huge.pdf" in result.stderr
    assert big not in read


def test_a_workbook_field_over_the_text_limit_is_refused_by_name(here: Path, mini_fillable: Path) -> None:
    from m2w_tool.answers import MAX_TEXT

    pdf = fill_pdf(mini_fillable, {"d01-q1": "4", "d01-q1:note": "x" * (MAX_TEXT + 1)}, here / "long.pdf")
    result = m2w("import", pdf, "-o", "a.yaml", "--content", MINI_DIR, "--lang", "en")
    assert result.exit_code == 1 and "d01-q1:note" in result.stderr and f"{MAX_TEXT:,}" in result.stderr
    assert not (here / "a.yaml").exists()


def test_a_scope_naming_unknown_dimensions_carries_on_with_the_rest(here: Path) -> None:
    (here / "a.yaml").write_text(
        HEAD + 'language: en\nscope: {module: all, only: [\'=HYPERLINK("x","y")\', d02]}\n', encoding="utf-8"
    )
    result = m2w("assess", "a.yaml", "--content", MINI_DIR, "--lang", "en", input="q\n")
    assert result.exit_code == 0, result.output
    assert "scope.only names dimensions this content does not know" in result.stderr
    assert "d02" in result.stdout and "d01 ·" not in result.stdout  # only the known one is asked
    (here / "b.yaml").write_text(HEAD + "scope: {module: moon}\n", encoding="utf-8")
    result = m2w("assess", "b.yaml", "--content", MINI_DIR, "--lang", "en", input="q\n")
    assert result.exit_code == 0 and "scope.module 'moon' is unknown" in result.stderr
