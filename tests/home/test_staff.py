"""Staff in the admin: names family name first when written in Japanese."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.urls import reverse

from wagtail.admin.utils import get_user_display_name
from wagtail.models import PageLogEntry

import pytest

from home.staff import full_name


@pytest.fixture
def yamada(db) -> User:
    return User.objects.create_superuser(
        "yamada", "t-yamada@city.minato.example.jp", "pw", first_name="太郎", last_name="山田"
    )


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
