"""Admin registration: snippet listings with search, filters and export; the explorer's
order of measures and items."""

import re
import unicodedata

from django.db.models import Case, IntegerField, Value, When
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

import django_filters

from .admin_views import urls as admin_views_urls
from .admin_views.dashboard import homepage_panels
from .admin_views.department_chooser import DepartmentChooserViewSet
from .admin_views.imports import can_create_under, can_import
from .admin_views.rounds import can_manage_rounds
from .admin_views.snippets import (
    InstanceCheckedEditView,
    InstanceCheckedUnpublishView,
    InstanceCheckedUnscheduleView,
    OwnLanguageIndexView,
)
from .downloads import admin_urls
from .models import (
    ActionItemPage,
    Department,
    GlossaryTerm,
    Indicator,
    MeasurePage,
    PlanIndexPage,
    PlanPage,
)


class DepartmentFilterSet(WagtailFilterSet):
    parent = django_filters.ModelChoiceFilter(
        label=_("上位の組織"),
        queryset=Department.objects.filter(parent__isnull=True),
    )
    top_level = django_filters.BooleanFilter(
        label=_("局・部（最上位）のみ"), field_name="parent", lookup_expr="isnull"
    )

    class Meta:
        model = Department
        fields = ["locale"]


class DepartmentViewSet(SnippetViewSet):
    model = Department
    index_view_class = OwnLanguageIndexView
    edit_view_class = InstanceCheckedEditView
    icon = "group"
    menu_label = _("担当部署")
    list_display = ["name", "reading", "parent", "phone", "email"]
    list_export = ["name", "reading", "parent", "phone", "fax", "email", "address", "url", "aliases"]
    export_filename = "departments"
    search_fields = ["name", "reading", "aliases"]
    # Substring matching rather than the search backend: the admin's backend search is an
    # autocomplete on the name alone, while staff look departments up by a piece of a name,
    # a hiragana reading (こうほうか, which no analyser splits reliably) or a former name.
    search_backend_name = None
    filterset_class = DepartmentFilterSet
    ordering = ["sort_order", "name"]
    # The chooser (item department rows, a plan's issuing department, a parent): each 課
    # under its 局, found by reading and former names too (admin_views/department_chooser.py).
    chooser_viewset_class = DepartmentChooserViewSet
    chooser_per_page = 50


class GlossaryTermViewSet(SnippetViewSet):
    model = GlossaryTerm
    index_view_class = OwnLanguageIndexView
    edit_view_class = InstanceCheckedEditView
    icon = "help"
    menu_label = _("用語集")
    list_display = ["term", "reading"]
    list_export = ["term", "reading", "definition"]
    export_filename = "glossary"
    search_fields = ["term", "reading", "definition"]
    search_backend_name = None
    list_filter = ["locale"]
    ordering = ["reading", "term"]


class DirectoryGroup(SnippetViewSetGroup):
    menu_label = _("部署と用語")
    menu_icon = "folder-open-inverse"
    menu_order = 300
    items = (DepartmentViewSet, GlossaryTermViewSet)


register_snippet(DirectoryGroup)


class IndicatorFilterSet(WagtailFilterSet):
    plan = django_filters.ModelChoiceFilter(
        label=_("計画"),
        queryset=PlanPage.objects.order_by("path"),
    )

    class Meta:
        model = Indicator
        fields = ["locale", "plan", "direction", "live"]


class IndicatorViewSet(SnippetViewSet):
    """指標: every plan's indicators, searched by name, ID or unit and filtered by plan.
    広報担当 edits and publishes them; 担当課職員 may look (plans/staff.py); translators edit
    and publish those of their own language (translations/permissions.py), which the editor,
    unpublishing and unscheduling ask about each indicator."""

    model = Indicator
    index_view_class = OwnLanguageIndexView
    edit_view_class = InstanceCheckedEditView
    unpublish_view_class = InstanceCheckedUnpublishView
    revisions_unschedule_view_class = InstanceCheckedUnscheduleView
    icon = "crosshairs"
    menu_label = _("指標")
    menu_order = 250
    add_to_admin_menu = True
    list_display = ["name", "code", "plan", "unit", "direction"]
    list_export = [
        "code",
        "name",
        "plan",
        "unit",
        "direction",
        "baseline_year",
        "baseline_value",
        "description",
        "source",
    ]
    export_filename = "indicators"
    search_fields = ["name", "code", "unit", "description"]
    # Substring matching, as for departments: staff look an indicator up by a piece of its name.
    search_backend_name = None
    filterset_class = IndicatorFilterSet
    ordering = ["plan__path", "sort_order", "pk"]


register_snippet(IndicatorViewSet)


# Staff screens: 「担当の事業」 and 「計画表の取り込み」 (plans/admin_views) ------------------


