from .generation import ContentGeneration
from .imports import PlanImport
from .indicators import (
    Indicator,
    IndicatorGradeBand,
    IndicatorItem,
    IndicatorMeasure,
    IndicatorTarget,
    IndicatorValue,
)
from .pages import (
    ActionItemPage,
    GlossaryPage,
    GuidelineIndexPage,
    GuidelinePage,
    MeasurePage,
    PlanIndexPage,
    PlanPage,
    ProgressReportPage,
)
from .rounds import FrozenProgress, FrozenProgressRow, ReportingRound, RoundReminder
from .rows import (
    ActionItemDepartment,
    EvaluationLevel,
    PlanDocument,
    ProgressRow,
    Relisting,
    ScheduleRow,
)
from .snippets import Department, GlossaryTerm

__all__ = [
    "ActionItemDepartment",
    "ActionItemPage",
    "ContentGeneration",
    "Department",
    "EvaluationLevel",
    "FrozenProgress",
    "FrozenProgressRow",
    "GlossaryPage",
    "GlossaryTerm",
    "GuidelineIndexPage",
    "GuidelinePage",
    "Indicator",
    "IndicatorGradeBand",
    "IndicatorItem",
    "IndicatorMeasure",
    "IndicatorTarget",
    "IndicatorValue",
    "MeasurePage",
    "PlanDocument",
    "PlanImport",
    "PlanIndexPage",
    "PlanPage",
    "ProgressReportPage",
    "ProgressRow",
    "Relisting",
    "ReportingRound",
    "RoundReminder",
    "ScheduleRow",
]
