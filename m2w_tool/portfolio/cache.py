"""The portfolio's on-disk cache: the digest of every answers file read before, kept in SQLite.

Reading and scoring 1,000 answers files takes seconds; a funder who adds ten files to a folder of a
thousand should not wait for the other 990 again. Each file's digest (digest.py) is kept under a key
made of the SHA-256 of the file's bytes and a scope: m2w's version, the content's version and hash,
the digest format and a hash of the code that reads and scores answers. A changed file has another
hash, other content or another m2w another scope: either way the old entry is simply never found,
and entries of another scope are removed when the cache is opened.

The cache is never trusted: every entry carries a checksum of its bytes and is decoded by a
strict reader (JSON, never pickle: a cache file is not code); an entry that fails either is
treated as missing and made again. A cache file SQLite cannot read is deleted and rebuilt. A cache
that cannot be read or written costs time, never the result: the digest made without the cache
goes through the same encoding, so results are identical with and without it.

Where it lives: $M2W_CACHE_DIR (as the workbook cache), else the user's cache folder
(~/.cache/m2w/portfolio); `m2w compare --no-cache` neither reads nor writes it.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import sqlite3
import sys
from array import array
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from m2w_tool.portfolio.digest import DIGEST_FORMAT, Digest, DimensionFacts, StatementExtra

CACHE_NAME = "portfolio-digests.sqlite3"
SCHEMA = "1"
MAX_ENTRIES = 200_000  # the oldest entries beyond this are removed (about 1.2 GB at most)
CHECK_BYTES = 16


def default_cache_path() -> Path:
    """$M2W_CACHE_DIR/portfolio-digests.sqlite3, else the user's cache folder's m2w/portfolio/."""
    if os.environ.get("M2W_CACHE_DIR"):
        return Path(os.environ["M2W_CACHE_DIR"]) / CACHE_NAME
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "m2w" / "portfolio" / CACHE_NAME


def cache_scope(content) -> str:  # noqa: ANN001 - a content.Content
    """Everything besides the file's bytes that shapes a digest: m2w's version, the content, and
    the code that reads, upgrades, merges and scores answers (so a changed rule is never served
    from an old entry, even before the version number moves)."""
    from m2w_tool import __version__, answers, merge, migration, scoring, yamlsource
    from m2w_tool.portfolio import digest

    code = hashlib.sha256()
    for module in (answers, merge, migration, scoring, yamlsource, digest):
        code.update(Path(module.__file__).read_bytes())
    return (
        f"m2w {__version__}|content {content.version} {content.sha256}|digest {DIGEST_FORMAT} {code.hexdigest()[:16]}"
    )


def file_hash(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


# --- encoding: a digest as checked JSON bytes ---------------------------------------------------


def encode(digest: Digest) -> bytes:
    """The digest as bytes: a checksum, then JSON (NaN percents as null)."""
    fields = {name: getattr(digest, name) for name in Digest.__slots__}
    fields["present"] = digest.present.hex()
    fields["percents"] = [None if math.isnan(v) else v for v in digest.percents]
    payload = json.dumps(fields, ensure_ascii=False, separators=(",", ":"), allow_nan=True).encode()
    return hashlib.blake2b(payload, digest_size=CHECK_BYTES).digest() + payload


class CorruptEntry(ValueError):
    """Bytes that are not a digest this m2w wrote."""


def decode(blob: bytes) -> Digest:
    """The digest in `blob`; CorruptEntry when the checksum or any field is wrong."""
    check, payload = blob[:CHECK_BYTES], blob[CHECK_BYTES:]
    if hashlib.blake2b(payload, digest_size=CHECK_BYTES).digest() != check:
        raise CorruptEntry("checksum")
    try:
        raw = json.loads(payload)
        return _digest(raw)
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        raise CorruptEntry(str(exc)) from exc


def _number(value: Any) -> float | int | None:
    if value is None or (isinstance(value, int | float) and not isinstance(value, bool)):
        return value
    raise ValueError("not a number")


def _word(value: Any) -> str | None:
    """A level or dimension id: interned, so 10,000 digests share one copy of each."""
    if value is None:
        return None
    if isinstance(value, str):
        return sys.intern(value)
    raise ValueError("not a text")


_NUM, _TEXT = {int, float, type(None)}, {str, type(None)}
_FACT_TYPES = (_NUM, _TEXT, {int}, {int}, {int}, _NUM, _TEXT, {bool, type(None)}, _NUM, _NUM)  # as DimensionFacts


def _facts(raw: list) -> DimensionFacts:
    """One dimension's facts, each of the type m2w wrote (checked by type: bool is no number here)."""
    if len(raw) != len(_FACT_TYPES) or not all(type(v) in t for v, t in zip(raw, _FACT_TYPES, strict=True)):
        raise ValueError("dimension")
    level, target = raw[1], raw[6]
    return DimensionFacts(raw[0], level and sys.intern(level), raw[2], raw[3], raw[4], raw[5],
                          target and sys.intern(target), raw[7], raw[8], raw[9])  # fmt: skip


_ANSWER_TYPES = (int, float, str, type(None))


def _answer_values(values: list) -> tuple:
    """Stored answers: numbers, words (n/a, don't know) or nothing; anything else is corrupt."""
    if not all(type(v) in _ANSWER_TYPES for v in values):
        raise ValueError("answer")
    return tuple(values)


