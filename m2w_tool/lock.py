"""One writer per answers file: a lock held while `m2w assess` (or a merge, an import) works on it.

The lock is an OS lock (flock on POSIX, msvcrt on Windows) on a small file next to the answers
file, `.answers.yaml.lock`. The operating system drops it the moment the holder dies, so even
`kill -9` or a closed terminal never leaves a lock behind that blocks the next run. The file also
records who holds it (process id, host, since when) so the message to a second user is concrete.

The lock file sits beside the real file (symbolic links followed), is never opened through a link,
and m2w writes only into a lock file it has just created itself: a file planted at the lock path
is left untouched.
"""

from __future__ import annotations

import os
import re
import socket
import stat
from datetime import datetime
from pathlib import Path

from m2w_tool.errors import AnswersError, os_reason
from m2w_tool.i18n import _
from m2w_tool.safetext import terminal

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


def real_path(target: Path | str) -> Path:
    """The file a path finally names, symbolic links followed: every name of it shares one lock."""
    return Path(os.path.realpath(target))


def lock_path(target: Path) -> Path:
    """Where the lock for answers file `target` lives: a hidden file beside the real file."""
    real = real_path(target)
    return real.parent / f".{real.name}.lock"


# A new lock file is created exclusively (never an existing one, never through a link); an existing
# one is only opened to read and lock it, never written: m2w writes only into a file it just made.
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_CREATE = os.O_RDWR | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC
_EXISTING = os.O_RDONLY | _NOFOLLOW | _CLOEXEC | getattr(os, "O_NONBLOCK", 0)
# What a lock file of a session that was killed holds: nothing yet, or `pid host since`.
_NOTE = re.compile(rb"\A(\d+ \S+ \S+\n)?\Z")
_NOTE_MAX = 512


class AnswersLock:
    """Hold the lock on an answers file: `with AnswersLock(path): ...`.

    Every writer of an answers file takes it: `m2w assess` (also with --from), `merge`, `import`
    and the web face. A file reached through a symbolic link shares the lock of the real file.
    """

    def __init__(self, target: Path | str) -> None:
        self.target = Path(target)
        self.path = lock_path(self.target)
        self._fd: int | None = None

    def acquire(self) -> AnswersLock:
        """Take the lock, or raise AnswersError saying who holds it (or why it cannot be taken)."""
        while True:
            fd, created = self._open()
            if fd is None:
                continue  # the file vanished between two looks: look again
            if not _try_lock(fd):
                holder = self._holder(fd)
                os.close(fd)
                raise AnswersError(
                    _(
                        "%(path)s is already open in another `m2w assess` (%(holder)s). Continue there, or close it "
                        "first, so no answers get mixed up.",
                        path=self.target,
                        holder=holder,
                    )
                )
            # A holder that just finished unlinks the file; if we opened that old file before the
            # unlink, our lock guards nothing. Only a lock on the file now at the path counts.
            if not self._still_at_path(fd):
                os.close(fd)
            elif not created:
                self._replace_stale(fd)  # left by a killed session: make a fresh one of our own
            else:
                break
        self._fd = fd
        try:
            self._check_target()
        except AnswersError:
            self.release()
            raise
        since = datetime.now().astimezone().replace(microsecond=0).isoformat()
        os.lseek(fd, 0, os.SEEK_SET)  # the Windows lock moved the position far past the note
        os.write(fd, f"{os.getpid()} {socket.gethostname()} {since}\n".encode())
        from m2w_tool.atomic import remove_stale_temps

        remove_stale_temps(real_path(self.target))  # we hold the lock: no writer of it is at work
        return self

    def _open(self) -> tuple[int | None, bool]:
        """The lock file, opened: (fd, True) when we just created it, (fd, False) when it was there."""
        try:
            return os.open(self.path, _CREATE, 0o644), True
        except FileExistsError:
            pass
        except OSError as exc:
            raise self._unwritable(exc) from None
        try:
            return os.open(self.path, _EXISTING), False
        except FileNotFoundError:
            return None, False
        except OSError:  # a symbolic link (ELOOP), or nothing we may read
            raise AnswersError(_not_ours(self.path)) from None

    def _unwritable(self, exc: OSError) -> AnswersError:
        return AnswersError(
            _(
                "Cannot write in the folder %(folder)s: %(reason)s. Choose another place for the answers file.",
                folder=self.path.parent,
                reason=os_reason(exc),
            )
        )

    def _replace_stale(self, fd: int) -> None:
        """Remove a lock file nobody holds, once sure it is one m2w made; never write into it."""
        info = os.fstat(fd)
        note = os.read(fd, _NOTE_MAX + 1) if stat.S_ISREG(info.st_mode) else b"-"
        if info.st_nlink != 1 or len(note) > _NOTE_MAX or not _NOTE.match(note):
            os.close(fd)
            raise AnswersError(_not_ours(self.path))
        try:
            self.path.unlink()  # while still holding it, so nobody locks a file about to vanish
        except FileNotFoundError:
            pass
        except OSError as exc:
            os.close(fd)
            if os.name != "nt":
                raise self._unwritable(exc) from None
            self._unlink_closed()  # Windows removes a file only once nobody has it open
            return
        os.close(fd)

    def _unlink_closed(self) -> None:
        try:
            self.path.unlink()
        except FileNotFoundError:
            pass
        except OSError as exc:
            raise self._unwritable(exc) from None

    def _check_target(self) -> None:
        """Refuse an answers file that a save would split from its other names (hard links)."""
        try:
            info = os.stat(self.target)
        except OSError:
            return  # a new file, or one the reader will report on
        if not stat.S_ISREG(info.st_mode):
            raise AnswersError(
                _("%(path)s is not a regular file; give the name of an answers file (.yaml).", path=self.target)
            )
        if info.st_nlink > 1:
            raise AnswersError(
                _(
                    "%(path)s has %(n)s names (hard links). m2w saves by writing a new file, which would "
                    "leave the other names with the old answers. Work on a copy, or use a symbolic link "
                    "(ln -s) instead of a hard link.",
                    path=self.target,
                    n=info.st_nlink,
                )
            )

    def _still_at_path(self, fd: int) -> bool:
        try:
            now = os.lstat(self.path)
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
        host, since = terminal(host), terminal(since)
        return _("process %(pid)s on %(host)s, since %(since)s", pid=pid, host=host, since=since.replace("T", " ")[:16])

    def release(self) -> None:
        if self._fd is None:
            return
        try:
            self.path.unlink()  # while still holding it, so nobody locks a file about to vanish
        except OSError:
            pass  # Windows cannot remove an open file; the next run replaces it
        os.close(self._fd)
        self._fd = None

    def __enter__(self) -> AnswersLock:
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()


def _not_ours(path: Path) -> str:
    return _(
        "%(path)s is not a lock file m2w made (a link, or a file with other contents), so m2w leaves it "
        "alone and stops. Remove it if you know nothing about it, then try again.",
        path=path,
    )
