"""The first run on a new file: the language, the part to fill in (the quick scan is one of the
choices), and the initiative and respondent details, each saved as it is given."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from m2w_tool.answers import MAX_TEXT, Answers, small_int, text_too_long
from m2w_tool.content import Content
from m2w_tool.i18n import N_, _, set_lang
from m2w_tool.questionnaire.helptext import help_text
from m2w_tool.questionnaire.helptext import show as show_help
from m2w_tool.questionnaire.keys import Command, clean_text, parse_command
from m2w_tool.questionnaire.screen import Screen
from m2w_tool.questionnaire.texts import editor_command

# The questionnaire asks in the language of the answers file: one whose content texts exist.
QUESTIONNAIRE_LANGS = ("nl", "en")
QUICK = "quick"  # the part "quick scan": every dimension, its quick-scan statements only
SECONDS_PER_STATEMENT = 35  # reading, deciding, two keys: what a quick-scan statement takes

# Prompt labels of the initiative and respondent details, by field.
INTRO_LABELS = {
    "initiative_name": N_("Name of the initiative"),
    "initiative_organisation": N_("Organisation"),
    "initiative_region": N_("Region"),
    "respondent_name": N_("Your name (optional)"),
    "respondent_role": N_("Your role, e.g. coordinator (optional)"),
}
INTRO_FIELDS = tuple(INTRO_LABELS)


def needs_intro(answers: Answers) -> bool:
    """A file nobody has told anything yet: no initiative name and no answers."""
    return not answers.initiative.get("name") and not answers.answers and not answers.dimensions


@dataclass
class Part:
    """The part of the questionnaire a file is for."""

    module: str = "all"  # sustainability, quality or all
    quick: bool = False  # the quick scan: quick-scan statements only

    @property
    def key(self) -> str:
        return QUICK if self.quick else self.module


def part_options(content: Content, lang: str) -> list[tuple[str, str]]:
    """The parts to choose from, each with what it asks: the quick scan (when the content has one),
    each module, both."""
    counts = {m.id: sum(len(d.questions) for d in content.in_module(m.id)) for m in content.modules}
    options = []
    if content.quick_ids:
        n = len(content.quick_ids)
        minutes = max(5, round(n * SECONDS_PER_STATEMENT / 60 / 5) * 5)
        options.append((QUICK, _("Quick scan: %(n)s key statements, about %(minutes)s minutes", n=n, minutes=minutes)))
    for m in content.modules:
        options.append((m.id, _("%(title)s (%(n)s questions)", title=m.title(lang), n=counts[m.id])))
    options.append(("all", _("Both (%(n)s questions)", n=sum(counts.values()))))
    return options


class Intro:
    """Asks the language, the part and the details of a new file; saves each answer at once."""

    def __init__(self, screen: Screen, answers: Answers, save: Callable[[], None], content: Content, lang: str) -> None:
        self.screen, self.answers, self.save, self.content, self.lang = screen, answers, save, content, lang

    def language(self) -> bool:
        """The language of the questionnaire (and the file); False when the user quit."""
        default = QUESTIONNAIRE_LANGS.index(self.lang) + 1 if self.lang in QUESTIONNAIRE_LANGS else 1
        while True:
            reply = self._choice(_("Taal / Language: 1 Nederlands, 2 English"), _("Language"), 2, default)
            if isinstance(reply, int):
                self.lang = self.answers.language = QUESTIONNAIRE_LANGS[reply - 1]
                set_lang(self.lang)
                self.save()
                return True
            if reply.name == "quit":
                return False
            if reply.name != "help":
                return True
            show_help(self.screen, help_text(editor_command()))

    def ask(self, part: Part | None) -> bool:
        """The part (when `part` is given: its current choice is the default) and the details, with
        `b` going back a field. False when the user quit."""
        fields = (["part"] if part is not None else []) + list(INTRO_FIELDS)
        i = 0
        while i < len(fields):
            first_detail = i == 0 or fields[i - 1] == "part"
            reply = self._part(part) if fields[i] == "part" else self._detail(fields[i], first_detail)
            if reply == "again":
                continue
            if isinstance(reply, Command) and reply.name == "quit":
                return False
            if isinstance(reply, Command) and reply.name == "back":
                i = max(0, i - 1)
                continue
            if isinstance(reply, Command) and reply.name == "help":
                show_help(self.screen, help_text(editor_command()))
                continue
            i += 1
        return True

    def _part(self, part: Part):
        options = part_options(self.content, self.lang)
        keys = [key for key, _text in options]
        self.screen.blank()
        self.screen.say(_("Which part do you want to fill in?"), bold=True)
        for n, (_key, text) in enumerate(options, 1):
            self.screen.say(f"{n}  {text}", indent=5, hang=3)
        default = keys.index(part.key) + 1 if part.key in keys else len(keys)
        reply = self._choice(None, _("Part"), len(keys), default)
        if isinstance(reply, int):
            chosen = keys[reply - 1]
            part.quick, part.module = chosen == QUICK, "all" if chosen == QUICK else chosen
            self.answers.scope["module"] = part.module
            if part.quick:
                self.answers.scope["quick"] = True
            else:
                self.answers.scope.pop("quick", None)
            self.save()
        return reply

    def _detail(self, name: str, first: bool):
        group, key = name.split("_", 1)
        store = getattr(self.answers, group)
        if first:
            self.screen.blank()
        reply = self.screen.read(_(INTRO_LABELS[name]), store.get(key, ""))
        cmd = parse_command(reply)
        if cmd is None and name == "initiative_name" and not reply.strip():
            self.screen.hint(_("Give a name, or s to skip."))
            return "again"
        if cmd is None and len(clean_text(reply)) > MAX_TEXT:
            self.screen.hint(text_too_long(_("This text"), len(clean_text(reply))))
            return "again"
        if cmd is None or cmd.name == "clear":
            value = "" if cmd else clean_text(reply)
            if value != store.get(key, ""):
                store[key] = value
                self.save()
        return cmd

    def _choice(self, question: str | None, label: str, count: int, default: int):
        if question:
            self.screen.blank()
            self.screen.say(question, bold=True)
        while True:
            text = self.screen.read(label, str(default))
            cmd = parse_command(text)
            if cmd is not None:
                return cmd
            number = small_int(text)
            if number is not None and 1 <= number <= count:
                return number
            self.screen.hint(_("Choose %(choices)s.", choices=f"1-{count}"))
