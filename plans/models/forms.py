"""Admin forms for pages that live inside a plan."""

from __future__ import annotations

from django.db.models import UniqueConstraint
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminPageForm

# Messages that name the value the editor typed; other constraints use their own message.
VALUE_MESSAGES = {
    "number": _("この計画には番号「%(value)s」がすでにあります。別の番号にしてください。"),
}


class PlanMemberPageForm(WagtailAdminPageForm):
    """Reports a value already used in the same plan (a number, a management number, a
    report year) as an error on the field, before the database would refuse it.

    The checks are read from the model's unique constraints that include ``plan``, so a new
    constraint is checked here without further code. Wagtail saves drafts without running
    the model's own constraint validation, and ``plan`` is not a form field, so without
    this the database's refusal would surface as a server error.
    """

    def clean(self):
        cleaned_data = super().clean()
        page = self.instance
        plan = page.plan_from_parent(self.parent_page) if self.parent_page else None
        if plan is None:
            return cleaned_data
        model = type(page)
        for constraint in model._meta.constraints:
            if not isinstance(constraint, UniqueConstraint) or "plan" not in constraint.fields:
                continue
            fields = [name for name in constraint.fields if name != "plan"]
            values = {name: cleaned_data.get(name) for name in fields}
            if any(value in (None, "") for value in values.values()):
                continue
            if model.objects.filter(plan=plan, **values).exclude(pk=page.pk).exists():
                for name in fields:
                    message = constraint.violation_error_message
                    if name in VALUE_MESSAGES:
                        message = VALUE_MESSAGES[name] % {"value": values[name]}
                    self.add_error(name if name in self.fields else None, message)
        return cleaned_data
