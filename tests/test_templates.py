"""Overridable templates: a user's folder is searched before the packaged templates, and a template
there can extend the packaged one it replaces (`default:<name>`) to change a single block."""

from __future__ import annotations

from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest

from m2w_tool.answers import load_answers
from m2w_tool.content import load_content
from m2w_tool.errors import RenderError
from m2w_tool.render import TEMPLATES_VAR, render_report_html
from m2w_tool.report import build_report
from m2w_tool.resources import examples_dir


@pytest.fixture(scope="module")
def report():
    content = load_content()
    demo = load_answers(examples_dir() / "demo.yaml")
    return build_report(content, demo, "en", report_date=date(2026, 11, 24), answers_name="demo.yaml")


def _ids(html: str) -> list[str]:
    found: list[str] = []

    class Ids(HTMLParser):
        def handle_starttag(self, tag, attrs):
            if tag == "section" and dict(attrs).get("id"):
                found.append(dict(attrs)["id"])

    Ids().feed(html)
    return found


def _folder(tmp_path: Path, **files: str) -> Path:
    folder = tmp_path / "mine"
    folder.mkdir()
    for name, text in files.items():
        (folder / name.replace("__", ".")).write_text(text, encoding="utf-8")
    return folder


def test_one_block_is_replaced_and_the_rest_stays(report, tmp_path) -> None:
    folder = _folder(
        tmp_path,
        report__html__j2='{% extends "default:report.html.j2" %}\n'
        '{% block capitals %}<section id="capitals"><p class="ours">{{ report.capitals | length }} '
        "{{ _('Capital') }}</p></section>{% endblock %}",
    )
    packaged = render_report_html(report)
    ours = render_report_html(report, templates=folder)
    assert '<p class="ours">6 Capital</p>' in ours and '<p class="ours">' not in packaged
    assert _ids(ours) == _ids(packaged)  # every other chapter is still there, in the same order
    assert '<table class="capitals">' in packaged and '<table class="capitals">' not in ours
    assert ours.count('class="dimension ') == packaged.count('class="dimension ') == 23


def test_the_folder_can_come_from_the_environment(report, tmp_path, monkeypatch) -> None:
    folder = _folder(
        tmp_path, report__html__j2='{% extends "default:report.html.j2" %}{% block title %}Ours{% endblock %}'
    )
    monkeypatch.setenv(TEMPLATES_VAR, str(folder))
    assert "<title>Ours</title>" in render_report_html(report)
    monkeypatch.delenv(TEMPLATES_VAR)
    assert "<title>Ours</title>" not in render_report_html(report)


def test_styles_can_be_added_to(report, tmp_path) -> None:
    folder = _folder(
        tmp_path,
        report__html__j2='{% extends "default:report.html.j2" %}'
        "{% block styles %}{{ super() }}\n.cover-title { color: #5b2c6f; }{% endblock %}",
    )
    html = render_report_html(report, templates=folder)
    assert ".cover-title { color: #5b2c6f; }" in html and "font-family" in html  # the packaged CSS is still in
    assert ".lvl-strong {" in html  # and the level colours


def test_a_user_stylesheet_replaces_the_packaged_one(report, tmp_path) -> None:
    folder = _folder(tmp_path, report__css="body { color: #222222; } /* ours */")
    html = render_report_html(report, templates=folder)
    assert "/* ours */" in html and "Level badges and meters" not in html


def test_problems_with_user_templates_are_readable(report, tmp_path) -> None:
    with pytest.raises(RenderError, match="does not exist"):
        render_report_html(report, templates=tmp_path / "nowhere")
    broken = _folder(
        tmp_path,
        report__html__j2='{% extends "default:report.html.j2" %}{% block title %}{{ report.nope }}{% endblock %}',
    )
    with pytest.raises(RenderError, match="report.html.j2 could not be rendered.*nope"):
        render_report_html(report, templates=broken)
    (broken / "report.html.j2").write_text('{% extends "default:missing.html.j2" %}', encoding="utf-8")
    with pytest.raises(RenderError, match="default:missing.html.j2 not found"):
        render_report_html(report, templates=broken)


