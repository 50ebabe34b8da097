"""The answers file `m2w assess` works on: checked before any question, opened or started."""

from __future__ import annotations

import os
from pathlib import Path

from m2w_tool.answers import Answers, check_file_size, load_answers
from m2w_tool.errors import AnswersError
from m2w_tool.i18n import _


def check_target(path: Path, create_folder: bool) -> None:
    """Refuse, before any question, a path that is a folder, in a missing folder or read-only."""
    if path.is_dir():
        raise AnswersError(_("%(path)s is a folder; give a file name, e.g. %(path)s/answers.yaml", path=path))
    if not path.parent.is_dir():
        if not create_folder:
            raise AnswersError(_("The folder %(folder)s does not exist.", folder=path.parent))
        path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists() and not os.access(path, os.W_OK):
        raise AnswersError(_("%(path)s is read-only; make it writable or choose another file.", path=path))
    if path.suffix.lower() in OTHER_KINDS and _holds_nothing(path):
        yaml = path.with_suffix(".yaml").name
        raise AnswersError(_("%(path)s is the name of another kind of file (%(kind)s), and an answers file is YAML "
                             "text. Answer the questions with `m2w assess %(yaml)s`; read a filled-in spreadsheet "
                             "or CSV file in with `m2w assess %(yaml)s --from FILE`.",
                             path=path, kind=path.suffix.lower(), yaml=yaml))  # fmt: skip


# Names a person may give by mistake for the answers file: `m2w assess sheet.xlsx` instead of `--from`.
# A file of such a name that holds something is refused when it is read (it is not YAML); a new or
# empty one would become YAML text under a name a spreadsheet program or PDF reader then cannot open.
OTHER_KINDS = frozenset({".csv", ".tsv", ".xlsx", ".xlsm", ".xls", ".ods", ".pdf", ".doc", ".docx", ".odt"})


def _holds_nothing(path: Path) -> bool:
    try:
        return not path.exists() or path.stat().st_size == 0
    except OSError:
        return False


def open_answers(path: Path, lang: str, migrations=None) -> tuple[Answers, bool]:
    """The answers in `path` (or new ones) and whether the file is new; a file that cannot be read
    is reported and left exactly as it is. `migrations`: the maps of the content in use (read again
    from the shipped content when not given)."""
    try:
        check_file_size(path)  # before a single byte is read
    except AnswersError as exc:
        raise AnswersError(exc.format_message() + "\n" + _("The file was not changed.")) from None
    try:
        empty = not path.exists() or not path.read_bytes().strip()
    except OSError:
        empty = False  # unreadable: load_answers below says so
    if empty:  # an empty file (made with `touch`, say) holds nothing to keep
        return Answers(language=lang), True
    try:
        return load_answers(path, migrations), False
    except AnswersError as exc:
        raise AnswersError(exc.format_message() + "\n" + _("The file was not changed.")) from None
