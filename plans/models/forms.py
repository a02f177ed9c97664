"""Admin forms of the plan pages — plans (their evaluation scale and indicator grades) and the
pages inside a plan — and of indicators."""

from __future__ import annotations

from collections.abc import Iterable

from django import forms
from django.db.models import UniqueConstraint
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail.admin.forms import WagtailAdminModelForm, WagtailAdminPageForm

from ..scales import NOT_ASSESSED_LABEL, Scale, label_key, scale_of
from ..slugs import filled_in_for_the_editor, free_slug, numbered_slug_base, sibling_slugs
from ..vocabularies import ProgressStatus

# Messages that name the value the editor typed; other constraints use their own message.
VALUE_MESSAGES = {
    "number": gettext_lazy("この計画には番号「%(value)s」がすでにあります。別の番号にしてください。"),
}
# The same, when the page that has the value is a draft nobody has published: most often the
# editor's own abandoned attempt, autosaved by the page editor.
DRAFT_MESSAGES = {
    "number": gettext_lazy(
        "番号「%(value)s」の下書きがあります（最終更新：%(updated)s）。下書きを開いて続けるか、削除してください。"
    ),
}


class PlanMemberPageForm(WagtailAdminPageForm):
    """The page editor's form for measures, items and reports.

    Reports a value already used in the same plan (a number, a management number, a report
    year) as an error on the field, before the database would refuse it. The checks are read
    from the model's unique constraints that include ``plan``, so a new constraint is checked
    here without further code. Wagtail saves drafts without running the model's own
    constraint validation, and ``plan`` is not a form field, so without this the database's
    refusal would surface as a server error. When the page that has the value is an
    unpublished draft, the error says so and links to it.

    Gives a measure or an item the slug its number makes (``measure-2``, ``item-2-1``, as the
    plan-table importer does) as long as nobody chose the slug: while the page has never
    been published, a slug that is empty or was filled in from the title by the editor (or
    by this rule from an earlier number) is replaced. See :mod:`plans.slugs`.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.numbered_slug: str | None = None
        if self.slug_follows_number and "slug" in self.fields:
            # An empty slug is filled in by clean(): it need not be typed.
            self.fields["slug"].required = False

    @property
    def slug_follows_number(self) -> bool:
        page = self.instance
        prefix = getattr(type(page), "number_slug_prefix", None)
        return bool(prefix) and self.parent_page is not None and page.first_published_at is None

    def clean(self):
        if self.slug_follows_number and "slug" in self.fields and "slug" not in self.errors:
            self.numbered_slug = self.slug_from_number()
            if self.numbered_slug is not None:
                self.cleaned_data["slug"] = self.numbered_slug
        cleaned_data = super().clean()
        self.check_values_unique_in_plan(cleaned_data)
        return cleaned_data

    def slug_from_number(self) -> str | None:
        """The slug the number makes, free among the siblings; None when the slug was chosen."""
        page = self.instance
        prefix = type(page).number_slug_prefix
        slug = self.cleaned_data.get("slug") or ""
        title = self.cleaned_data.get("title") or ""
        number = self.cleaned_data.get("number") or ""
        # The page's values before this submission (those of its latest draft, when editing).
        earlier = [(page.number, page.title)] if page.pk else []
        bases = [numbered_slug_base(prefix, n, t) for n, t in [(number, title), *earlier]]
        if not filled_in_for_the_editor(slug, titles=[title, *(t for _n, t in earlier)], bases=bases):
            return None
        return free_slug(bases[0], sibling_slugs(self.parent_page, exclude=page.pk))

    def get_field_updates_for_resave(self):
        """After an autosave, the editor's slug field shows the slug given here, so that the
        next save sends it back rather than the one filled in from the title."""
        updates = super().get_field_updates_for_resave()
        if self.numbered_slug is not None and self.numbered_slug != self.data.get("slug"):
            updates.append(("slug", self.numbered_slug))
        return updates

    def check_values_unique_in_plan(self, cleaned_data) -> None:
        page = self.instance
        plan = page.plan_from_parent(self.parent_page) if self.parent_page else None
        if plan is None:
            return
        model = type(page)
        for constraint in model._meta.constraints:
            if not isinstance(constraint, UniqueConstraint) or "plan" not in constraint.fields:
                continue
            fields = [name for name in constraint.fields if name != "plan"]
            values = {name: cleaned_data.get(name) for name in fields}
            if any(value in (None, "") for value in values.values()):
                continue
            clash = model.objects.filter(plan=plan, **values).exclude(pk=page.pk).order_by("pk").first()
            if clash is None:
                continue
            for name in fields:
                message = constraint.violation_error_message
                if not clash.live and clash.first_published_at is None and name in DRAFT_MESSAGES:
                    message = draft_message(name, values[name], clash)
                elif name in VALUE_MESSAGES:
                    message = VALUE_MESSAGES[name] % {"value": values[name]}
                self.add_error(name if name in self.fields else None, message)


def draft_message(field: str, value, draft) -> str:
    """The clash with an unpublished draft, with links to continue it or delete it."""
    updated = draft.latest_revision_created_at
    text = DRAFT_MESSAGES[field] % {
        "value": value,
        "updated": formats.date_format(timezone.localtime(updated), "DATETIME_FORMAT") if updated else "—",
    }
    return format_html(
        '{} <a href="{}">{}</a> <a href="{}">{}</a>',
        text,
        reverse("wagtailadmin_pages:edit", args=[draft.pk]),
        _("下書き「%(title)s」を開く") % {"title": draft.draft_title or draft.title},
        reverse("wagtailadmin_pages:delete", args=[draft.pk]),
        _("下書きを削除する"),
    )


BASELINE_AFTER_TARGET_MESSAGE = gettext_lazy(
    "基準年度（%(baseline)s年度）が目標年度（%(target)s年度）より後になっています。"
)


def baseline_after_targets(baseline_year: int | None, target_years: Iterable[int | None]) -> str | None:
    """The message for a baseline year after a target year, or None when the years are in
    order. The indicator's model and its admin form both ask this."""
    if baseline_year is None:
        return None
    earlier = [year for year in target_years if year is not None and year < baseline_year]
    if not earlier:
        return None
    return BASELINE_AFTER_TARGET_MESSAGE % {"baseline": baseline_year, "target": min(earlier)}


