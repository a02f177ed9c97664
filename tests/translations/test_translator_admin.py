"""A translator in the admin: the Japanese pages to read and send for translation, their own
language only, every link and menu item usable; editors and superusers as before."""

from __future__ import annotations

import html
import json
import re

from django.contrib.auth.models import Group
from django.urls import reverse

from wagtail.models import Locale, Page
from wagtail_localize.models import StringSegment, Translation

from plans.models import ActionItemPage, MeasurePage, PlanPage

from .conftest import translate_to

ANCHOR = re.compile(r'<a\b[^>]*\bhref="([^"#][^"]*)"')


def sidebar_links(response) -> dict[str, str]:
    """name → URL of every link of the admin's menu (sub-menus included)."""
    data = re.search(r'id="wagtail-sidebar-props"[^>]*>(.*?)</script>', response.content.decode(), re.S)
    links = {}

    def walk(node):
        if isinstance(node, dict):
            if node.get("_type") in ("wagtail.sidebar.LinkMenuItem", "wagtail.sidebar.PageExplorerMenuItem"):
                args = node["_args"][0]
                name, url = args["name"], args["url"]
                if isinstance(name, dict):  # a value the telepath data shares: {"_val": …, "_id": …}
                    name = name.get("_val", "")
                if isinstance(url, str):
                    links[name] = url
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(json.loads(data.group(1)))
    return links


def offered_locales(response) -> set[str]:
    """The language codes the submit form offers."""
    ids = re.findall(r'name="locales" value="(\d+)"', response.content.decode())
    return set(Locale.objects.filter(pk__in=ids).values_list("language_code", flat=True))


def editor_props(response) -> dict:
    data = re.search(r'class="js-translation-editor" data-props="([^"]*)"', response.content.decode())
    return json.loads(html.unescape(data.group(1)))


def refused(response) -> bool:
    """Wagtail's refusal (back to the dashboard) or Kyodo's (403)."""
    return response.status_code == 403 or (
        response.status_code == 302 and response.url == reverse("wagtailadmin_home")
    )


def test_the_explorer_lists_the_japanese_pages_to_a_translator(en_translator, tree, sample_plan):
    response = en_translator.get(reverse("wagtailadmin_explore_root"))
    assert response.status_code == 200
    text = response.content.decode()
    assert tree.home.title in text  # the Japanese home page, beside the English one
    assert tree.home.get_translation(tree.en).title in text

    response = en_translator.get(reverse("wagtailadmin_explore", args=[tree.plan_index.pk]))
    assert response.status_code == 200
    text = response.content.decode()
    assert sample_plan.plan.title in text and "協働推進アクションプラン" in text
    # Each row offers the read-only view and the translation, and not what would be refused.
    plan = sample_plan.plan
    assert reverse("kyodo_page_read", args=[plan.pk]) in text
    assert reverse("wagtail_localize:submit_page_translation", args=[plan.pk]) in text
    for name in ("edit", "delete", "move", "history", "view_draft", "add_subpage"):
        assert reverse(f"wagtailadmin_pages:{name}", args=[plan.pk]) not in text, name
    # Nor does the header of the Japanese page being explored link to its history.
    assert reverse("wagtailadmin_pages:history", args=[tree.plan_index.pk]) not in text

    # The Korean tree stays out of sight: not listed, nor its pages below a typed-in URL.
    korean_home = tree.home.get_translation(Locale.objects.get(language_code="ko"))
    korean_plans = tree.plan_index.get_translation(Locale.objects.get(language_code="ko"))
    text = en_translator.get(reverse("wagtailadmin_explore_root")).content.decode()
    assert reverse("wagtailadmin_explore", args=[korean_home.pk]) not in text
    text = en_translator.get(reverse("wagtailadmin_explore", args=[korean_home.pk])).content.decode()
    assert reverse("wagtailadmin_explore", args=[korean_plans.pk]) not in text


