"""Shared pieces of the property-based (fuzz) tests: hypothesis profiles, nasty values and ways to
break YAML files, both as text and as structure.

Profiles, chosen with the environment variable M2W_FUZZ:
- `ci` (default): a modest, fixed set of examples, so the whole fuzz set stays well under 20 s;
- `long`: the campaign recorded in bench/README.md (thousands of cases, random each run):
  `M2W_FUZZ=long python -m pytest -q -p no:randomly tests/test_fuzz_*.py --hypothesis-show-statistics`
"""

from __future__ import annotations

import datetime as dt
import os
from typing import Any

import yaml
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

settings.register_profile(
    "ci",
    max_examples=16,
    deadline=None,
    derandomize=True,  # the same examples every run: a CI failure is reproducible
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
settings.register_profile(
    "long",
    max_examples=400,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
PROFILE = os.environ.get("M2W_FUZZ", "ci")


def share(fraction: float) -> settings:
    """The chosen profile for one test, with `fraction` of its examples (slow tests take fewer).
    Applied per test, so other hypothesis tests keep their own defaults."""
    profile = settings.get_profile(PROFILE)
    return settings(profile, max_examples=max(4, int(profile.max_examples * fraction)))


# --- values --------------------------------------------------------------------------------------

# Texts that have broken something somewhere: formulas and DDE for spreadsheets, escape sequences
# for terminals, YAML words that change type, numbers Python refuses, keys of other keyboards.
NASTY_TEXTS = [
    '=HYPERLINK("http://example.invalid","x")',
    "=cmd|' /C calc'!A0",
    "@SUM(1)",
    "+1",
    "-1",
    "\t=1",
    "\x1b]0;title\x07",
    "\x1b]52;c;aGk=\x07",
    "\x1b[2J",
    "\x9b31m",
    "\u202eevil",
    "\x00",
    "\x07",
    "\r",
    "\x85",
    "\u2028",
    "\ufeff",
    "²",
    "³",
    "٣",
    "9" * 5000,
    "n/a",
    "yes",
    "no",
    "null",
    "~",
    "2026-11-31",
    "0x_",
    ".nan",
    "-.inf",
    "<script>alert(1)</script>",
    "{{ 7*7 }}",
    "'",
    '"',
    ": ",
    "- ",
    "#",
    "x" * 300,
    "محمد العلي",
    "Олена",
    "👩🏽‍🏫",
]

texts = st.one_of(
    st.sampled_from(NASTY_TEXTS),
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=12),
    st.lists(st.sampled_from(NASTY_TEXTS), min_size=2, max_size=4).map("".join),
)

leaves = st.one_of(
    texts,
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=10**20, max_value=10**40),
    st.floats(allow_nan=True, allow_infinity=True),
    st.dates(min_value=dt.date(1, 1, 1)),
    st.sampled_from([0, 1, 2, 3, 4, 5, -1, 6, 2.5, "n/a", "na", "4", "n"]),
)
# Any YAML value: leaves, and lists and mappings of them, nested a little.
values = st.recursive(
    leaves,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(st.one_of(texts, st.integers()), inner, max_size=3),
    ),
    max_leaves=8,
)

# Fragments that break YAML text where they land: values that cannot exist, tags, indicators,
# characters YAML refuses, nesting and aliases.
YAML_SNIPPETS = [
    " 2026-11-31",
    " 0000-01-01",
    " 2001-12-14t21:59:43.10+25:00",
    " 0x_",
    " 0o9",
    " !!int abc",
    " !!float abc",
    " !!bool abc",
    " !!timestamp abc",
    " !!binary aGk=",
    " !!set {a}",
    " !!python/object/apply:os.system [echo]",
    " .nan",
    " .inf",
    " -.inf",
    " 1.0e999",
    " " + "7" * 5000,
    " " + "[" * 600 + "]" * 600,
    " " + "[" * 1200 + "]" * 1200,
    "{",
    "}",
    "[",
    "]",
    ": ",
    "- ",
    "? ",
    ", ",
    " &a ",
    " *a",
    " *nope",
    "<<: *a",
    "<<: [1, 2]",
    "\x00",
    "\x01",
    "\x1b",
    "\x07",
    "\x7f",
    "\x9b",
    "\t",
    "\r",
    "\x85",
    "\u2028",
    "\ufeff",
    '"\\ud800"',
    '"\\e]0;x\\a"',
    "'",
    '"',
    "|",
    ">",
    "|+\n",
    "%YAML 1.1\n",
    "---\n",
    "...\n",
    "\n  ",
    "\n- ",
    "\n",
    "#",
    " ~",
    " null",
    " yes",
]


@st.composite
def broken_text(draw: st.DrawFn, text: str) -> str:
    """`text` with one to three edits: a snippet put in, a piece cut out, or a line doubled."""
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["insert", "insert", "cut", "double", "replace_value"]))
        at = draw(st.integers(0, len(text)))
        if kind == "insert":
            text = text[:at] + draw(st.sampled_from(YAML_SNIPPETS)) + text[at:]
        elif kind == "cut":
            text = text[:at] + text[at + draw(st.integers(1, 20)) :]
        elif kind == "double":
            lines = text.split("\n")
            i = draw(st.integers(0, len(lines) - 1))
            lines.insert(i, lines[i])
            text = "\n".join(lines)
        else:
            colon = text.find(": ", at)
            end = text.find("\n", colon)
            if colon != -1 and end != -1:
                text = text[: colon + 2] + draw(st.sampled_from(YAML_SNIPPETS)).strip() + text[end:]
    return text


def paths_of(data: Any, prefix: tuple = ()) -> list[tuple]:
    """Every path to a value in nested dicts and lists (the root included)."""
    out = [prefix]
    if isinstance(data, dict):
        for key, value in data.items():
            out += paths_of(value, prefix + (key,))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            out += paths_of(value, prefix + (i,))
    return out


def replaced(data: Any, path: tuple, value: Any) -> Any:
    """A copy of `data` with the value at `path` replaced."""
    if not path:
        return value
    head, rest = path[0], path[1:]
    if isinstance(data, dict):
        return {k: (replaced(v, rest, value) if k == head else v) for k, v in data.items()}
    return [replaced(v, rest, value) if i == head else v for i, v in enumerate(data)]


@st.composite
def broken_structure(draw: st.DrawFn, data: Any) -> str:
    """`data` with one to three values (anywhere) replaced by any YAML value, as YAML text."""
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(paths_of(data)))
        data = replaced(data, path, draw(values))
    return yaml.safe_dump(data, allow_unicode=draw(st.booleans()), sort_keys=False)


@st.composite
def swapped_texts(draw: st.DrawFn, data: Any) -> str:
    """`data` with up to five of its texts replaced by nasty texts: the structure stays valid, so the
    file gets past validation and its texts travel on to reports, terminals and spreadsheets."""
    text_paths = [p for p in paths_of(data) if p and isinstance(_at(data, p), str)]
    for _ in range(draw(st.integers(1, 5))):
        if text_paths:
            data = replaced(data, draw(st.sampled_from(text_paths)), draw(texts))
    return yaml.safe_dump(data, allow_unicode=draw(st.booleans()), sort_keys=False)


def _at(data: Any, path: tuple) -> Any:
    for part in path:
        data = data[part]
    return data


def yaml_file(data: Any) -> st.SearchStrategy[str]:
    """A broken version of `data` as YAML text: by structure, by text, both, or nasty texts only."""
    plain = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    return st.one_of(
        broken_structure(data),
        broken_text(plain),
        broken_structure(data).flatmap(broken_text),
        swapped_texts(data),
    )
