"""Every chart m2w draws, as SVG strings, and the one level palette. Pure.

The SVG is placed inline in the HTML (no file, no request) and WeasyPrint draws it as vectors.
Every text that goes in is escaped here, so callers may pass user or content text. Each chart has
role="img", a <title> and a <desc> that says every value in words (the caller writes them, in the
document's language), for screen readers and for anyone who cannot read colours; the documents
also print the same numbers in a table. Percents on the charts follow format.percent.

- radar.py: the report's radar of the sustainability dimensions (with an earlier assessment);
- bars.py: horizontal percentage bars (quality components; a radar with fewer than three axes);
- timeline.py: scores over several assessments, and the per-dimension sparkline;
- distribution.py: the portfolio's box plots per dimension, on the level bands;
- change.py: the portfolio's mean change per dimension since the previous assessment;
- palette.py: the colours of the four levels, shared by the report, the portfolio and the XLSX.
"""

from m2w_tool.charts.bars import BarRow, bars_svg
from m2w_tool.charts.change import ChangeRow, change_svg
from m2w_tool.charts.distribution import BoxRow, LevelBand, distribution_svg
from m2w_tool.charts.palette import LEVEL_PALETTE, LevelColours, contrast_ratio, level_colours, level_css
from m2w_tool.charts.radar import RadarPoint, radar_svg
from m2w_tool.charts.svg import wrap
from m2w_tool.charts.timeline import SERIES_STYLE, TimelineSeries, sparkline_svg, timeline_svg

__all__ = [
    "LEVEL_PALETTE",
    "SERIES_STYLE",
    "BarRow",
    "BoxRow",
    "ChangeRow",
    "LevelBand",
    "LevelColours",
    "RadarPoint",
    "TimelineSeries",
    "bars_svg",
    "change_svg",
    "contrast_ratio",
    "distribution_svg",
    "level_colours",
    "level_css",
    "radar_svg",
    "sparkline_svg",
    "timeline_svg",
    "wrap",
]
