"""The reflection report: its model, the builder, the extra sections and the action plan as CSV.

- model.py: the documented model the templates see (frozen dataclasses, nothing else);
- build.py: `build_report`, cut into one builder per part (with dimensions.py and summary.py);
- actions.py: the action plan by date with each action's status, next steps, the previous round's actions;
- sections/: chapters a report gets only sometimes (history, group), each an `ExtraSection`;
- plan_csv.py: the action plan as CSV for a spreadsheet.

What callers use is importable from here: `from m2w_tool.report import build_report, report_stem`.
To add a section, pass an `ExtraSection` to `build_report(extra_sections=...)`: it names a template
partial and the data it shows, gets a heading, an anchor, a line in the table of contents and a
PDF bookmark.
"""

from m2w_tool.format import signed_points
from m2w_tool.report.actions import RECOMMENDATIONS_PER_PRIORITY, STATUS_LABELS, due_of
from m2w_tool.report.build import HOW_TO_READ, build_report, report_stem
from m2w_tool.report.dimensions import MODULE_INTROS
from m2w_tool.report.inputs import add_months, format_date, parse_day, pct
from m2w_tool.report.model import (
    ActionView,
    AnswerView,
    AppendixRow,
    CapitalView,
    Cover,
    DeeperLook,
    DimensionView,
    Disagreement,
    ExtraSection,
    FollowUp,
    GroupSection,
    HistoryRow,
    HistorySection,
    LevelView,
    MethodView,
    MinimumView,
    ModuleView,
    NextStep,
    Priority,
    RecommendationView,
    ReflectionView,
    Report,
    RespondentNotes,
    Summary,
    TocEntry,
    UnknownAnswer,
)
from m2w_tool.report.plan_csv import action_plan_csv
from m2w_tool.report.sections.group import group_section, group_view
from m2w_tool.report.sections.history import history_section, history_view
from m2w_tool.report.summary import CAPITAL_MARKS, TOP

__all__ = [
    "CAPITAL_MARKS",
    "HOW_TO_READ",
    "MODULE_INTROS",
    "RECOMMENDATIONS_PER_PRIORITY",
    "STATUS_LABELS",
    "TOP",
    "ActionView",
    "AnswerView",
    "AppendixRow",
    "CapitalView",
    "Cover",
    "DeeperLook",
    "DimensionView",
    "Disagreement",
    "ExtraSection",
    "FollowUp",
    "GroupSection",
    "HistoryRow",
    "HistorySection",
    "LevelView",
    "MethodView",
    "MinimumView",
    "ModuleView",
    "NextStep",
    "Priority",
    "RecommendationView",
    "ReflectionView",
    "Report",
    "RespondentNotes",
    "Summary",
    "TocEntry",
    "UnknownAnswer",
    "action_plan_csv",
    "add_months",
    "build_report",
    "due_of",
    "format_date",
    "group_section",
    "group_view",
    "history_section",
    "history_view",
    "parse_day",
    "pct",
    "report_stem",
    "signed_points",
]
