"""The municipality's name and contact texts in the reader's language (自治体の表記): the
header, footer, title and default contact of /en/ in English when staff gave English texts,
in Japanese marked lang="ja" when not; translated with wagtail-localize like a snippet."""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.urls import reverse

from wagtail.models import Locale
from wagtail.permissions import policy_registry
from wagtail_localize.models import Translation
from wagtail_localize.operations import TranslationCreator

import pytest
from bs4 import BeautifulSoup

from home.models import MunicipalitySettings, MunicipalityText
from plans.staff import department_group_name, pr_group_name, setup_staff_groups
from tests.factories import StandardPageFactory, municipality_text
from translations.groups import setup_translator_groups

JAPANESE = {
    "name": "みなと市",
    "office_name": "市民局 市民協働推進課",
    "address": "みなと市本町1-1",
    "opening_hours": "平日 8時30分～17時15分",
}
ENGLISH = {
    "name": "Minato City",
    "office_name": "Citizen Collaboration Division",
    "address": "1-1 Honcho, Minato City",
    "opening_hours": "Weekdays 8:30–17:15",
}


@pytest.fixture
def texts(tree):
    MunicipalitySettings.objects.update_or_create(site=tree.site, defaults={"phone": "045-671-1111"})
    return municipality_text(tree.site, **JAPANESE)


def soup_of(client, url: str) -> BeautifulSoup:
    response = client.get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content.decode(), "html.parser")


def text(element) -> str:
    return " ".join(element.get_text(" ").split())


def test_english_pages_show_the_english_name_and_contact_unmarked(client, tree, texts):
    municipality_text(tree.site, tree.en, **ENGLISH)
    page = StandardPageFactory(parent=tree.home, title="このサイトについて", slug="about")

    soup = soup_of(client, f"/en{page.url}")

    name = soup.find(class_="site-name__municipality")
    assert text(name) == "Minato City" and name.get("lang") is None
    office = soup.find(class_="site-footer__office")
    assert text(office) == "Minato City Citizen Collaboration Division" and office.get("lang") is None
    footer = text(soup.find("footer"))
    assert "1-1 Honcho, Minato City" in footer and "Weekdays 8:30–17:15" in footer
    assert "みなと市" not in footer
    assert soup.title.get_text().endswith("| Minato City Citizen Participation and Collaboration Plans")
    # The page itself is Japanese (no English translation): its contact, inside its content,
    # is Japanese too, as the rest of the content is.
    contact = soup.select_one(".page-contact .department-contact__name")
    assert text(contact) == "みなと市 市民局 市民協働推進課" and contact.get("lang") is None


def test_a_language_without_its_texts_shows_the_japanese_ones_marked_japanese(client, tree, texts):
    municipality_text(tree.site, tree.en, **ENGLISH)

    for language in ("ko", "pt-br"):
        soup = soup_of(client, f"/{language}/")
        name = soup.find(class_="site-name__municipality")
        assert text(name) == "みなと市" and name["lang"] == "ja"
        assert soup.find(class_="site-footer__office")["lang"] == "ja"
        assert "Minato" not in soup.decode()


def test_the_japanese_site_shows_the_japanese_texts_without_marks(client, tree, texts):
    municipality_text(tree.site, tree.en, **ENGLISH)

    soup = soup_of(client, "/")

    assert text(soup.find(class_="site-name__municipality")) == "みなと市"
    assert soup.find(class_="site-name__municipality").get("lang") is None
    assert "Minato" not in soup.decode()


def test_the_texts_are_translated_with_wagtail_localize(client, tree, texts):
    """「翻訳する」 on the snippet, then the translator's PO file: the English text is made
    from the Japanese one and keeps its site."""
    TranslationCreator(user=None, target_locales=[tree.en]).create_translations(texts)
    translation = Translation.objects.get(source__object_id=texts.translation_key, target_locale=tree.en)
    po = translation.export_po()
    by_source = {value: ENGLISH[field] for field, value in JAPANESE.items()}
    for entry in po:
        entry.msgstr = by_source[entry.msgid]
    translation.import_po(po)
    translation.save_target()

    english = texts.get_translation(tree.en)
    assert (english.name, english.site_id) == ("Minato City", tree.site.pk)
    assert text(soup_of(client, "/en/").find(class_="site-name__municipality")) == "Minato City"


def test_a_translator_changes_the_texts_of_their_own_language_only(tree, texts, django_user_model):
    setup_translator_groups()
    english = municipality_text(tree.site, tree.en, **ENGLISH)
    translator = django_user_model.objects.create_user("translator-en", password="x")
    translator.groups.add(Group.objects.get(translator_locale__locale=tree.en))
    policy = policy_registry.get_by_type(MunicipalityText)

    assert policy.user_has_permission_for_instance(translator, "change", english)
    assert not policy.user_has_permission_for_instance(translator, "change", texts)


def test_the_english_admin_name_stays_japanese(admin_client, texts):
    """The admin names the municipality in Japanese: staff know it by that name."""
    html = admin_client.get(reverse("wagtailadmin_home")).content.decode()
    assert "（みなと市）" in html


def test_one_text_per_site_and_language(tree, texts):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        MunicipalityText.objects.create(site=tree.site, locale=Locale.get_default(), name="別の市")


def test_the_pr_office_edits_the_name_in_the_admin_and_the_header_shows_it(
    client, tree, texts, django_user_model
):
    """広報担当 kept the municipality's name when it was a field of 自治体の設定; it keeps it
    in 自治体の表記 (home/migrations/0006, setup_staff_groups)."""
    setup_staff_groups()
    office = django_user_model.objects.create_user(username="koho", password="x")
    office.groups.add(Group.objects.get(name=pr_group_name()))
    client.force_login(office)
    edit = reverse("wagtailsnippets_home_municipalitytext:edit", args=[texts.pk])
    form = client.get(edit)
    assert form.status_code == 200

    response = client.post(
        edit,
        {
            "site": tree.site.pk,
            "name": "みどり市",
            "office_name": texts.office_name,
            "address": texts.address,
            "opening_hours": texts.opening_hours,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    client.logout()
    assert text(soup_of(client, "/").find(class_="site-name__municipality")) == "みどり市"


def test_department_staff_may_not_edit_the_municipalitys_name(client, tree, texts, django_user_model):
    setup_staff_groups()
    member = django_user_model.objects.create_user(username="tanto", password="x")
    member.groups.add(Group.objects.get(name=department_group_name()))
    client.force_login(member)
    edit = reverse("wagtailsnippets_home_municipalitytext:edit", args=[texts.pk])
    client.post(edit, {"site": tree.site.pk, "name": "みどり市"})
    texts.refresh_from_db()
    assert texts.name != "みどり市"
