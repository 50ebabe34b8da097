"""Charts (pure SVG strings) and the report's extension point for extra sections."""

from __future__ import annotations

import re
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
    assert "<script>x</script>" in labels and "B & C(no score)" in labels
    assert "<script>" not in svg


def test_radar_baseline_is_dashed() -> None:
    points = [RadarPoint(str(i), 50.0, 25.0) for i in range(5)]
    root = parse(radar_svg(points, title="t", desc="d", legend=("now", "then")))
    polygons = root.findall(f".//{SVG}polygon")
    assert len(polygons) == 4 + 2  # four rings, baseline and current
    assert "stroke-dasharray" in polygons[-2].attrib  # the baseline is dashed, not only coloured


def test_radar_leaves_a_gap_where_a_dimension_has_no_score() -> None:
    """A missing score is no 0: the outline stops at its neighbours, nothing is drawn on its axis,
    and its label says so."""
    from m2w_tool.charts.radar import CX, CY

    values = [60.0, 70.0, None, 80.0, 50.0, None]
    root = parse(radar_svg([RadarPoint(f"d{i}", v) for i, v in enumerate(values)], title="t", desc="d", no_score="-"))
    lines = [[tuple(map(float, p.split(","))) for p in pl.get("points").split()] for pl in root.iter(f"{SVG}polyline")]
    assert len(lines) == 2 and sorted(len(line) for line in lines) == [2, 2]  # 0-1 and 3-4; 2 and 5 are gaps
    markers = [(float(c.get("cx")), float(c.get("cy"))) for c in root.iter(f"{SVG}circle")]
    assert len(markers) == 4
    # Nothing at the centre: the old chart drew a missing score as a dip to 0 there.
    assert all(abs(x - CX) + abs(y - CY) > 20 for x, y in markers + [p for line in lines for p in line])
    labels = ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]
    assert "d2(-)" in labels and "d5(-)" in labels and "d1" in labels


def test_radar_without_baseline_draws_one_polygon() -> None:
    svg = radar_svg([RadarPoint(str(i), 10.0 * i) for i in range(5)], title="t", desc="d")
    assert len(parse(svg).findall(f".//{SVG}polygon")) == 4 + 1


def test_bars_width_follows_the_percent() -> None:
    svg = bars_svg([BarRow("a", 50.0, "note"), BarRow("b", None)], title="t", desc="d", empty_text="none")
    root = parse(svg)
    bars = [r for r in root.iter(f"{SVG}rect") if r.get("fill") == "#1f4e79"]
    assert [float(b.get("width")) for b in bars] == [125.0]  # half of the 250-unit track; none for b
    texts = ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]
    assert "50%  note" in texts and "none" in texts


def test_wrap() -> None:
    assert wrap("Een helder doel dat iedereen deelt", 20) == ["Een helder doel dat", "iedereen deelt"]
    assert wrap("one two three four five six", 8, max_lines=2)[-1].endswith("…")


@pytest.fixture
def templates_with_extra(tmp_path):
    """A user's templates folder with one partial of its own; the rest comes from the packaged ones."""
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "_extra.html.j2").write_text(
        '<p class="extra-data">{{ section.data.intro }} {{ section.anchor }}</p>', encoding="utf-8"
    )
    return folder


def test_extra_section_is_rendered_where_asked(templates_with_extra) -> None:
    from m2w_tool.report import GroupSection

    content = load_content()
    answers = Answers(scope={"module": "sustainability", "only": ["d03"]})
    answers.answers = {f"d03-q{i}": Answer(4) for i in range(1, 7)}
    data = GroupSection(intro="<b>spread</b>", respondents=(), disagreements=(), notes=())
    extra = ExtraSection("group", "The group", "_extra.html.j2", data)
    report = build_report(content, answers, "en", report_date=date(2026, 11, 24), extra_sections=[extra])
    html = render.render_report_html(report, templates=templates_with_extra)
    assert '<section class="chapter extra" id="group"' in html
    assert '<p class="extra-data">&lt;b&gt;spread&lt;/b&gt; group</p>' in html
    assert html.index('id="group"') < html.index('id="appendix"') and html.index('id="action-plan"') < html.index(
        'id="group"'
    )
    assert '<a href="#group">The group</a>' in html


# --- the level palette ----------------------------------------------------------------------------

# Machado, Oliveira & Fernandes (2009), severity 1.0: how people with each colour-vision deficiency
# see an sRGB colour (applied to linear RGB).
CVD = {
    "deuteranopia": ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413), (-0.011820, 0.042940, 0.968881)),
    "protanopia": ((0.152286, 1.052583, -0.204868), (0.114503, 0.786281, 0.099216), (-0.003882, -0.048116, 1.051998)),
    "tritanopia": ((1.255528, -0.076749, -0.178779), (-0.078411, 0.930809, 0.147602), (0.004733, 0.691367, 0.303900)),
}


def _linear(hex_colour: str) -> list[float]:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    return [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]


def _lab(rgb: list[float]) -> tuple[float, float, float]:
    r, g, b = (min(1.0, max(0.0, c)) for c in rgb)
    xyz = (
        0.4124 * r + 0.3576 * g + 0.1805 * b,
        0.2126 * r + 0.7152 * g + 0.0722 * b,
        0.0193 * r + 0.1192 * g + 0.9505 * b,
    )
    f = [t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116 for t in (xyz[0] / 0.95047, xyz[1], xyz[2] / 1.08883)]
    return 116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])


