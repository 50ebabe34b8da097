"""Safe YAML reading that remembers where every key and item stands in the file.

Only plain YAML types are accepted: tags such as `!!python/object` are refused before anything is
constructed. Positions let validation say `file:line:column` for a problem deep inside a document.

Every way a file can fail to load is a located problem, never an exception: control characters,
values that cannot exist (`started: 2026-11-31`, `!!int abc`, a number of 5,000 digits), nesting
deeper than any m2w file needs, and aliases or merge keys (`<<`) that would multiply a small file
into millions of values: each value is counted against a budget before it is built or merged.

Keeping a position for every node costs more than parsing itself, so `fast_load` reads a plain file
(no tags, anchors, aliases or merge keys, no control characters or escapes of them, no deep
nesting) without positions and returns the same data; whatever it is not sure of (a value that
cannot be built, a duplicate key) it leaves to the located reader, and a caller re-reads with
`load_located` when the data turns out to have a problem, so every problem is still located.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from m2w_tool.errors import Problem, os_reason
from m2w_tool.i18n import N_, _

MAX_BYTES = 1_000_000

# The tags SafeLoader resolves plain YAML to; anything else was written by hand in the file.
_ALLOWED_TAGS = {"tag:yaml.org,2002:" + t for t in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")}

# libyaml's parser (when PyYAML has it) is about 8x faster and gives the same nodes and marks;
# it keeps `m2w report` well under half a second.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

Path_ = tuple[str | int, ...]
MAX_NODES = 200_000
MAX_DEPTH = 64  # levels of nesting; m2w's own files use fewer than ten
_BUDGET: Path_ = ("<budget>",)
_MERGE_TAG = "tag:yaml.org,2002:merge"
_VALUE_TAG = "tag:yaml.org,2002:value"
_STR_TAG = "tag:yaml.org,2002:str"
# Characters YAML does not allow in a file at all (PyYAML's reader refuses them without saying where).
_NOT_YAML = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_SURROGATE = re.compile("[\ud800-\udfff]")


# What sends a text to the located reader: a tag, an anchor or alias (`!`, `&`, `*` starting a word),
# a merge key, a control character. Notes that merely contain such a sign only take the slower path.
_SUSPECT = re.compile("[!&*<\\\\\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")  # cheap first look
_NOT_PLAIN = re.compile(
    r"(?:^|[\s\[\]{},])[!&*]|<<|\\[uU]|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]"
)
# Deep nesting (MAX_DEPTH) is left to the located reader too: block nesting needs indentation (a
# level for every column or two) or dashes on one line (`- - - x`), flow nesting brackets in brackets.
_MAYBE_DEEP = re.compile(r"^ {24}|^\s*(?:-\s+){3}|[\[{][^\]}\n]*[\[{]", re.MULTILINE)
_STR, _INT = "tag:yaml.org,2002:str", "tag:yaml.org,2002:int"
_MAP, _SEQ = "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"
_DECIMAL = re.compile(r"[-+]?(?:0|[1-9][0-9]*)\Z")


class _Declined(Exception):
    """The fast reader leaves this document to the located one."""


def _plain(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    """What `_build` makes of `node`, without positions: texts and whole numbers directly (most of
    an answers file), every other plain value through PyYAML's own constructor, and whatever
    `_build` refuses (a tag, a key that is not a plain word, a duplicate key) declined."""
    tag = node.tag
    if tag == _STR:
        return node.value
    if tag == _MAP:
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = _plain(loader, key_node)
            if not isinstance(key, str | int) or key in result:
                raise _Declined
            result[key] = _plain(loader, value_node)
        return result
    if tag == _SEQ:
        return [_plain(loader, item) for item in node.value]
    if tag == _INT and _DECIMAL.match(node.value):
        return int(node.value)
    if tag not in _ALLOWED_TAGS:
        raise _Declined
    return loader.construct_object(node, deep=True)


def fast_load(text: str) -> Any | None:
    """The data of a plain YAML document, without positions; None when the text is not plain, fails
    to parse or is refused: then `parse_yaml` says where and why."""
    if len(text) > MAX_NODES or (_SUSPECT.search(text) and _NOT_PLAIN.search(text)) or _MAYBE_DEEP.search(text):
        return None
    if not text.strip():
        return None
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        return None if node is None else _plain(loader, node)
    except Exception:  # noqa: BLE001 - a value that cannot be built, and the rest: the located reader says
        return None
    finally:
        loader.dispose()


@dataclass
class Located:
    """A parsed YAML document and the position (line, column; 1-based) of each path in it."""

    data: Any
    positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)

    def position(self, path: Path_) -> tuple[int, int]:
        """The position of `path`, or of its nearest ancestor that has one."""
        path = tuple(path)
        while path and path not in self.positions:
            path = path[:-1]
        return self.positions.get(path, (1, 1))


class NeedsPositions(Exception):
    """Raised by `UNLOCATED.position`: the data read by `fast_load` has a problem to locate."""


class _Unlocated:
    """Stands in for a `Located` when the data came from `fast_load`: asking where something is
    means something is wrong, and the caller re-reads the file with positions to say where."""

    def position(self, path: Path_) -> tuple[int, int]:
        raise NeedsPositions(path)


UNLOCATED = _Unlocated()


class _DocumentError(Exception):
    def __init__(self, message: str, line: int, column: int) -> None:
        super().__init__(message)
        self.message, self.line, self.column = message, line, column


def format_path(path: Path_) -> str:
    """`("questions", 2, "scale")` -> `questions[2].scale`."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def read_text(path: Path, label: str, max_bytes: int = MAX_BYTES) -> tuple[str | None, list[Problem]]:
    """Read a UTF-8 text file, refusing huge or non-UTF-8 files with a located problem."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            return None, [
                Problem(
                    label,
                    _("file is %(size)s bytes; the limit is %(limit)s bytes", size=f"{size:,}", limit=f"{max_bytes:,}"),
                )
            ]
        raw = path.read_bytes()
    except OSError as exc:
        return None, [Problem(label, _("cannot read the file: %(reason)s", reason=os_reason(exc)))]
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [Problem(label, _("the file is not UTF-8 text; save it as UTF-8"), line)]


def parse_yaml(text: str, label: str) -> tuple[Located | None, list[Problem]]:
    """Parse one YAML document safely; return it with positions, or the problems found."""
    bad = _NOT_YAML.search(text)
    if bad is not None:
        return None, [_character_problem(text, label, bad.start())]
    crowded = _too_many_values_at(text) if len(text) > 2 * MAX_NODES else None
    if crowded is not None:
        return None, [Problem(label, _("the file expands to too many values (aliases?)"), *crowded)]
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, [Problem(label, _("the file is empty"), 1, 1)]
        located = Located(None)
        located.data = _build(loader, node, (), located.positions)
        located.positions.pop(_BUDGET, None)
        return located, []
    except _DocumentError as exc:
        return None, [Problem(label, exc.message, exc.line, exc.column)]
    except yaml.reader.ReaderError as exc:  # what the check above missed, located by its character
        at = text.find(chr(exc.character)) if isinstance(exc.character, int) else -1
        return None, [_character_problem(text, label, max(at, 0))]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if "expected ':'" in str(exc.problem) and exc.context_mark is not None:
            mark = exc.context_mark  # the line that lacks its colon, not the one after it
        line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        message = _explain(exc, text[mark.index : mark.index + 1] if mark is not None else "")
        return None, [Problem(label, _("YAML syntax error: %(message)s", message=message), line, column)]
    except yaml.YAMLError as exc:
        return None, [Problem(label, _("YAML syntax error: %(message)s", message=exc), 1, 1)]
    except RecursionError:  # only PyYAML's pure-Python composer recurses; libyaml stops at 1000 levels
        line, column = _too_deep_at(text)
        return None, [Problem(label, _too_deep(), line, column)]
    finally:
        loader.dispose()


def _too_many_values_at(text: str) -> tuple[int, int] | None:
    """Where a long text passes the value budget, counted on the parser's events before any node is
    built: building the nodes of 30 MB of tiny values would take a minute and gigabytes."""
    loader = _Loader(text)
    try:
        for _seen in range(2 * MAX_NODES + 2):
            if not loader.check_event():
                return None
            event = loader.get_event()
        return event.start_mark.line + 1, event.start_mark.column + 1
    except yaml.YAMLError:
        return None  # the parse that follows reports it, located
    finally:
        loader.dispose()


def _line_column(text: str, at: int) -> tuple[int, int]:
    return text.count("\n", 0, at) + 1, at - text.rfind("\n", 0, at)


# The parser's own words, for the slips people make when they edit a file by hand, in plain words
# of the interface language; anything else keeps the parser's (English) text.
_EXPLAINED = (
    ("mapping values are not allowed", N_("a colon and a space inside a text: put the whole text between "
                                          "double quotes")),
    ("',' or ']'", N_("a list opened with [ is not closed with ]")),
    ("',' or '}'", N_("a { is not closed with }")),
    ("unexpected end of stream", N_("a quote is opened but never closed: a text that starts with a quote "
                                    "ends with it")),
    ("could not find expected ':'", N_("a line without a colon after its name, or a quote that is not closed")),
    ("expected key", N_("this line does not line up with the lines above it: check the spaces at its start, and put a "
                        "text with a quote or a colon in it between double quotes")),
    ("<block end>", N_("this line does not line up with the lines above it: check the spaces at its start, and put a "
                       "text with a quote or a colon in it between double quotes")),
    ("node content", N_("a value is missing: a [ or { that is not closed, or a line that stops too soon")),
    ("undefined alias", N_("a text that starts with * must be between double quotes")),
    ("duplicate anchor", N_("a text that starts with & must be between double quotes")),
)  # fmt: skip


def _explain(exc: yaml.MarkedYAMLError, char: str) -> str:
    problem = str(exc.problem or "")
    if "cannot start any token" in problem:
        if char == "\t":
            return _("a tab: indent with spaces only")
        return _("a text cannot start with %(char)s unless it is between double quotes", char=repr(char))
    for words, message in _EXPLAINED:
        if words in problem:
            return _(message)
    return " ".join(str(x) for x in (exc.context, exc.problem) if x) or "invalid YAML"


def _character_problem(text: str, label: str, at: int) -> Problem:
    line, column = _line_column(text, at)
    code = f"U+{ord(text[at]):04X}" if at < len(text) else "?"
    message = _(
        "an invisible control character (%(code)s) is not allowed in a YAML file; remove it",
        code=code,
    )
    return Problem(label, message, line, column)


def _too_deep() -> str:
    return _("the file nests deeper than %(n)s levels; m2w files never need that many", n=MAX_DEPTH)


def _too_deep_at(text: str) -> tuple[int, int]:
    """Where nesting first goes past MAX_DEPTH, found with the parser's events (they do not recurse)."""
    depth = 0
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    return event.start_mark.line + 1, event.start_mark.column + 1
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError:
        pass
    return 1, 1


