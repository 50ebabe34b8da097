"""Charts (pure SVG strings) and the report's extension point for extra sections."""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET
from datetime import date

import pytest

from m2w_tool import render
from m2w_tool.answers import Answer, Answers
from m2w_tool.charts import BarRow, RadarPoint, bars_svg, radar_svg, wrap
from m2w_tool.content import load_content
from m2w_tool.report import ExtraSection, build_report
from m2w_tool.resources import templates_dir

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ET.Element:
    # Inline SVG in HTML needs no namespace; add it only to parse the string as XML here.
    return ET.fromstring(svg.replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1))


def test_radar_is_accessible_and_escapes_labels() -> None:
    points = [RadarPoint("<script>x</script>", 50.0, 25.0), RadarPoint("B & C", None), RadarPoint("D", 100.0)]
    svg = radar_svg(points, title="Scores <1>", desc="all & more", legend=("now", "then"))
    root = parse(svg)
    assert root.get("role") == "img"
    assert root.find(f"{SVG}title").text == "Scores <1>" and root.find(f"{SVG}desc").text == "all & more"
    labels = ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]
    assert "<script>x</script>" in labels and "B & C" in labels
    assert "<script>" not in svg
    polygons = root.findall(f".//{SVG}polygon")
    assert len(polygons) == 4 + 2  # four rings, baseline and current
    assert "stroke-dasharray" in polygons[-2].attrib  # the baseline is dashed, not only coloured


def test_radar_without_baseline_draws_one_polygon() -> None:
    svg = radar_svg([RadarPoint(str(i), 10.0 * i) for i in range(5)], title="t", desc="d")
    assert len(parse(svg).findall(f".//{SVG}polygon")) == 4 + 1


def test_bars_width_follows_the_percent() -> None:
    svg = bars_svg([BarRow("a", 50.0, "note"), BarRow("b", None)], title="t", desc="d", empty_text="none")
    root = parse(svg)
    bars = [r for r in root.iter(f"{SVG}rect") if r.get("fill") == "#1f4e79"]
    assert [float(b.get("width")) for b in bars] == [130.0]  # half of the 260-unit track; none for b
    texts = ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]
    assert "50%  note" in texts and "none" in texts


def test_wrap() -> None:
    assert wrap("Een helder doel dat iedereen deelt", 20) == ["Een helder doel dat", "iedereen deelt"]
    assert wrap("one two three four five six", 8, max_lines=2)[-1].endswith("…")


@pytest.fixture
def templates_with_extra(tmp_path, monkeypatch):
    folder = tmp_path / "templates"
    shutil.copytree(templates_dir(), folder)
    (folder / "_extra.html.j2").write_text(
        '<p class="extra-data">{{ data.words }} {{ section.anchor }}</p>', encoding="utf-8"
    )
    monkeypatch.setattr(render, "templates_dir", lambda: folder)
    render._environment.cache_clear()
    yield folder
    render._environment.cache_clear()


def test_extra_section_is_rendered_where_asked(templates_with_extra) -> None:
    content = load_content()
    answers = Answers(scope={"module": "sustainability", "only": ["d03"]})
    answers.answers = {f"d03-q{i}": Answer(4) for i in range(1, 7)}
    report = build_report(content, answers, "en", report_date=date(2026, 11, 24))
    report.extra_sections.append(ExtraSection("group", "The group", "_extra.html.j2", {"words": "<b>spread</b>"}))
    html = render.render_report_html(report)
    assert '<section class="chapter extra" id="group"' in html
    assert '<p class="extra-data">&lt;b&gt;spread&lt;/b&gt; group</p>' in html
    assert (
        html.index('id="group"') < html.index('id="appendix"')
        and html.index('id="action-plan"') < html.index('id="group"')
    )
    assert '<a href="#group">The group</a>' in html
