"""The shape of the code (ARCHITECTURE.md): imports point one way, no cycles, small functions, short commands.

Read from the source with `ast`, the way a reviewer would count: every import counts, also one inside
a function (a lazy import is still an arrow between two modules).
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "m2w_tool"
MAX_LINES = 60  # per function or method (aim for 40)
MAX_COMMAND_LINES = 15  # a command's body: parse, call one library function, print
FACES = ("m2w_tool.cli", "m2w_tool.commands", "m2w_tool.web", "m2w_tool.clicktext", "m2w_tool.__main__")


def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        name = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        found[name.removesuffix(".__init__")] = path
    return found


MODULES = _modules()
TREES = {name: ast.parse(path.read_text(encoding="utf-8")) for name, path in MODULES.items()}


def _imports(name: str) -> set[str]:
    """The m2w modules `name` imports (a name imported from a package counts as its module when it is one)."""
    found = set()
    for node in ast.walk(TREES[name]):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("m2w_tool"):
            for alias in node.names:
                target = f"{node.module}.{alias.name}"
                found.add(target if target in MODULES else node.module)
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name in MODULES}
    return {m for m in found if m in MODULES and m not in (name, "m2w_tool")}


GRAPH = {name: _imports(name) for name in MODULES}


def _cycles() -> list[list[str]]:
    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def visit(node: str, stack: list[str]) -> None:
        state[node] = 1
        stack.append(node)
        for target in sorted(GRAPH[node]):
            if state.get(target) == 1:
                cycles.append(stack[stack.index(target) :] + [target])
            elif not state.get(target):
                visit(target, stack)
        stack.pop()
        state[node] = 2

    for node in sorted(GRAPH):
        if not state.get(node):
            visit(node, [])
    return cycles


def test_no_import_cycles() -> None:
    assert _cycles() == []


def test_a_cycle_is_found_when_there_is_one(monkeypatch) -> None:
    monkeypatch.setitem(GRAPH, "m2w_tool.validation", GRAPH["m2w_tool.validation"] | {"m2w_tool.content"})
    assert any(c[0] == c[-1] and {"m2w_tool.content", "m2w_tool.validation"} <= set(c) for c in _cycles())


def test_no_library_or_domain_module_imports_a_face() -> None:
    wrong = sorted(
        f"{name} -> {target}"
        for name, targets in GRAPH.items()
        if not name.startswith(FACES)
        for target in targets
        if target.startswith(FACES)
    )
    assert wrong == []


def test_no_function_grows_past_sixty_lines() -> None:
    long = []
    for name, tree in TREES.items():
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                where = f"{MODULES[name].relative_to(PACKAGE.parent).as_posix()}:{node.name}"
                if node.end_lineno - node.lineno + 1 > MAX_LINES:
                    long.append(f"{where} ({node.end_lineno - node.lineno + 1} lines)")
    assert long == []


def test_commands_only_parse_call_and_print() -> None:
    long = []
    for name, tree in TREES.items():
        if not name.startswith("m2w_tool.commands."):
            continue
        for node in tree.body:
            if isinstance(node, ast.FunctionDef) and any(_is_command(d) for d in node.decorator_list):
                body = node.body[1:] if ast.get_docstring(node) else node.body
                lines = body[-1].end_lineno - body[0].lineno + 1
                if lines > MAX_COMMAND_LINES:
                    long.append(f"{name}:{node.name} ({lines} lines)")
    assert long == []


def _is_command(decorator: ast.expr) -> bool:
    call = decorator.func if isinstance(decorator, ast.Call) else decorator
    return isinstance(call, ast.Attribute) and call.attr == "command"


def test_the_answers_modules_sit_below_the_content_they_check() -> None:
    # The data (answers_model) and the shared validation import nothing of the domain; content builds
    # on them, the schema on content, the rules on the schema: the order ARCHITECTURE.md draws.
    assert GRAPH["m2w_tool.answers_model"] == set()
    assert GRAPH["m2w_tool.validation"] <= {"m2w_tool.errors", "m2w_tool.i18n", "m2w_tool.yamlsource"}
    assert "m2w_tool.answers" not in GRAPH["m2w_tool.migration"] | GRAPH["m2w_tool.content"]
    assert "m2w_tool.answers_schema" in GRAPH["m2w_tool.answers_rules"]
