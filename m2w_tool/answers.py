"""The answers file: the seam between asking (assess, import, the browser) and what follows (report, compare).

Human-readable YAML with a format version. Saved atomically (temporary file, flush, fsync,
replace) so the file on disk is always complete. Values this version of m2w does not know (an id
from older content, an extra key) are kept and written back: nothing is ever dropped silently.

What a file may hold is one schema (m2w_tool.answers_schema), which every way answers come in goes
through; the data it becomes is m2w_tool.answers_model (re-exported here). An answer's `value` is a
number on its scale, `n/a` (not applicable) or `dont_know` (don't know; `weet niet` and `?` are
read as it too). Neither of the last two is scored. A `scope` with `quick: true` marks a quick
scan: it is scored on the content's quick-scan statements only.

A file made with an older content version is upgraded when it is read (`answers_from_data`, the one
place every command reads answers through), with the content's migration maps: see
m2w_tool.migration. The upgraded file says so in `content.upgraded_from`.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml

from m2w_tool import sniff
from m2w_tool.answers_model import (  # noqa: F401 - the data types are part of this module's names
    ACTION_STATUSES,
    DONT_KNOW,
    FORMAT_KEY,
    FORMAT_VERSION,
    NA,
    Action,
    Answer,
    Answers,
    DimensionAnswers,
    Value,
    now_iso,
)
from m2w_tool.answers_schema import answers_from_data as _from_data
from m2w_tool.atomic import write_atomic
from m2w_tool.content import DONT_KNOW_WORDS, NA_WORDS  # noqa: F401 - one list, kept importable here
from m2w_tool.errors import AnswersError, AnswersProblems, Problem
from m2w_tool.format import count, decimal
from m2w_tool.i18n import _, current_lang, trn
from m2w_tool.validation import YamlWhere, small_int  # noqa: F401 - small_int is imported from here
from m2w_tool.yamlsource import MAX_BYTES, UNLOCATED, NeedsPositions, fast_load, load_located

# Limits that keep every answers file m2w writes readable by m2w. A text a person gives (a note,
# evidence, a reflection, an action, a name) holds at most MAX_TEXT characters, checked where it is
# given (the prompt, --from, import); a whole file at most MAX_FILE_BYTES, checked before it is read
# and before it is written (a group file of many respondents is the largest m2w makes).
MAX_TEXT = 20_000
MAX_FILE_BYTES = 32_000_000


class _Dumper(yaml.SafeDumper):  # pure Python: libyaml escapes emoji, which should stay readable
    pass


# Characters the YAML reader takes as line breaks but the pure emitter writes raw in plain or
# single-quoted scalars, where they are folded on reading: such texts are written double-quoted,
# where they are escaped, so they come back byte for byte.
_RAW_BREAKS = ("\x85", "\u2028", "\u2029")


def _str_representer(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    # Multi-line notes read best as blocks; the emitter falls back to quotes when a block
    # cannot hold them.
    if any(ch in text for ch in _RAW_BREAKS):
        style = '"'
    else:
        style = "|" if "\n" in text else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


_Dumper.add_representer(str, _str_representer)


def _emit(data: dict[str, Any]) -> str:
    text = yaml.dump(
        data,
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        width=100,
        default_flow_style=False,
    )
    # After a keep-chomped block (`|+`) the emitter closes the document with `...`; inside a larger
    # document that marker would end it early.
    return text[:-4] if text.endswith("\n...\n") else text


def _indent(text: str) -> str:
    # Split on "\n" only: the other YAML line breaks never occur raw (see _RAW_BREAKS). Empty
    # lines stay empty, which every YAML scalar style reads the same at any indentation.
    return "\n".join("  " + line if line else line for line in text.split("\n"))


# Emitting YAML in pure Python costs ~0.15 ms per answer, so a 150-answer file took ~22 ms to write.
# Each answer and each dimension is emitted on its own and kept here by its exact content: saving
# after one answer re-emits only that answer (and the small header with the new `updated` time).
_FRAGMENTS: dict[str, str] = {}
_FRAGMENTS_MAX = 20_000
_SECTIONS = ("answers", "dimensions")


def _fragment(key: str, value: Any) -> str:
    memo = repr((key, value))  # repr tells 1 from 1.0 from True and keeps dict order
    text = _FRAGMENTS.get(memo)
    if text is None:
        if len(_FRAGMENTS) >= _FRAGMENTS_MAX:
            _FRAGMENTS.clear()
        text = _FRAGMENTS[memo] = _indent(_emit({key: value}))
    return text


def _top(key: str, value: Any) -> str:
    # The header (initiative, respondent, scope, ...) is the same from one save to the next except
    # `updated`: each top-level key is emitted on its own and kept, like the answers (emitting the
    # whole header cost ~1 ms per save, most of a save's time). The text is the same either way.
    memo = repr(("", key, value))
    text = _FRAGMENTS.get(memo)
    if text is None:
        if len(_FRAGMENTS) >= _FRAGMENTS_MAX:
            _FRAGMENTS.clear()
        text = _FRAGMENTS[memo] = _emit({key: value})
    return text


def dump_answers(answers: Answers) -> str:
    """The YAML text of an answers file."""
    data = answers.to_yaml()
    parts: list[str] = []
    for key, value in data.items():
        if key in _SECTIONS and isinstance(value, dict) and value:
            parts.append(f"{key}:\n")
            parts.extend(_fragment(k, v) for k, v in value.items())
        else:
            parts.append(_top(key, value))
    return "".join(parts)


def save_answers(answers: Answers, path: Path, touch: bool = True) -> None:
    """Write the answers file atomically, updating its `updated` time.

    Through a symbolic link the real file is written and the link stays. A file too large for m2w
    to read back is not written at all (AnswersError)."""
    if touch:
        answers.updated = now_iso()
    data = dump_answers(answers).encode("utf-8")
    if len(data) > MAX_FILE_BYTES:
        raise AnswersError(
            _(
                "Not saved: %(path)s would be %(size)s, more than the %(limit)s m2w reads back. "
                "Shorten some of the longest texts, or merge fewer files into one.",
                path=path,
                size=megabytes(len(data)),
                limit=megabytes(MAX_FILE_BYTES),
            )
        )
    write_atomic(Path(os.path.realpath(path)), data)


def megabytes(size: int) -> str:
    """A file size for people: `32 MB`, `1.4 MB` (a decimal comma in Dutch)."""
    return decimal(size / 1_000_000, current_lang(), trim=True) + " MB"


def text_too_long(what: str, length: int) -> str:
    """The message for a text over MAX_TEXT, for `what` (a field, a row, a prompt)."""
    return _(
        "%(what)s is too long: %(length)s characters, where a text can hold at most %(limit)s.",
        what=what,
        length=count(length, current_lang()),
        limit=count(MAX_TEXT, current_lang()),
    )


def check_file_size(path: Path) -> None:
    """Refuse, before reading a single byte, an answers file larger than m2w reads."""
    try:
        size = os.stat(path).st_size
    except OSError:
        return  # missing or unreadable: the reader says so in its own words
    if size > MAX_FILE_BYTES:
        raise AnswersError(
            _(
                "%(path)s is %(size)s; m2w reads answers files up to %(limit)s. Is this the right file?",
                path=path,
                size=megabytes(size),
                limit=megabytes(MAX_FILE_BYTES),
            )
        )


# --- reading ---------------------------------------------------------------------------------


def answers_from_data(data: Any, label: str, located, migrations=None) -> Answers:
    """Build Answers from the parsed YAML of an answers file; AnswersProblems (an AnswersError)
    lists every problem, at `label:line:column`. A file made with an older content version is
    upgraded with `migrations` (by default the shipped maps)."""
    if _prose(data, label):  # a README, a note, a letter
        raise AnswersProblems([Problem(label, sniff.plain_text(), 1, 1)])
    return _from_data(data, YamlWhere(label, located), migrations)


PROSE_SUFFIXES = (".md", ".txt", ".rst")


def _prose(data: Any, label: str) -> bool:
    """Whether what should be an answers file reads as prose: text, a text file's name, or keys that
    are sentences ("Some notes: we met on Monday" is a mapping to YAML)."""
    if isinstance(data, dict) and FORMAT_KEY in data:
        return False
    if isinstance(data, str) or Path(label).suffix.lower() in PROSE_SUFFIXES:
        return True
    return isinstance(data, dict) and any(isinstance(k, str) and " " in k.strip() for k in data)


def refuse_wrong_kind(raw: bytes, path: Path) -> None:
    """Say in words what a file is when it is clearly not an answers file (a PDF, a spreadsheet, a
    Word document, an empty file), before trying to read it as YAML. Free for m2w's own files."""
    if raw.startswith(b"m2w_answers:"):
        return
    if path.suffix.lower() in PROSE_SUFFIXES:  # a README: say so, whether or not it parses as YAML
        raise AnswersProblems([Problem(str(path), sniff.plain_text(), 1, 1)])
    kind = sniff.kind_of(raw[: sniff.HEAD_BYTES], path.name, len(raw))
    if kind == sniff.ZIP or not raw:  # a zip says what it holds inside; no bytes given: look at the file
        kind = sniff.kind_of_file(path)
    message = sniff.wrong_answers_file(str(path), kind)
    if message is not None:
        raise AnswersProblems([Problem(str(path), message, sniff.where(kind))])