def _digest(raw: dict[str, Any]) -> Digest:
    """A digest from decoded JSON, every field checked for the type m2w wrote."""
    if set(raw) != set(Digest.__slots__):
        raise ValueError("fields")
    return Digest(
        initiative=_strings(raw["initiative"]),
        respondent=_strings(raw["respondent"]),
        started=str(raw["started"]),
        updated=str(raw["updated"]),
        content_version=str(raw["content_version"]),
        upgraded_from=_strings(raw["upgraded_from"]),
        extra=_group(raw["extra"]),
        overall=_number(raw["overall"]),
        overall_level=_word(raw["overall_level"]),
        modules={str(k): _number(v) for k, v in raw["modules"].items()},
        dimensions=tuple(_facts(d) for d in raw["dimensions"]),
        present=bytes.fromhex(raw["present"]),
        values=_answer_values(raw["values"]),
        how_well=_answer_values(raw["how_well"]),
        percents=array("d", (math.nan if v is None else v for v in raw["percents"])),
        extras=tuple(_extra(e) for e in raw["extras"]),
        actions=tuple((str(a), str(b), str(c), str(d)) for a, b, c, d in raw["actions"]),
        priorities=tuple(_word(str(p)) for p in raw["priorities"]),
        strongest=_word(raw["strongest"]),
    )


def _extra(raw: list) -> StatementExtra:
    index, note, evidence, respondents, spread, disagree = raw
    if not isinstance(index, int) or disagree not in (None, True, False):
        raise ValueError("statement")
    return StatementExtra(index, str(note), str(evidence), _number(respondents), _number(spread), disagree)


def _group(value: dict) -> dict[str, Any]:
    if not value:
        return {}
    ((key, group),) = value.items()
    return {str(key): {"respondents": [_strings(r) for r in group["respondents"]]}}


def _strings(value: dict) -> dict[str, str]:
    return {str(k): str(v) for k, v in value.items()}


# --- the store -------------------------------------------------------------------------------------


class DigestCache:
    """Digests by file hash, for one scope, in an SQLite file; every failure only costs time."""

    def __init__(self, path: Path, scope: str) -> None:
        self.path, self.scope = Path(path), scope
        self._db: sqlite3.Connection | None = None
        self.rebuilt = False  # the file was unreadable and has been started afresh
        self._open()

    def _open(self) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = self._connect()
        except sqlite3.DatabaseError:  # not a database, or a damaged one: start again
            self._discard()
            try:
                self._db = self._connect()
                self.rebuilt = True
            except (sqlite3.Error, OSError):
                self._db = None
        except (sqlite3.Error, OSError):
            self._db = None  # a read-only home, a locked file: work without the cache

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=5, isolation_level=None)
        try:
            db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)")
            db.execute(
                "CREATE TABLE IF NOT EXISTS digests (id INTEGER PRIMARY KEY, key TEXT UNIQUE, scope TEXT, data BLOB)"
            )
            found = db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
            if found is None or found[0] != SCHEMA:
                db.execute("DELETE FROM digests")
                db.execute("INSERT OR REPLACE INTO meta VALUES ('schema', ?)", (SCHEMA,))
            db.execute("DELETE FROM digests WHERE scope != ?", (self.scope,))  # stale: other m2w or content
        except BaseException:
            db.close()
            raise
        return db

    def _discard(self) -> None:
        for suffix in ("", "-journal", "-wal", "-shm"):
            try:
                Path(str(self.path) + suffix).unlink(missing_ok=True)
            except OSError:
                pass

    @property
    def usable(self) -> bool:
        return self._db is not None

    def get_many(self, hashes: Iterable[str]) -> dict[str, Digest]:
        """The digests found for these file hashes (corrupt entries left out: they are made again)."""
        found: dict[str, Digest] = {}
        if self._db is None:
            return found
        wanted = list(dict.fromkeys(hashes))
        try:
            for start in range(0, len(wanted), 500):
                part = wanted[start : start + 500]
                marks = ",".join("?" * len(part))
                for key, blob in self._db.execute(
                    f"SELECT key, data FROM digests WHERE scope = ? AND key IN ({marks})", (self.scope, *part)
                ):
                    try:
                        found[key] = decode(bytes(blob))
                    except CorruptEntry:
                        continue
        except sqlite3.DatabaseError:
            self._fail()
        return found

    def put_many(self, entries: Iterable[tuple[str, bytes]]) -> None:
        """Keep these (file hash, encoded digest) entries, in one transaction."""
        rows = [(key, self.scope, blob) for key, blob in entries]
        if self._db is None or not rows:
            return
        try:
            self._db.execute("BEGIN IMMEDIATE")
            self._db.executemany("INSERT OR REPLACE INTO digests (key, scope, data) VALUES (?, ?, ?)", rows)
            self._db.execute("DELETE FROM digests WHERE id <= (SELECT MAX(id) FROM digests) - ?", (MAX_ENTRIES,))
            self._db.execute("COMMIT")
        except sqlite3.Error:
            self._fail()

    def _fail(self) -> None:
        """A cache that went wrong mid-run: stop using it; the next run finds it and starts afresh."""
        self.close()
        if not self.path.exists() or not self._readable():
            self._discard()

    def _readable(self) -> bool:
        try:
            with sqlite3.connect(self.path, timeout=1) as db:
                return db.execute("PRAGMA quick_check").fetchone()[0] == "ok"
        except sqlite3.Error:
            return False

    def close(self) -> None:
        if self._db is not None:
            try:
                self._db.close()
            finally:
                self._db = None
