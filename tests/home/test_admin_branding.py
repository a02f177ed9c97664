"""The admin names Kyodo and the municipality, not Wagtail: in every <title>, on the login
page and on the dashboard."""

from __future__ import annotations

from django.urls import reverse

from wagtail.users.models import UserProfile

import pytest
from bs4 import BeautifulSoup

from home.models import MunicipalitySettings, MunicipalityText
from tests.factories import municipality_text


@pytest.fixture
def aoba(tree):
    return municipality_text(tree.site, name="青葉市")


def page(response) -> BeautifulSoup:
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def test_the_login_page_names_kyodo_and_the_municipality(client, aoba):
    html = page(client.get(reverse("wagtailadmin_login")))

    assert html.h1.get_text(strip=True) == "Kyodo 管理画面（青葉市）へサインイン"
    assert html.title.get_text(strip=True).endswith("- Kyodo 管理画面（青葉市）")
    assert "Wagtail" not in html.h1.get_text() + html.title.get_text()


def test_every_label_of_the_login_form_is_in_japanese(client, aoba):
    html = page(client.get(reverse("wagtailadmin_login")))

    labels = [label.get_text(" ", strip=True) for label in html.find_all("label")]
    assert any(label.startswith("パスワード") for label in labels), labels
    assert not any("Password" in label or "Username" in label for label in labels), labels


def test_the_dashboard_names_kyodo_and_the_municipality(admin_client, aoba):
    html = page(admin_client.get(reverse("wagtailadmin_home")))

    assert html.h1.get_text(strip=True) == "Kyodo 管理画面（青葉市）"
    assert html.title.get_text(strip=True).endswith("- Kyodo 管理画面（青葉市）")


def test_every_admin_title_names_kyodo(admin_client, aoba, sample_plan):
    html = page(admin_client.get(reverse("wagtailadmin_pages:edit", args=[sample_plan.plan.pk])))

    assert html.title.get_text(strip=True).endswith("- Kyodo 管理画面（青葉市）")


def test_without_a_municipality_the_admin_is_kyodo(client, tree):
    MunicipalitySettings.objects.filter(site=tree.site).delete()
    MunicipalityText.objects.filter(site=tree.site).delete()

    html = page(client.get(reverse("wagtailadmin_login")))

    assert html.h1.get_text(strip=True) == "Kyodo 管理画面へサインイン"
    assert not MunicipalitySettings.objects.filter(site=tree.site).exists()  # read, not created


def test_the_english_admin(admin_client, admin_user, aoba):
    profile = UserProfile.get_for_user(admin_user)
    profile.preferred_language = "en"
    profile.save()

    html = page(admin_client.get(reverse("wagtailadmin_home")))

    assert html.h1.get_text(strip=True) == "Kyodo admin (青葉市)"
