"""Admin registration: snippet listings with search, filters and export."""

from django.utils.translation import gettext_lazy as _

from wagtail.admin.filters import WagtailFilterSet
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

import django_filters

from .models import Department, GlossaryTerm


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
    icon = "group"
    menu_label = _("担当部署")
    list_display = ["name", "reading", "parent", "phone", "email"]
    list_export = ["name", "reading", "parent", "phone", "fax", "email", "address", "url", "aliases"]
    export_filename = "departments"
    search_fields = ["name", "reading", "aliases"]
    # Substring matching: the database backend's full-text search treats a run of Japanese
    # as one word, so 協働 would not find 市民協働推進課.
    search_backend_name = None
    filterset_class = DepartmentFilterSet
    ordering = ["sort_order", "name"]


class GlossaryTermViewSet(SnippetViewSet):
    model = GlossaryTerm
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
