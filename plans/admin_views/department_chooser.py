"""The department chooser: every place the admin chooses a department (an item's department
rows, a plan's issuing department, a department's parent) opens this one modal.

Wagtail's snippet chooser lists departments by name and searches them with the search
backend's autocomplete, which knows the name alone. Staff look a department up by a piece
of its name, its reading in hiragana or katakana (こうほうか, コウホウカ), a former name
(別名), or its bureau; and two bureaus may each have a 総務課. Here each 課 is listed under
its 局 (tree order, the bureau's name in front of the section's), and the search matches
substrings of the name, the reading, the aliases and the bureau's.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms.choosers import BaseFilterForm, LocaleFilterMixin, SearchFilterMixin
from wagtail.admin.ui.tables import Column
from wagtail.snippets.views.chooser import ChooseResultsView, ChooseView, SnippetChooserViewSet

from ..models import Department

# Katakana ァ…ヶ to hiragana ぁ…ゖ: readings are stored in hiragana.
_TO_HIRAGANA = {code: code - 0x60 for code in range(ord("ァ"), ord("ヶ") + 1)}
SEPARATOR = " › "


def search_terms(query: str) -> list[str]:
    """The words of a query, as names are written (NFKC: half-width katakana made full)."""
    return unicodedata.normalize("NFKC", query).split()


def search_departments(departments: QuerySet[Department], query: str) -> QuerySet[Department]:
    """Departments whose name, reading, aliases (former names) or bureau's contain every
    word of ``query``; a reading typed in katakana matches too."""
    for term in search_terms(query):
        reading = term.translate(_TO_HIRAGANA)
        departments = departments.filter(
            Q(name__icontains=term)
            | Q(aliases__icontains=term)
            | Q(reading__icontains=reading)
            | Q(parent__name__icontains=term)
            | Q(parent__aliases__icontains=term)
            | Q(parent__reading__icontains=reading)
        )
    return departments


def ancestry(department: Department) -> list[Department]:
    """The department's bureaus from the top, and the department itself."""
    chain = [department]
    while chain[0].parent_id and len(chain) < 10:  # a loop in the data ends here, not in a hang
        chain.insert(0, chain[0].parent)
    return chain


def in_tree_order(departments: Iterable[Department]) -> list[Department]:
    """Each bureau followed by its sections, every level in display order."""
    return sorted(departments, key=lambda d: [(each.sort_order, each.name, each.pk) for each in ancestry(d)])


def tree_label(department: Department) -> str:
    """市民局 › 市民協働推進課"""
    return SEPARATOR.join(each.name for each in ancestry(department))


class DepartmentSearchMixin(SearchFilterMixin):
    """Wagtail's search field ("q", which the chooser's script watches), matched by
    :func:`search_departments` rather than by the search backend."""

    def filter(self, objects):
        # Past SearchFilterMixin.filter, which would ask the search backend.
        objects = super(SearchFilterMixin, self).filter(objects)
        query = (self.cleaned_data.get("q") or "").strip()
        if query:
            objects = search_departments(objects, query)
            self.is_searching = True
            self.search_query = query
        return objects


class DepartmentFilterForm(LocaleFilterMixin, DepartmentSearchMixin, BaseFilterForm):
    pass


class DepartmentChooseMixin:
    filter_form_class = DepartmentFilterForm

    def get_object_list(self):
        # Three levels of bureaus in the same query: 局 → 部 → 課 and one more.
        return Department.objects.select_related("parent__parent__parent")

    def filter_object_list(self, objects):
        return in_tree_order(super().filter_object_list(objects))

    @property
    def title_column(self):
        column = super().title_column
        column.accessor = tree_label
        return column

    @property
    def columns(self):
        columns = super().columns
        columns.insert(1, Column("reading", label=_("よみがな")))
        return columns


class DepartmentChooseView(DepartmentChooseMixin, ChooseView):
    pass


class DepartmentChooseResultsView(DepartmentChooseMixin, ChooseResultsView):
    pass


class DepartmentChooserViewSet(SnippetChooserViewSet):
    choose_view_class = DepartmentChooseView
    choose_results_view_class = DepartmentChooseResultsView
