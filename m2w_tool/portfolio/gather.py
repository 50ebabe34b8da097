"""Reading many answers files for a portfolio: each file's digest, from the cache or made on all cores.

Every file is read and hashed here (milliseconds for a thousand files); the digests the cache
holds for those hashes are used as they are, the others are made by worker processes (read,
score, digest: batch.run_parallel), then kept in the cache. A file that cannot be read is kept
with its error, once, and never cached: it is read again next time, so the error stays located.

An assessment round of several team members' files (no group file) is merged the way `m2w merge`
does; those merges run on the workers too, and are cached under the hashes of the files merged.
Everything a worker sends back is the digest's encoding (cache.encode), whether or not a cache is
used: one path, so the results are the same with and without the cache.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from m2w_tool.batch import LOAD_CHUNK, Progress, run_parallel
from m2w_tool.content import Content
from m2w_tool.portfolio.cache import DigestCache, decode, encode, file_hash
from m2w_tool.portfolio.digest import Digest
from m2w_tool.yamlsource import MAX_BYTES

# The content of the running gather, set before the workers fork so that each inherits it.
_CONTENT: list[Content] = []


@dataclass
class Gathered:
    """The digests of the answers files that could be read, and what happened to the others."""

    items: list[tuple[str, Digest]]  # (file, digest) in the order the files were given
    failed: list[tuple[str, str]]  # (file, why it could not be read)
    hashes: dict[str, str] = field(default_factory=dict)  # file -> SHA-256 of its bytes
    from_cache: int = 0  # digests the cache held


def _digest_task(path: str) -> tuple[str, bytes, bool]:
    """In a worker: read, score and digest one file; (hash of its bytes, encoded digest, cacheable)."""
    from m2w_tool.answers import answers_from_bytes
    from m2w_tool.portfolio.digest import digest_of
    from m2w_tool.scoring import score

    raw = Path(path).read_bytes() if Path(path).stat().st_size <= MAX_BYTES else b""
    answers = answers_from_bytes(raw, path)
    content = _CONTENT[0]
    blob = encode(digest_of(content, answers, score(content, answers)))
    # Only what came from exactly these bytes is cached (a file re-read with positions may have
    # changed meanwhile; its next run hashes it again).
    return file_hash(raw), blob, bool(raw) and Path(path).read_bytes() == raw


def _merge_task(labels: tuple[str, ...]) -> bytes:
    """In a worker: the team members' files of one round merged as `m2w merge` does, digested."""
    from m2w_tool.answers import load_answers
    from m2w_tool.merge import merge_answers
    from m2w_tool.portfolio.digest import digest_of
    from m2w_tool.scoring import score

    content = _CONTENT[0]
    merged = merge_answers([(label, load_answers(label)) for label in labels], content, force=True).answers
    return encode(digest_of(content, merged, score(content, merged)))


def _hash_of(path: Path) -> str | None:
    """The SHA-256 of a file's bytes; None when it is too big or unreadable (a worker says why)."""
    try:
        if path.stat().st_size > MAX_BYTES:
            return None
        return file_hash(path.read_bytes())
    except OSError:
        return None


def gather(
    paths: Sequence[Path], content: Content, *, jobs: int, cache: DigestCache | None = None,
    progress: Progress | None = None,
) -> Gathered:  # fmt: skip
    """The digest of every file in `paths` (see the module's docstring)."""
    hashes = {str(p): _hash_of(Path(p)) for p in paths}
    known = cache.get_many(h for h in hashes.values() if h) if cache is not None else {}
    todo = [label for label, h in hashes.items() if h not in known]
    results = _run(_digest_task, todo, content, jobs, progress)
    digests: dict[str, Digest] = {label: known[h] for label, h in hashes.items() if h in known}
    failed: dict[str, str] = {}
    fresh: list[tuple[str, bytes]] = []
    for label, (ok, value) in zip(todo, results, strict=True):
        if not ok:
            failed[label] = value
            continue
        digest_hash, blob, cacheable = value
        digests[label], hashes[label] = decode(blob), digest_hash
        if cacheable:
            fresh.append((digest_hash, blob))
    if cache is not None:
        cache.put_many(fresh)
    items = [(str(p), digests[str(p)]) for p in paths if str(p) in digests]
    failures = [(str(p), failed[str(p)]) for p in paths if str(p) in failed]
    return Gathered(items, failures, {k: v for k, v in hashes.items() if v}, len(paths) - len(todo))


def merge_rounds(
    rounds: Sequence[Sequence[str]], content: Content, hashes: dict[str, str], *, jobs: int,
    cache: DigestCache | None = None,
) -> list[Digest]:  # fmt: skip
    """The digest of each round's files merged (`rounds`: the files of each, in merge order)."""
    keys = [_merge_key(files, hashes) for files in rounds]
    known = cache.get_many(k for k in keys if k) if cache is not None else {}
    todo = [i for i, key in enumerate(keys) if key not in known]
    results = _run(_merge_task, [tuple(rounds[i]) for i in todo], content, jobs, None)
    out: dict[int, Digest] = {i: known[k] for i, k in enumerate(keys) if k in known}
    fresh = []
    for i, (ok, value) in zip(todo, results, strict=True):
        if not ok:  # a file that read well a moment ago and now does not: say so, as for one file
            from m2w_tool.errors import AnswersError

            raise AnswersError(value)
        out[i] = decode(value)
        if keys[i]:
            fresh.append((keys[i], value))
    if cache is not None:
        cache.put_many(fresh)
    return [out[i] for i in range(len(rounds))]


def _merge_key(files: Sequence[str], hashes: dict[str, str]) -> str | None:
    """What a merged round depends on: each file's bytes and name (a respondent without a name is
    called after the file), in merge order."""
    if any(f not in hashes for f in files):
        return None
    parts = [f"{hashes[f]}:{Path(f).name}" for f in files]
    return "merge:" + hashlib.sha256("\0".join(parts).encode()).hexdigest()


def _run(task, items: list, content: Content, jobs: int, progress: Progress | None) -> list:  # noqa: ANN001
    _CONTENT[:] = [content]
    try:
        return run_parallel(task, items, jobs=jobs, chunk=LOAD_CHUNK, progress=progress, pause_gc=True)
    finally:
        _CONTENT.clear()