@hooks.register("register_admin_urls")
def register_kyodo_admin_urls():
    return [path("kyodo/", include(admin_views_urls, namespace="kyodo_admin"))]


class MyItemsMenuItem(MenuItem):
    """Shown to users who belong to at least one department."""

    def is_shown(self, request):
        user = request.user
        if not hasattr(user, "_kyodo_has_departments"):
            user._kyodo_has_departments = Department.objects.filter(members=user).exists()
        return user._kyodo_has_departments


class PlanImportMenuItem(MenuItem):
    """Shown to users who may edit a plan or create one: the screen's own check (a
    translator, who may edit their language's pages but no Japanese plan, is not shown it;
    nor is department staff, who may do neither)."""

    def is_shown(self, request):
        return can_import(request.user)


@hooks.register("register_admin_menu_item")
def register_my_items_menu_item():
    return MyItemsMenuItem(
        _("担当の事業"), reverse("kyodo_admin:my_items"), name="my-items", icon_name="tasks", order=150
    )


class RoundsMenuItem(MenuItem):
    """Shown to PR staff, who run the reporting rounds."""

    def is_shown(self, request):
        return can_manage_rounds(request.user)


@hooks.register("register_admin_menu_item")
def register_rounds_menu_item():
    return RoundsMenuItem(
        _("年度照会"), reverse("kyodo_admin:rounds"), name="rounds", icon_name="calendar-check", order=160
    )


@hooks.register("construct_homepage_panels")
def add_dashboard_panels(request, panels):
    homepage_panels(request, panels)


@hooks.register("register_admin_menu_item")
def register_plan_import_menu_item():
    return PlanImportMenuItem(
        _("計画表の取り込み"),
        reverse("kyodo_admin:imports"),
        name="plan-imports",
        icon_name="upload",
        order=350,
    )


@hooks.register("register_page_header_buttons")
def plan_import_header_button(page, user, view_name, next_url=None):
    if issubclass(page.specific_class or type(page), PlanPage) and page.permissions_for_user(user).can_edit():
        yield Button(
            _("計画表の取り込み"),
            reverse("kyodo_admin:plan_imports", args=[page.pk]),
            icon_name="upload",
            priority=45,
        )


@hooks.register("register_page_header_buttons")
def plan_index_import_header_button(page, user, view_name, next_url=None):
    """On a plan index: create a plan from a plan table, this index chosen as its place."""
    specific_class = page.specific_class or type(page)
    if issubclass(specific_class, PlanIndexPage) and can_create_under(user, page):
        yield Button(
            _("計画表から計画を作る"),
            reverse("kyodo_admin:imports") + f"?parent={page.pk}",
            icon_name="upload",
            priority=45,
        )


# 「計画表の書き出し」 (plans/downloads.py) --------------------------------------------


@hooks.register("register_admin_urls")
def register_plan_export_urls():

    return admin_urls()


@hooks.register("register_page_header_buttons")
def plan_export_header_button(page, user, view_name, next_url=None):
    if issubclass(page.specific_class or type(page), PlanPage) and page.permissions_for_user(user).can_edit():
        yield Button(
            _("計画表の書き出し"),
            reverse("kyodo_plan_export", args=[page.pk]),
            icon_name="download",
            priority=46,
        )


# The explorer: a plan's measures and a measure's items in number order ---------------

_DIGITS = re.compile(r"(\d+)")


def number_order(number: str) -> tuple:
    """Natural order of numbers: 1-2 before 1-10, 2 before 10 (full-width digits too)."""
    parts = _DIGITS.split(unicodedata.normalize("NFKC", number).casefold())
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in parts if part)


def browsing_children(request) -> bool:
    """Whether the request lists a page's children as they come: not sorted by a column,
    searched or filtered (then Wagtail's own order applies)."""
    params = set(request.GET)
    if "for_explorer" in params:  # the sidebar's page explorer, through the admin API
        return not params & {"order", "search"}
    return params <= {"p"}  # the explorer listing; "p" is its page number


@hooks.register("construct_explorer_page_queryset")
def order_measures_and_items_by_number(parent_page, pages, request):
    """Wagtail lists children by their last change; staff look for 施策 and 事業 by number.
    Pages without a number (a progress report, say) follow in tree order."""
    if not issubclass(parent_page.specific_class or type(parent_page), PlanPage | MeasurePage):
        return pages
    if not browsing_children(request):
        return pages
    numbered = []
    for model in (MeasurePage, ActionItemPage):
        numbered += model.objects.child_of(parent_page).exclude(number="").values_list("pk", "number", "path")
    if not numbered:
        return pages
    numbered.sort(key=lambda row: (number_order(row[1]), row[2]))
    position = Case(
        *(When(pk=pk, then=Value(index)) for index, (pk, _number, _path) in enumerate(numbered)),
        default=Value(len(numbered)),
        output_field=IntegerField(),
    )
    return pages.order_by(position, "path")
