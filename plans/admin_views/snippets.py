"""The snippet editor that asks about the object, not only the model.

Wagtail's snippet edit view checks the model permission alone. A permission policy may
refuse some objects (translators change their own language's departments only), so this
view asks the registered policy about the instance and answers 403 with the policy's reason.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from wagtail.snippets.views.snippets import EditView

from .access import forbidden


class InstanceCheckedEditView(EditView):
    def dispatch(self, request, *args, **kwargs):
        instance = getattr(self, "object", None) or self.get_object()
        policy = self.permission_policy
        if not policy.user_has_permission_for_instance(request.user, "change", instance):
            refusal = getattr(policy, "refusal", None)
            reason = refusal(instance) if refusal else _("このデータを編集する権限がありません。")
            return forbidden(request, reason)
        return super().dispatch(request, *args, **kwargs)
