"""Departments and glossary terms in the admin: listings that staff can search."""

from __future__ import annotations

from django.urls import reverse

import pytest

from ..factories import DepartmentFactory, GlossaryTermFactory


def listing(client, name: str, **params) -> str:
    response = client.get(reverse(f"wagtailsnippets_plans_{name}:list"), params)
    assert response.status_code == 200
    return response.content.decode()


def test_the_department_listing_shows_every_department(admin_client, departments):
    html = listing(admin_client, "department")
    for name in ("市民局", "市民協働推進課", "広聴課", "政策局", "広報課"):
        assert name in html


def test_searching_departments_for_a_word_inside_a_name(admin_client, departments):
    html = listing(admin_client, "department", q="協働")
    assert "市民協働推進課" in html
    assert "広報課" not in html


def test_searching_departments_for_a_word_inside_a_name_without_aliases(admin_client, departments):
    """協働 is inside 市民協働推進課, not at its start; its aliases must not be what matches."""
    departments.kyodo.aliases = ""
    departments.kyodo.save()
    html = listing(admin_client, "department", q="協働")
    assert "市民協働推進課" in html
    assert "広報課" not in html


def test_searching_departments_by_reading(admin_client, departments):
    html = listing(admin_client, "department", q="こうほうか")
    assert "広報課" in html
    assert "市民協働推進課" not in html


def test_searching_departments_by_a_former_name(admin_client, departments):
    html = listing(admin_client, "department", q="市民活動推進課")
    assert "市民協働推進課" in html
    assert "広報課" not in html


def test_a_department_added_now_is_found(admin_client, departments):
    DepartmentFactory(name="区政推進課", reading="くせいすいしんか", parent=departments.seisaku)
    html = listing(admin_client, "department", q="区政推進課")
    assert "区政推進課" in html
    assert "広報課" not in html


def test_the_glossary_listing_search(admin_client, departments):
    html = listing(admin_client, "glossaryterm")
    assert "パブリックコメント" in html and "市民活動団体" in html

    html = listing(admin_client, "glossaryterm", q="パブリックコメント")
    assert "パブリックコメント" in html
    assert "市民活動団体" not in html


def test_the_glossary_search_finds_a_word_inside_a_term(admin_client, departments):
    GlossaryTermFactory(term="協働事業提案制度", reading="きょうどうじぎょうていあんせいど")
    html = listing(admin_client, "glossaryterm", q="提案")
    assert "協働事業提案制度" in html
    assert "パブリックコメント" not in html


@pytest.mark.parametrize("name", ["department", "glossaryterm"])
def test_the_listings_are_for_staff_only(client, name, db):
    response = client.get(reverse(f"wagtailsnippets_plans_{name}:list"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
