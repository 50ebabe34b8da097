"""`m2w assess` on one answers file: lock, open or start it, say whose and how old it is, the first-run
details, then the questions from the first open one, and what is left at the end."""

from __future__ import annotations

import sys
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

import click

from m2w_tool.answers import DONT_KNOW, NA, Answers, content_notes, save_answers
from m2w_tool.content import Content, choose_dimensions
from m2w_tool.errors import Interrupted, M2WError
from m2w_tool.i18n import _, ngettext, set_lang
from m2w_tool.identity import same_person
from m2w_tool.lock import AnswersLock
from m2w_tool.questionnaire.files import check_target, open_answers
from m2w_tool.questionnaire.flow import Flow
from m2w_tool.questionnaire.helptext import first_screen, show_keys
from m2w_tool.questionnaire.intro import QUESTIONNAIRE_LANGS, Intro, Part, needs_intro
from m2w_tool.questionnaire.keys import clean_text
from m2w_tool.questionnaire.ownership import Decision, OwnerCheck, concern
from m2w_tool.questionnaire.screen import Screen
from m2w_tool.questionnaire.session import Session
from m2w_tool.questionnaire.texts import editor_command
from m2w_tool.safetext import terminal
from m2w_tool.scoring import full_scope


@dataclass(frozen=True)
class Options:
    """How `m2w assess` was asked to run; `*_given` says whether the user chose it (else the file decides)."""

    lang: str
    lang_given: bool = True
    module: str = "all"
    module_given: bool = True
    only: str = ""
    quick: bool = False
    review: bool = False
    editor: bool = False
    create_folder: bool = False
    respondent: str | None = None  # who is at the keyboard (--respondent, M2W_RESPONDENT)
    interactive: bool | None = None  # whether a person can be asked; None: whether input is a terminal
    today: date | None = None


def assess(path: Path, content: Content, options: Options) -> None:
    """Run the questionnaire on the answers file at `path`, saving every answer as it is given."""
    check_target(path, options.create_folder)
    _check_only(content, options)
    run = Run(path, content, options)
    try:
        run.all()
    except (KeyboardInterrupt, click.exceptions.Abort):  # Ctrl-C (click.prompt turns it into Abort), or no more input
        message = _("Interrupted. Every answer already given is saved in %(path)s.\n"
                    "Continue later with: m2w assess %(path)s", path=run.path)  # fmt: skip
        raise Interrupted("\n" + message) from None


def _line_editing() -> None:
    if sys.stdin.isatty():
        try:  # line editing (arrow keys, history) for typed answers where the platform has it
            import readline  # noqa: F401
        except ImportError:
            pass