def test_workbook_and_portfolio_blocks_can_be_replaced(tmp_path) -> None:
    from m2w_tool.portfolio import build_portfolio
    from m2w_tool.render import render_portfolio_html, render_workbook_html
    from m2w_tool.synth import synth_portfolio
    from m2w_tool.workbook import build_workbook

    content = load_content()
    folder = _folder(
        tmp_path,
        workbook__html__j2='{% extends "default:workbook.html.j2" %}{% block guide %}<p id="our-guide">'
        "{{ workbook.guide.plan | length }}</p>{% endblock %}",
        portfolio__html__j2='{% extends "default:portfolio.html.j2" %}{% block method %}<p id="our-method">'
        "{{ portfolio.rows | length }}</p>{% endblock %}",
    )
    workbook = build_workbook(content, content.select("all", ["d03"]), lang="en", fillable=True)
    html = render_workbook_html(workbook, templates=folder)
    assert f'<p id="our-guide">{len(workbook.guide.plan)}</p>' in html and 'class="guide"' not in html
    assert 'name="d03-q1"' in html  # the chapters (and their form fields) are the packaged ones
    items = [(f"{i}.yaml", a) for i, a in enumerate(synth_portfolio(content, 3, seed=1))]
    html = render_portfolio_html(build_portfolio(items, content, "en"), templates=folder)
    assert '<p id="our-method">3</p>' in html and 'id="heatmap"' in html and 'id="method"' not in html


def test_a_workbook_made_with_other_templates_is_not_taken_from_the_cache(tmp_path, monkeypatch) -> None:
    from m2w_tool.workbook import build_workbook
    from m2w_tool.workbook_pdf import cache_key

    content = load_content()
    workbook = build_workbook(content, content.select("all", ["d03"]), lang="en")
    packaged = cache_key(workbook)
    folder = _folder(tmp_path, workbook__css="body { color: #222222; }")
    monkeypatch.setenv(TEMPLATES_VAR, str(folder))
    ours = cache_key(workbook)
    (folder / "workbook.css").write_text("body { color: #333333; }", encoding="utf-8")
    assert len({packaged, ours, cache_key(workbook)}) == 3


def test_the_templates_option_overrides_one_block_of_the_report(tmp_path: Path) -> None:
    """`m2w demo --templates DIR`: a user's report.html.j2 extends the packaged one and replaces a block."""
    from click.testing import CliRunner

    from m2w_tool.cli import cli

    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "report.html.j2").write_text(
        '{% extends "default:report.html.j2" %}{% block cover %}<p id="ours">Network X</p>{% endblock %}',
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["demo", "--format", "html", "-o", str(out), "--templates", str(mine)])
    assert result.exit_code == 0, result.output
    (html,) = out.glob("*.html")
    page = html.read_text(encoding="utf-8")
    assert '<p id="ours">Network X</p>' in page and "Brugwerk" in page  # our block, the rest as shipped
    wrong = CliRunner().invoke(cli, ["demo", "--format", "html", "-o", str(out), "--templates", str(tmp_path / "no")])
    assert wrong.exit_code == 2 and "--templates" in wrong.output


def _glance_importance(html: str) -> dict[str, str]:
    """The importance cell of every row of the at-a-glance tables, by the row's dimension title."""
    rows: dict[str, str] = {}

    class Glance(HTMLParser):
        table = row = cell = None

        def handle_starttag(self, tag, attrs):
            classes = (dict(attrs).get("class") or "").split()
            if tag == "table":
                self.table = "glance" in classes
            elif self.table and tag == "tr":
                self.row = {"th": "", "imp": None}
            elif self.table and self.row is not None and tag == "th":
                self.cell = "th"
            elif self.table and self.row is not None and tag == "td" and "c-importance" in classes:
                self.row["imp"] = ""
                self.cell = "imp"

        def handle_endtag(self, tag):
            if tag in ("th", "td"):
                self.cell = None
            elif tag == "tr" and self.row and self.row["imp"] is not None:
                rows[" ".join(self.row["th"].split())] = " ".join(self.row["imp"].split())
                self.row = None
            elif tag == "table":
                self.table = False

        def handle_data(self, data):
            if self.cell and self.row is not None:
                self.row[self.cell] += data

    Glance().feed(html)
    return rows


@pytest.mark.parametrize(("lang", "words"), [("en", "Very important"), ("nl", "Heel belangrijk")])
def test_the_glance_tables_give_the_importance_in_words(lang: str, words: str) -> None:
    content = load_content()
    demo = load_answers(examples_dir() / "demo.yaml")
    report = build_report(content, demo, lang, report_date=date(2026, 11, 24), answers_name="demo.yaml")
    rows = _glance_importance(render_report_html(report))
    first = content.dimensions[0]
    assert demo.dimensions[first.id].importance == 4
    [(title, cell)] = [(t, c) for t, c in rows.items() if t.startswith(f"1. {first.title(lang)}")]
    assert cell == f"4/5 {words}"
    # every row whose importance was given says it in the content's words, none with a bare number
    scale = content.importance_scale
    expected = {f"{v}/5 {scale.label(v, lang)}" for v in (1, 2, 3, 4, 5)}
    assert len(rows) == len(content.dimensions) and set(rows.values()) <= expected | {"–"}