def _rows(formset) -> list[tuple[forms.Form, dict]]:
    """The (form, cleaned data) of the rows of ``formset`` that are kept, validated or not."""
    if formset is None:
        return []
    rows = []
    for form in formset.forms:
        data = getattr(form, "cleaned_data", None)
        if data and not data.get("DELETE"):
            rows.append((form, data))
    return rows


class IndicatorGradeBandsFormMixin:
    """The plan editor's check of its indicator grade bands: each band a label and a lower
    threshold of its own, so that a rate names one band."""

    def indicator_bands_valid(self) -> bool:
        valid = True
        labels: set[str] = set()
        thresholds: set[int] = set()
        for form, data in _rows(self.formsets.get("indicator_grade_bands")):
            label, threshold = data.get("label"), data.get("threshold")
            if label and label_key(label) in labels:
                form.add_error(
                    "label",
                    _("表示名「%(label)s」が2つの段階で使われています。段階ごとに違う表示名にしてください。")
                    % {"label": label},
                )
                valid = False
            if threshold is not None and threshold in thresholds:
                form.add_error(
                    "threshold",
                    _("下限%(threshold)s％が2つの段階で使われています。段階ごとに違う下限にしてください。")
                    % {"threshold": threshold},
                )
                valid = False
            labels.add(label_key(label or ""))
            thresholds.add(threshold)
        return valid


# Evaluation scales -----------------------------------------------------------------------

NOTHING_TO_SAVE = gettext_lazy("状況か取組実績のどちらかを入力してください。")


class PlanPageForm(IndicatorGradeBandsFormMixin, WagtailAdminPageForm):
    """The plan editor's form: the levels of the plan's evaluation scale need labels that
    differ (compared as the importer reads them: 「Ａ」 and 「a」 are the same) and none may
    be 評価なし, which names a report without a status; the indicator grade bands need labels
    and thresholds that differ."""

    def is_valid(self):
        valid = super().is_valid()
        valid = self.indicator_bands_valid() and valid
        formset = self.formsets.get("evaluation_levels")
        if formset is None:
            return valid
        seen: set[str] = set()
        reserved = label_key(str(NOT_ASSESSED_LABEL))
        for form in formset.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE") or not data.get("label"):
                continue
            key = label_key(data["label"])
            if key == reserved:
                form.add_error(
                    "label",
                    _("「%(label)s」は状況のない報告を表す言葉のため、段階の表示名にはできません。")
                    % {"label": data["label"]},
                )
                valid = False
            elif key in seen:
                form.add_error(
                    "label",
                    _("表示名「%(label)s」が2つの段階で使われています。段階ごとに違う表示名にしてください。")
                    % {"label": data["label"]},
                )
                valid = False
            seen.add(key)
        return valid


