"""The old and new value of every field an import changes, as the dry run shows them.

After :func:`.changes.compare` has decided which fields of which stored pages change,
:func:`describe_changes` writes each change as a :class:`~.report.FieldChange`: the value
stored now and the value after the import, both as short texts a person can check before
applying (long texts shortened with …, around the first difference; departments as names,
lead first; the schedule as 年度：段階; progress as 「status / narrative」). A value that
削除 clears also gets a warning naming the row and column, so that nothing is erased
without the report saying so.

Department names and the titles of re-listing measures are read in one query each,
whatever the number of changes.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from ..fiscal_years import wareki
from ..models import Department, MeasurePage
from ..scales import Scale
from ..vocabularies import ITEM_FLAG_FIELDS, Actor, Phase
from .headers import HeaderMap
from .report import FieldChange, ImportReport
from .stored import department_rows, progress_rows, relisted_measure_ids, schedule_rows
from .text import normalise_description, stream_to_description

if TYPE_CHECKING:
    from .changes import ImportState, ItemPlan, MeasurePlan

SHORT = 60  # characters: a longer text is shortened with …
CONTEXT = 15  # characters shown before the first difference of two long texts

# The column each field is written in (to name it in the warnings).
MEASURE_COLUMNS = {
    "title": "measure",
    "number": "measure_number",
    "area": "area",
    "description": "measure_description",
}
ITEM_COLUMNS = {
    "title": "item",
    "number": "item_number",
    "external_id": "external_id",
    "group": "group",
    "actor": "actor",
    "pickup_text": "pickup_text",
    "description": "description",
    "departments": "departments",
    **{name: code for code, name in ITEM_FLAG_FIELDS.items()},
}


def describe_changes(
    state: ImportState, headers: HeaderMap, report: ImportReport, *, label: Callable[[str], str]
) -> None:
    """Fill the ``diffs`` of every changed stored measure and item of ``state``, and warn
    about every value that 削除 clears. ``label`` names a field as the report does."""
    names = _Names(state)
    for measure in state.measures:
        if measure.page is None or not measure.values:
            continue
        measure.diffs = [
            _measure_change(measure, name, value, label) for name, value in measure.values.items()
        ]
        for change in measure.diffs:
            if change.cleared:
                _warn(report, change, measure.row, [headers.header(MEASURE_COLUMNS[change.field])])
    for item in state.items:
        if item.page is None or not item.changes:
            continue
        item.diffs = []
        for name in item.changes:
            change, columns = _item_change(item, name, names, headers, label, state.scale)
            item.diffs.append(change)
            if change.cleared:
                _warn(report, change, item.row, columns)
            elif name == "departments":
                _warn_dropped_departments(report, item, names, columns)


def _warn(report: ImportReport, change: FieldChange, row: int, columns: list[str]) -> None:
    report.warning(
        _("「削除」と書かれているため、%(label)sの登録済みの値を消します（%(old)s → %(new)s）。")
        % {"label": change.label, "old": change.old, "new": change.new},
        row=row,
        column="、".join(columns) or None,
    )


def _warn_dropped_departments(report: ImportReport, item: ItemPlan, names, columns: list[str]) -> None:
    """A 担当 cell that lists fewer departments than the item has takes the others off it: a
    department that writes only its own name would drop its partners without noticing."""
    kept = {department.name for department in item.departments}
    dropped = [
        name
        for name in (names.department(department_id) for department_id, _role in department_rows(item.page))
        if name and name not in kept
    ]
    if dropped:
        report.warning(
            _(
                "担当から「%(names)s」が外れます。外さないときは、担当の欄にすべての部署を書いてください"
                "（空欄なら担当は変わりません）。"
            )
            % {"names": "」「".join(dropped)},
            row=item.row,
            column="、".join(columns) or None,
        )


# Measures and items ------------------------------------------------------------------


def _measure_change(measure: MeasurePlan, name: str, value: str, label) -> FieldChange:
    page = measure.page
    if name == "description":
        old, new = stream_to_description(page.description), normalise_description(value)
    else:
        old, new = getattr(page, name), value
    shown_old, shown_new = shorten_pair(old, new)
    return FieldChange(name, label(name), shown_old, shown_new, cleared=bool(old) and not new)


def _item_change(
    item: ItemPlan, name: str, names: _Names, headers: HeaderMap, label, scale: Scale
) -> tuple[FieldChange, list[str]]:
    """The change of one field of an item, and the columns it was written in."""
    page = item.page
    if name == "departments":
        old = [names.department(department_id) for department_id, _role in department_rows(page)]
        new = [department.name for department in item.departments]
        change = FieldChange(name, label(name), _names(old), _names(new), cleared=bool(old) and not new)
        return change, [headers.header("departments")]
    if name == "schedule":
        return _schedule_change(item, headers, label)
    if name == "progress":
        return _progress_change(item, headers, label, scale)
    if name == "relistings":
        old = [names.measure(measure_id) for measure_id in relisted_measure_ids(page)]
        new = old + [measure.title for measure in item.relist_to if measure.title not in old]
        return FieldChange(name, label(name), _names(old), _names(new)), []
    if name in ITEM_FLAG_FIELDS.values():
        return FieldChange(name, label(name), _flag(getattr(page, name)), _flag(item.fields[name])), []
    if name == "actor":
        old, new = page.actor, item.fields["actor"]
        change = FieldChange(name, label(name), _actor(old), _actor(new), cleared=bool(old) and not new)
        return change, [headers.header("actor")]
    if name == "description":
        old, new = stream_to_description(page.description), normalise_description(item.description)
    elif name == "title":
        old, new = page.title, item.title
    else:
        old, new = getattr(page, name), item.fields[name]
    shown_old, shown_new = shorten_pair(old, new)
    change = FieldChange(name, label(name), shown_old, shown_new, cleared=bool(old) and not new)
    return change, [headers.header(ITEM_COLUMNS[name])]


def _schedule_change(item: ItemPlan, headers: HeaderMap, label) -> tuple[FieldChange, list[str]]:
    """The whole schedule before and after: the years of the file replace or remove theirs."""
    stored = schedule_rows(item.page)
    after = {year: value for year, value in stored.items() if year not in item.schedule}
    after.update({year: value for year, value in item.schedule.items() if value is not None})
    removed = [year for year, value in item.schedule.items() if value is None and year in stored]
    change = FieldChange(
        "schedule", label("schedule"), _schedule(stored), _schedule(after), cleared=bool(removed)
    )
    columns = [header for _index, parsed, header in headers.years if parsed.year in removed]
    return change, columns


def _progress_change(
    item: ItemPlan, headers: HeaderMap, label, scale: Scale
) -> tuple[FieldChange, list[str]]:
    """The status and narrative of the year before and after (a year with both empty after
    the import has no progress row), statuses in the words of the plan's scale."""
    year, level, narrative = item.progress
    existing = progress_rows(item.page).get(year)
    old_status, old_narrative = (existing.status, existing.narrative) if existing else ("", "")
    old_label = scale.label(existing.status, existing.grade) if old_status else ""
    new_narrative = narrative if narrative is not None else old_narrative
    old_text, new_text = shorten_pair(old_narrative, new_narrative)
    old_text, new_text = (old_text if old_narrative else ""), (new_text if new_narrative else "")
    columns = []
    if existing is not None and old_status and level == "":
        columns.append(headers.header("status"))
    if existing is not None and old_narrative and narrative == "":
        columns.append(headers.header("progress_note"))
    change = FieldChange(
        "progress",
        _("%(label)s（%(year)s）") % {"label": label("progress"), "year": wareki(year)},
        _progress(existing is not None, old_label, old_text),
        _progress(bool(level or new_narrative), str(level.label) if level else "", new_text),
        cleared=bool(columns),
    )
    return change, columns