def _build(loader: yaml.SafeLoader, node: yaml.Node, path: Path_, positions: dict) -> Any:
    line, col = node.start_mark.line + 1, node.start_mark.column + 1
    positions.setdefault(path, (line, col))
    if node.tag not in _ALLOWED_TAGS:
        tag = node.tag.replace("tag:yaml.org,2002:", "!!")
        raise _DocumentError(_("YAML tag %(tag)s is not allowed in m2w files", tag=tag), line, col)
    if len(path) > MAX_DEPTH:
        raise _DocumentError(_too_deep(), line, col)
    budget = positions.setdefault(_BUDGET, [0])
    _charge(budget, 1, node)  # aliases can multiply a small file into billions of nodes
    if isinstance(node, yaml.MappingNode):
        _flatten(node, budget)  # resolves `<<` merge keys, counting what they copy first
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = _build(loader, key_node, path + ("<key>",), {_BUDGET: positions.get(_BUDGET)})
            kline, kcol = key_node.start_mark.line + 1, key_node.start_mark.column + 1
            if not isinstance(key, str | int):
                raise _DocumentError(_("keys must be plain words"), kline, kcol)
            if key in result:
                raise _DocumentError(_("duplicate key '%(key)s'", key=key), kline, kcol)
            positions[path + (key,)] = (kline, kcol)
            result[key] = _build(loader, value_node, path + (key,), positions)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_build(loader, item, path + (i,), positions) for i, item in enumerate(node.value)]
    return _scalar(loader, node, line, col)


