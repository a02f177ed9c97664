"""「翻訳状況」: pages, translations, published, strings and out-of-date translations."""

from __future__ import annotations

from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from plans.models import ActionItemPage
from tests.factories import MeasurePageFactory, add_many_items
from translations.status import plan_translation_status

from .conftest import fill_strings, publish_translated_path, translate_to


def sample_row(status, plan, locale):
    entry = next(entry for entry in status if entry.plan.pk == plan.pk)
    return next(row for row in entry.locales if row.locale == locale)


def test_figures_of_the_sample_plan(sample_plan, tree, django_capture_on_commit_callbacks):
    capture = django_capture_on_commit_callbacks
    item = sample_plan.public_members
    publish_translated_path(item, tree.en, capture)  # plan and measure published, Japanese strings
    translation = translate_to(item, tree.en)  # a draft
    fill_strings(translation, {"審議会等への公募委員の登用": "Appointing public members to councils"})

    row = sample_row(plan_translation_status(locales=[tree.en]), sample_plan.plan, tree.en)
    assert row.pages == 9  # the plan, 3 measures, 4 items and the report
    assert row.translated == 3 and row.published == 2
    assert row.strings > 0 and row.strings_translated >= translation.get_progress()[1]
    assert row.out_of_date == []

    # The Japanese item is published again: its translation is out of date until synced.
    ja = ActionItemPage.objects.get(pk=item.pk)
    ja.pickup_text = "公募委員の登用を全ての審議会に広げます。"
    ja.save_revision().publish()
    row = sample_row(plan_translation_status(locales=[tree.en]), sample_plan.plan, tree.en)
    assert [stale.title for stale in row.out_of_date] == ["審議会等への公募委員の登用"]
    translation.source.update_from_db()
    row = sample_row(plan_translation_status(locales=[tree.en]), sample_plan.plan, tree.en)
    assert row.out_of_date == []


def test_view_lists_plans_in_an_accessible_table(
    admin_client_ja, sample_plan, tree, django_capture_on_commit_callbacks
):
    publish_translated_path(sample_plan.public_members, tree.en, django_capture_on_commit_callbacks)
    response = admin_client_ja.get(reverse("kyodo_translations:status"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "翻訳状況" in html and "みなと市市民参加推進計画（第3次）" in html
    assert (
        '<th scope="col">翻訳あり</th>' in html
        and '<th scope="row"><span lang="en">English</span></th>' in html
    )
    assert "<caption" in html


def test_queries_do_not_grow_with_the_items(
    admin_client_ja, sample_plan, tree, django_capture_on_commit_callbacks
):
    publish_translated_path(sample_plan.public_members, tree.en, django_capture_on_commit_callbacks)
    url = reverse("kyodo_translations:status")
    admin_client_ja.get(url)
    with CaptureQueriesContext(connection) as before:
        admin_client_ja.get(url)
    measure = MeasurePageFactory(
        parent=sample_plan.plan, title="地域の協働事業の推進", slug="many", number="9"
    )
    items = add_many_items(measure, 40)
    translate_to(measure, tree.en)
    for item in items[:10]:
        translate_to(item, tree.en, copy_parents=False)
    with CaptureQueriesContext(connection) as after:
        response = admin_client_ja.get(url)
    assert response.status_code == 200
    assert len(after.captured_queries) == len(before.captured_queries)


def test_status_needs_the_translation_permission(client, django_user_model):
    user = django_user_model.objects.create_user("shokuin", "shokuin@city.minato.example.jp", "pw")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    assert client.get(reverse("kyodo_translations:status")).status_code == 403


def test_the_dashboard_counts_out_of_date_translations(
    admin_client_ja, sample_plan, tree, django_capture_on_commit_callbacks
):
    """After the Japanese page is published again, the translation is out of date and the
    dashboard of those who send pages for translation says so, per language."""
    item = sample_plan.public_comment
    publish_translated_path(item, tree.en, django_capture_on_commit_callbacks)
    translate_to(item, tree.en).save_target(publish=True)
    home = admin_client_ja.get("/admin/").content.decode()
    assert "古くなった翻訳はありません。" in home
    item.save_revision().publish()
    home = admin_client_ja.get("/admin/").content.decode()
    assert "English：1件" in home and "/admin/kyodo/translations/" in home
