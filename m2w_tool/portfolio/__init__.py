"""The portfolio: many initiatives side by side, for a funder or a network. Pure.

From a set of answers files it builds what the portfolio page and the exports show:

- one row per initiative (its latest assessment round; several respondents of that round are
  merged as a group, a file made with `m2w merge` is used as is; see history.occasions), with a
  score per dimension coloured by level;
- the distribution per dimension (minimum, quartiles, median, maximum) over the initiatives;
- the weak spots most initiatives share: dimensions where more than half of the initiatives with a
  score are below "established", each with its lowest-rated statement;
- a one-line summary per initiative, and the change since its previous assessment when the files
  hold one;
- which content versions the files were made with, and a warning when they differ;
- triage: the initiatives that need support first, each with its reasons in words (triage.py);
- the change since the previous assessment per initiative and per dimension across the portfolio,
  like with like across content versions (trends.py).

Anonymisation (`anonymise=True`, anonymise.py) replaces the names of initiatives, organisations
and respondents by codes (I-001, O-001, R-001) everywhere the model carries text, including inside
notes, reflections and actions.

- model.py: the documented model the template and the exports see;
- build.py: `build_portfolio` and its builders; initiatives.py: which files make one initiative;
- digest.py: one answers file as the portfolio keeps it (scored, compact); gather.py: the digests of
  a folder, made on all cores or taken from cache.py (SQLite, keyed by each file's bytes);
- triage.py, trends.py: who needs support first, and what changed;
- anonymise.py: `Names`, the codes.

A portfolio of 10,000 initiatives is read, scored and written in about a minute within 1 GB: each
file is kept as a digest (about 18 KB, not its answers and scores as objects), the tables are
streamed into the XLSX (m2w_tool/xlsx.py), and on paper a large portfolio shows its overview only
(model.PRINT_ROW_LIMIT).
"""

from m2w_tool.charts import LEVEL_PALETTE
from m2w_tool.portfolio.anonymise import NAME_PARTICLES, Names
from m2w_tool.portfolio.build import MAJORITY, WEAK_BELOW, WEAK_SPOTS_SHOWN, build_portfolio, level_cell, level_title
from m2w_tool.portfolio.initiatives import Initiative, collect_initiatives, portfolio_key
from m2w_tool.portfolio.model import Cell, Column, Distribution, LevelCount, Portfolio, Row, WeakSpot

# The level colours as (background, text) by level id (None: no score), for code that read them here;
# the palette itself lives in m2w_tool.charts.
LEVEL_COLOURS = {
    (None if key == "none" else key): (colours.background, colours.text) for key, colours in LEVEL_PALETTE.items()
}

__all__ = [
    "LEVEL_COLOURS",
    "MAJORITY",
    "NAME_PARTICLES",
    "WEAK_BELOW",
    "WEAK_SPOTS_SHOWN",
    "Cell",
    "Column",
    "Distribution",
    "Initiative",
    "LevelCount",
    "Names",
    "Portfolio",
    "Row",
    "WeakSpot",
    "build_portfolio",
    "collect_initiatives",
    "level_cell",
    "level_title",
    "portfolio_key",
]
