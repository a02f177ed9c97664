from .imports import PlanImport
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
from .rows import ActionItemDepartment, PlanDocument, ProgressRow, Relisting, ScheduleRow
from .snippets import Department, GlossaryTerm

__all__ = [
    "ActionItemDepartment",
    "ActionItemPage",
    "Department",
    "GlossaryPage",
    "GlossaryTerm",
    "GuidelineIndexPage",
    "GuidelinePage",
    "MeasurePage",
    "PlanDocument",
    "PlanImport",
    "PlanIndexPage",
    "PlanPage",
    "ProgressReportPage",
    "ProgressRow",
    "Relisting",
    "ScheduleRow",
]
