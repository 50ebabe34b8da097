"""The template contract (as datasette checks its own): every template renders against a real model,
and every attribute a template reads exists on the documented model classes.

The second half reads the templates' syntax trees: each `report.x.y`, `workbook.x`, `portfolio.x`
(and `section.data.x` in a report's partials) is followed through the dataclasses' type hints, and
so is every loop variable over a typed list (`{% for d in mod.dimensions %}` -> DimensionView) and
every macro parameter named below. A template that reads a field the model does not define fails
here, even in a branch the demo data never takes.
"""

from __future__ import annotations

import types
import typing
from dataclasses import dataclass, field
from datetime import date

import pytest
from jinja2 import nodes

from m2w_tool import render
from m2w_tool.answers import load_answers
from m2w_tool.content import load_content
from m2w_tool.merge import merge_answers
from m2w_tool.portfolio import Portfolio, build_portfolio
from m2w_tool.report import (
    ActionView,
    DimensionView,
    ExtraSection,
    GroupSection,
    HistorySection,
    Report,
    build_report,
    group_section,
    history_section,
)
from m2w_tool.resources import examples_dir, templates_dir
from m2w_tool.synth import synth_portfolio
from m2w_tool.workbook import ChoiceField, TextField, Workbook, build_workbook

DAY = date(2026, 11, 24)


# --- real models, rendered -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def content():
    return load_content()


@pytest.fixture(scope="module")
def demo_report(content) -> Report:
    demo, baseline = (load_answers(examples_dir() / name) for name in ("demo.yaml", "demo-2025.yaml"))
    return build_report(content, demo, "nl", baseline=baseline, report_date=DAY, answers_name="demo.yaml")


@pytest.fixture(scope="module")
def team_report(content) -> Report:
    """A group file (three respondents merged) with a history of two earlier rounds."""
    items = synth_portfolio(content, 1, seed=5, respondents=3, assessments=3)
    rounds = [[(f"y{r}-p{p}.yaml", items[3 * r + p]) for p in range(3)] for r in range(3)]
    group = merge_answers(rounds[2], content).answers
    earlier = [pair for r in rounds[:2] for pair in r]
    history, previous = history_section(content, "team.yaml", group, earlier, "en")
    sections = [s for s in (history, group_section(content, group, "en")) if s is not None]
    assert [s.anchor for s in sections] == ["history", "group"]
    return build_report(content, group, "en", baseline=previous, report_date=DAY, extra_sections=sections)


@pytest.fixture(scope="module")
def workbooks(content) -> list[Workbook]:
    return [
        build_workbook(content, content.select("all"), lang="nl", fillable=True),
        build_workbook(content, content.select("all", ["q03"]), lang="en"),
    ]


@pytest.fixture(scope="module")
def portfolio(content) -> Portfolio:
    items = [(f"{i}.yaml", a) for i, a in enumerate(synth_portfolio(content, 8, seed=3, mixed_versions=True))]
    return build_portfolio(items, content, "en", anonymise=True, skipped=[("broken.yaml", "not YAML")])


def test_every_template_renders_against_its_model(demo_report, team_report, workbooks, portfolio) -> None:
    """StrictUndefined: any name the model lacks on a path the data takes fails the render."""
    for report in (demo_report, team_report):
        html = render.render_report_html(report)
        assert html.count("<section") >= 20 and "</html>" in html
    team = render.render_report_html(team_report)
    assert 'class="chart timeline"' in team and 'class="group-section"' in team
    for workbook in workbooks:
        assert 'class="chapter' in render.render_workbook_html(workbook)
    assert 'class="heat"' in render.render_portfolio_html(portfolio)


# --- attribute paths, read from the templates -------------------------------------------------------


@dataclass(frozen=True)
class Contract:
    """What one template sees: its root names, the types of macro parameters, narrowed fields."""

    roots: dict[str, object]
    macros: dict[str, dict[str, object]] = field(default_factory=dict)
    narrowed: dict[tuple[type, str], object] = field(default_factory=dict)  # (class, field) -> type here


