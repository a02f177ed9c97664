"""The department chooser lists each 課 under its 局 and finds departments by a piece of
their name, their reading (hiragana or katakana), a former name or their bureau."""

from __future__ import annotations

from django.urls import reverse

import pytest
from bs4 import BeautifulSoup

from ..factories import DepartmentFactory

CHOOSE = "wagtailsnippetchoosers_plans_department:choose"
RESULTS = "wagtailsnippetchoosers_plans_department:choose_results"


def chosen_labels(client, view: str = RESULTS, **params) -> list[str]:
    response = client.get(reverse(view), params)
    assert response.status_code == 200
    is_json = response["Content-Type"].startswith("application/json")  # the modal's first step
    html = response.json()["html"] if is_json else response.content
    rows = BeautifulSoup(html, "html.parser").select("a[data-chooser-modal-choice]")
    return [row.get_text(" ", strip=True) for row in rows]


def test_each_section_is_listed_under_its_bureau(admin_client, departments):
    expected = ["市民局", "市民局 › 市民協働推進課", "市民局 › 広聴課", "政策局", "政策局 › 広報課"]

    assert chosen_labels(admin_client, CHOOSE) == expected
    assert chosen_labels(admin_client) == expected


def test_the_chooser_shows_readings(admin_client, departments):
    response = admin_client.get(reverse(CHOOSE))
    assert "こうほうか" in response.json()["html"]


@pytest.mark.parametrize("query", ["こうほう", "コウホウ", "ｺｳﾎｳ"])
def test_a_department_is_found_by_its_reading(admin_client, departments, query):
    assert chosen_labels(admin_client, q=query) == ["政策局 › 広報課"]


def test_a_department_is_found_by_a_former_name(admin_client, departments):
    assert chosen_labels(admin_client, q="市民活動推進課") == ["市民局 › 市民協働推進課"]


def test_a_department_is_found_by_a_piece_of_its_name(admin_client, departments):
    assert chosen_labels(admin_client, q="協働") == ["市民局 › 市民協働推進課"]


def test_a_bureau_finds_its_sections(admin_client, departments):
    assert chosen_labels(admin_client, q="政策局") == ["政策局", "政策局 › 広報課"]
    assert chosen_labels(admin_client, q="市民局 広聴") == ["市民局 › 広聴課"]


def test_two_sections_of_the_same_name_are_told_apart(admin_client, departments):
    DepartmentFactory(name="総務課", reading="そうむか", parent=departments.shimin)
    DepartmentFactory(name="総務課", reading="そうむか", parent=departments.seisaku)

    assert chosen_labels(admin_client, q="そうむ") == ["市民局 › 総務課", "政策局 › 総務課"]


@pytest.mark.parametrize("page", ["item", "plan"])
def test_the_page_editor_chooses_departments_with_this_chooser(admin_client, sample_plan, page):
    target = sample_plan.public_members if page == "item" else sample_plan.plan

    response = admin_client.get(reverse("wagtailadmin_pages:edit", args=[target.pk]))

    assert response.status_code == 200
    assert reverse(CHOOSE) in response.content.decode()