def test_every_level_colour_keeps_text_readable() -> None:
    from m2w_tool.charts import LEVEL_PALETTE, contrast_ratio

    assert set(LEVEL_PALETTE) == {"beginning", "developing", "established", "strong", "none"}
    for level, colours in LEVEL_PALETTE.items():
        assert contrast_ratio(colours.text, colours.background) >= 4.5, level
    assert round(contrast_ratio("#ffffff", "#1a9641"), 1) == 3.8  # the old "strong" failed: white on green


@pytest.mark.parametrize("vision", ["normal", *CVD])
def test_levels_stay_distinct_for_colour_blind_readers(vision) -> None:
    import itertools
    import math

    from m2w_tool.charts import LEVEL_PALETTE

    def seen(hex_colour: str) -> tuple[float, float, float]:
        rgb = _linear(hex_colour)
        if vision != "normal":
            rgb = [sum(m * c for m, c in zip(row, rgb, strict=True)) for row in CVD[vision]]
        return _lab(rgb)

    colours = [seen(c.background) for c in LEVEL_PALETTE.values()]
    closest = min(math.dist(a, b) for a, b in itertools.combinations(colours, 2))
    assert closest >= 15, closest  # CIE76 distance: clearly different fills side by side


def test_report_portfolio_and_xlsx_share_the_palette() -> None:
    from m2w_tool.charts import LEVEL_PALETTE, level_css

    css = level_css()
    for level, colours in LEVEL_PALETTE.items():
        assert f".lvl-{level} {{ background: {colours.background}; color: {colours.text};" in css
    for name in ("report.css", "portfolio.html.j2", "portfolio.css"):
        path = templates_dir() / name
        if path.is_file():  # no level colour of their own: only the shared rules
            assert not re.search(
                r"\.lvl-(beginning|developing|established|strong|none)\s*\{[^}]*background", path.read_text()
            )


def test_distribution_boxes_sit_at_their_quartiles() -> None:
    from m2w_tool.charts import BoxRow, LevelBand, distribution_svg

    svg = distribution_svg(
        [BoxRow("d01  <Probleem>", 0.0, 25.0, 50.0, 75.0, 100.0), BoxRow("d02", None, None, None, None, None)],
        [LevelBand("beginning", "Beginnend", 0, 40), LevelBand("strong", "Sterk", 80, 100)],
        title="Spreiding",
        desc="d01 0, 25, 50, 75, 100",
    )
    root = parse(svg)
    boxes = [r for r in root.iter(f"{SVG}rect") if r.get("fill") == "#ffffff"]
    from m2w_tool.charts.distribution import LABEL_W

    assert [(float(b.get("x")), float(b.get("width"))) for b in boxes] == [(LABEL_W + 95, 190)]  # one box: d02 has none
    sizes = {float(t.get("font-size") or 10) for t in root.iter(f"{SVG}text")}
    assert min(sizes) >= 10  # 7.5 pt or more when printed at its size
    bands = [r.get("fill") for r in root.iter(f"{SVG}rect") if r.get("fill-opacity")]
    assert bands == ["#b2182b", "#2166ac"]
    assert "d01  <Probleem>" in ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]


def test_change_chart_draws_each_sign_and_leaves_a_gap_without_a_change() -> None:
    from m2w_tool.charts import ChangeRow, change_svg
    from m2w_tool.charts.change import BAR_W, HALF_W, LABEL_W

    svg = change_svg(
        [ChangeRow("d01  Up", 6.0, "+6", "n = 3"), ChangeRow("d02  Down", -20.0, "−20", "n = 2"),
         ChangeRow("d03", None, "–", "n = 0")],
        title="Verschil", desc="d01 +6, d02 −20, d03 –", axis_label="punten",
    )  # fmt: skip
    root = parse(svg)
    bars = [r for r in root.iter(f"{SVG}rect")]
    zero = LABEL_W + HALF_W
    assert len(bars) == 2  # none for d03
    assert float(bars[0].get("x")) == zero and float(bars[1].get("x")) + float(bars[1].get("width")) == zero
    assert float(bars[1].get("width")) == BAR_W  # the longest change reaches the end of the axis
    texts = ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]
    assert {"+6", "–", "n = 3", "+20"} <= set(texts) and texts.count("−20") == 2  # a tick and a bar
    assert min(float(t.get("font-size")) for t in root.iter(f"{SVG}text")) >= 10


def test_the_change_chart_keeps_room_for_the_number_of_the_longest_bar() -> None:
    """A change as large as the axis still has its number before the note column, not on top of it."""
    import re

    from m2w_tool.charts.change import ChangeRow, change_svg

    rows = [ChangeRow("d10 Employers", 10.0, "+10", "n = 30"), ChangeRow("d11 Revenue", -12.0, "\u221212", "n = 30")]
    svg = change_svg(rows, title="t", desc="d", axis_label="points")
    texts = {m[2]: float(m[0]) for m in re.findall(r'<text x="([\d.]+)" y="([\d.]+)"[^>]*>([^<]*)</text>', svg)}
    note_x = texts["n = 30"]
    assert texts["+10"] + 4 * 7 < note_x  # four characters of 10 px text fit before the note
    assert "+15" in texts  # the axis ends on a round number above the largest change
