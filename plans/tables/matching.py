"""Which stored page each row of the table is: the matching stage of the dry run.

Measures are found by their number, else their title; items by their 管理番号, else their
番号, else their title (the same measure's first); 再掲 rows link an item listed under
another measure; departments by any of their names. Each match, or each new page, becomes
part of the plan of changes (:class:`~.changes.ImportState`), and every conflict (two rows
for one item, a number another page uses, an ambiguous department) an error in the report.
What would change on the pages found is decided next, by :func:`.changes.compare`.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from ..models import ActionItemPage, Department
from ..models.snippets import normalise_name
from .changes import ImportState, ItemPlan, MeasurePlan, NewDepartment
from .headers import HeaderMap
from .report import ImportReport
from .stored import StoredPlan
from .text import title_key


def match_rows(
    parsed_rows: list[dict], state: ImportState, stored: StoredPlan, headers: HeaderMap, report: ImportReport
) -> None:
    """Match every row with a stored measure and item (or plan a new one) into ``state``,
    then check that numbers stay unique in the plan."""
    matcher = _Matcher(state, stored, headers, report)
    matcher.plan_measures(parsed_rows)
    matcher.plan_items(parsed_rows)
    matcher.check_numbers()


class _Matcher:
    def __init__(self, state: ImportState, stored: StoredPlan, headers: HeaderMap, report: ImportReport):
        self.state = state
        self.stored = stored
        self.headers = headers
        self.report = report

    # Measures -----------------------------------------------------------------------

    def plan_measures(self, parsed_rows: list[dict]) -> None:
        report = self.report
        by_key: dict[tuple[str, str], MeasurePlan] = {}
        claimed: set[int] = set()
        for data in parsed_rows:
            if "measure_title" not in data:
                continue
            number, title = data["measure_number"], data["measure_title"]
            key = ("number", number) if number else ("title", title_key(title))
            measure = by_key.get(key)
            if measure is None:
                page = None
                if number:
                    page = self.stored.measures_by_number.get(number)
                    if page is None and title:
                        candidates = [
                            candidate
                            for candidate in self.stored.measures_by_title.get(title_key(title), [])
                            if not candidate.number and candidate.pk not in claimed
                        ]
                        page = candidates[0] if candidates else None
                else:
                    candidates = [
                        candidate
                        for candidate in self.stored.measures_by_title.get(title_key(title), [])
                        if candidate.pk not in claimed
                    ]
                    page = candidates[0] if candidates else None
                if not title:
                    if page is None:
                        report.error(
                            _("施策番号「%(number)s」の施策名がありません。") % {"number": number},
                            row=data["row"],
                            column=self.headers.header("measure"),
                        )
                        data["ok"] = False
                        continue
                    title = page.title
                if page is not None:
                    claimed.add(page.pk)
                measure = MeasurePlan(key=key, row=data["row"], title=title, number=number, page=page)
                by_key[key] = measure
                self.state.measures.append(measure)
            elif title and title_key(title) != title_key(measure.title):
                report.error(
                    _("施策番号「%(number)s」の施策名が%(row)s行目（「%(title)s」）と違います。")
                    % {"number": number, "row": measure.row, "title": measure.title},
                    row=data["row"],
                    column=self.headers.header("measure"),
                )
                data["ok"] = False
            for attribute, key_name in (("area", "area"), ("description", "measure_description")):
                value = data["area"] if attribute == "area" else data["measure_description"]
                if value is None:
                    continue
                current = getattr(measure, attribute)
                if current is None or (not current and value):
                    setattr(measure, attribute, value)
                elif value and title_key(value) != title_key(current):
                    report.error(
                        _("同じ施策の%(column)sが%(row)s行目と違います。")
                        % {"column": self.headers.header(key_name), "row": measure.row},
                        row=data["row"],
                        column=self.headers.header(key_name),
                    )
                    data["ok"] = False
            data["measure"] = measure

    # Items --------------------------------------------------------------------------

    def find_item(self, external_id: str, number: str, title: str, *, claimed: set[int], measure=None):
        if external_id:
            page = self.stored.items_by_external_id.get(external_id)
            if page is not None:
                return page
        if number:
            page = self.stored.items_by_number.get(number)
            if page is not None and (not external_id or not page.external_id):
                return page
        candidates = [
            page
            for page in self.stored.items_by_title.get(title_key(title), [])
            if page.pk not in claimed
            and (not external_id or not page.external_id)
            and (not number or not page.number)
        ]
        if measure is not None and measure.page is not None:
            candidates.sort(key=lambda page: page.measure_id != measure.page.pk)
        return candidates[0] if candidates else None

    def relisted_by_title(self, data: dict, measure, planned_new: list, claimed: dict) -> ItemPlan | None:
        """A 再掲 row whose number or reference ID matches nothing: re-listed rows often carry
        a number of their own, so the original is looked for by title too (first among the
        file's new items, then among the plan's items under other measures)."""
        key = title_key(data["item_title"])
        target = next((item for item in planned_new if item.key_values()[2] == key), None)
        if target is None:
            others = [
                page
                for page in self.stored.items_by_title.get(key, [])
                if measure.page is None or page.measure_id != measure.page.pk
            ]
            if others:
                page = others[0]
                target = claimed.get(page.pk) or self.new_item_plan(data, page, link_only=True)
                claimed[page.pk] = target
        if target is not None:
            self.report.info(
                _("番号・管理番号が一致しないため、事業名で再掲の元の事業を見つけました。"),
                row=data["row"],
                column=self.headers.header("item"),
            )
        return target

    def plan_items(self, parsed_rows: list[dict]) -> None:
        report = self.report
        claimed: dict[int, ItemPlan] = {}
        numbers: dict[str, int] = {}
        external_ids: dict[str, int] = {}
        item_rows = [data for data in parsed_rows if data.get("item") and "measure" in data]
        for data in item_rows:
            if data["relisted"]:
                continue
            fields = data["fields"]
            for name, seen, label in (
                ("number", numbers, "item_number"),
                ("external_id", external_ids, "external_id"),
            ):
                value = fields.get(name)
                if not value:
                    continue
                if value in seen:
                    report.error(
                        _("「%(value)s」は%(row)s行目と重複しています。")
                        % {"value": value, "row": seen[value]},
                        row=data["row"],
                        column=self.headers.header(label),
                    )
                    data["ok"] = False
                else:
                    seen[value] = data["row"]
            page = self.find_item(
                fields.get("external_id", ""),
                fields.get("number", ""),
                data["item_title"],
                claimed=set(claimed),
                measure=data["measure"],
            )
            if page is not None and page.pk in claimed:
                report.error(
                    _("%(row)s行目と同じ事業です（「%(title)s」）。")
                    % {"row": claimed[page.pk].row, "title": page.title},
                    row=data["row"],
                    column=self.headers.header("item"),
                )
                data["ok"] = False
                continue
            item = self.new_item_plan(data, page)
            if page is not None:
                claimed[page.pk] = item
                if data["measure"].page is None or page.measure_id != data["measure"].page.pk:
                    report.warning(
                        _(
                            "この事業は別の施策の下にあります。施策の移動はしません"
                            "（移すときは管理画面でページを移動してください）。"
                        ),
                        row=data["row"],
                        column=self.headers.header("measure"),
                    )
        planned_new = [item for item in self.state.items if item.page is None]
        relisted_rows = []
        for data in item_rows:
            if not data["relisted"]:
                continue
            fields, measure = data["fields"], data["measure"]
            page = self.find_item(
                fields.get("external_id", ""),
                fields.get("number", ""),
                data["item_title"],
                claimed=set(),
                measure=measure,
            )
            home_here = page is not None and measure.page is not None and page.measure_id == measure.page.pk
            relisted_rows.append((not home_here, data, page))
        # An item's own row (a 再掲 item with no original elsewhere) before the rows linking it.
        relisted_rows.sort(key=lambda entry: entry[0])
        for _linking, data, page in relisted_rows:
            fields, measure = data["fields"], data["measure"]
            external_id, number = fields.get("external_id", ""), fields.get("number", "")
            target: ItemPlan | None = None
            if page is not None:
                target = claimed.get(page.pk)
                home_here = measure.page is not None and page.measure_id == measure.page.pk
                if target is None and home_here:
                    item = self.new_item_plan(data, page)
                    claimed[page.pk] = item
                    continue
                if target is None:
                    target = self.new_item_plan(data, page, link_only=True)
                    claimed[page.pk] = target
            else:
                for item in planned_new:
                    ext, num, key = item.key_values()
                    if (
                        (external_id and ext == external_id)
                        or (number and num == number)
                        or (not external_id and not number and key == title_key(data["item_title"]))
                    ):
                        target = item
                        break
            if target is None and page is None and (external_id or number):
                target = self.relisted_by_title(data, measure, planned_new, claimed)
            if target is None:
                item = self.new_item_plan(data, None)
                planned_new.append(item)
                report.warning(
                    _(
                        "再掲の元になる事業がこの計画に見つからないため、この施策の事業として作成します"
                        "（再掲の印は残します）。"
                    ),
                    row=data["row"],
                    column=self.headers.header("item"),
                )
                continue
            if target.measure is measure:
                report.warning(
                    _("再掲の元の事業と同じ施策に再掲されているため、この行は読み飛ばします。"),
                    row=data["row"],
                    column=self.headers.header("item"),
                )
                data["skipped"] = True
                continue
            if measure not in target.relist_to:
                target.relist_to.append(measure)
            data["link"] = target
        self.state.items.sort(key=lambda item: item.row)

    def new_item_plan(self, data: dict, page, *, link_only: bool = False) -> ItemPlan:
        item = ItemPlan(row=data["row"], measure=data["measure"], title=data["item_title"], page=page)
        if link_only:
            item.title = page.title
            item.measure = None
            item.link_only = True
        else:
            item.fields = dict(data["fields"])
            item.description = data["description"]
            item.departments = self.resolve_departments(data)
            item.schedule = data["schedule"]
            item.progress = data["progress"]
            data["own"] = item
        self.state.items.append(item)
        return item

    def resolve_departments(self, data: dict):
        names = data.get("departments")
        if names is None:
            return None
        resolved = []
        seen: set[str] = set()
        for name in names:
            key = normalise_name(name)
            if key in seen:
                self.report.warning(
                    _("部署「%(name)s」が2回書かれています。1回として読みます。") % {"name": name},
                    row=data["row"],
                    column=self.headers.header("departments"),
                )
                continue
            seen.add(key)
            matches = self.stored.departments.get(key, [])
            if len(matches) > 1:
                self.report.error(
                    _("「%(name)s」に当たる部署が複数あります（%(names)s）。局名を付けて書いてください。")
                    % {"name": name, "names": "、".join(match.full_name for match in matches)},
                    row=data["row"],
                    column=self.headers.header("departments"),
                )
                data["ok"] = False
                continue
            if matches:
                resolved.append(matches[0])
                continue
            if len(name) > Department._meta.get_field("name").max_length:
                self.report.error(
                    _("部署名「%(name)s」が長すぎます。") % {"name": name},
                    row=data["row"],
                    column=self.headers.header("departments"),
                )
                data["ok"] = False
                continue
            new = self.state.new_departments.setdefault(key, NewDepartment(name))
            new.rows.append(data["row"])
            resolved.append(new)
        return resolved

    def check_numbers(self) -> None:
        """Numbers and management numbers stay unique in the plan after the import."""
        for name, label in (("number", "item_number"), ("external_id", "external_id")):
            owners: dict[str, ItemPlan | ActionItemPage] = {}
            planned = {item.page.pk: item for item in self.state.items if item.page is not None}
            for page in self.stored.items:
                if page.pk in planned:
                    continue
                value = getattr(page, name)
                if value:
                    owners[value] = page
            for item in self.state.items:
                if item.link_only:
                    continue
                value = item.fields.get(name, getattr(item.page, name) if item.page else "")
                if not value:
                    continue
                other = owners.get(value)
                if isinstance(other, ActionItemPage):
                    self.report.error(
                        _("「%(value)s」はこの計画の別の事業「%(title)s」が使っています。")
                        % {"value": value, "title": other.title},
                        row=item.row,
                        column=self.headers.header(label),
                    )
                owners[value] = item
        measure_owners = {
            page.number: page
            for page in self.stored.measures
            if page.number and page.pk not in {m.page.pk for m in self.state.measures if m.page}
        }
        for measure in self.state.measures:
            if measure.number and measure.number in measure_owners:
                self.report.error(
                    _("施策番号「%(value)s」はこの計画の別の施策「%(title)s」が使っています。")
                    % {"value": measure.number, "title": measure_owners[measure.number].title},
                    row=measure.row,
                    column=self.headers.header("measure_number"),
                )
