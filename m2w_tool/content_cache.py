"""Validated content kept on disk, so a command starts in a fraction of the time.

Reading and validating the shipped content (some 30 YAML files, every text located for messages)
takes about a third of a second; unpickling the result takes a twentieth. That is the difference
between `m2w assess` showing its first question at once and after a pause.

The cache is keyed by the exact bytes of every file `load_content` reads, the code that builds the
content, m2w's and Python's versions and the working folder (messages name files relative to it), so
a changed file, a new m2w or another folder never meets an old entry. Content with problems is never
cached: its messages come from a fresh read every time. A cache entry that cannot be read is ignored
and written again; without a usable cache folder the content is simply read. M2W_NO_CACHE=1 turns it
off; M2W_CONTENT_CACHE_DIR moves it.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from pathlib import Path

from m2w_tool.content import GUIDE_FILE, Content, load_content
from m2w_tool.resources import content_dir

KEEP = 16  # entries kept (the shipped content, a few folders of one's own)
SUFFIX = ".pickle"


def cache_dir() -> Path:
    """Where validated content is kept: $M2W_CONTENT_CACHE_DIR, else the user's cache folder."""
    if os.environ.get("M2W_CONTENT_CACHE_DIR"):
        return Path(os.environ["M2W_CONTENT_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "m2w" / "content"


def _code_files() -> list[Path]:
    from m2w_tool import content, migration

    return [Path(content.__file__), Path(migration.__file__)]


def cache_key(root: Path) -> str:
    """A hash of everything the loaded content depends on (see the module's docstring)."""
    from m2w_tool import __version__

    digest = hashlib.sha256()
    for part in (__version__, sys.version, str(Path.cwd()), str(root)):
        digest.update(part.encode("utf-8", "surrogateescape") + b"\0")
    files = sorted(p for p in root.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())
    if not (root / GUIDE_FILE).is_file():
        files.append(content_dir() / GUIDE_FILE)  # the shipped guide stands in for a missing one
    for path in [*files, *_code_files()]:
        digest.update(str(path).encode("utf-8", "surrogateescape") + b"\0")
        digest.update(path.read_bytes() if path.is_file() else b"")
        digest.update(b"\0")
    return digest.hexdigest()


def load_content_cached(root: Path | str | None = None) -> Content:
    """`load_content(root)`, from the cache when the same content was read before."""
    folder = Path(root) if root is not None else content_dir()
    if os.environ.get("M2W_NO_CACHE") or not folder.is_dir():
        return load_content(root)
    try:
        entry = cache_dir() / (cache_key(folder) + SUFFIX)
    except OSError:
        return load_content(root)
    found = _read(entry)
    if found is not None:
        try:
            os.utime(entry)  # recently used entries are the ones kept
        except OSError:
            pass
        return found
    content = load_content(root)  # raises ContentError for content with problems: nothing is cached
    _write(entry, content)
    return content


def _read(entry: Path) -> Content | None:
    try:
        with open(entry, "rb") as f:
            found = pickle.load(f)
    except Exception:  # missing, truncated, made by other code: read the content instead
        return None
    return found if isinstance(found, Content) else None


def _write(entry: Path, content: Content) -> None:
    from m2w_tool.atomic import write_atomic

    try:
        entry.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        write_atomic(entry, pickle.dumps(content, protocol=pickle.HIGHEST_PROTOCOL))
        _prune(entry.parent)
    except (OSError, pickle.PicklingError, TypeError, AttributeError):
        pass  # a cache that cannot be written costs time, never a result


def _prune(folder: Path) -> None:
    entries = sorted(folder.glob("*" + SUFFIX), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in entries[KEEP:]:
        old.unlink(missing_ok=True)
