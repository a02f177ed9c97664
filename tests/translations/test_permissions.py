"""Translators' groups: their own language's pages and snippets, nothing else."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from wagtail.models import Locale, Page
from wagtail.permissions import policy_registry
from wagtail_localize.models import StringSegment, StringTranslation

from plans.models import ActionItemPage, Department
from translations.models import TranslatorGroup

from .conftest import translate_to

LANGUAGES = [("ja", "日本語"), ("en", "English"), ("ko", "한국어")]
FORM = "application/x-www-form-urlencoded"


@override_settings(WAGTAIL_CONTENT_LANGUAGES=LANGUAGES, LANGUAGES=LANGUAGES)
def test_one_group_per_language_with_its_own_tree(translated, tree):
    groups = {record.locale.language_code: record.group for record in TranslatorGroup.objects.all()}
    # One per language but Japanese: every configured language has its locale.
    others = set(Locale.objects.exclude(language_code="ja").values_list("language_code", flat=True))
    assert {"en", "ko"} <= others
    assert set(groups) == others
    english = groups["en"]
    assert english.name == "翻訳者（English）"
    codenames = set(english.permissions.values_list("codename", flat=True))
    assert {"access_admin", "submit_translation", "change_department", "change_glossaryterm"} <= codenames
    assert "add_department" not in codenames and "delete_department" not in codenames
    roots = set(english.page_permissions.values_list("page__locale__language_code", "permission__codename"))
    assert roots == {("en", "add_page"), ("en", "change_page"), ("en", "publish_page")}
    assert english.page_permissions.get(permission__codename="change_page").page.depth == 2

    # Idempotent: a second run adds nothing.
    before = (Group.objects.count(), english.permissions.count(), english.page_permissions.count())
    call_command("setup_translator_groups", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert (Group.objects.count(), english.permissions.count(), english.page_permissions.count()) == before


@override_settings(WAGTAIL_CONTENT_LANGUAGES=LANGUAGES, LANGUAGES=LANGUAGES)
def test_english_translator_opens_saves_and_publishes_the_english_page(
    en_translator, translated, django_capture_on_commit_callbacks
):
    edit = reverse("wagtailadmin_pages:edit", args=[translated["en_item"].pk])
    response = en_translator.get(edit)
    assert response.status_code == 200
    assert (
        "wagtail_localize" in response.content.decode() or "translation-editor" in response.content.decode()
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = en_translator.post(edit, {"action": "publish"})
    assert response.status_code == 302
    assert ActionItemPage.objects.get(pk=translated["en_item"].pk).live


@override_settings(WAGTAIL_CONTENT_LANGUAGES=LANGUAGES, LANGUAGES=LANGUAGES)
def test_english_translator_cannot_touch_the_japanese_or_korean_pages(en_translator, translated):
    ja_item = translated["item"]
    revisions = ja_item.revisions.count()
    for page in (ja_item, translated["ko_item"]):
        edit = reverse("wagtailadmin_pages:edit", args=[page.pk])
        response = en_translator.get(edit)
        assert response.status_code == 302 and response.url == reverse("wagtailadmin_home"), page
        response = en_translator.post(edit, {"action": "publish", "title": "Overwritten"})
        assert response.status_code == 302 and response.url == reverse("wagtailadmin_home"), page
        response = en_translator.post(reverse("wagtailadmin_pages:unpublish", args=[page.pk]))
        assert response.status_code == 302 and response.url == reverse("wagtailadmin_home"), page
    ja_item = Page.objects.get(pk=ja_item.pk)
    assert ja_item.title == "審議会等への公募委員の登用" and ja_item.live
    assert ja_item.revisions.count() == revisions
    assert not Page.objects.get(pk=translated["ko_item"].pk).live


@override_settings(WAGTAIL_CONTENT_LANGUAGES=LANGUAGES, LANGUAGES=LANGUAGES)
def test_english_translator_edits_english_departments_only(en_translator, translated, departments, tree):
    english = Department.objects.get(translation_key=departments.kyodo.translation_key, locale=tree.en)
    korean = departments.kocho.copy_for_translation(translated["ko"])
    korean.name = "공청과"
    korean.save()

    def edit_url(department):
        return reverse("wagtailsnippets_plans_department:edit", args=[department.pk])

    assert en_translator.get(edit_url(english)).status_code == 200
    for other in (departments.kyodo, korean):
        response = en_translator.get(edit_url(other))
        assert response.status_code == 403, other
        assert "翻訳者は担当する言語のデータだけを編集できます" in response.content.decode()
        response = en_translator.post(edit_url(other), {"name": "Overwritten"})
        assert response.status_code == 403
    assert Department.objects.get(pk=departments.kyodo.pk).name == "市民協働推進課"
    assert Department.objects.get(pk=korean.pk).name == "공청과"
    # Of all departments, the English ones are those the policy lets the translator change.
    policy = policy_registry.get_by_type(Department)
    user = get_user_model().objects.get(pk=en_translator.session["_auth_user_id"])
    editable = policy.instances_user_has_permission_for(user, "change")
    assert set(editable.values_list("locale__language_code", flat=True)) == {"en"}


def test_editors_keep_every_locale(client, django_user_model, departments, tree, english_departments):
    editors = Group.objects.create(name="編集者")
    editors.permissions.add(
        Permission.objects.get(codename="access_admin"), Permission.objects.get(codename="change_department")
    )
    user = django_user_model.objects.create_user("henshu", "henshu@city.minato.example.jp", "pw")
    user.groups.add(editors)
    client.force_login(user)
    for department in (departments.kyodo, english_departments["kyodo"]):
        assert (
            client.get(reverse("wagtailsnippets_plans_department:edit", args=[department.pk])).status_code
            == 200
        )


@override_settings(WAGTAIL_CONTENT_LANGUAGES=LANGUAGES, LANGUAGES=LANGUAGES)
def test_the_translation_endpoints_respect_the_snippet_language(en_translator, translated, departments, tree):
    def string_edit(department, locale):
        translation = translate_to(department, locale, copy_parents=False)
        segment = StringSegment.objects.filter(source=translation.source, string__data=department.name).get()
        url = reverse("wagtail_localize:edit_string_translation", args=[translation.pk, segment.pk])
        return translation, url

    ko_translation, ko_url = string_edit(departments.koho, translated["ko"])
    response = en_translator.put(ko_url, urlencode({"value": "Overwritten"}), content_type=FORM)
    assert response.status_code == 403
    assert not StringTranslation.objects.filter(locale=translated["ko"], data="Overwritten").exists()
    upload = reverse("wagtail_localize:upload_pofile", args=[ko_translation.pk])
    assert en_translator.post(upload, {"file": SimpleUploadedFile("x.po", b"")}).status_code == 403

    _en_translation, en_url = string_edit(departments.koho, tree.en)
    response = en_translator.put(en_url, urlencode({"value": "Public Relations Division"}), content_type=FORM)
    assert response.status_code in (200, 201)
    assert StringTranslation.objects.filter(locale=tree.en, data="Public Relations Division").exists()
