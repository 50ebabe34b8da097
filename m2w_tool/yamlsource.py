"""Safe YAML reading that remembers where every key and item stands in the file.

Only plain YAML types are accepted: tags such as `!!python/object` are refused before anything is
constructed. Positions let validation say `file:line:column` for a problem deep inside a document.

Keeping a position for every node costs more than parsing itself, so `fast_load` reads a plain file
(no tags, anchors, aliases or merge keys, no control characters) without positions and returns the
same data; a caller re-reads with `load_located` only when that data turns out to have a problem,
so every problem is still reported with its line and column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from m2w_tool.errors import Problem
from m2w_tool.i18n import _

MAX_BYTES = 1_000_000

# The tags SafeLoader resolves plain YAML to; anything else was written by hand in the file.
_ALLOWED_TAGS = {"tag:yaml.org,2002:" + t for t in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")}

# libyaml's parser (when PyYAML has it) is about 8x faster and gives the same nodes and marks;
# it keeps `m2w report` well under half a second.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

Path_ = tuple[str | int, ...]
MAX_NODES = 200_000
_BUDGET: Path_ = ("<budget>",)


# What sends a text to the located reader: a tag, an anchor or alias (`!`, `&`, `*` starting a word),
# a merge key, a control character. Notes that merely contain such a sign only take the slower path.
_SUSPECT = re.compile("[!&*<\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")  # cheap first look
_NOT_PLAIN = re.compile(r"(?:^|[\s\[\]{},])[!&*]|<<|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
# Deep nesting is left to the located reader too: block nesting needs indentation (a level for
# every column or two), flow nesting needs brackets inside brackets.
_MAYBE_DEEP = re.compile(r"^ {32}|[\[{][^\]}\n]*[\[{]", re.MULTILINE)
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
    except (yaml.YAMLError, _Declined, RecursionError):
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
            return None, [Problem(label, _("file is %(size)s bytes; the limit is %(limit)s bytes", size=f"{size:,}", limit=f"{max_bytes:,}"))]
        raw = path.read_bytes()
    except OSError as exc:
        return None, [Problem(label, _("cannot read the file: %(reason)s", reason=exc.strerror or exc))]
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [Problem(label, _("the file is not UTF-8 text; save it as UTF-8"), line)]


def parse_yaml(text: str, label: str) -> tuple[Located | None, list[Problem]]:
    """Parse one YAML document safely; return it with positions, or the problems found."""
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
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = " ".join(str(x) for x in (exc.context, exc.problem) if x) or "invalid YAML"
        if mark is None:
            return None, [Problem(label, _("YAML syntax error: %(message)s", message=message))]
        return None, [Problem(label, _("YAML syntax error: %(message)s", message=message), mark.line + 1, mark.column + 1)]
    except yaml.YAMLError as exc:
        return None, [Problem(label, _("YAML syntax error: %(message)s", message=exc))]
    finally:
        loader.dispose()


def _build(loader: yaml.SafeLoader, node: yaml.Node, path: Path_, positions: dict) -> Any:
    line, col = node.start_mark.line + 1, node.start_mark.column + 1
    positions.setdefault(path, (line, col))
    if node.tag not in _ALLOWED_TAGS:
        tag = node.tag.replace("tag:yaml.org,2002:", "!!")
        raise _DocumentError(_("YAML tag %(tag)s is not allowed in m2w files", tag=tag), line, col)
    budget = positions.setdefault(_BUDGET, [0])
    budget[0] += 1
    if budget[0] > MAX_NODES:  # aliases can multiply a small file into billions of nodes
        raise _DocumentError(_("the file expands to too many values (aliases?)"), line, col)
    if isinstance(node, yaml.MappingNode):
        loader.flatten_mapping(node)  # resolves `<<` merge keys the way PyYAML does
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
    return loader.construct_object(node, deep=True)


def load_located(path: Path, label: str | None = None) -> tuple[Located | None, list[Problem]]:
    """Read and parse a YAML file; every failure comes back as a located problem."""
    label = label or str(path)
    text, problems = read_text(path, label)
    if text is None:
        return None, problems
    if not text.strip():
        return None, [Problem(label, _("the file is empty"), 1, 1)]
    return parse_yaml(text, label)
