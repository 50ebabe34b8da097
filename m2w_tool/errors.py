"""One exception root: every foreseeable problem becomes a readable message and an exit code."""

from __future__ import annotations

from dataclasses import dataclass

import click


class M2WError(click.ClickException):
    """Root of all m2w errors. Click shows the message on stderr and exits with `exit_code`."""

    exit_code = 1

    def show(self, file=None) -> None:  # noqa: ANN001 - click's signature
        from m2w_tool.safetext import terminal

        # Messages quote names, keys and values from files: their control characters are written out.
        click.echo(terminal(self.format_message()), err=True, file=file)


@dataclass(frozen=True)
class Problem:
    """One problem in a file, located as precisely as we can: `file:line:column: path: message`."""

    file: str
    message: str
    line: int | None = None
    column: int | None = None
    path: str = ""
    cell: str = ""  # a spreadsheet's sheet and cell, `Answers!C5`, shown instead of line and column

    def __str__(self) -> str:
        where = self.file
        if self.cell:
            where += f":{self.cell}"
        elif self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where}: {self.path + ': ' if self.path else ''}{self.message}"


class ProblemsError(M2WError):
    """Several located problems found in one pass, reported together."""

    def __init__(self, problems: list[Problem], summary: str = "") -> None:
        self.problems = problems
        lines = [str(p) for p in problems]
        if summary:
            lines.append(summary)
        super().__init__("\n".join(lines))


class ContentError(ProblemsError):
    """The content folder (dimensions, scales, capitals) has problems."""


class AnswersError(M2WError):
    """An answers file cannot be read, written or trusted."""


class AnswersProblems(ProblemsError, AnswersError):
    """An answers file (or what becomes one: rows, cells, form fields) with located problems, all of them."""


class RenderError(M2WError):
    """A report, workbook or portfolio could not be rendered."""


class UnknownDimension(M2WError):
    """A dimension id (--only, `m2w show`) the content does not have."""


class ChangeRefused(M2WError):
    """A change that does not fit the content (an unknown field, a value not on the scale), or details
    of a new answers file that cannot be used (no initiative name, a name too long)."""


class Interrupted(M2WError):
    """The user stopped a questionnaire with Ctrl-C (or its input ended); what was given is saved."""

    exit_code = 130


def os_reason(exc: OSError) -> str:
    """Why the operating system refused, in the user's language for the common cases (the system's
    own words are English): a missing file, no permission, a full disk, a file-size limit."""
    import errno

    from m2w_tool.i18n import _

    reasons = {
        errno.ENOENT: _("the file or folder does not exist"),
        errno.EACCES: _("you have no permission for it"),
        errno.EPERM: _("you have no permission for it"),
        errno.ENOSPC: _("the disk is full"),
        getattr(errno, "EDQUOT", -1): _("your disk quota is used up"),
        errno.EFBIG: _("the file would be larger than this system allows"),
        errno.EROFS: _("the disk can only be read, not written"),
        errno.EISDIR: _("that is a folder, not a file"),
        errno.ENOTDIR: _("part of the path is a file, not a folder"),
    }
    return reasons.get(exc.errno) or str(exc.strerror or exc)


def cannot_write(path: object, exc: OSError) -> str:
    """`Cannot write PATH: why`, all of it in the user's language (the one message every writer gives)."""
    from m2w_tool.i18n import _

    return _("Cannot write %(path)s: %(reason)s", path=path, reason=os_reason(exc))