def test_a_translator_reads_a_japanese_page_and_changes_nothing(en_translator, translated, sample_plan):
    plan = PlanPage.objects.get(pk=sample_plan.plan.pk)
    revisions = plan.revisions.count()
    for name in ("edit", "delete", "move", "add_subpage", "unpublish", "history", "view_draft"):
        response = en_translator.get(reverse(f"wagtailadmin_pages:{name}", args=[plan.pk]))
        assert refused(response), name
    response = en_translator.post(
        reverse("wagtailadmin_pages:edit", args=[plan.pk]), {"title": "Overwritten", "action": "publish"}
    )
    assert refused(response)
    response = en_translator.post(reverse("wagtailadmin_pages:delete", args=[plan.pk]))
    assert refused(response)
    plan = PlanPage.objects.get(pk=plan.pk)
    assert plan.title == "みなと市市民参加推進計画（第3次）" and plan.live
    assert plan.revisions.count() == revisions

    response = en_translator.get(reverse("kyodo_page_read", args=[plan.pk]))
    assert response.status_code == 200
    text = response.content.decode()
    assert plan.title in text and "閲覧のみ" in text
    english = plan.get_translation(Locale.objects.get(language_code="en"))
    assert reverse("wagtailadmin_pages:edit", args=[english.pk]) in text  # their translation
    assert "한국" not in text and "Korean" not in text  # other languages are not theirs
    preview = en_translator.get(reverse("kyodo_page_read_preview", args=[plan.pk]))
    assert preview.status_code == 200 and plan.title in preview.content.decode()
    assert preview["X-Frame-Options"] == "SAMEORIGIN"

    # A Korean page is neither theirs to edit nor to read.
    korean = translated["ko_item"]
    assert en_translator.get(reverse("kyodo_page_read", args=[korean.pk])).status_code == 403
    assert en_translator.get(reverse("kyodo_page_read_preview", args=[korean.pk])).status_code == 403


def test_a_translator_sends_a_plan_with_its_pages_into_english_only(
    en_translator, translated, action_plan, tree
):
    ko = translated["ko"]
    submit = reverse("wagtail_localize:submit_page_translation", args=[action_plan.pk])
    response = en_translator.get(submit)
    assert response.status_code == 200
    assert offered_locales(response) == {"en"}

    # Another language is refused, and nothing is created.
    pages, translations = Page.objects.count(), Translation.objects.count()
    response = en_translator.post(submit, {"locales": [ko.pk], "include_subtree": "on"})
    assert response.status_code == 403
    response = en_translator.post(submit, {"locales": [tree.en.pk, ko.pk], "include_subtree": "on"})
    assert response.status_code == 403
    assert (Page.objects.count(), Translation.objects.count()) == (pages, translations)

    response = en_translator.post(submit, {"locales": [tree.en.pk], "include_subtree": "on"})
    english = action_plan.get_translation(tree.en)
    assert response.status_code == 302 and response.url == reverse(
        "wagtailadmin_pages:edit", args=[english.pk]
    )
    subtree = Page.objects.descendant_of(english, inclusive=True)
    assert subtree.count() == Page.objects.descendant_of(action_plan, inclusive=True).count() == 3
    assert not subtree.filter(live=True).exists()  # drafts until the translator publishes them
    assert {page.specific_class for page in subtree} == {PlanPage, MeasurePage, ActionItemPage}
    assert not Page.objects.filter(translation_key=action_plan.translation_key, locale=ko).exists()

    # The form has nothing left to offer: it opens the English translation instead.
    response = en_translator.get(submit)
    assert response.status_code == 302 and response.url == reverse(
        "wagtailadmin_pages:edit", args=[english.pk]
    )


def test_every_link_of_the_status_page_answers_the_translator(en_translator, translated):
    # The Japanese item is published again: its English and Korean translations are out of date.
    item = ActionItemPage.objects.get(pk=translated["item"].pk)
    item.pickup_text = "公募委員の登用を全ての審議会に広げます。"
    item.save_revision().publish()

    response = en_translator.get(reverse("kyodo_translations:status"))
    assert response.status_code == 200
    text = response.content.decode()
    assert '<span lang="en">English</span>' in text and 'lang="ko"' not in text  # their language
    links = {html.unescape(url) for url in ANCHOR.findall(text) if url.startswith("/")}
    assert reverse("wagtailadmin_pages:edit", args=[translated["en_item"].pk]) in links
    assert any(url.startswith("/admin/localize/update/") for url in links)
    assert any(url.startswith("/admin/kyodo/translations/plans/") for url in links)
    assert reverse("kyodo_page_read", args=[translated["item"].get_parent().get_parent().pk]) in links
    for url in sorted(links):
        assert en_translator.get(url).status_code == 200, url


def test_the_sync_form_leaves_other_languages_alone(en_translator, translated):
    source = Translation.objects.get(
        target_locale__language_code="en", source__object_id=translated["item"].translation_key
    ).source
    url = reverse("wagtail_localize:update_translations", args=[source.pk])
    response = en_translator.get(url)
    assert response.status_code == 200
    text = response.content.decode()
    assert 'name="publish_translations"' not in text and 'name="use_machine_translation"' not in text
    assert reverse("wagtailadmin_pages:edit", args=[translated["ko_item"].pk]) not in text
    assert reverse("wagtailadmin_pages:edit", args=[translated["en_item"].pk]) in text

    response = en_translator.post(url, {"publish_translations": "on", "use_machine_translation": "on"})
    assert response.status_code == 302
    assert not Page.objects.get(pk=translated["ko_item"].pk).live
    assert not Page.objects.get(pk=translated["en_item"].pk).live


