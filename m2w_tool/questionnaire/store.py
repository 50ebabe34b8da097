"""Putting one answer where the answers file keeps it, and reading what is there now."""

from __future__ import annotations

from m2w_tool.answers import Action, Answers
from m2w_tool.questionnaire.flow import STATEMENT_KINDS, Flow, Step


def current_text(answers: Answers, step: Step) -> str:
    """The text a text step holds now ('' when none)."""
    if step.kind in ("note", "evidence"):
        answer = answers.answers.get(step.question.id)
        return getattr(answer, step.kind) if answer else ""
    dim = answers.dimensions.get(step.dim.id)
    if dim is None:
        return ""
    if step.kind == "reflection":
        return dim.reflections[step.index] if step.index < len(dim.reflections) else ""
    if step.index < len(dim.actions):
        return getattr(dim.actions[step.index], step.kind.removeprefix("action_"))
    return ""


def store(flow: Flow, answers: Answers, step: Step, value) -> bool:
    """Put `value` where `step` keeps it; True when something changed."""
    if step.kind in STATEMENT_KINDS:
        return _store_statement(flow, answers, step, value)
    dim = answers.dimension(step.dim.id)
    old = repr(dim.to_yaml())
    if step.kind == "importance":
        dim.importance = value
    elif step.kind == "target":
        dim.target = value
    elif step.kind == "reflection":
        while len(dim.reflections) <= step.index:
            dim.reflections.append("")
        dim.reflections[step.index] = value
        while dim.reflections and not dim.reflections[-1]:
            dim.reflections.pop()
    elif step.kind == "action_what":
        _store_action(dim.actions, step.index, value)
    else:
        setattr(dim.actions[step.index], step.kind.removeprefix("action_"), value)
    changed = old != repr(dim.to_yaml())
    if not dim.to_yaml():
        del answers.dimensions[step.dim.id]  # cleared again: nothing to keep
    return changed


def _store_statement(flow: Flow, answers: Answers, step: Step, value) -> bool:
    answer = answers.answer(step.question.id)
    old = (answer.value, answer.how_well, answer.note, answer.evidence)
    if step.kind == "value":
        answer.value = value
        if not flow.wants_how_well(step.question, answers):
            answer.how_well = None  # "no", n/a or don't know: how well it works does not apply
    else:
        setattr(answer, step.kind, value)
    changed = old != (answer.value, answer.how_well, answer.note, answer.evidence)
    if answer.value is None and answer.how_well is None and not (answer.note or answer.evidence or answer.extra):
        del answers.answers[step.question.id]  # cleared: as if never answered
    return changed


def _store_action(actions: list[Action], index: int, what: str) -> None:
    if not what:
        del actions[index : index + 1]
    elif index < len(actions):
        actions[index].what = what
    else:
        actions.append(Action(what))
