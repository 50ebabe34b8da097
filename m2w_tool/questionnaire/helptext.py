"""What the questionnaire says about its keys: the help (`h`), the first screen, the line under the
first statement. One place, so the three never disagree."""

from __future__ import annotations

from m2w_tool.i18n import _


def help_text(editor: str | None) -> str:
    """The whole help: answering, moving, texts."""
    edit = (
        _("  e        write the text in your editor (%(editor)s)", editor=editor)
        if editor
        else _("  e        let a text run over several lines (no editor is set: $EDITOR)")
    )
    return "\n".join([
        _("Type the number of your answer and Enter: the next question follows at once."),
        _("  4+       answer 4, then add a note or evidence (+ alone: for the answer already there)"),
        _("  n        not applicable            ?   don't know"),
        _("  Enter    keep the answer that is already there"),
        _("  s        skip: leave this question open for now"),
        _("  o        go to the next open question"),
        _("  b        back to the previous question"),
        _("  j d07    jump to a dimension (or j q02, j 7)"),
        _("  -        clear a text or an answer"),
        edit,
        _("  h        this help"),
        _("  q        stop; everything is saved; continue later with the same command"),
        _("A reflection may run over several lines: an empty line ends it, Enter right away skips it."),
    ])  # fmt: skip


def first_screen() -> tuple[str, list[tuple[str, str]]]:
    """The keys a new user needs before the first question: a sentence, then key and meaning pairs."""
    return _("How to answer: type the number and press Enter; the next statement follows at once."), [
        ("4+", _("with a note or evidence")),
        ("s", _("skip")),
        ("n", _("not applicable")),
        ("b", _("back")),
        ("?", _("don't know")),
        ("o", _("next open question")),
        ("h", _("help")),
        ("q", _("stop (everything is saved)")),
    ]


def keys_line() -> str:
    """The short reminder under the options of the first statement (n and ? stand right above it)."""
    return _("Number + Enter · 4+ with a note · h help")


def show_keys(screen, sentence: str, pairs: list[tuple[str, str]]) -> None:
    """A sentence and key pairs, in two columns when the terminal is wide enough, else in one."""
    from m2w_tool.questionnaire.screen import width

    screen.say(sentence)
    cells = [f"{key:<3} {text}" for key, text in pairs]
    left, right = cells[0::2], cells[1::2]
    column = max(len(cell) for cell in left) + 3
    if 4 + column + max((len(cell) for cell in right), default=0) <= width():
        rows = [cell.ljust(column) + (right[i] if i < len(right) else "") for i, cell in enumerate(left)]
    else:
        rows = cells
    for row in rows:
        screen.say(row.rstrip(), indent=4)


def show(screen, text: str) -> None:
    """Print help text: a key line's continuation is indented under its description."""
    for line in text.split("\n"):
        if line.startswith("  "):
            screen.say(line.strip(), indent=4, hang=9)
        else:
            screen.say(line)
