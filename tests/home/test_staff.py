"""Staff in the admin: no avatar from an outside service, initials instead; names family
name first when written in Japanese."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib.auth.models import User
from django.urls import reverse

from wagtail.admin.templatetags.wagtailadmin_tags import avatar_url
from wagtail.admin.utils import get_user_display_name
from wagtail.models import PageLogEntry
from wagtail.users.models import UserProfile

import pytest

from home.staff import full_name, initials, initials_avatar_url


@pytest.fixture
def yamada(db) -> User:
    return User.objects.create_superuser(
        "yamada", "t-yamada@city.minato.example.jp", "pw", first_name="太郎", last_name="山田"
    )


def admin_pages(sample_plan) -> list[str]:
    return [
        reverse("wagtailadmin_home"),
        reverse("wagtailadmin_pages:edit", args=[sample_plan.public_members.pk]),
        reverse("wagtailadmin_account"),
        reverse("wagtailusers_users:index"),
    ]


def test_no_admin_page_names_gravatar(client, yamada, sample_plan):
    client.force_login(yamada)
    for url in admin_pages(sample_plan):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "gravatar" not in response.content.decode().lower(), url


def test_the_admin_shows_the_family_names_initial(client, yamada, sample_plan):
    client.force_login(yamada)
    for url in admin_pages(sample_plan)[:3]:
        html = client.get(url).content.decode()
        assert "data:image/svg+xml," in html, url
        assert quote("山") in html, url  # in the SVG's text


def test_an_uploaded_picture_wins_over_initials(yamada):
    profile = UserProfile.get_for_user(yamada)
    profile.avatar = "avatar_images/yamada.png"
    profile.save()
    yamada.refresh_from_db()

    assert avatar_url(yamada).endswith("avatar_images/yamada.png")


def test_a_user_without_a_picture_gets_initials(yamada):
    assert avatar_url(yamada) == initials_avatar_url(yamada)
    assert avatar_url(yamada).startswith("data:image/svg+xml,")


@pytest.mark.parametrize(
    ("first", "last", "username", "expected"),
    [
        ("太郎", "山田", "yamada", "山"),
        ("花子", "佐々木", "sasaki", "佐"),
        ("ヨウコ", "オノ", "ono", "オ"),
        ("John", "Smith", "jsmith", "JS"),
        ("", "", "admin", "A"),
    ],
)
def test_initials(first, last, username, expected):
    assert initials(User(first_name=first, last_name=last, username=username)) == expected


@pytest.mark.parametrize(
    ("first", "last", "expected"),
    [
        ("太郎", "山田", "山田 太郎"),
        ("", "山田", "山田"),
        ("John", "Smith", "John Smith"),  # a name in Latin letters keeps its order
        ("민준", "김", "김 민준"),
    ],
)
def test_full_names(first, last, expected):
    user = User(first_name=first, last_name=last, username="u")
    assert full_name(user) == user.get_full_name() == expected


def test_wagtail_names_staff_family_name_first(client, yamada, sample_plan):
    assert get_user_display_name(yamada) == "山田 太郎"
    client.force_login(yamada)

    # The dashboard's account summary.
    assert "山田 太郎" in client.get(reverse("wagtailadmin_home")).content.decode()

    # A page's history, from the log entry of an edit.
    page = sample_plan.public_members
    page.save_revision(user=yamada, log_action=True)
    entry = PageLogEntry.objects.filter(page=page, user=yamada).latest("timestamp")
    assert entry.user_display_name == "山田 太郎"
    history = client.get(reverse("wagtailadmin_pages:history", args=[page.pk])).content.decode()
    assert "山田 太郎" in history
    assert "太郎 山田" not in history
