"""A message written inside an f-string is invisible to the extractor (Babel reads an f-string as one
token on Python < 3.12): it never reaches the catalogue and a Dutch user reads English. Every
message called inside an f-string must therefore be in the catalogues already (better: call it
outside the f-string)."""

from __future__ import annotations

import ast
from pathlib import Path

from babel.messages.pofile import read_po

from m2w_tool.i18n import LOCALE_DIR

PACKAGE = Path(__file__).resolve().parent.parent / "m2w_tool"
# The gettext helpers of m2w_tool.i18n, with the position of their message id.
MESSAGE_ARG = {"_": 0, "N_": 0, "ngettext": 0, "tr": 1, "trn": 1}


def _messages_inside_fstrings(tree: ast.AST) -> list[tuple[int, str]]:
    found = []
    for joined in (n for n in ast.walk(tree) if isinstance(n, ast.JoinedStr)):
        for call in (n for n in ast.walk(joined) if isinstance(n, ast.Call)):
            name = call.func.id if isinstance(call.func, ast.Name) else ""
            position = MESSAGE_ARG.get(name)
            if position is None or len(call.args) <= position:
                continue
            arg = call.args[position]
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                found.append((call.lineno, arg.value))
    return found


def test_every_message_inside_an_f_string_is_in_the_dutch_catalogue() -> None:
    with (LOCALE_DIR / "nl" / "LC_MESSAGES" / "m2w.po").open("rb") as fh:
        known = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(fh, locale="nl") if m.id}
    missing = [
        f"{path.relative_to(PACKAGE.parent)}:{line}: {message!r}"
        for path in sorted(PACKAGE.rglob("*.py"))
        for line, message in _messages_inside_fstrings(ast.parse(path.read_text(encoding="utf-8")))
        if message not in known
    ]
    assert not missing, missing


def test_the_check_sees_a_message_inside_an_f_string() -> None:
    tree = ast.parse("x = f\"{_('hidden %(n)s', n=1)} and {tr(lang, 'also hidden')}\"")
    assert [m for _line, m in _messages_inside_fstrings(tree)] == ["hidden %(n)s", "also hidden"]
