"""Admin screens: 「翻訳状況」 and a plan's translation as one ZIP of PO files."""

from __future__ import annotations

from django import forms
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import Locale

from plans.admin_views.access import forbidden
from plans.models import PlanPage

from .jobs import recent_jobs
from .po import BundleError, export_plan_po, import_plan_po
from .status import plan_translation_status, target_locales


def can_translate(user) -> bool:
    return user.has_perm("wagtail_localize.submit_translation")


class TranslationStatusView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "translations/admin/status.html"
    page_title = gettext_lazy("翻訳状況")
    header_icon = "site"

    def dispatch(self, request, *args, **kwargs):
        if not can_translate(request.user):
            return forbidden(request, _("翻訳状況を見るには、翻訳を依頼する権限が必要です。"))
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["locales"] = target_locales()
        context["plans"] = plan_translation_status(locales=context["locales"])
        context["subtree_jobs"] = recent_jobs()
        return context


class BundleForm(forms.Form):
    locale = forms.ModelChoiceField(
        label=gettext_lazy("言語"),
        queryset=Locale.objects.none(),
        empty_label=None,
        to_field_name="language_code",
    )
    file = forms.FileField(label=gettext_lazy("POファイルのZIP"), required=False)
    publish = forms.BooleanField(label=gettext_lazy("取り込んだあと翻訳したページを公開する"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["locale"].queryset = Locale.objects.filter(
            pk__in=[locale.pk for locale in target_locales()]
        )


def plan_bundle(request, plan_id: int):
    """GET ?locale=en&download=1: the ZIP; POST with a ZIP: import it and show the report."""
    plan = get_object_or_404(PlanPage, pk=plan_id)
    if not can_translate(request.user):
        return forbidden(request, _("翻訳のファイルを扱うには、翻訳を依頼する権限が必要です。"))
    form = BundleForm(request.POST or request.GET or None, request.FILES or None)
    report, errors = None, []
    if request.method == "POST" and form.is_valid():
        locale = form.cleaned_data["locale"]
        upload = form.cleaned_data["file"]
        if not locale_allowed(request.user, locale):
            return forbidden(request, _("この言語の翻訳を取り込む権限がありません。"))
        if upload is None:
            errors = [_("取り込むZIPファイルを選んでください。")]
        else:
            try:
                report = import_plan_po(
                    plan, locale, upload.read(), user=request.user, publish=form.cleaned_data["publish"]
                )
            except BundleError as error:
                errors = [_("何も変更していません。"), *error.messages]
    elif request.method == "GET" and request.GET.get("download") and form.is_valid():
        locale = form.cleaned_data["locale"]
        try:
            data = export_plan_po(plan, locale)
        except BundleError as error:
            errors = error.messages
        else:
            response = HttpResponse(data, content_type="application/zip")
            response["Content-Disposition"] = f'attachment; filename="{plan.slug}-{locale.language_code}.zip"'
            return response
    return TemplateResponse(
        request,
        "translations/admin/plan_bundle.html",
        {
            "page_title": _("翻訳ファイル（PO）の書き出しと取り込み"),
            "header_title": _("翻訳ファイル（PO）の書き出しと取り込み"),
            "header_icon": "doc-full",
            "plan": plan,
            "form": form,
            "report": report,
            "errors": errors,
        },
        status=400 if errors else 200,
    )


def locale_allowed(user, locale: Locale) -> bool:
    """Translators import into their own language; other users with the permission anywhere."""
    groups = user.groups.filter(translator_locale__isnull=False).values_list(
        "translator_locale__locale_id", flat=True
    )
    locales = set(groups)
    return user.is_superuser or not locales or locale.pk in locales