DIMENSION_MACROS = {name: {"d": DimensionView} for name in ("facts", "answers_table", "dimension_section")}
CONTRACTS = {
    "report.html.j2": Contract({"report": Report}),
    "_macros.html.j2": Contract({"report": Report}, {**DIMENSION_MACROS, "action_rows": {"actions": list[ActionView]}}),
    "_history.html.j2": Contract(
        {"report": Report, "section": ExtraSection}, narrowed={(ExtraSection, "data"): HistorySection}
    ),
    "_group.html.j2": Contract(
        {"report": Report, "section": ExtraSection}, narrowed={(ExtraSection, "data"): GroupSection}
    ),
    "base.html.j2": Contract({}),
    "workbook.html.j2": Contract(
        {"workbook": Workbook}, {"write": {"field": TextField}, "choice": {"field": ChoiceField}}
    ),
    "portfolio.html.j2": Contract({"portfolio": Portfolio}),
}


def test_every_template_has_a_contract() -> None:
    assert {p.name for p in templates_dir().glob("*.j2")} == set(CONTRACTS)


@dataclass(frozen=True)
class Method:
    """An attribute that is a method: calling it gives `returns`."""

    returns: object


def _members(tp: object) -> list[object]:
    """The classes a type stands for: `X | None` -> [X], `A | B` -> [A, B]."""
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        return [a for a in typing.get_args(tp) if a is not type(None)]
    return [tp]


def _element(tp: object) -> object:
    """What iterating over `tp` gives (None when unknown)."""
    for member in _members(tp):
        args = typing.get_args(member)
        if typing.get_origin(member) in (list, tuple) and args:
            return args[0] if len(args) == 1 or args[-1] is Ellipsis else None
    return None


class Checker:
    def __init__(self, template: str, contract: Contract) -> None:
        self.template, self.contract, self.problems, self.checked = template, contract, set(), 0

    def attribute(self, tp: object, name: str, where: str) -> object:
        found, known = None, False
        for member in _members(tp):
            cls = typing.get_origin(member) or member
            if not isinstance(cls, type) or cls in (str, int, float, bool, dict, list, tuple):
                return Method(None) if hasattr(cls, name) or not isinstance(cls, type) else None
            known = True
            if (cls, name) in self.contract.narrowed:
                return self.contract.narrowed[(cls, name)]
            hints = typing.get_type_hints(cls)
            member_attr = getattr(cls, name, None)
            if name in hints:
                found = hints[name]
            elif isinstance(member_attr, property):
                found = typing.get_type_hints(member_attr.fget).get("return")
            elif callable(member_attr):
                found = Method(typing.get_type_hints(member_attr).get("return"))
            else:
                continue
            self.checked += 1
            return found
        if known:
            self.problems.add(f"{self.template}: {where} ({tp!r} has no {name!r})")
        return None

    def type_of(self, node: nodes.Node, scope: dict[str, object]) -> object:
        if isinstance(node, nodes.Name):
            return scope.get(node.name)
        if isinstance(node, nodes.Getattr):
            base = self.type_of(node.node, scope)
            return None if base is None else self.attribute(base, node.attr, _path(node))
        if isinstance(node, nodes.Getitem):
            base = self.type_of(node.node, scope)
            args = [typing.get_args(m) for m in _members(base)] if base is not None else []
            dict_value = next(
                (a[1] for m, a in zip(_members(base), args, strict=False) if typing.get_origin(m) is dict), None
            )
            return dict_value or (_element(base) if base is not None else None)
        if isinstance(node, nodes.Call):
            called = self.type_of(node.node, scope)
            return called.returns if isinstance(called, Method) else None
        if isinstance(node, nodes.Filter) and node.node is not None:
            inner = self.type_of(node.node, scope)
            if node.name in ("list", "reverse", "sort", "selectattr", "rejectattr", "unique"):
                return inner
            return list[inner] if node.name == "batch" and _element(inner) is not None else None
        return None

    def bind(self, target: nodes.Node, tp: object, scope: dict[str, object]) -> None:
        if isinstance(target, nodes.Name):
            scope[target.name] = tp
        elif isinstance(target, nodes.Tuple):
            parts = [typing.get_args(m) for m in _members(tp)] if tp is not None else []
            items = parts[0] if parts and len(parts[0]) == len(target.items) else [None] * len(target.items)
            for item, item_tp in zip(target.items, items, strict=True):
                self.bind(item, item_tp, scope)

    def walk(self, node: nodes.Node, scope: dict[str, object]) -> None:
        if isinstance(node, nodes.For):
            self.walk(node.iter, scope)
            inner = dict(scope)
            self.bind(node.target, _element(self.type_of(node.iter, scope)), inner)
            for child in [*(node.body or []), *([node.test] if node.test else [])]:
                self.walk(child, inner)
            for child in node.else_ or []:
                self.walk(child, scope)
            return
        if isinstance(node, nodes.Macro):
            params = self.contract.macros.get(node.name, {})
            inner = dict(scope) | {arg.name: params.get(arg.name) for arg in node.args}
            for child in node.body:
                self.walk(child, inner)
            return
        if isinstance(node, nodes.Assign):
            self.bind(node.target, self.type_of(node.node, scope), scope)
        if isinstance(node, nodes.With):
            inner = dict(scope)
            for target, value in zip(node.targets, node.values, strict=True):
                self.bind(target, self.type_of(value, scope), inner)
            for child in node.body:
                self.walk(child, inner)
            return
        if isinstance(node, nodes.Getattr):
            self.type_of(node, scope)
        for child in node.iter_child_nodes():
            self.walk(child, scope)


