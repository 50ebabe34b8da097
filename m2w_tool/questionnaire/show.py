"""What the questionnaire shows when it reaches a step: the module and dimension headings, the
statement with what "fully" means, the options with their keys, importance and target in the
content's words (m2w_tool.labels), and a dimension's score and level in one line once it is done."""

from __future__ import annotations

from m2w_tool.answers import Answers
from m2w_tool.content import Content, Dimension
from m2w_tool.format import percent
from m2w_tool.i18n import _
from m2w_tool.labels import importance_options, target_options
from m2w_tool.questionnaire.flow import MAX_ACTIONS, Flow, Step
from m2w_tool.questionnaire.helptext import keys_line
from m2w_tool.questionnaire.keys import DONT_KNOW_KEY, NA_KEY
from m2w_tool.questionnaire.screen import Screen


class Display:
    """Shows steps; remembers what is on screen so headings and texts are not repeated."""

    def __init__(self, screen: Screen, content: Content, lang: str) -> None:
        self.screen = screen
        self.content = content
        self.lang = lang
        self.shown_module: str | None = None
        self.shown_dim: str | None = None
        self.shown_question: str | None = None
        self.keys_shown = False  # the reminder of the keys, under the first statement of a session
        self.reflection_shown = False  # how to end a reflection, under the first one

    def headers(self, step: Step) -> None:
        if step.dim.module != self.shown_module:
            self.shown_module = step.dim.module
            self.screen.blank()
            self.screen.say(self.content.module(step.dim.module).title(self.lang), bold=True, underline=True)
        if step.dim.id != self.shown_dim:
            self.shown_dim = step.dim.id
            self.screen.blank()
            self.screen.rule(f"{step.dim.short_id} · {step.dim.title(self.lang)}")
            self.screen.say(step.dim.summary(self.lang), dim=True)

    def step(self, step: Step) -> None:
        """What is shown once when a step is reached (its prompt may be repeated)."""
        if step.kind == "value" or (step.kind == "how_well" and self.shown_question != step.question.id):
            self.statement(step)  # "how well" reached on its own (a resume) says which criterion
        if step.kind == "how_well":
            self.screen.blank()
            self.screen.say(_("How well does it work?"), indent=5)
            self.options(self.content.scales[step.question.how_well], None)
        elif step.kind == "evidence" and step.question.evidence is not None:
            self.screen.say(_("For example: %(text)s", text=step.question.evidence(self.lang)), indent=4, dim=True)
        elif step.kind == "reflection":
            self.screen.blank()
            self.screen.say(step.dim.reflection[step.index](self.lang), bold=True)
            if not self.reflection_shown:  # how a text of several lines ends: once a session is enough
                self.reflection_shown = True
                self.screen.say(_("Several lines are fine; an empty line ends. Enter right away skips."), dim=True)
        elif step.kind in ("importance", "target"):
            self.closing(step.kind)
        elif step.kind == "action_what" and step.index == 0:
            self.screen.say(_("Actions (at most %(n)s): what will you actually do? Enter = no (further) action.",
                              n=MAX_ACTIONS))  # fmt: skip

    def statement(self, step: Step) -> None:
        q = step.question
        self.shown_question = q.id
        self.screen.blank()
        number = f"{step.number}. "
        minimum = "  [" + _("minimum criterion") + "]" if q.minimum else ""
        self.screen.say(number + q.text(self.lang) + minimum, bold=True, hang=len(number))
        self.screen.say(_("Fully means: %(text)s", text=q.fully(self.lang)), indent=2 + len(number), dim=True)
        if step.kind == "value":
            self.screen.blank()
            self.options(self.content.scales[q.scale], q)

    def options(self, scale, question) -> None:
        """The options with the key for each; n (if allowed) and ? on one line; for a statement the
        reminder of the keys, the first time."""
        for option in scale.options:
            self.screen.say(f"{option.value}  {option.label(self.lang)}", indent=5, hang=3)
        extra = [f"{DONT_KNOW_KEY}  {scale.dont_know_text(self.lang)}"]
        if question is not None and question.na_allowed:
            extra.insert(0, f"{NA_KEY}  {scale.na(self.lang)}")
        self.screen.say("      ".join(extra), indent=5, hang=3)
        if question is not None and not self.keys_shown:
            self.keys_shown = True
            self.screen.say(keys_line(), indent=5, dim=True)

    def closing(self, kind: str) -> None:
        self.screen.blank()
        if kind == "importance":
            self.screen.say(_("How important is this for your initiative now?"), bold=True)
            for value, label in importance_options(self.content, self.lang):
                self.screen.say(f"{value}  {label}", indent=5, hang=3)
            return
        self.screen.say(_("Which level do you want to reach within a year?"), bold=True)
        for n, (_level, label) in enumerate(target_options(self.content, self.lang), 1):
            self.screen.say(f"{n}  {label}", indent=5, hang=3)

    def score_line(self, flow: Flow, dim: Dimension, answers: Answers) -> None:
        """The dimension's score and level in one line (or why it has none yet)."""
        from m2w_tool.scoring import score_dimension  # needed once a dimension is done, not to start

        s = score_dimension(self.content, dim, answers, quick=flow.quick)
        title = f"{dim.short_id} · {dim.title(self.lang)}"
        self.screen.blank()
        if s.percent is None:
            line = _("%(dimension)s: not enough answers for a score yet (%(n)s of %(total)s answered).",
                     dimension=title, n=s.answered, total=s.total)  # fmt: skip
            self.screen.say("▸ " + line, dim=True)
            return
        level = next(lv.title(self.lang) for lv in self.content.levels if lv.id == s.level)
        score = percent(s.percent, self.lang)
        line = _("%(dimension)s: %(score)s · %(level)s", dimension=title, score=score, level=level)
        if s.capped:
            line += " " + _("(a minimum criterion is not in place yet)")
        left = flow.first_open_in(dim, answers)
        if left is not None:
            line += " " + _("(not finished: questions still open)")
        self.screen.say("▸ " + line, bold=True, hang=2)