class Run:
    """One `m2w assess`: one file, or two when the user starts a new one next to it."""

    def __init__(self, path: Path, content: Content, options: Options) -> None:
        self.path, self.content, self.options = path, content, options
        self.screen = Screen()
        self.interactive = sys.stdin.isatty() if options.interactive is None else options.interactive
        self.lang = options.lang

    def all(self) -> None:
        _check_quick(self.options.quick, self.content)  # before a file is made for it
        _line_editing()
        following = self.one_file()
        if following is not None:  # a new file next to the old one: the questions go on there
            self.path, self.options = following
            self.one_file()

    def one_file(self) -> tuple[Path, Options] | None:
        """The questionnaire on self.path; a new file and its options when the user chose to start one."""
        with AnswersLock(self.path):
            answers, new = open_answers(self.path, self.options.lang, self.content.migrations)
            self._language(answers, new)
            save = self._saver(answers)
            part, only = self._part(answers, new, save)
            if not new:
                decision = self._ownership(answers, save)
                if decision.action == "quit":
                    return self._stopped()
                if decision.action == "new":
                    return self._start_new(answers, decision)
            elif self.options.respondent:
                answers.respondent["name"] = clean_text(self.options.respondent)
            self._questions(answers, save, part, only, new)
        return None

    def _language(self, answers: Answers, new: bool) -> None:
        # The file keeps the language it was made in; --lang or M2W_LANG only change this session.
        if not self.options.lang_given and not new and answers.language in QUESTIONNAIRE_LANGS:
            self.lang = answers.language
        set_lang(self.lang)
        for note in content_notes(answers, self.content):
            self.screen.note(note)

    def _saver(self, answers: Answers):
        def save() -> None:
            answers.content_version, answers.content_sha256 = self.content.version, self.content.sha256
            save_answers(answers, self.path)

        return save

    def _part(self, answers: Answers, new: bool, save) -> tuple[Part, str]:
        """The part asked this time: the options' for a new file or when given, else the file's."""
        opts = self.options
        if new:
            answers.scope = {"module": opts.module, "only": [k for k in opts.only.split(",") if k.strip()]}
            if opts.quick:
                answers.scope["quick"] = True
            save()  # proves the file can be written before the first question
        elif not opts.module_given and not opts.only and not opts.quick:
            module, only = scope_from_file(answers, self.content, self.path)
            return Part(module, answers.scope.get("quick") is True), only
        elif answers.scope.get("quick") is True and not opts.quick:
            # A quick scan goes on as the full questionnaire: the file (and so its report) says so,
            # and every answer given in the quick scan stays.
            answers.scope = full_scope(answers.scope)
            save()
        return Part(opts.module, opts.quick), opts.only

    def _ownership(self, answers: Answers, save) -> Decision:
        me = self.options.respondent
        found = concern(answers, me, self.options.today or date.today())
        if found is None:
            decision = Decision("go_on", me)
        else:
            decision = OwnerCheck(self.screen, self.path, self.lang).decide(found, me, self.interactive)
        if decision.action == "go_on" and decision.me and not answers.respondent.get("name"):
            answers.respondent["name"] = clean_text(decision.me)  # the file did not say whose it is: now it does
            save()
        return decision

    def _start_new(self, answers: Answers, decision: Decision) -> tuple[Path, Options]:
        """A new file next to the old one: a new round (the old file its baseline) or a file of one's own."""
        from m2w_tool.rounds import create_file, default_stem, new_answers, round_from, round_stem

        details = round_from(answers)
        me = decision.me
        if me is None or not same_person(me, details.respondent):
            me = me if me is not None else self._ask_name()
            details = replace(details, respondent=me, role="")
        today = self.options.today
        stem = round_stem(self.path, today) if decision.baseline else default_stem(details, today)
        baseline = self.path if decision.baseline else None
        path = create_file(self.path.parent, stem, new_answers(self.content, details, baseline))
        self.screen.blank()
        names = {"new": path.name, "old": self.path.name}
        if baseline:
            said = _("New file: %(new)s. It compares with %(old)s, which stays as it is.", **names)
        else:
            said = _("New file: %(new)s. %(old)s stays as it is.", **names)
        self.screen.say(said, bold=True)
        return path, replace(self.options, respondent=me, module_given=False, only="", quick=False)

    def _ask_name(self) -> str:
        self.screen.blank()
        return clean_text(self.screen.read(_("Your name (optional)")))[:200]

    def _questions(self, answers: Answers, save, part: Part, only: str, new: bool) -> None:
        """The first-run details (or the review's), then the questions, then what is left."""
        opts = self.options
        intro = needs_intro(answers)
        if not self._intro(answers, save, part, intro):
            return self._stopped()
        _check_quick(part.quick, self.content)
        flow = Flow(self.content, choose_dimensions(self.content, part.module, only), quick=part.quick)
        session = Session(flow, answers, save, self.lang, editor=opts.editor, review=opts.review, screen=self.screen)
        start = session.start()
        if start is None:
            done = _("Every question in %(path)s is answered. Use --review to walk through them again.\n"
                     "Make the report with: m2w report %(path)s", path=self.path)  # fmt: skip
            if part.quick:
                done += "\n" + _("This was the quick scan. All the questions, keeping your answers:\n"
                                  "m2w assess %(path)s --module all", path=self.path)  # fmt: skip
            return self.screen.say(done)
        self._before_first(flow, answers, intro or new)
        if not session.run(start):
            return self._stopped()
        self._summary(flow, answers)

    def _intro(self, answers: Answers, save, part: Part, intro: bool) -> bool:
        """The language, part and details of a new file; in a review of the whole file, the details
        again. False when the user quit."""
        opts = self.options
        asker = Intro(self.screen, answers, save, self.content, self.lang)
        if intro and not opts.lang_given and not asker.language():
            return False
        self.lang = asker.lang
        if intro or opts.review:
            self.screen.blank()
            welcome = _("Welcome to m2w. First a few details about your initiative, then the questions.\n"
                        "Every answer is saved at once in %(path)s.\nYou can stop at any time with q; h shows help.",
                        path=self.path)  # fmt: skip
            self.screen.say(welcome if intro else _("Walking through all answers. Enter keeps the current answer."))
        chosen_here = not opts.module_given and not opts.only and not opts.quick
        if intro or (opts.review and chosen_here):
            if intro and opts.respondent and not answers.respondent.get("name"):
                answers.respondent["name"] = clean_text(opts.respondent)
            return asker.ask(part if intro and chosen_here else None)
        return True

    def _before_first(self, flow: Flow, answers: Answers, started_now: bool) -> None:
        """Where the session is (on a resume), and the keys for someone who has answered nothing yet."""
        opts = self.options
        if opts.editor and editor_command() is None:
            self.screen.hint(_("--editor: no editor is set ($VISUAL or $EDITOR). Long texts are typed here; "
                               "they may run over several lines, and an empty line ends them."))  # fmt: skip
        if not started_now and not opts.review:
            self.screen.say(_("Continuing in %(path)s (%(percent)s%% done). h shows help, q stops.",
                              path=self.path, percent=flow.percent(answers)))  # fmt: skip
        if started_now or not (answers.answers or answers.dimensions):
            self.screen.blank()
            show_keys(self.screen, *first_screen())

    def _summary(self, flow: Flow, answers: Answers) -> None:
        statements = [i for i in flow.counted() if flow.steps[i].kind == "value"]
        given = [answers.answers[flow.steps[i].question.id] for i in statements if flow.is_answered(i, answers)]
        na = sum(a.value == NA for a in given)
        dont_know = sum(a.value == DONT_KNOW for a in given)
        self.screen.blank()
        self.screen.say(_("Done: %(answered)s of %(total)s questions answered (%(na)s not applicable). Saved in "
                          "%(path)s.\nMake the report with: m2w report %(path)s",
                          answered=len(given), total=len(statements), na=na, path=self.path))  # fmt: skip
        if dont_know:
            self.screen.say(ngettext("%(n)s answer is \"don't know\": worth finding out; the report lists it.",
                                     "%(n)s answers are \"don't know\": worth finding out; the report lists them.",
                                     dont_know, n=dont_know))  # fmt: skip
        if flow.quick:
            self.screen.say(_("The report of a quick scan says which dimensions deserve the full questions or a "
                              "workbook session."))  # fmt: skip
        left = flow.open_count(answers)
        if left:
            self.screen.say(ngettext("%(n)s question still open. Continue with it: m2w assess %(path)s",
                                     "%(n)s questions still open. Continue at the first one with: m2w assess %(path)s",
                                     left, n=left, path=self.path))  # fmt: skip

    def _stopped(self) -> None:
        click.echo()
        self.screen.say(_("Stopped. Everything is saved in %(path)s.\nContinue later with: m2w assess %(path)s",
                          path=self.path))  # fmt: skip


