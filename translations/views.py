"""Admin screens: 「翻訳状況」, a plan's translation as one ZIP of PO files, and the
read-only view of a page for those who may explore it but not edit it."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.pages.utils import get_breadcrumbs_items_for_page
from wagtail.models import Locale, Page
from wagtail.permissions import policy_registry
from wagtail.utils.decorators import xframe_options_sameorigin_override

from plans.admin_views.access import forbidden
from plans.models import Indicator, PlanPage

from .access import allowed_locales, can_read_page, can_translate, locale_allowed, translator_locale_ids
from .jobs import recent_jobs
from .po import BundleError, export_plan_po, import_plan_po
from .status import plan_translation_status, target_locales


def page_link(user, page: Page) -> str | None:
    """Where a link to ``page`` takes ``user``: its editor if they may edit it, its read-only
    view if they may read it, nowhere otherwise."""
    if page.permissions_for_user(user).can_edit():
        return reverse("wagtailadmin_pages:edit", args=[page.pk])
    if can_read_page(user, page):
        return reverse("kyodo_page_read", args=[page.pk])
    return None


def indicator_link(user, indicator: Indicator) -> str | None:
    """The editor of ``indicator`` (its translation editor, for a translation) if ``user`` may
    change it, else no link."""
    policy = policy_registry.get_by_type(Indicator)
    if policy.user_has_permission_for_instance(user, "change", indicator):
        return reverse("wagtailsnippets_plans_indicator:edit", args=[indicator.pk])
    return None


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
        user = self.request.user
        # A translator follows their own languages; everyone else every language.
        context["locales"] = allowed_locales(user, target_locales())
        context["own_languages_only"] = translator_locale_ids(user) is not None
        context["plans"] = plan_translation_status(locales=context["locales"])
        context["subtree_jobs"] = recent_jobs()
        # Every link goes where the user may go: the plan's editor or its read-only view,
        # each out-of-date translation's editor, or no link.
        stale = [stale for entry in context["plans"] for row in entry.locales for stale in row.out_of_date]
        pages = Page.objects.in_bulk([item.translated_page_id for item in stale if not item.indicator])
        indicators = Indicator.objects.in_bulk([item.translated_page_id for item in stale if item.indicator])
        for entry in context["plans"]:
            entry.url = page_link(user, entry.plan)
        for item in stale:
            if item.indicator:
                indicator = indicators.get(item.translated_page_id)
                item.url = indicator and indicator_link(user, indicator)
            else:
                page = pages.get(item.translated_page_id)
                item.url = page and page_link(user, page)
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

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        locales = Locale.objects.filter(pk__in=[locale.pk for locale in target_locales()])
        self.fields["locale"].queryset = allowed_locales(user, locales)


def plan_bundle(request, plan_id: int):
    """GET ?locale=en&download=1: the ZIP; POST with a ZIP: import it and show the report."""
    plan = get_object_or_404(PlanPage, pk=plan_id)
    if not can_translate(request.user):
        return forbidden(request, _("翻訳のファイルを扱うには、翻訳を依頼する権限が必要です。"))
    form = BundleForm(request.POST or request.GET or None, request.FILES or None, user=request.user)
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


class PageReadView(WagtailAdminTemplateMixin, TemplateView):
    """A page as those who may explore it but not edit it see it: a translator reading the
    Japanese page they are to translate. What it is, where it stands, its translations into
    the reader's languages, the buttons they may use, and a preview of its content."""

    template_name = "translations/admin/page_read.html"
    header_icon = "doc-empty"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.page = get_object_or_404(Page, pk=kwargs["page_id"]).specific_deferred

    def dispatch(self, request, *args, **kwargs):
        if not can_read_page(request.user, self.page):
            return forbidden(request, _("このページを見る権限がありません。"))
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return self.page.get_admin_display_title()

    def get_page_subtitle(self):
        return _("閲覧のみ")

    def get_breadcrumbs_items(self):
        return (
            self.breadcrumbs_items
            + get_breadcrumbs_items_for_page(self.page, self.request.user, include_self=False)
            + [{"url": "", "label": self.get_page_title()}]
        )

    @cached_property
    def missing_locales(self):
        """The user's languages this page is not translated into yet."""
        translated = self.page.get_translations(inclusive=True).exclude(alias_of__isnull=False)
        return allowed_locales(
            self.request.user,
            Locale.objects.exclude(pk__in=translated.values("locale_id")).order_by("language_code"),
        )

    def translations(self) -> list[dict]:
        user = self.request.user
        locales = allowed_locales(
            user, Locale.objects.exclude(pk=self.page.locale_id).order_by("language_code")
        )
        pages = {page.locale_id: page for page in self.page.get_translations().filter(locale__in=locales)}
        rows = []
        for locale in locales:
            page = pages.get(locale.pk)
            rows.append({"locale": locale, "page": page, "url": page and page_link(user, page)})
        return rows

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page, user = self.page, self.request.user
        perms = page.permissions_for_user(user)
        context.update(
            {
                "page": page,
                "page_type": page.specific_class._meta.verbose_name if page.specific_class else "",
                "edit_url": reverse("wagtailadmin_pages:edit", args=[page.pk]) if perms.can_edit() else "",
                "translate_url": (
                    reverse("wagtail_localize:submit_page_translation", args=[page.pk])
                    if can_translate(user) and self.missing_locales.exists()
                    else ""
                ),
                "bundle_url": (
                    reverse("kyodo_translations:plan_bundle", args=[page.pk])
                    if issubclass(page.specific_class or type(page), PlanPage)
                    and page.locale.language_code == settings.LANGUAGE_CODE
                    and can_translate(user)
                    else ""
                ),
                "live_url": page.get_url(self.request) if page.live else "",
                "explore_url": reverse("wagtailadmin_explore", args=[page.pk]) if page.numchild else "",
                "preview_url": (
                    reverse("kyodo_page_read_preview", args=[page.pk]) if page.is_previewable() else ""
                ),
                "translations": self.translations(),
            }
        )
        return context


@xframe_options_sameorigin_override  # what Wagtail's own previews use: the preview's middleware said DENY
def page_preview(request, page_id: int):
    """The page as stored (what a translation is made from), for the read-only view's frame."""
    page = get_object_or_404(Page, pk=page_id)
    if not can_read_page(request.user, page):
        return forbidden(request, _("このページを見る権限がありません。"))
    page = page.specific
    return page.make_preview_request(request, page.default_preview_mode)
