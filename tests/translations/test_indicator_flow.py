"""The translator's whole flow for indicators (成果指標), over HTTP as the people who do it:

- a member of 「翻訳者（English）」 (not a superuser) sends a Japanese indicator for
  translation into English, fills in its strings in wagtail-localize's editor and publishes
  it, and the English measure page then shows the English name; the Japanese indicator and
  the Korean translation stay out of their reach;
- 広報担当 sends a whole plan with the pages below it, and the plan's published indicators go
  with it; 「翻訳状況」 counts them; the plan's PO bundle carries them; the plan's sync brings
  a corrected Japanese number to them.
"""

from __future__ import annotations

import re
from decimal import Decimal
from urllib.parse import urlencode

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse

from wagtail.models import Locale
from wagtail_localize.models import StringSegment, StringTranslation, Translation, TranslationSource

import pytest
from bs4 import BeautifulSoup

from plans.models import Indicator, IndicatorValue, MeasurePage, PlanPage
from plans.staff import pr_group_name, setup_staff_groups
from translations.groups import setup_translator_groups

from ..factories import add_indicator
from .conftest import publish_translated_path, translate_to
from .test_indicators import ENGLISH, text_of
from .test_po import bundle_files

FORM = "application/x-www-form-urlencoded"
NAME = "審議会等の委員に占める公募委員の割合"


def japanese_indicator(sample_plan, **fields):
    fields.setdefault("code", "1-1")
    return add_indicator(
        sample_plan.plan,
        description="公募により選ばれた委員の数を、委員の総数で割った割合",
        source="審議会等の委員構成調査",
        measures=[sample_plan.participation],
        baseline=(2020, "18.5"),
        targets={2025: "30"},
        values={2023: "24", 2024: "26.8"},
        notes={2024: "委員改選の年"},
        **fields,
    )


def edit_url(indicator) -> str:
    return reverse("wagtailsnippets_plans_indicator:edit", args=[indicator.pk])


def submit_url(indicator) -> str:
    return f"/admin/localize/submit/snippet/plans/indicator/{indicator.pk}/"


def put_string(client, translation, japanese: str, english: str):
    segment = StringSegment.objects.get(source=translation.source, string__data=japanese)
    url = reverse("wagtail_localize:edit_string_translation", args=[translation.pk, segment.pk])
    return client.put(url, urlencode({"value": english}), content_type=FORM)


def indicator_section(html: str) -> str:
    return html.split('id="indicators-heading"', 1)[1].split("</section>", 1)[0]


# A translator and the indicators of their language --------------------------------