def _check_only(content: Content, options: Options) -> None:
    """A mistyped or misplaced --only is said before the first question, not after the details."""
    if options.only.strip() and not choose_dimensions(content, options.module, options.only):
        raise M2WError(_("No dimensions chosen: --only %(only)s is not part of --module %(module)s.",
                         only=options.only, module=options.module))  # fmt: skip


def _check_quick(quick: bool, content: Content) -> None:
    if quick and not content.quick_ids:
        raise M2WError(_("This content has no quick scan: no statement is marked 'quick: true'. "
                         "Choose a module instead (--module sustainability, quality or all)."))  # fmt: skip


def scope_from_file(answers: Answers, content: Content, path: Path) -> tuple[str, str]:
    """The part a file was made for (module, --only ids), without what this content does not know:
    a file made with other content (or edited by hand) carries on with the rest, and says so."""
    module = str(answers.scope.get("module") or "all")
    if module not in ("all", *(m.id for m in content.modules)):
        click.secho(
            terminal(
                _("%(path)s: scope.module '%(module)s' is unknown; all parts are asked.", path=path, module=module)
            ),
            fg="yellow",
            err=True,
        )
        module = "all"
    wanted = [str(key) for key in answers.scope.get("only") or []]
    known = [key for key in wanted if content.find(key) is not None]
    if len(known) < len(wanted):
        unknown = ", ".join(key for key in wanted if key not in known)
        click.secho(
            terminal(
                _(
                    "%(path)s: scope.only names dimensions this content does not know (%(ids)s); they are left out.",
                    path=path,
                    ids=unknown,
                )
            ),
            fg="yellow",
            err=True,
        )
    return module, ",".join(known)
