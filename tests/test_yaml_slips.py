"""A file edited by hand: the slips people make are named in plain words, in the user's language,
at the line that holds them (the parser's own English is kept only for what is not listed here)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import speaking

from m2w_tool.yamlsource import load_located

SLIPS = {
    "note: Wij: goed\n": ("1:10", "a colon and a space inside a text", "een dubbelpunt met een spatie"),
    "a:\n\tb: 1\n": ("2:1", "a tab: indent with spaces only", "een tab: spring alleen in met spaties"),
    "a: [1, 2\nb: 3\n": ("2:2", "a list opened with [ is not closed with ]", "wordt niet afgesloten met ]"),
    "a: {x: 1\nb: 2\n": ("2:2", "a { is not closed with }", "een { wordt niet afgesloten met }"),
    'a: "open\nb: 2\n': ("3:1", "a quote is opened but never closed", "een aanhalingsteken wordt geopend"),
    "a:\n  b: 1\n c: 2\n": ("3:2", "this line does not line up", "deze regel staat niet in lijn"),
    "a: *x\n": ("1:4", "a text that starts with * must be", "een tekst die met * begint"),
    "a: `x`\n": ("1:4", "a text cannot start with '`' unless", "een tekst kan niet met '`' beginnen"),
    "x: [\n": ("2:1", "a value is missing: a [ or { that is not closed", "er ontbreekt een waarde"),
    "a: 1\nb\nc: 2\n": ("2:1", "a line without a colon after its name", "een regel zonder dubbelpunt"),
}


@pytest.mark.parametrize("text", SLIPS)
@pytest.mark.parametrize("lang", ["en", "nl"])
def test_a_slip_is_named_in_words_at_its_line(tmp_path: Path, text: str, lang: str) -> None:
    where, english, dutch = SLIPS[text]
    path = tmp_path / "answers.yaml"
    path.write_text(text, encoding="utf-8")
    with speaking(lang):
        located, problems = load_located(path)
    assert located is None and len(problems) == 1
    message = str(problems[0])
    assert message.startswith(f"{path}:{where}: ")
    assert (english if lang == "en" else dutch) in message
    assert "while " not in message and "expected" not in message  # none of the parser's English


def test_why_a_file_cannot_be_read_is_said_in_the_users_language(tmp_path: Path) -> None:
    with speaking("nl"):
        located, problems = load_located(tmp_path / "weg.yaml")
    assert located is None
    assert "het bestand of de map bestaat niet" in str(problems[0])
    assert "No such file" not in str(problems[0])
