"""wagtail-localize's "Translate" and "Sync translated pages" screens, narrowed to what the
user may do.

wagtail-localize 1.14 lets anyone with ``submit_translation`` send a page into every
language and, when syncing, publish or machine-translate the translations of every
language at once. Kyodo serves the same paths first (``translations.wagtail_hooks``; this
app comes before wagtail_localize in INSTALLED_APPS) with these subclasses:

- the submit form offers a translator their own language only, and a request naming
  another language is refused (403) before anything is created;
- the sync form (which acts on the translations of every language at once) keeps its
  "Publish immediately" and "Use machine translation" options for a translator only when
  every translation it touches is in their languages, and links only to the translations
  the user may edit. Users who are no translator keep the form as it is.

Remove them when wagtail-localize asks about the target locale itself (tested in
tests/translations/test_translator_admin.py).

The sync of a Japanese plan also syncs the plan's indicators in the plan's languages
(:func:`translations.indicators.sync_indicators`), with the options chosen for the plan: a
plan is never brought up to date with its indicators left behind. That part stays when the
narrowing goes.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect
from django.utils.functional import cached_property
from django.utils.translation import gettext as _

from wagtail.models import Page
from wagtail.permissions import policy_registry
from wagtail_localize.machine_translators import get_machine_translator
from wagtail_localize.views import submit_translations, update_translations

from plans.admin_views.access import forbidden
from plans.models import PlanPage

from .access import allowed_locales, translator_locale_ids
from .indicators import sync_indicators


class OwnLanguagesMixin:
    """The submit form of wagtail-localize, with the user's own languages only."""

    def get_form(self):
        form = super().get_form()
        field = form.fields["locales"]
        field.queryset = allowed_locales(self.request.user, field.queryset).order_by("language_code")
        if len(field.queryset) < 2:
            form.fields["select_all"].widget = forms.HiddenInput()
        return form

    def get(self, request, *args, **kwargs):
        ids = translator_locale_ids(request.user)
        if ids is not None and not self.get_form().fields["locales"].queryset.exists():
            # Already translated into every language of theirs: open the translation.
            for translation in self.object.get_translations(inclusive=True).filter(locale__in=ids):
                if translation.pk != self.object.pk:
                    messages.info(
                        request,
                        _("「%(title)s」はすでに%(language)sに翻訳されています。")
                        % {"title": str(self.object), "language": translation.locale.get_display_name()},
                    )
                return redirect(self.get_default_success_url(translation))
            return forbidden(request, _("このページを翻訳できる言語がありません。"))
        return super().get(request, *args, **kwargs)

    def post(self, request, **kwargs):
        ids = translator_locale_ids(request.user)
        requested = request.POST.getlist("locales")
        if ids is not None and any(not value.isdigit() or int(value) not in ids for value in requested):
            return forbidden(request, _("翻訳を依頼できるのは、担当する言語だけです。"))
        return super().post(request, **kwargs)


class SubmitPageTranslationView(OwnLanguagesMixin, submit_translations.SubmitPageTranslationView):
    pass


class SubmitSnippetTranslationView(OwnLanguagesMixin, submit_translations.SubmitSnippetTranslationView):
    pass


class UpdateTranslationsView(update_translations.UpdateTranslationsView):
    """Sync for everyone who may send translations; publish and machine-translate with it,
    for a translator, only when it touches their languages alone."""

    ALL_LANGUAGE_OPTIONS = ("publish_translations", "use_machine_translation")

    def user_may_edit(self, instance) -> bool:
        user = self.request.user
        if isinstance(instance, Page):
            return instance.permissions_for_user(user).can_edit()
        policy = policy_registry.get_by_type(type(instance))
        return policy.user_has_permission_for_instance(user, "change", instance)

    @cached_property
    def acts_in_every_language(self) -> bool:
        """Whether every language this sync touches is one of the user's (always, for users
        who are no translator)."""
        ids = translator_locale_ids(self.request.user)
        if ids is None:
            return True
        targets = self.object.translations.filter(enabled=True).values_list("target_locale_id", flat=True)
        return set(targets) <= ids

    def get_form(self):
        form = super().get_form()
        if not self.acts_in_every_language:
            for name in self.ALL_LANGUAGE_OPTIONS:
                form.fields.pop(name, None)
        return form

    def get(self, request, *args, **kwargs):
        if not self.acts_in_every_language:
            messages.info(
                request,
                _(
                    "この同期は担当する言語以外の翻訳にも及ぶため、すぐに公開する・機械翻訳を使う選択肢はありません。"
                    "同期のあと、担当する言語のページを翻訳の画面から公開してください。"
                ),
            )
        return super().get(request, *args, **kwargs)

    @transaction.atomic
    def form_valid(self, form):
        for name in self.ALL_LANGUAGE_OPTIONS:
            form.cleaned_data.setdefault(name, False)
        response = super().form_valid(form)
        self.sync_plan_indicators(form.cleaned_data)
        return response

    def sync_plan_indicators(self, options) -> None:
        """A Japanese plan's sync takes its indicators along, into the plan's languages."""
        if self.object.locale.language_code != settings.LANGUAGE_CODE:
            return
        plan = self.object.get_source_instance()
        if not isinstance(plan, PlanPage):
            return
        locales = [
            translation.target_locale
            for translation in self.object.translations.filter(enabled=True).select_related("target_locale")
        ]
        report = sync_indicators(
            [plan.pk],
            locales,
            self.request.user,
            publish=options["publish_translations"],
            machine_translator=get_machine_translator() if options["use_machine_translation"] else None,
        )
        if report.submitted or report.updated:
            messages.success(
                self.request,
                _(
                    "計画の指標も同期しました（新たに翻訳に出した指標：%(submitted)d件、更新した指標の翻訳：%(updated)d件）。"
                )
                % {"submitted": report.submitted, "updated": report.updated},
            )

    def get_edit_url(self, instance):
        if not self.user_may_edit(instance):
            return None
        return super().get_edit_url(instance)
