"""The template workbook (計画表のひな形) and the help page 「計画表の書き方」 of
「計画表の取り込み」.

The format reference (``docs/plan-table-format.md``) lives in the repository, which the admin
does not serve; the help page gives staff the essentials in the admin itself, from the same
explanations as the template's 「説明」 sheet (:mod:`plans.tables.template`), and names the
reference for the rest.
"""

from __future__ import annotations

import io

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from ..downloads import attachment
from ..fiscal_years import fiscal_year_of
from ..tables import template
from .access import forbidden
from .imports import NOT_EDITOR, can_import


class ImportHelpMixin:
    """For the users who may import (:func:`~.imports.can_import`)."""

    def dispatch(self, request, *args, **kwargs):
        if not can_import(request.user):
            return forbidden(request, NOT_EDITOR)
        return super().dispatch(request, *args, **kwargs)


def help_url(request) -> str:
    return request.build_absolute_uri(reverse("kyodo_admin:import_help"))


def may_import_indicators(user) -> bool:
    """Whether the user may create indicators from a table (広報担当 may): only they get the
    template's sheet 「指標」, which would otherwise make their import fail."""
    return user.has_perm("plans.add_indicator")


class TemplateDownloadView(ImportHelpMixin, View):
    """The template workbook, its fiscal-year columns starting at the current fiscal year;
    the sheet 「指標」 for users who may import indicators."""

    def get(self, request, *args, **kwargs):
        buffer = io.BytesIO()
        template.write_template(
            buffer,
            first_year=fiscal_year_of(timezone.localdate()),
            help_url=help_url(request),
            indicators=may_import_indicators(request.user),
        )
        return attachment(
            buffer.getvalue(),
            filename=_("計画表のひな形"),
            fallback="plan-table-template",
            file_format="xlsx",
        )


class HelpView(ImportHelpMixin, WagtailAdminTemplateMixin, TemplateView):
    """「計画表の書き方」: the rules and every column, with the template to download."""

    template_name = "plans/admin/import_help.html"
    header_icon = "help"

    def get_page_title(self):
        return _("計画表の書き方")

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("kyodo_admin:imports"), "label": _("計画表の取り込み")},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            {
                "rules": template.rules(),
                "columns": template.column_guide(),
                "indicator_rules": template.indicator_rules(),
                "indicator_columns": template.indicator_column_guide(),
                "template_url": reverse("kyodo_admin:import_template"),
                "imports_url": reverse("kyodo_admin:imports"),
                "format_reference": template.FORMAT_REFERENCE,
            }
        )
        return context
