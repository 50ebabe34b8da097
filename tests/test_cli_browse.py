"""`m2w dimensions`, `show`, `schema`, `--help`, `--version` and the language choice."""

from __future__ import annotations

import json
import subprocess
import sys

from click.testing import CliRunner

from m2w_tool import __version__
from m2w_tool.cli import cli
from m2w_tool.content import load_content

CONTENT = load_content()


def run(*args: str, env: dict | None = None):
    return CliRunner().invoke(cli, list(args), env=env)


def test_dimensions_lists_the_fifteen_numbered() -> None:
    result = run("dimensions", "--lang", "en")
    assert result.exit_code == 0, result.output
    for d in CONTENT.in_module("sustainability"):
        assert f"{d.number:>3}. {d.short_id}  {d.title.en}" in result.output
    assert "q01" not in result.output


def test_dimensions_quality_module_in_dutch_by_default() -> None:
    result = run("dimensions", "--module", "quality", env={"M2W_LANG": ""})
    assert result.exit_code == 0
    for d in CONTENT.in_module("quality"):
        assert d.title.nl in result.output
    assert CONTENT.module("quality").title.nl in result.output


def test_language_from_environment() -> None:
    result = run("dimensions", env={"M2W_LANG": "en"})
    assert CONTENT.dimensions[0].title.en in result.output


def test_unknown_language_is_refused_clearly() -> None:
    result = run("dimensions", "--lang", "fr")
    assert result.exit_code == 2
    assert "'fr' is not one of 'nl', 'en'" in result.output


def test_show_prints_theory_statements_reflection_and_methods() -> None:
    d = CONTENT.find("d03")
    result = run("show", "d03", "--lang", "en")
    assert result.exit_code == 0, result.output
    # Headings are bold on a terminal only: no escape codes, raw or written out, in a pipe.
    assert "\x1b" not in result.output and "\\x1b" not in result.output
    assert result.output.startswith(f"d03 · 3. {d.title.en}\n")
    flat = " ".join(result.output.split())
    assert d.title.en in flat
    assert " ".join(d.theory.en.split()[:12]) in flat
    for q in d.questions:
        assert " ".join(q.text.en.split()) in flat
    for r in d.reflection:
        assert " ".join(r.en.split()) in flat
    for m in d.methods:
        assert m.title.en in flat and f"{m.duration_minutes} minutes" in flat


def test_show_by_full_id_and_quality_component_in_dutch() -> None:
    q = CONTENT.find("q03")
    result = run("show", q.id, "--lang", "nl")
    assert result.exit_code == 0
    assert q.title.nl in result.output
    assert "Bewijs:" in result.output


def test_show_unknown_id_explains() -> None:
    result = run("show", "d99", "--lang", "en")
    assert result.exit_code == 1
    assert "Unknown dimension or component 'd99'" in result.output


def test_schema_is_json_schema_of_a_dimension_file() -> None:
    result = run("schema")
    schema = json.loads(result.output)
    assert schema["$schema"].startswith("https://json-schema.org/")
    assert {"id", "number", "title", "questions", "recommendations"} <= set(schema["properties"])
    assert schema["additionalProperties"] is False
    assert json.loads(run("schema", "scales").output)["properties"]["scales"]


def test_version_and_help() -> None:
    assert run("--version").output.strip() == f"m2w, version {__version__}"
    result = run("--help", env={"M2W_LANG": "en"})
    assert result.exit_code == 0
    for command in ("assess", "report", "demo", "workbook", "import", "compare", "merge", "dimensions", "validate"):
        assert command in result.output


def test_help_does_not_import_heavy_modules() -> None:
    code = (
        "import sys; from m2w_tool.cli import cli\n"
        "try:\n    cli.main(['--help'], standalone_mode=False)\nexcept SystemExit: pass\n"
        "heavy = [m for m in ('weasyprint', 'pypdf', 'openpyxl', 'pydantic', 'jinja2') if m in sys.modules]\n"
        "print('HEAVY', heavy)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert "HEAVY []" in out


def test_python_dash_m_entry_point() -> None:
    out = subprocess.run([sys.executable, "-m", "m2w_tool", "--version"], capture_output=True, text=True)
    assert out.returncode == 0 and __version__ in out.stdout
