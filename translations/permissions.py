"""Snippet permissions that stop at a language.

A translators' group (:class:`translations.models.TranslatorGroup`) may change the
departments, glossary terms and municipality texts of its own locale only, and change and
publish the indicators of its own locale only. Permissions that come from any other
group (editors, administrators) hold for every locale, as Wagtail's do.
"""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.models import Permission
from django.core.exceptions import ObjectDoesNotExist
from django.utils.translation import gettext as _

from wagtail.models import Page
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import policy_registry, register_permission_policy
from wagtail_localize.models import Translation

from home.models import MunicipalityText
from plans.admin_views.access import forbidden
from plans.models import Department, GlossaryTerm, Indicator


class LocalePermissionPolicy(ModelPermissionPolicy):
    def locales_for(self, user, action: str) -> set[int] | None:
        """The locales ``user`` may ``action`` in: ``None`` for every locale, else a set of
        locale ids (empty when the user has no such permission). One query, cached on the
        user for the request."""
        if not user.is_active:
            return set()
        if user.is_superuser:
            return None
        cache = user.__dict__.setdefault("_kyodo_snippet_locales", {})
        key = (self.model._meta.label, action)
        if key not in cache:
            codename = self._get_permission_codename(action)
            permission = Permission.objects.filter(content_type=self._content_type, codename=codename)
            if user.user_permissions.filter(pk__in=permission).exists():
                cache[key] = None
            else:
                groups = user.groups.filter(permissions__in=permission).values_list(
                    "translator_locale__locale_id", flat=True
                )
                locales = set(groups)
                cache[key] = None if None in locales else locales
        return cache[key]

    def user_has_permission_for_instance(self, user, action, instance):
        if not self.user_has_permission(user, action):
            return False
        locales = self.locales_for(user, action)
        return locales is None or instance.locale_id in locales

    def instances_user_has_any_permission_for(self, user, actions):
        queryset = super().instances_user_has_any_permission_for(user, actions)
        allowed: set[int] = set()
        for action in actions:
            if not self.user_has_permission(user, action):
                continue
            locales = self.locales_for(user, action)
            if locales is None:
                return queryset
            allowed |= locales
        return queryset.filter(locale_id__in=allowed)

    def refusal(self, instance) -> str:
        """Why the snippet editor (``plans.admin_views.snippets``) refuses ``instance``."""
        return locale_refusal(instance)


def register_locale_policies() -> None:
    """Translators change the departments, terms, municipality texts and indicators (and
    publish the indicators) of their own language only."""
    for model in (Department, GlossaryTerm, MunicipalityText, Indicator):
        register_permission_policy(model, LocalePermissionPolicy(model), exact_class=True)


def locale_refusal(instance) -> str:
    return _("「%(name)s」は%(language)sのデータです。翻訳者は担当する言語のデータだけを編集できます。") % {
        "name": str(instance),
        "language": instance.locale.get_display_name(),
    }


def locale_checked(view):
    """Wrap one of wagtail-localize's per-translation views (string edits, PO upload and
    download, machine translation) so that a snippet translation is checked against the
    snippet's permission policy, as the snippet editor is.

    wagtail-localize 1.14 checks snippets by model only (``user_can_edit_snippet_type``),
    which would let a translator of English change a Korean department's strings through
    these endpoints. Pages are checked by their own page permissions and pass straight
    through. Remove when wagtail-localize asks the permission policy about the instance
    (tested in tests/translations/test_permissions.py).
    """

    @wraps(view)
    def wrapper(request, translation_id, *args, **kwargs):
        translation = Translation.objects.filter(pk=translation_id).select_related("source").first()
        if translation is not None:
            try:
                instance = translation.get_target_instance()
            except ObjectDoesNotExist:
                instance = None
            if instance is not None and not isinstance(instance, Page):
                policy = policy_registry.get_by_type(type(instance))
                if not policy.user_has_permission_for_instance(request.user, "change", instance):
                    return forbidden(request, locale_refusal(instance))
        return view(request, translation_id, *args, **kwargs)

    return wrapper
