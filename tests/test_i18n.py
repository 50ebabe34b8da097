"""Every interface message exists in Dutch and English with the same placeholders."""

from __future__ import annotations

import importlib
import os
import pkgutil
import string
import subprocess
import sys
from pathlib import Path

import m2w_tool
import m2w_tool.commands
from m2w_tool.cli import lang_from_argv
from m2w_tool.i18n import all_catalogs


def _import_everything() -> None:
    for package in (m2w_tool, m2w_tool.commands):
        for info in pkgutil.iter_modules(package.__path__):
            if info.name == "__main__":
                continue  # running it would start the CLI
            importlib.import_module(f"{package.__name__}.{info.name}")


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_catalogue_is_complete_in_both_languages() -> None:
    _import_everything()
    catalogs = all_catalogs()
    assert len(catalogs) >= 3
    for catalog in catalogs:
        for key, pair in catalog.messages.items():
            assert isinstance(pair, tuple) and len(pair) == 2, key
            nl, en = pair
            assert nl.strip() and en.strip(), key
            assert fields(nl) == fields(en), key


# --- Click's own words ---------------------------------------------------------------------------


def run_m2w(*args: str, lang: str) -> subprocess.CompletedProcess:
    """A fresh `m2w` process: help texts and argument names are fixed when the commands load."""
    env = {**os.environ, "M2W_LANG": lang}
    return subprocess.run(
        [sys.executable, "-m", "m2w_tool", *args], capture_output=True, text=True, env=env, timeout=60
    )


def test_a_dutch_user_meets_no_english_from_click() -> None:
    missing = run_m2w("report", lang="nl")
    assert missing.returncode == 2
    assert "Gebruik: m2w report [OPTIES] ANTWOORDBESTANDEN..." in missing.stderr
    assert "Typ 'm2w report --help' voor uitleg." in missing.stderr
    assert "Fout: Ontbrekend argument 'ANTWOORDBESTANDEN...'." in missing.stderr
    wrong = run_m2w("report", "--lang", "fr", "x.yaml", lang="nl").stderr
    assert "Fout: Ongeldige waarde voor '--lang': 'fr' is geen van deze: 'nl', 'en'." in wrong
    assert "Fout: Onbekende opdracht 'reprot'." in run_m2w("reprot", lang="nl").stderr
    helptext = run_m2w("workbook", "--help", lang="nl").stdout
    assert "Opties:" in helptext and "--content MAP" in helptext and "Toon deze hulp en stop." in helptext
    report_help = run_m2w("report", "--help", lang="nl").stdout
    assert "--format FORMATEN" in report_help and "--jobs AANTAL" in report_help
    assert not {"TEXT", "INTEGER", "FILE", "OLD", "YYYY-MM-DD"} & set(report_help.replace(",", " ").split())
    assert "--from BESTAND" in run_m2w("assess", "--help", lang="nl").stdout
    top = run_m2w("--help", lang="nl").stdout
    assert "Gebruik: m2w [OPTIES] OPDRACHT [ARGUMENTEN]..." in top and "\nOpdrachten:\n" in top
    assert "versie" in run_m2w("--version", lang="nl").stdout
    for text in (missing.stderr, wrong, helptext, top):
        assert not [
            w for w in ("Usage:", "Options:", "Commands:", "Error:", "Missing", "Show this", "Try ") if w in text
        ]


def test_an_english_user_reads_clicks_own_words() -> None:
    missing = run_m2w("show", lang="en").stderr
    assert "Usage: m2w show [OPTIONS] DIMENSION_ID" in missing
    assert "Error: Missing argument 'DIMENSION_ID'." in missing
    assert "Options:" in run_m2w("--help", lang="en").stdout


def test_lang_on_the_command_line_beats_m2w_lang_even_for_help_texts() -> None:
    top = run_m2w("--lang", "en", "--help", lang="nl").stdout
    assert top.startswith("Usage: m2w [OPTIONS] COMMAND [ARGS]...")
    assert "Start with `m2w demo`" in top and "Language of m2w" in top and "Commands:" in top
    sub = run_m2w("report", "--lang=EN", "--help", lang="nl").stdout
    assert "Usage: m2w report [OPTIONS] ANSWERS..." in sub and "Make the reflection report" in sub
    dutch = run_m2w("show", "--lang", "nl", "--help", lang="en").stdout
    assert "Gebruik: m2w show [OPTIES] DIMENSIE" in dutch and "Options:" not in dutch


def test_lang_before_the_command_sets_the_language_of_the_command(tmp_path: Path) -> None:
    done = run_m2w("--lang", "en", "demo", "--format", "html", "-o", str(tmp_path), lang="nl")
    assert done.returncode == 0, done.stderr
    assert "Report written:" in done.stdout
    assert done.stdout.rstrip().endswith("Open the HTML file in your browser.")  # no PDF was asked for
    (html,) = tmp_path.glob("*.html")
    assert '<html lang="en">' in html.read_text(encoding="utf-8")
    # A value after `--` is a file name, not a language.
    assert lang_from_argv(["report", "--", "--lang", "en"]) is None
    assert lang_from_argv(["report", "--lang", "fr"]) is None
    assert lang_from_argv(["--lang", "nl", "report", "--lang", "en"]) == "en"  # the last, as in Click


def test_the_translated_click_messages_still_exist_in_click() -> None:
    """A later Click may reword a message; then that message would quietly stay English."""
    import ast
    import inspect

    from m2w_tool import clicktext

    found: set[str] = set()
    pairs: set[tuple[str, str]] = set()
    for name in clicktext.CLICK_MODULES:
        tree = ast.parse(inspect.getsource(importlib.import_module(f"click.{name}")))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
                continue
            texts = [a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
            if node.func.id == "_" and texts:
                found.add(texts[0])
            elif node.func.id == "ngettext" and len(texts) >= 2:
                pairs.add((texts[0], texts[1]))
    ours = set(clicktext.NL) - {"[OPTIONS]", "COMMAND [ARGS]...", "required"}  # not passed to _() as text
    essential = {
        "Usage:", "Options", "Commands", "Error: {message}", "Missing argument", "Try '{command} {option}' for help.",
        "Invalid value for {param_hint}: {message}", "No such command {name!r}.", "No such option {name!r}.",
        "Show this message and exit.",
    }
    assert essential <= found
    assert len(ours & found) >= 0.9 * len(ours), sorted(ours - found)
    assert set(clicktext.NL_PLURAL) & pairs


def test_the_closing_hint_names_only_the_files_made(capsys) -> None:
    from m2w_tool.commands.report import _echo_written

    for names, hint in (
        (["r.html", "r.pdf", "r-actions.csv"], "Open the HTML file in your browser, or the PDF to print."),
        (["r.html", "r-actions.csv"], "Open the HTML file in your browser."),
        (["r.pdf", "r-actions.csv"], "Open the PDF to read or print."),
    ):
        _echo_written([Path(n) for n in names], "en")
        assert capsys.readouterr().out.rstrip().endswith(hint), names