def _charge(budget: list[int], count: int, node: yaml.Node) -> None:
    budget[0] += count
    if budget[0] > MAX_NODES:
        raise _DocumentError(
            _("the file expands to too many values (aliases?)"), node.start_mark.line + 1, node.start_mark.column + 1
        )


def _scalar(loader: yaml.SafeLoader, node: yaml.ScalarNode, line: int, col: int) -> Any:
    """One plain value; a value that cannot exist (a date, a number) is a located problem."""
    try:
        value = loader.construct_object(node, deep=True)
    except Exception:  # noqa: BLE001 - PyYAML's scalar constructors raise ValueError, KeyError, ...
        raise _DocumentError(_unreadable(node), line, col) from None
    if isinstance(value, str) and _SURROGATE.search(value):  # `"\\ud800"`: cannot be saved as UTF-8
        raise _DocumentError(_unreadable(node), line, col)
    return value


def _unreadable(node: yaml.ScalarNode) -> str:
    shown = node.value if len(node.value) <= 40 else node.value[:40] + "…"
    shown = shown.encode("utf-8", "backslashreplace").decode("utf-8")
    kind = node.tag.rsplit(":", 1)[-1]
    if kind == "timestamp":
        return _("'%(value)s' is not a date that exists; write a date as 2026-11-24", value=shown)
    if kind in ("int", "float"):
        return _("'%(value)s' is not a number m2w can read", value=shown)
    return _("'%(value)s' cannot be read; put text in quotes", value=shown)