def _path(node: nodes.Node) -> str:
    if isinstance(node, nodes.Getattr):
        return f"{_path(node.node)}.{node.attr}"
    return node.name if isinstance(node, nodes.Name) else "…"


def _check(name: str, source: str) -> Checker:
    checker = Checker(name, CONTRACTS[name])
    checker.walk(render.environment("en").parse(source), dict(CONTRACTS[name].roots))
    return checker


@pytest.mark.parametrize("name", sorted(CONTRACTS))
def test_templates_use_only_names_the_model_defines(name: str) -> None:
    checker = _check(name, (templates_dir() / name).read_text(encoding="utf-8"))
    assert checker.problems == set()
    if CONTRACTS[name].roots:
        assert checker.checked >= 5, checker.checked  # it did follow the paths


@pytest.mark.parametrize(
    ("name", "source", "wrong"),
    [
        ("report.html.j2", "{{ report.cover.initiatief }}", "report.cover.initiatief"),
        ("report.html.j2", "{% for d in report.modules[0].dimensions %}{{ d.scroe_text }}{% endfor %}", "d.scroe_text"),
        (
            "report.html.j2",
            "{% for p in report.summary.priorities %}{{ p.dimension.tite }}{% endfor %}",
            "p.dimension.tite",
        ),
        ("_history.html.j2", "{% for r in section.data.rows %}{{ r.sparkline }}{% endfor %}", "r.sparkline"),
        ("_group.html.j2", "{{ section.data.text.intro }}", "section.data.text"),
        ("portfolio.html.j2", "{{ portfolio.text.skipped }}", "portfolio.text"),
        ("workbook.html.j2", "{{ workbook.labels.made_with }}", "workbook.labels"),
        ("_macros.html.j2", "{% macro facts(d) %}{{ d.answered }}{% endmacro %}", "d.answered"),
    ],
)
def test_a_name_the_model_lacks_is_caught(name: str, source: str, wrong: str) -> None:
    problems = _check(name, source).problems
    assert len(problems) == 1 and wrong in next(iter(problems))
