"""One writer per answers file: a lock held while `m2w assess` (or an import) works on it.

The lock is an OS lock (flock on POSIX, msvcrt on Windows) on a small file next to the answers
file, `.answers.yaml.lock`. The operating system drops it the moment the holder dies, so even
`kill -9` or a closed terminal never leaves a lock behind that blocks the next run. The file also
records who holds it (process id, host, since when) so the message to a second user is concrete.
"""

from __future__ import annotations

import os
import socket
from datetime import datetime
from pathlib import Path

from m2w_tool.errors import AnswersError
from m2w_tool.i18n import _

if os.name == "nt":  # pragma: no cover - exercised on Windows only
    import msvcrt

    # Lock one byte far past the holder's note, so a second process can still read who holds it.
    _WIN_OFFSET = 1 << 20

    def _try_lock(fd: int) -> bool:
        os.lseek(fd, _WIN_OFFSET, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True


def lock_path(target: Path) -> Path:
    """Where the lock for answers file `target` lives: a hidden file beside it."""
    target = Path(target)
    return target.parent / f".{target.name}.lock"


class AnswersLock:
    """Hold the lock on an answers file: `with AnswersLock(path): ...`."""

    def __init__(self, target: Path | str) -> None:
        self.target = Path(target)
        self.path = lock_path(self.target)
        self._fd: int | None = None

    def acquire(self) -> AnswersLock:
        """Take the lock, or raise AnswersError saying who holds it (or why the folder fails)."""
        while True:
            try:
                fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            except OSError as exc:
                raise AnswersError(
                    _("Cannot write in the folder %(folder)s: %(reason)s. Choose another place for the answers file.", folder=self.path.parent, reason=exc.strerror or exc)
                ) from None
            if not _try_lock(fd):
                holder = self._holder(fd)
                os.close(fd)
                raise AnswersError(_("%(path)s is already open in another `m2w assess` (%(holder)s). Continue there, or close it first, so no answers get mixed up.", path=self.target, holder=holder))
            # A holder that just finished unlinks the file; if we opened that old file before the
            # unlink, our lock guards nothing. Only a lock on the file now at the path counts.
            if self._still_at_path(fd):
                break
            os.close(fd)
        os.ftruncate(fd, 0)
        os.lseek(fd, 0, os.SEEK_SET)
        since = datetime.now().astimezone().replace(microsecond=0).isoformat()
        os.write(fd, f"{os.getpid()} {socket.gethostname()} {since}\n".encode())
        self._fd = fd
        return self

    def _still_at_path(self, fd: int) -> bool:
        try:
            now = os.stat(self.path)
        except FileNotFoundError:
            return False
        mine = os.fstat(fd)
        return (now.st_ino, now.st_dev) == (mine.st_ino, mine.st_dev)

    def _holder(self, fd: int) -> str:
        try:
            os.lseek(fd, 0, os.SEEK_SET)
            pid, host, since = os.read(fd, 512).decode("utf-8", "replace").split()[:3]
        except (OSError, ValueError):
            return _("another process")
        return _("process %(pid)s on %(host)s, since %(since)s", pid=pid, host=host, since=since.replace("T", " ")[:16])

    def release(self) -> None:
        if self._fd is None:
            return
        try:
            self.path.unlink()  # while still holding it, so nobody locks a file about to vanish
        except OSError:
            pass  # Windows cannot remove an open file; the next run simply reuses it
        os.close(self._fd)
        self._fd = None

    def __enter__(self) -> AnswersLock:
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()
