"""Snippet views that ask about the object, not only the model.

Wagtail's snippet views check the model permission alone. A permission policy may refuse
some objects (translators change and publish their own language's departments, terms and
indicators only), so these views ask the registered policy about the instance and answer
403 with the policy's reason.

Publishing is asked about too: Wagtail's editor offers 「公開」 on the model's publish
permission, and wagtail-localize's translation editor (which Wagtail's edit view hands a
translated snippet to) publishes on a POST with ``action=publish`` after checking the model
permission only.
"""

from __future__ import annotations

from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext as _

from wagtail.snippets.views.snippets import EditView, IndexView, RevisionsUnscheduleView, UnpublishView

from .access import forbidden


class InstanceCheckedMixin:
    """Refuse (403) a user the policy does not allow the view's action on this object."""

    instance_action = "change"

    def instance_actions(self, request) -> list[str]:
        return [self.instance_action]

    def dispatch(self, request, *args, **kwargs):
        instance = getattr(self, "object", None) or self.get_object()
        policy = self.permission_policy
        for action in self.instance_actions(request):
            if not policy.user_has_permission_for_instance(request.user, action, instance):
                refusal = getattr(policy, "refusal", None)
                reason = refusal(instance) if refusal else _("このデータを編集する権限がありません。")
                return forbidden(request, reason)
        return super().dispatch(request, *args, **kwargs)


class InstanceCheckedEditView(InstanceCheckedMixin, EditView):
    def instance_actions(self, request) -> list[str]:
        publishing = request.method == "POST" and (
            request.POST.get("action-publish") or request.POST.get("action") == "publish"
        )
        return ["change", "publish"] if publishing else ["change"]

    def user_has_permission(self, permission):
        # The editor's buttons (「公開」 among them) follow what the user may do with this object.
        instance = getattr(self, "object", None)
        if instance is not None and permission in ("change", "publish"):
            return self.user_has_permission_for_instance(permission, instance)
        return super().user_has_permission(permission)


class InstanceCheckedUnpublishView(InstanceCheckedMixin, UnpublishView):
    instance_action = "publish"


class InstanceCheckedUnscheduleView(InstanceCheckedMixin, RevisionsUnscheduleView):
    instance_action = "publish"


class OwnLanguageIndexView(IndexView):
    """A listing that shows a user who may change the objects of some languages only (a
    translator) those languages and the source language they translate from (Japanese), not
    the other translators' languages. Others (広報担当, who may change every language;
    担当課職員, who may change none) see every language, as before."""

    def get_base_queryset(self):
        queryset = super().get_base_queryset()
        # The translators' permission policy tells the locales (translations/permissions.py).
        locales_for = getattr(self.permission_policy, "locales_for", None)
        ids = locales_for(self.request.user, "change") if locales_for is not None else None
        if not ids:
            return queryset
        return queryset.filter(Q(locale_id__in=ids) | Q(locale__language_code=settings.LANGUAGE_CODE))