class _Names:
    """The names of the stored departments and re-listing measures the changes mention."""

    def __init__(self, state: ImportState):
        changed = [item for item in state.items if item.page is not None and item.changes]
        department_ids = {
            department_id
            for item in changed
            if "departments" in item.changes
            for department_id, _role in department_rows(item.page)
        }
        measure_ids = {
            measure_id
            for item in changed
            if "relistings" in item.changes
            for measure_id in relisted_measure_ids(item.page)
        }
        self.departments = dict(Department.objects.filter(pk__in=department_ids).values_list("pk", "name"))
        self.measures = dict(MeasurePage.objects.filter(pk__in=measure_ids).values_list("pk", "title"))

    def department(self, department_id: int) -> str:
        return self.departments.get(department_id, "")

    def measure(self, measure_id: int) -> str:
        return self.measures.get(measure_id, "")


# Values as the report shows them ---------------------------------------------------------


def nothing() -> str:
    return _("（なし）")


def shorten_pair(old: str, new: str) -> tuple[str, str]:
    """Two texts as the report shows them: whole when short, else shortened with … to
    show where they first differ. Line breaks become spaces (or ⏎ when only they differ)."""
    old, new = _flat(old, new)
    if len(old) <= SHORT and len(new) <= SHORT:
        return old or nothing(), new or nothing()
    same = len(os.path.commonprefix([old, new]))
    start = same - CONTEXT if same > SHORT - CONTEXT else 0
    return _excerpt(old, start) or nothing(), _excerpt(new, start) or nothing()


def _flat(old: str, new: str) -> tuple[str, str]:
    flat_old, flat_new = " ".join(old.split()), " ".join(new.split())
    if flat_old == flat_new and old != new:
        return old.replace("\n", "⏎"), new.replace("\n", "⏎")
    return flat_old, flat_new


def _excerpt(text: str, start: int) -> str:
    if len(text) <= SHORT:
        return text
    start = min(start, len(text) - SHORT)
    before = "…" if start > 0 else ""
    after = "…" if start + SHORT < len(text) else ""
    return before + text[start : start + SHORT] + after


def _names(names: list[str]) -> str:
    return "、".join(names) or nothing()


def _flag(value: bool) -> str:
    return _("あり") if value else _("なし")


def _actor(code: str) -> str:
    return _choice(Actor, code) if code else nothing()


def _schedule(rows: dict[int, tuple[str, bool]]) -> str:
    """「令和6年度：実施、令和7年度以降：継続」"""
    parts = []
    for year, (phase, onwards) in sorted(rows.items()):
        when = _("%(year)s以降") % {"year": wareki(year)} if onwards else wareki(year)
        parts.append(f"{when}：{_choice(Phase, phase)}")
    return "、".join(parts) or nothing()


def _progress(present: bool, status_label: str, narrative: str) -> str:
    """「順調 / 公募委員を12人登用しました。」; 評価なし for a narrative without a status."""
    if not present:
        return nothing()
    shown_status = status_label or _("評価なし")
    return f"{shown_status} / {narrative}" if narrative else shown_status


def _choice(vocabulary, code: str) -> str:
    try:
        return str(vocabulary(code).label)
    except ValueError:
        return code