def _flatten(node: yaml.MappingNode, budget: list[int], depth: int = 0) -> None:
    """Resolve the `<<` merge keys of a mapping in place: its own keys first, then those of the
    merged mappings, the first one winning. Every merged pair is counted against the budget
    before it is copied (PyYAML before 6.0.4 copied them exponentially: a 500-byte file took GBs)."""
    merged: list[tuple[yaml.Node, yaml.Node]] = []
    own: list[tuple[yaml.Node, yaml.Node]] = []
    for key_node, value_node in node.value:
        if key_node.tag != _MERGE_TAG:
            if key_node.tag == _VALUE_TAG:
                key_node.tag = _STR_TAG
            own.append((key_node, value_node))
            continue
        sources = value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]
        for source in sources:
            mark = source.start_mark
            if not isinstance(source, yaml.MappingNode):
                raise _DocumentError(_("only mappings can be merged with <<"), mark.line + 1, mark.column + 1)
            if depth >= MAX_DEPTH:
                raise _DocumentError(_too_deep(), mark.line + 1, mark.column + 1)
            _flatten(source, budget, depth + 1)
            _charge(budget, len(source.value), source)
            merged.extend(source.value)
    if not merged:
        node.value = own
        return
    seen = {_key_of(k) for k, _v in own}
    first: list[tuple[yaml.Node, yaml.Node]] = []
    for pair in merged:
        key = _key_of(pair[0])
        if key not in seen:
            seen.add(key)
            first.append(pair)
    node.value = own + first


def _key_of(node: yaml.Node) -> object:
    return (node.tag, node.value) if isinstance(node, yaml.ScalarNode) else id(node)


def load_located(
    path: Path, label: str | None = None, max_bytes: int = MAX_BYTES
) -> tuple[Located | None, list[Problem]]:
    """Read and parse a YAML file; every failure comes back as a located problem."""
    label = label or str(path)
    text, problems = read_text(path, label, max_bytes)
    if text is None:
        return None, problems
    if not text.strip():
        return None, [Problem(label, _("the file is empty"), 1, 1)]
    return parse_yaml(text, label)
