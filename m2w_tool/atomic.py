"""Writing a file so that a crash at any moment leaves the old or the new version whole."""

from __future__ import annotations

import os
import re
import stat
import tempfile
import time
from pathlib import Path

_UMASK: int | None = None


def _mode_for(path: Path) -> int:
    global _UMASK
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        pass
    if _UMASK is None:
        _UMASK = os.umask(0o022)  # the only way to read the umask is to set it, then put it back
        os.umask(_UMASK)
    return 0o666 & ~_UMASK


# The temporary file beside `NAME` is `.NAME.XXXXXXXX.tmp` (mkstemp's eight random characters).
_TEMP_PREFIX, _TEMP_SUFFIX = ".{name}.", ".tmp"
_TEMP_RANDOM = r"[a-z0-9_]{8}"
STALE_AFTER = 300  # seconds: a save takes a moment; a temporary file this old lost its writer


def write_atomic(path: Path, data: str | bytes) -> None:
    """Replace `path` with `data` (text is written as UTF-8); the old or the new file stays whole.

    An OSError (a full disk, a file-size limit, a folder that cannot be written) names `path`,
    never the temporary file and never nothing."""
    path = Path(path)
    try:
        _write(path, data)
    except OSError as exc:
        if exc.filename == str(path):
            raise
        raise OSError(exc.errno, exc.strerror or str(exc), str(path)) from exc


def _write(path: Path, data: str | bytes) -> None:
    fd, tmp = tempfile.mkstemp(prefix=_TEMP_PREFIX.format(name=path.name), suffix=_TEMP_SUFFIX, dir=path.parent)
    try:
        # mkstemp makes the file private (0600); a file keeps the mode it had, and a
        # new one gets the usual mode for new files, so colleagues who could read it still can.
        if hasattr(os, "fchmod"):
            os.fchmod(fd, _mode_for(path))
        with os.fdopen(fd, "wb") as fh:
            fh.write(data.encode("utf-8") if isinstance(data, str) else data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    try:  # make the rename itself durable
        dir_fd = os.open(path.parent, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def remove_stale_temps(path: Path, older_than: float = STALE_AFTER) -> list[Path]:
    """Remove the temporary files a killed writer of `path` left beside it; return those removed.

    Only files with write_atomic's own name pattern for `path`, plain files (not links) with one
    name, owned by this user and untouched for `older_than` seconds. Call it while holding the
    file's lock, so no writer of it is at work.
    """
    path = Path(path)
    pattern = re.compile(
        re.escape(_TEMP_PREFIX.format(name=path.name)) + _TEMP_RANDOM + re.escape(_TEMP_SUFFIX) + r"\Z"
    )
    removed: list[Path] = []
    now = time.time()
    try:
        entries = list(os.scandir(path.parent))
    except OSError:
        return removed
    for entry in entries:
        if not pattern.match(entry.name):
            continue
        try:
            info = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        mine = not hasattr(os, "getuid") or info.st_uid == os.getuid()
        if stat.S_ISREG(info.st_mode) and info.st_nlink == 1 and mine and now - info.st_mtime >= older_than:
            try:
                os.unlink(entry.path)
            except OSError:
                continue
            removed.append(Path(entry.path))
    return removed