def test_a_translator_translates_and_publishes_an_indicator_and_the_english_page_shows_it(
    en_translator, translated, sample_plan, tree, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    indicator = japanese_indicator(sample_plan)
    english_measure = MeasurePage.objects.get(
        translation_key=sample_plan.participation.translation_key, locale=tree.en
    )
    assert english_measure.live
    # Until then the English measure page shows the Japanese indicator, marked as Japanese.
    section = indicator_section(en_translator.get(english_measure.url).content.decode())
    assert re.search(r'<h3 class="indicator__name" id="indicator-\d+-name" lang="ja">', section)

    # The list of indicators, and the Japanese one sent for translation into English (only).
    listing = en_translator.get(reverse("wagtailsnippets_plans_indicator:list"))
    assert listing.status_code == 200 and NAME in listing.content.decode()
    form = en_translator.get(submit_url(indicator))
    assert form.status_code == 200
    offered = set(re.findall(r'name="locales" value="(\d+)"', form.content.decode()))
    assert offered == {str(tree.en.pk)}
    with capture(execute=True):
        response = en_translator.post(submit_url(indicator), {"locales": [tree.en.pk]})
    assert response.status_code == 302
    english = Indicator.objects.get(translation_key=indicator.translation_key, locale=tree.en)
    assert not english.live  # a draft until a person has translated it
    assert english.plan.locale == tree.en

    # The translation editor, the strings typed in, then 「公開」.
    assert en_translator.get(edit_url(english)).status_code == 200
    translation = Translation.objects.get(source__object_id=indicator.translation_key, target_locale=tree.en)
    for japanese, words in ENGLISH.items():
        if japanese != "%":
            assert put_string(en_translator, translation, japanese, words).status_code in (200, 201)
    with capture(execute=True):
        response = en_translator.post(edit_url(english), {"action": "publish"})
    assert response.status_code == 302
    english = Indicator.objects.get(pk=english.pk)
    assert english.live and english.name == ENGLISH[NAME]
    assert english.values.get(fiscal_year=2024).note == "A year of reappointments"
    assert english.values.get(fiscal_year=2024).value == Decimal("26.8")

    # The public English measure page: the English indicator, nothing marked Japanese.
    section = indicator_section(en_translator.get(english_measure.url).content.decode())
    assert 'lang="ja"' not in section
    text = text_of(section)
    assert ENGLISH[NAME] in text and NAME not in text
    assert "A year of reappointments" in text
    # The Japanese indicator is as it was.
    assert Indicator.objects.get(pk=indicator.pk).name == NAME


def test_a_translator_cannot_touch_the_japanese_indicator_or_another_language(
    en_translator, translated, sample_plan, tree, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    indicator = japanese_indicator(sample_plan)
    ko = translated["ko"]
    with capture(execute=True):
        korean_translation = translate_to(indicator, ko)
    korean = Indicator.objects.get(translation_key=indicator.translation_key, locale=ko)
    revisions = indicator.revisions.count()

    for other in (indicator, korean):
        response = en_translator.get(edit_url(other))
        assert response.status_code == 403, other.locale
        assert "翻訳者は担当する言語のデータだけを編集できます" in response.content.decode()
        with capture(execute=True):
            for data in (
                {"action": "publish"},
                {"action-publish": "1", "name": "Overwritten"},
                {"name": "X"},
            ):
                assert en_translator.post(edit_url(other), data).status_code == 403
    unpublish = reverse("wagtailsnippets_plans_indicator:unpublish", args=[indicator.pk])
    assert en_translator.post(unpublish).status_code == 403
    # The Korean strings through wagtail-localize's own endpoints.
    response = put_string(en_translator, korean_translation, NAME, "Overwritten")
    assert response.status_code == 403
    upload = reverse("wagtail_localize:upload_pofile", args=[korean_translation.pk])
    assert en_translator.post(upload, {"file": b""}).status_code == 403
    # Sending the Japanese indicator into Korean.
    with capture(execute=True):
        response = en_translator.post(submit_url(indicator), {"locales": [ko.pk]})
    assert response.status_code == 403

    japanese = Indicator.objects.get(pk=indicator.pk)
    assert japanese.live and japanese.name == NAME and japanese.revisions.count() == revisions
    korean = Indicator.objects.get(pk=korean.pk)
    assert korean.live and korean.name == NAME  # published, with its Japanese strings, by the helper
    assert not StringTranslation.objects.filter(data="Overwritten").exists()
    assert not Indicator.objects.filter(translation_key=indicator.translation_key, locale=tree.en).exists()


def listed(client, url: str) -> set[int]:
    """The indicators (their ids) the rows of the admin listing at ``url`` open."""
    soup = BeautifulSoup(client.get(url).content, "html.parser")
    links = [link["href"] for link in soup.select("table.listing tbody tr a[href*='/edit/']")]
    return {int(re.search(r"/edit/(\d+)/", href).group(1)) for href in links}


def test_a_translator_lists_the_japanese_and_their_own_languages_indicators_only(
    en_translator, translated, sample_plan, tree, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    indicator = japanese_indicator(sample_plan)
    with capture(execute=True):
        translate_to(indicator, translated["ko"])
        translate_to(indicator, tree.en)
    english = Indicator.objects.get(translation_key=indicator.translation_key, locale=tree.en)
    korean = Indicator.objects.get(translation_key=indicator.translation_key, locale=translated["ko"])
    index = reverse("wagtailsnippets_plans_indicator:list")

    assert listed(en_translator, index) == {indicator.pk, english.pk}
    # Choosing Korean in the filter shows none; the results-only view agrees.
    assert listed(en_translator, index + f"?locale={korean.locale_id}") == set()
    results = reverse("wagtailsnippets_plans_indicator:list_results")
    assert listed(en_translator, results) == {indicator.pk, english.pk}

    # 広報担当 sees every language.
    setup_staff_groups()
    pr = get_user_model().objects.create_user("koho-list", "koho-list@city.minato.example.jp", "pw")
    pr.groups.add(Group.objects.get(name=pr_group_name()))
    en_translator.force_login(pr)
    assert listed(en_translator, index) == {indicator.pk, english.pk, korean.pk}


def test_translators_groups_get_the_indicator_permissions(translated):
    english = Group.objects.get(name="翻訳者（English）")
    codenames = set(
        english.permissions.filter(content_type__model="indicator").values_list("codename", flat=True)
    )
    assert codenames == {"change_indicator", "publish_indicator", "view_indicator"}


# 広報担当 and the whole plan ------------------------------------------------------------


@pytest.fixture
def pr_client(client, django_user_model, db):
    setup_staff_groups()
    user = django_user_model.objects.create_user("koho-tanto", "koho@city.minato.example.jp", "pw")
    user.groups.add(Group.objects.get(name=pr_group_name()))
    client.force_login(user)
    return client


def submit_plan(client, plan, locale, capture):
    with capture(execute=True):
        response = client.post(
            f"/admin/localize/submit/page/{plan.pk}/", {"locales": [locale.pk], "include_subtree": "on"}
        )
    assert response.status_code == 302, response.content.decode()[:500]


def test_a_plan_sent_with_its_pages_takes_its_published_indicators_along(
    pr_client, sample_plan, tree, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    publish_translated_path(sample_plan.plan, tree.en, capture)  # the English home page and plan list
    published = japanese_indicator(sample_plan)
    draft = japanese_indicator(sample_plan, code="1-2", name="市民提案の件数")
    Indicator.objects.filter(pk=draft.pk).update(live=False)  # unpublished since

    submit_plan(pr_client, sample_plan.plan, tree.en, capture)

    english = Indicator.objects.get(translation_key=published.translation_key, locale=tree.en)
    english_plan = PlanPage.objects.get(translation_key=sample_plan.plan.translation_key, locale=tree.en)
    english_measure = MeasurePage.objects.get(
        translation_key=sample_plan.participation.translation_key, locale=tree.en
    )
    assert not english.live  # nothing is published before a person translates it
    assert english.plan_id == english_plan.pk
    assert [link.measure_id for link in english.measure_links.all()] == [english_measure.pk]
    assert Translation.objects.filter(
        source__object_id=published.translation_key, target_locale=tree.en, enabled=True
    ).exists()
    # A draft indicator is not on the Japanese site: it is not sent.
    assert not Indicator.objects.filter(translation_key=draft.translation_key, locale=tree.en).exists()

    # 「翻訳状況」 counts the plan's indicator beside its pages.
    html = pr_client.get(reverse("kyodo_translations:status")).content.decode()
    assert '<th scope="col">指標数</th>' in html and '<th scope="col">翻訳ありの指標</th>' in html
    plan_section = html.split(f'id="plan-{sample_plan.plan.pk}"', 1)[1].split("</section>", 1)[0]
    row = re.search(
        r'<th scope="row"><span lang="en">English</span></th>(.*?)</tr>', plan_section, re.S
    ).group(1)
    cells = [text_of(cell).strip() for cell in re.findall(r"<td>(.*?)</td>", row, re.S)]
    assert cells[:6] == [
        "9",
        "9",
        "0",
        "1",
        "1",
        "0",
    ]  # pages, translated, live; indicators, translated, live

    # The plan's PO bundle has a file for the indicator, after the pages.
    response = pr_client.get(
        reverse("kyodo_translations:plan_bundle", args=[sample_plan.plan.pk]),
        {"locale": "en", "download": "1"},
    )
    files = bundle_files(response.content)
    last = sorted(files)[-1]
    assert last.endswith(f"-indicator-{published.pk}.po") and len(files) == 10
    assert NAME in {entry.msgid for entry in files[last]}
    assert not any(entry.msgid == "市民提案の件数" for po in files.values() for entry in po)


def test_the_plans_sync_brings_a_corrected_number_and_new_indicators_to_the_translation(
    pr_client, sample_plan, tree, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    publish_translated_path(sample_plan.plan, tree.en, capture)
    indicator = japanese_indicator(sample_plan)
    submit_plan(pr_client, sample_plan.plan, tree.en, capture)
    english = Indicator.objects.get(translation_key=indicator.translation_key, locale=tree.en)

    # The Japanese 2024 value is corrected and published; a new indicator is published.
    japanese = Indicator.objects.get(pk=indicator.pk)
    rows = list(japanese.values.all())
    next(row for row in rows if row.fiscal_year == 2024).value = Decimal("27.1")
    japanese.values = rows
    japanese.save_revision().publish()
    added = japanese_indicator(sample_plan, code="1-2", name="市民提案の件数")

    status = pr_client.get(reverse("kyodo_translations:status")).content.decode()
    stale = re.search(r"<li>\s*指標：(.*?)</li>", status, re.S)
    assert stale and NAME in text_of(stale.group(1))
    assert f'href="{reverse("wagtailsnippets_plans_indicator:edit", args=[english.pk])}"' in stale.group(1)

    plan_source = TranslationSource.objects.get(
        object_id=sample_plan.plan.translation_key, locale__language_code="ja"
    )
    with capture(execute=True):
        response = pr_client.post(
            reverse("wagtail_localize:update_translations", args=[plan_source.pk]),
            {"publish_translations": "on"},
        )
    assert response.status_code == 302
    english = Indicator.objects.get(pk=english.pk)
    assert english.live
    assert english.values.get(fiscal_year=2024).value == Decimal("27.1")
    new = Indicator.objects.get(translation_key=added.translation_key, locale=tree.en)
    assert new.live  # published with the plan, as the person asked
    status = pr_client.get(reverse("kyodo_translations:status")).content.decode()
    assert not re.search(r"<li>\s*指標：", status)
    # The Japanese rows are untouched.
    assert set(
        IndicatorValue.objects.filter(indicator=indicator).values_list("locale__language_code", flat=True)
    ) == {"ja"}


def test_a_sync_without_publication_leaves_a_published_translation_online(
    pr_client, sample_plan, tree, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    publish_translated_path(sample_plan.plan, tree.en, capture)
    indicator = japanese_indicator(sample_plan)
    submit_plan(pr_client, sample_plan.plan, tree.en, capture)
    translation = Translation.objects.get(source__object_id=indicator.translation_key, target_locale=tree.en)
    with capture(execute=True):
        translation.save_target(publish=True)
    english = Indicator.objects.get(translation_key=indicator.translation_key, locale=tree.en)
    assert english.live

    plan_source = TranslationSource.objects.get(
        object_id=sample_plan.plan.translation_key, locale__language_code="ja"
    )
    with capture(execute=True):
        response = pr_client.post(reverse("wagtail_localize:update_translations", args=[plan_source.pk]), {})
    assert response.status_code == 302
    assert Indicator.objects.get(pk=english.pk).live


def test_the_plans_sync_with_machine_translation_covers_its_indicators(
    pr_client, sample_plan, tree, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    publish_translated_path(sample_plan.plan, tree.en, capture)
    indicator = japanese_indicator(sample_plan)
    submit_plan(pr_client, sample_plan.plan, tree.en, capture)
    plan_source = TranslationSource.objects.get(
        object_id=sample_plan.plan.translation_key, locale__language_code="ja"
    )
    with capture(execute=True):
        response = pr_client.post(
            reverse("wagtail_localize:update_translations", args=[plan_source.pk]),
            {"use_machine_translation": "on"},
        )
    assert response.status_code == 302
    source = TranslationSource.objects.get(object_id=indicator.translation_key)
    machine = StringTranslation.objects.filter(
        locale=tree.en, translation_of__data=NAME, translation_type="machine"
    )
    assert machine.exists()
    assert StringSegment.objects.filter(source=source, string__data=NAME).exists()
    # Pre-filled only: nothing is published by the machine.
    assert not Indicator.objects.get(translation_key=indicator.translation_key, locale=tree.en).live


def test_the_status_screen_makes_as_many_queries_with_more_indicators(
    pr_client, sample_plan, tree, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    capture = django_capture_on_commit_callbacks
    publish_translated_path(sample_plan.plan, tree.en, capture)
    japanese_indicator(sample_plan)
    submit_plan(pr_client, sample_plan.plan, tree.en, capture)
    url = reverse("kyodo_translations:status")
    pr_client.get(url)
    with CaptureQueriesContext(connection) as before:
        pr_client.get(url)
    for number in range(2, 8):
        indicator = japanese_indicator(sample_plan, code=f"1-{number}", name=f"指標{number}")
        translate_to(indicator, tree.en)
    with django_assert_max_num_queries(len(before.captured_queries)):
        assert pr_client.get(url).status_code == 200


def test_setup_translator_groups_gives_a_new_language_the_indicator_permissions(db, tree):
    Locale.objects.get_or_create(language_code="ko")
    setup_translator_groups()
    korean = Group.objects.get(translator_locale__locale__language_code="ko")
    assert korean.permissions.filter(codename="publish_indicator").exists()


# Machine translation ----------------------------------------------------------------


def test_a_machine_translated_indicator_is_marked_until_a_person_has_gone_through_it(
    en_translator, translated, sample_plan, tree, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    indicator = japanese_indicator(sample_plan)
    with capture(execute=True):
        en_translator.post(submit_url(indicator), {"locales": [tree.en.pk]})
    english = Indicator.objects.get(translation_key=indicator.translation_key, locale=tree.en)
    translation = Translation.objects.get(source__object_id=indicator.translation_key, target_locale=tree.en)
    english_measure = MeasurePage.objects.get(
        translation_key=sample_plan.participation.translation_key, locale=tree.en
    )
    notice = "includes machine translation that a translator has not yet reviewed"  # in English

    # The editor's 「機械翻訳」, then 「公開」.
    response = en_translator.post(reverse("wagtail_localize:machine_translate", args=[translation.pk]))
    assert response.status_code == 302
    with capture(execute=True):
        assert en_translator.post(edit_url(english), {"action": "publish"}).status_code == 302
    english = Indicator.objects.get(pk=english.pk)
    assert english.live and english.machine_translated
    section = indicator_section(en_translator.get(english_measure.url).content.decode())
    assert notice in section and 'role="note"' in section
    # The page itself was translated by a person: the page's own notice is not shown.
    assert not MeasurePage.objects.get(pk=english_measure.pk).machine_translated

    # A person goes through every string and publishes again: the mark is gone.
    for segment in StringSegment.objects.filter(source=translation.source).select_related("string"):
        assert put_string(en_translator, translation, segment.string.data, "Reviewed").status_code in (
            200,
            201,
        )
    with capture(execute=True):
        assert en_translator.post(edit_url(english), {"action": "publish"}).status_code == 302
    assert not Indicator.objects.get(pk=english.pk).machine_translated
    assert notice not in indicator_section(en_translator.get(english_measure.url).content.decode())
    # The Japanese indicator never carries the mark.
    assert not Indicator.objects.get(pk=indicator.pk).machine_translated


def test_the_migration_gives_existing_translators_groups_the_indicator_permissions(translated):
    """Groups made before indicators existed get the permissions from translations/0003."""
    from importlib import import_module

    from django.apps import apps

    english = Group.objects.get(name="翻訳者（English）")
    english.permissions.remove(*english.permissions.filter(content_type__model="indicator"))
    import_module("translations.migrations.0003_indicator_permissions_for_translators").grant(apps, None)
    codenames = set(
        english.permissions.filter(content_type__model="indicator").values_list("codename", flat=True)
    )
    assert codenames == {"change_indicator", "publish_indicator", "view_indicator"}
