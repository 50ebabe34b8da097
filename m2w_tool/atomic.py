"""Writing a file so that a crash at any moment leaves the old or the new version whole."""

from __future__ import annotations

import os
import tempfile
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


def write_atomic(path: Path, data: str | bytes) -> None:
    """Replace `path` with `data` (text is written as UTF-8); the old or the new file stays whole."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
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