def test_the_menu_shows_a_translator_only_what_opens(en_translator):
    response = en_translator.get(reverse("wagtailadmin_home"))
    links = sidebar_links(response)
    assert "plan-imports" not in links and "translation-status" in links
    assert "計画表の取り込み" not in response.content.decode()
    for name, url in links.items():
        if url.startswith("/admin/"):
            assert en_translator.get(url).status_code == 200, name


def test_source_line_breaks_reach_the_translation_editor(en_translator, translated, sample_plan, tree):
    report = sample_plan.report
    report.overall_evaluation = "公募委員の登用は順調です。\n女性委員の登用には遅れが見られます。"
    report.save()
    translate_to(report, tree.en)
    english = report.get_translation(tree.en)

    response = en_translator.get(reverse("wagtailadmin_pages:edit", args=[english.pk]))
    assert response.status_code == 200
    sources = [
        segment["source"] for segment in editor_props(response)["segments"] if segment["type"] == "string"
    ]
    assert "公募委員の登用は順調です。\n女性委員の登用には遅れが見られます。" in sources
    assert not any("<br" in source for source in sources)
    text = response.content.decode()
    assert "translations/css/translation-editor.css" in text
    # The header's link to the Japanese page opens what the translator may open.
    assert reverse("kyodo_page_read", args=[report.pk]) in text
    assert reverse("wagtailadmin_pages:edit", args=[report.pk]) not in text

    # Only the text shown changes: the stored string (and so PO files) keeps its markup.
    stored = StringSegment.objects.filter(
        source__object_id=report.translation_key, string__data__contains="女性委員"
    ).get()
    assert stored.string.data == "公募委員の登用は順調です。<br/>女性委員の登用には遅れが見られます。"


def test_editors_keep_their_abilities(client, django_user_model, sample_plan, tree):
    user = django_user_model.objects.create_user("henshu", "henshu@city.minato.example.jp", "pw")
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    plan = sample_plan.plan

    response = client.get(reverse("wagtailadmin_explore", args=[tree.plan_index.pk]))
    assert response.status_code == 200
    text = response.content.decode()
    assert plan.title in text and reverse("wagtailadmin_pages:edit", args=[plan.pk]) in text
    assert reverse("kyodo_page_read", args=[plan.pk]) not in text  # they edit instead
    assert reverse("wagtailadmin_pages:history", args=[tree.plan_index.pk]) in text
    assert client.get(reverse("wagtailadmin_pages:edit", args=[plan.pk])).status_code == 200

    links = sidebar_links(client.get(reverse("wagtailadmin_home")))
    assert {"plan-imports", "translation-status"} <= set(links)
    for name in ("plan-imports", "translation-status"):
        assert client.get(links[name]).status_code == 200, name
    text = client.get(links["translation-status"]).content.decode()
    assert '<span lang="en">English</span>' in text and '<span lang="ko">' in text
    # They send pages into any language (wagtail-localize gives Editors the permission).
    response = client.get(reverse("wagtail_localize:submit_page_translation", args=[plan.pk]))
    assert {"en", "ko"} <= offered_locales(response)


def test_a_superuser_keeps_every_language(admin_client_ja, translated, action_plan):
    links = sidebar_links(admin_client_ja.get(reverse("wagtailadmin_home")))
    assert {"plan-imports", "translation-status"} <= set(links)

    response = admin_client_ja.get(reverse("wagtail_localize:submit_page_translation", args=[action_plan.pk]))
    everything_but_japanese = set(
        Locale.objects.exclude(language_code="ja").values_list("language_code", flat=True)
    )
    assert offered_locales(response) == everything_but_japanese and {"en", "ko"} <= everything_but_japanese

    text = admin_client_ja.get(reverse("kyodo_translations:status")).content.decode()
    assert '<span lang="en">English</span>' in text and '<span lang="ko">' in text
    assert reverse("wagtailadmin_pages:edit", args=[action_plan.pk]) in text  # they edit the plan
    source = Translation.objects.get(
        target_locale__language_code="en", source__object_id=translated["item"].translation_key
    ).source
    text = admin_client_ja.get(
        reverse("wagtail_localize:update_translations", args=[source.pk])
    ).content.decode()
    assert 'name="publish_translations"' in text
