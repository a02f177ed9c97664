"""Admin forms for pages that live inside a plan."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminPageForm


class PlanMemberPageForm(WagtailAdminPageForm):
    """Reports a number already used in the same plan as a form error, not a crash."""

    def clean(self):
        cleaned_data = super().clean()
        page = self.instance
        plan = page.plan_from_parent(self.parent_page) if self.parent_page else None
        number = cleaned_data.get("number")
        if plan is not None and number:
            duplicates = type(page).objects.filter(plan=plan, number=number).exclude(pk=page.pk)
            if duplicates.exists():
                self.add_error(
                    "number",
                    _("この計画には番号「%(number)s」がすでにあります。別の番号にしてください。")
                    % {"number": number},
                )
        return cleaned_data
