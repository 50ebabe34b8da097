"""Whether m2w may write a file where a user asked for it, decided before anything is written.

A file that is already there is replaced only with --force (as `m2w import` always did), never when
it is read-only, and never when it is of another kind than m2w would write there: a PDF, an Excel
workbook or an answers file never lands on a file that is not one, whatever the options. Files m2w names itself in its
own output folder (a report, the default workbook and portfolio) are simply made again.
"""

from __future__ import annotations

import os
import stat
import zipfile
from pathlib import Path

from m2w_tool.errors import M2WError
from m2w_tool.i18n import N_, _

# What the first bytes of a file of each kind look like; `None`: any content will do.
PDF, XLSX, ANSWERS = "pdf", "xlsx", "answers"
KIND_NAMES = {PDF: N_("a PDF file"), XLSX: N_("an Excel workbook (.xlsx)"), ANSWERS: N_("an m2w answers file")}


class OutputError(M2WError):
    """A file m2w was asked to write that it may not replace."""


def kind_of(path: Path) -> str | None:
    """The kind of output a file name asks for (by its extension), or None for any other."""
    suffix = Path(path).suffix.lower()
    return {".pdf": PDF, ".xlsx": XLSX, ".yaml": ANSWERS, ".yml": ANSWERS}.get(suffix)


def is_kind(path: Path, kind: str) -> bool:
    """Whether the file at `path` holds a `kind` file (an empty file is anything)."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(1024)
        if not head:
            return True
        if kind == PDF:
            return b"%PDF-" in head  # readers accept a few bytes of junk before the header
        if kind == XLSX:
            return head.startswith(b"PK\x03\x04") and "xl/workbook.xml" in zipfile.ZipFile(path).namelist()
        if kind == ANSWERS:  # m2w writes `m2w_answers: 1` first; a file edited by hand may have comments above
            return b"m2w_answers" in head
    except (OSError, zipfile.BadZipFile, ValueError):
        return False
    return True


def is_read_only(path: Path, info: os.stat_result) -> bool:
    """Read-only for this user, or marked read-only for everyone (which even root respects here)."""
    return not info.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH) or not os.access(path, os.W_OK)


def check_output(path: Path | str, *, force: bool, kind: str | None = None, named: bool = True) -> None:
    """Raise OutputError when m2w may not write `path`; return when it may.

    `kind` (PDF or XLSX, default: from the extension) is what m2w will write; `named` says the user
    chose the name (a name m2w chose in its own output folder is made again without --force).
    """
    path = Path(path)
    try:
        info = os.stat(path)
    except OSError:
        return  # nothing there (or nothing we can see): the writer reports any real problem
    if stat.S_ISDIR(info.st_mode):
        raise OutputError(_("%(path)s is a folder; give a file name.", path=path))
    if not stat.S_ISREG(info.st_mode):
        raise OutputError(_("%(path)s is not a regular file; m2w does not write there.", path=path))
    kind = kind if kind is not None else kind_of(path)
    if kind is not None and not is_kind(path, kind):
        raise OutputError(
            _(
                "%(path)s is not %(kind)s; m2w does not replace it, not even with --force. Choose another name.",
                path=path,
                kind=_(KIND_NAMES[kind]),
            )
        )
    if is_read_only(path, info):
        raise OutputError(
            _("%(path)s is read-only; m2w does not replace it. Make it writable or choose another name.", path=path)
        )
    if named and not force:
        raise OutputError(_("%(path)s already exists. Choose another name, or replace it with --force.", path=path))


def check_outputs(paths: list[tuple[Path, bool]], *, force: bool) -> None:
    """check_output for every (path, chosen by the user) pair, before a single one is written."""
    for path, named in paths:
        check_output(path, force=force, named=named)


FORCE_HELP = N_("Replace files that already exist (never a read-only file, nor one of another kind).")
