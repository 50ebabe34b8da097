"""The documentation stays true to the code.

README.md: every `m2w` command and option it shows exists (the options as `m2w CMD --help` lists
them), every environment variable it lists is read by the code and every one the code reads is
listed, its links lead somewhere, and its test command is the one CI runs. ARCHITECTURE.md: every
module of m2w_tool/ is named there, and every module it names exists.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import click
import pytest

from m2w_tool.cli import COMMANDS, cli

REPO = Path(__file__).resolve().parent.parent
PACKAGE = REPO / "m2w_tool"
README = (REPO / "README.md").read_text(encoding="utf-8")
ARCHITECTURE = (REPO / "ARCHITECTURE.md").read_text(encoding="utf-8")


def _options(command: click.Command) -> set[str]:
    found = set()
    for param in command.params:
        if isinstance(param, click.Option):
            found |= set(param.opts) | set(param.secondary_opts)
    return found | {"--help", "-h"}


def _command(name: str) -> click.Command:
    with click.Context(cli) as ctx:
        command = cli.get_command(ctx, name)
    assert command is not None, name
    return command


GLOBAL_OPTIONS = _options(cli)
COMMAND_OPTIONS = {name: _options(_command(name)) for name in COMMANDS}
ALL_OPTIONS = set().union(GLOBAL_OPTIONS, *COMMAND_OPTIONS.values())


def code_snippets(text: str) -> list[str]:
    """Inline code spans and the lines of fenced code blocks."""
    blocks = re.findall(r"^```[a-z]*\n(.*?)^```", text, flags=re.S | re.M)
    outside = re.sub(r"^```[a-z]*\n.*?^```", "", text, flags=re.S | re.M)
    lines = [line.strip() for block in blocks for line in block.splitlines() if line.strip()]
    return lines + re.findall(r"`([^`\n]+)`", outside)


def _words(snippet: str) -> list[str]:
    """The words of a command line, without the brackets and ellipses of a usage line."""
    words = []
    for word in snippet.replace("\\|", "|").split():
        word = word.strip("[]").rstrip("…").split("=")[0]
        if word:
            words.append(word)
    return words


def invocations(text: str) -> list[tuple[str, str | None, list[str]]]:
    """Every `m2w ...` a text shows: (the snippet, its command or None, its options)."""
    found = []
    for snippet in code_snippets(text):
        words = _words(snippet)
        if words[:1] != ["m2w"]:
            continue
        words = words[1:]
        command = None
        options = []
        for i, word in enumerate(words):
            if word.startswith("-") and word != "-":
                options.append(word)
            elif command is None and not (i and words[i - 1] == "--lang"):
                command = word
        found.append((snippet, command, options))
    return found


def wrong_invocations(text: str) -> list[str]:
    wrong = []
    for snippet, command, options in invocations(text):
        if command is not None and command not in COMMANDS:
            wrong.append(f"{snippet}: no command {command!r}")
            continue
        known = GLOBAL_OPTIONS | (COMMAND_OPTIONS[command] if command else set())
        wrong += [f"{snippet}: no option {option}" for option in options if option not in known]
    return wrong


def test_every_command_and_option_the_readme_shows_exists() -> None:
    assert len(invocations(README)) > 40  # the README is read, not skipped
    assert wrong_invocations(README) == []


def test_every_option_the_readme_names_on_its_own_exists() -> None:
    alone = [_words(s)[0] for s in code_snippets(README) if re.match(r"(--[a-z][a-z-]*|-[a-zA-Z])( |$)", s)]
    assert "--appendix" in alone and "--force" in alone
    assert sorted(set(alone) - ALL_OPTIONS) == []


def lines_with_a_broken_code_span(text: str) -> list[str]:
    """Lines outside code blocks with an odd number of backticks: a span over two lines, which the
    checks above would not read as one command."""
    text = re.sub(r"^```[a-z]*\n.*?^```", "", text, flags=re.S | re.M)
    return [line for line in text.splitlines() if line.count("`") % 2]


@pytest.mark.parametrize("doc", ["README.md", "ARCHITECTURE.md"])
def test_no_code_span_runs_over_two_lines(doc: str) -> None:
    assert lines_with_a_broken_code_span("a `m2w serve\n--team` b") == ["a `m2w serve", "--team` b"]
    assert lines_with_a_broken_code_span((REPO / doc).read_text(encoding="utf-8")) == []


def test_the_checks_find_a_wrong_command_and_a_wrong_option() -> None:
    text = "Run `m2w reprot x.yaml` or `m2w report x.yaml --apendix` or `m2w --lang en workbook --fillable`."
    assert wrong_invocations(text) == [
        "m2w reprot x.yaml: no command 'reprot'",
        "m2w report x.yaml --apendix: no option --apendix",
    ]


def test_the_readme_names_every_command() -> None:
    assert [name for name in COMMANDS if f"| `m2w {name}" not in README] == []


def _variables_in_code() -> set[str]:
    found = set()
    for path in PACKAGE.rglob("*.py"):
        found |= set(re.findall(r"\bM2W_[A-Z_]+[A-Z]\b", path.read_text(encoding="utf-8")))
    return found


def test_the_readme_lists_exactly_the_environment_variables_m2w_reads() -> None:
    listed = set(re.findall(r"^\| `(M2W_[A-Z_]+)`", README, flags=re.M))
    in_code = _variables_in_code()
    assert "M2W_LANG" in in_code and "M2W_CACHE_DIR" in in_code
    assert sorted(in_code - listed) == []  # read by m2w, missing from the README's table
    assert sorted(set(re.findall(r"\bM2W_[A-Z_]+[A-Z]\b", README)) - in_code) == []  # named, never read


@pytest.mark.parametrize("doc", ["README.md", "ARCHITECTURE.md"])
def test_the_links_of_the_docs_lead_somewhere(doc: str) -> None:
    text = (REPO / doc).read_text(encoding="utf-8")
    headings = {
        re.sub(r"[^\w\- ]", "", h).strip().lower().replace(" ", "-") for h in re.findall(r"^#+ (.*)$", text, re.M)
    }
    broken = []
    for target in re.findall(r"\]\(([^)\s]+)\)", text):
        if target.startswith("#"):
            ok = target[1:] in headings
        else:
            ok = target.startswith("http") or (REPO / target).exists()
        if not ok:
            broken.append(target)
    assert broken == []


def test_the_readme_test_command_is_the_one_ci_runs() -> None:
    blocks = re.findall(r"^```sh\n(.*?)\n```", README, flags=re.S | re.M)
    install, tests = blocks[0], blocks[1]
    assert install.startswith("S=$(command -v sudo);") and install.endswith(".venv/bin/m2w demo")
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8").strip().splitlines()[-1]
    assert ci.replace(" -q", "") == tests


# --- ARCHITECTURE.md ----------------------------------------------------------------------------------


def _modules() -> set[str]:
    """Every module of the package as ARCHITECTURE.md names it: `api.py`, `report/model.py`."""
    return {p.relative_to(PACKAGE).as_posix() for p in PACKAGE.rglob("*.py") if p.name != "__init__.py"}


def test_architecture_names_every_module() -> None:
    named = set(re.findall(r"`([\w/]+\.py)`", ARCHITECTURE))
    assert "api.py" in _modules() and "web/routes_team.py" in _modules()
    assert sorted(_modules() - named) == []


def test_every_module_architecture_names_exists() -> None:
    named = {n for n in re.findall(r"`([\w/]+\.py)`", ARCHITECTURE) if not n.startswith("tests/")}
    assert sorted(named - _modules()) == []


LAYERS = ("Base", "Domain", "Builders and readers", "Library", "Faces")  # ARCHITECTURE.md, bottom up


def layers_in(text: str) -> dict[str, int]:
    """Module name -> its layer, as the tables under "Every module in a line" place it."""
    section = text.split("## Every module in a line", 1)[1].split("\n## ", 1)[0]
    found = {}
    for part in section.split("\n### ")[1:]:
        heading, _, body = part.partition("\n")
        for row in (line for line in body.splitlines() if line.startswith("| `")):
            for path in re.findall(r"`([\w/]+)\.py`", row.split(" | ")[0]):
                found["m2w_tool." + path.replace("/", ".")] = LAYERS.index(heading.strip())
    return found


def _imports(path: Path) -> set[str]:
    """The m2w modules a source file imports (a name imported from a package counts as its module)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("m2w_tool"):
            found |= {node.module} | {f"{node.module}.{alias.name}" for alias in node.names}
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name.startswith("m2w_tool")}
    return found


def upward_imports(layers: dict[str, int]) -> list[str]:
    wrong = []
    for path in sorted(PACKAGE.rglob("*.py")):
        name = ".".join(path.relative_to(REPO).with_suffix("").parts)
        if name not in layers:
            continue  # a package's __init__
        wrong += [
            f"{name} -> {target}"
            for target in sorted(_imports(path))
            if target in layers and layers[target] > layers[name]
        ]
    return wrong


def test_architecture_places_every_module_in_one_layer() -> None:
    layers = layers_in(ARCHITECTURE)
    assert layers["m2w_tool.cli"] == LAYERS.index("Faces") and layers["m2w_tool.errors"] == 0
    assert sorted(set(layers)) == sorted("m2w_tool." + m[:-3].replace("/", ".") for m in _modules())


def test_imports_point_down_the_layers_architecture_draws() -> None:
    layers = layers_in(ARCHITECTURE)
    assert upward_imports(layers) == []
    # and the check sees an import that points up: put the library below the domain
    assert "m2w_tool.api -> m2w_tool.answers" in upward_imports({**layers, "m2w_tool.api": 0})