def progress_row_form(base: type[forms.ModelForm], scale: Scale) -> type[forms.ModelForm]:
    """The form of one progress row of the item editor: the grade is chosen among the levels
    of the plan's scale (or 評価なし), and the status follows from the level chosen."""

    class ProgressRowForm(base):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            row = self.instance
            choices = [("", str(NOT_ASSESSED_LABEL)), *scale.choices()]
            current = scale.key_of(row.status, row.grade)
            if row.status and not current:
                # A status no level of the scale counts as (saved before the plan had its
                # scale): offered as it is, so that saving the page does not drop it.
                current = row.status
                choices.append((row.status, ProgressStatus(row.status).label))
            self.fields["grade"] = forms.ChoiceField(
                label=_("評価"),
                choices=choices,
                required=False,
                help_text=_("「評価なし」は、状況をつけずに取組実績だけを報告するときに選びます。"),
            )
            self.initial["grade"] = current

        def clean(self):
            data = super().clean()
            grade = data.get("grade") or ""
            level = scale.level(grade)
            if level is not None:
                self.instance.status = level.status
            elif grade in ProgressStatus.values:
                self.instance.status, data["grade"] = grade, ""
            else:
                self.instance.status, data["grade"] = "", ""
            if (
                not self.instance.status
                and not (data.get("narrative") or "").strip()
                and not data.get("DELETE")
            ):
                self.add_error("grade", NOTHING_TO_SAVE)
            return data

    return ProgressRowForm


class ActionItemPageForm(PlanMemberPageForm):
    """The item editor's form: progress rows are graded with the plan's evaluation scale."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        formset = self.formsets.get("progress")
        if formset is not None:
            page = self.instance
            plan = page.plan or (page.plan_from_parent(self.parent_page) if self.parent_page else None)
            formset.form = progress_row_form(formset.form, scale_of(plan))


def constraint_message(model, default):
    """A formset's message for rows that repeat a value the model holds unique: the message
    of the model's constraint (「同じ年度の実績値が2つあります。」) rather than Django's, which
    names the fields by their code names (「indicator と fiscal_year の重複したデータ…」)."""

    def message(unique_check) -> str:
        for constraint in model._meta.constraints:
            if isinstance(constraint, UniqueConstraint) and set(constraint.fields) == set(unique_check):
                return str(constraint.violation_error_message)
        return default(unique_check)

    return message


class IndicatorForm(WagtailAdminModelForm):
    """The indicator editor's form (指標).

    The plan is chosen among the plans of the indicator's language; the measures and items
    must be that plan's. Checked before the database would refuse them, each with a
    message in Japanese: an indicator ID the plan has already (``locale`` is not a form field,
    so Django's own check leaves that constraint out), a fiscal year given twice among the
    targets or the values (the constraints' own messages), a baseline year after a target
    year, a measure or an item of another plan."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The page models use these forms: a module-level import would be circular.
        from .pages import PlanPage

        field = self.fields.get("plan")
        if field is not None and self.instance.locale_id:
            field.queryset = PlanPage.objects.filter(locale_id=self.instance.locale_id).order_by("path")
        for formset in self.formsets.values():
            formset.get_unique_error_message = constraint_message(
                formset.model, formset.get_unique_error_message
            )

    def is_valid(self):
        valid = super().is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        plan = cleaned.get("plan")
        target_years = [data.get("fiscal_year") for _form, data in _rows(self.formsets.get("targets"))]
        message = baseline_after_targets(cleaned.get("baseline_year"), target_years)
        if message and "baseline_year" not in self.errors:
            self.add_error("baseline_year", message)
            valid = False
        code = cleaned.get("code")
        if plan is not None and code and "code" not in self.errors:
            indicator = self.instance
            others = type(indicator).objects.filter(plan=plan, locale_id=indicator.locale_id, code=code)
            if others.exclude(pk=indicator.pk).exists():
                self.add_error("code", _("この計画には同じ指標IDがすでにあります。"))
                valid = False
        if plan is not None:
            for relation, field, wrong in (
                ("measure_links", "measure", _("「%(title)s」はこの計画の施策ではありません。")),
                ("item_links", "item", _("「%(title)s」はこの計画の事業ではありません。")),
            ):
                for form, data in _rows(self.formsets.get(relation)):
                    page = data.get(field)
                    if page is not None and page.plan_id != plan.pk:
                        form.add_error(field, wrong % {"title": page.title})
                        valid = False
        return valid