def load_answers(path: Path | str, migrations=None) -> Answers:
    """Read an answers file (upgraded to the current content, see answers_from_data); any problem
    becomes an AnswersError saying where and what."""
    path = Path(path)
    if not path.exists():
        raise AnswersError(_("%(label)s: file not found", label=path))
    check_file_size(path)
    try:
        raw = path.read_bytes() if path.stat().st_size <= MAX_BYTES else b""
    except OSError:
        raw = b""  # the located reader says what is wrong
    return answers_from_bytes(raw, path, migrations)


def answers_from_bytes(raw: bytes, path: Path | str, migrations=None) -> Answers:
    """The Answers of the file at `path`, whose bytes are `raw`: a plain file is parsed without
    keeping positions (several times faster); a file that is not plain or has a problem is read
    again with positions, so the result, or the located error, is the one the located reader gives.
    A file that is clearly no answers file (a PDF, a spreadsheet, a Word document) is named first."""
    refuse_wrong_kind(raw, Path(path))
    try:
        data = fast_load(raw.decode("utf-8-sig")) if raw and len(raw) <= MAX_BYTES else None
    except UnicodeDecodeError:
        data = None
    if data is not None:
        try:
            return answers_from_data(data, str(path), UNLOCATED, migrations)
        except NeedsPositions:
            pass
    return _load_located(Path(path), str(path), migrations)


