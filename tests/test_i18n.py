"""Interface text: gettext catalogues complete in every language, Click in the user's language,
and a third language as a translation job only."""

from __future__ import annotations

import importlib
import io
import os
import re
import subprocess
import sys
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from m2w_tool.cli import lang_from_argv
from m2w_tool.i18n import LOCALE_DIR, translation

PLACEHOLDER = re.compile(r"%\((\w+)\)[-#0 +]*\d*(?:\.\d+)?[sdfr]")


def _catalog(lang: str):
    with (LOCALE_DIR / lang / "LC_MESSAGES" / "m2w.po").open("rb") as fh:
        return read_po(fh, locale=lang)


def _click_ids() -> set[str]:
    from m2w_tool import clicktext

    return set(clicktext.CLICK_TEXTS) | {s for pair in clicktext.CLICK_PLURALS for s in pair}


def test_every_message_in_the_code_is_in_the_catalogues(tmp_path: Path) -> None:
    """Extract the messages from the code and templates now: none may be missing from a catalogue."""
    from m2w_tool import catalogs

    pot = tmp_path / "m2w.pot"
    catalogs.POT, saved = pot, catalogs.POT
    try:
        catalogs.extract()
    finally:
        catalogs.POT = saved
    with pot.open("rb") as fh:
        extracted = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(fh) if m.id}
    assert len(extracted) > 400
    for lang in ("nl", "en"):
        known = {m.id if isinstance(m.id, str) else m.id[0] for m in _catalog(lang) if m.id}
        assert extracted <= known, sorted(extracted - known)[:10]


def test_dutch_translates_every_message_with_the_same_placeholders() -> None:
    click_ids = _click_ids()
    for message in _catalog("nl"):
        if not message.id:
            continue
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        strings = [message.string] if isinstance(message.string, str) else list(message.string)
        assert all(s.strip() for s in strings), f"no Dutch for {ids[0]!r}"
        assert not message.fuzzy, ids[0]
        if ids[0] in click_ids:
            continue  # Click's own messages use {name} and are formatted by Click
        for text in strings:
            assert set(PLACEHOLDER.findall(text)) == set(PLACEHOLDER.findall(ids[0])), ids[0]
            text % dict.fromkeys(PLACEHOLDER.findall(ids[0]), 1)  # a stray % would break here


def test_the_compiled_catalogues_match_their_sources() -> None:
    """The .mo files m2w reads are compiled from the .po files in the repository (none stale)."""
    for lang in ("nl", "en"):
        compiled = translation(lang)
        for message in _catalog(lang):
            if message.id and isinstance(message.id, str) and message.string:
                assert compiled.gettext(message.id) == message.string, message.id


def _pseudo_catalogue(root: Path) -> Path:
    """A pseudo-language `xx` made from the Dutch catalogue: every translation wrapped in ⟦ ⟧."""
    catalog = _catalog("nl")
    catalog.locale = None
    for message in catalog:
        if message.id and isinstance(message.string, str) and message.string:
            message.string = "⟦" + message.string + "⟧"
        elif message.id and message.string:
            message.string = tuple("⟦" + s + "⟧" for s in message.string)
    target = root / "xx" / "LC_MESSAGES"
    target.mkdir(parents=True)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    (target / "m2w.mo").write_bytes(buffer.getvalue())
    return root


def test_a_third_language_is_a_translation_job_only(tmp_path: Path) -> None:
    locales = _pseudo_catalogue(tmp_path / "locales")
    env = {**os.environ, "M2W_LOCALES": str(locales), "M2W_LANG": "en"}
    run = lambda *args: subprocess.run(  # noqa: E731
        [sys.executable, "-m", "m2w_tool", *args], capture_output=True, text=True, env=env, timeout=120
    )
    top = run("--lang", "xx", "--help")
    assert top.returncode == 0, top.stderr
    assert "⟦Gebruik:⟧" in top.stdout and "⟦Opdrachten⟧" in top.stdout
    assert "⟦m2w: reflectie op kwaliteit" in top.stdout
    out = tmp_path / "out"
    done = run("demo", "--lang", "xx", "--format", "html", "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("⟦")
    (html,) = out.glob("*.html")
    page = html.read_text(encoding="utf-8")
    assert '<html lang="xx">' in page
    assert "⟦Samenvatting⟧" in page  # interface text of the document in the new language
    assert "A clear purpose that everyone shares" in page  # content without an xx text reads English


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
    # An argument that may be left out is shown in brackets, as Click shows it.
    assert "Usage: m2w validate [OPTIONS] [DIRECTORY]" in run_m2w("validate", "--help", lang="en").stdout
    assert "Gebruik: m2w assess [OPTIES] [ANTWOORDBESTAND]" in run_m2w("assess", "--help", lang="nl").stdout


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
    (html,) = tmp_path.glob("*.html")
    assert done.stdout.rstrip().endswith("Open the HTML file in your browser.\n  " + html.resolve().as_uri())
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
    ours = set(clicktext.CLICK_TEXTS) - {"[OPTIONS]", "COMMAND [ARGS]...", "required"}  # not passed to _() as text
    essential = {
        "Usage:",
        "Options",
        "Commands",
        "Error: {message}",
        "Missing argument",
        "Try '{command} {option}' for help.",
        "Invalid value for {param_hint}: {message}",
        "No such command {name!r}.",
        "No such option {name!r}.",
        "Show this message and exit.",
    }
    assert essential <= found
    assert len(ours & found) >= 0.9 * len(ours), sorted(ours - found)
    assert set(clicktext.CLICK_PLURALS) & pairs


def test_the_closing_hint_names_only_the_files_made(capsys) -> None:
    from m2w_tool.commands.report import echo_written

    for names, hint in (
        (["r.html", "r.pdf", "r-actions.csv"], "Open the HTML file in your browser, or the PDF to print."),
        (["r.html", "r-actions.csv"], "Open the HTML file in your browser."),
        (["r.pdf", "r-actions.csv"], "Open the PDF to read or print."),
    ):
        echo_written([Path(n) for n in names])
        lines = capsys.readouterr().out.rstrip().splitlines()
        if "r.html" in names:  # the page's address last, to open with a click
            assert lines[-2] == hint and lines[-1] == "  " + Path("r.html").resolve().as_uri(), names
        else:
            assert lines[-1] == hint, names