def _load_located(path: Path, label: str, migrations=None) -> Answers:
    check_file_size(path)
    located, problems = load_located(path, label, max_bytes=MAX_FILE_BYTES)
    if located is None:
        raise AnswersError("\n".join(str(p) for p in problems))
    return answers_from_data(located.data, label, located, migrations)


# --- one value on its scale (the scale's own methods; these names stay for code that uses them) ------


def parse_value(raw: Any, scale) -> Value:
    """A typed or written answer on `scale`: `scale.parse(raw)`."""
    return scale.parse(raw)


def choices_text(scale) -> str:
    """`1 to 5` for a run of whole numbers, else `0, 1, 2`: `scale.choices_text()`."""
    return scale.choices_text()


def fits(value: Value, scale, question=None) -> bool:
    """Whether a stored value is a valid answer on `scale`: `scale.fits(value, question)`."""
    return scale.fits(value, question)


# --- checking against content ------------------------------------------------------------------


def invalid_values(answers: Answers, content) -> list[str]:
    """Known question ids whose stored value or how_well does not fit the question's scale."""
    bad = []
    for qid, answer in answers.answers.items():
        if qid not in content.questions or not answer.is_answered:
            continue
        question = content.questions[qid][1]
        ok = content.scales[question.scale].fits(answer.value, question)
        if answer.how_well is not None:
            ok = ok and question.how_well is not None and content.scales[question.how_well].fits(answer.how_well)
        if not ok:
            bad.append(qid)
    return bad


def retired_count(answers: Answers) -> int:
    """How many answers sit in the file's `retired` section (questions no longer asked)."""
    shelf = answers.extra.get("retired")
    if not isinstance(shelf, dict):
        return 0
    return sum(len(v.get("answers") or {}) for v in shelf.values() if isinstance(v, dict))


def upgrade_note(answers: Answers, lang: str) -> str:
    """One sentence on an upgraded file: from which version, and what happened to answers no longer asked."""
    return trn(
        lang,
        "Made with content version %(old)s and read as version %(new)s; %(n)s answer to a question that is "
        "no longer asked is kept in the file under 'retired'.",
        "Made with content version %(old)s and read as version %(new)s; %(n)s answers to questions that are "
        "no longer asked are kept in the file under 'retired'.",
        retired_count(answers),
        old=answers.upgraded_from.get("version", "?"),
        new=answers.content_version,
    )


def content_notes(answers: Answers, content) -> list[str]:
    """What a user should know when an answers file meets this content: another content
    version, ids it does not know (kept), values that no longer fit."""
    notes = []
    if answers.upgraded_from:
        notes.append(upgrade_note(answers, current_lang()))
    if (
        answers.content_sha256
        and answers.content_sha256 != content.sha256
        and answers.content_version != content.version
    ):
        notes.append(
            _(
                "This file was made with content %(old)s; this is %(new)s.",
                old=answers.content_version or "?",
                new=content.version,
            )
        )
    unknown = answers.unknown_ids(content)
    if unknown:
        notes.append(
            _(
                "The current content does not know these ids; their answers stay in the file: %(ids)s",
                ids=", ".join(unknown),
            )
        )
    bad = invalid_values(answers, content)
    if bad:
        notes.append(
            _("These answers do not fit their scale (any more) and will be asked again: %(ids)s", ids=", ".join(bad))
        )
    return notes
