"""The reading dictionary in the admin, as an editor uses it."""

from __future__ import annotations

import json

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse

import pytest

from furigana.dictionary import entries
from furigana.models import ReadingEntry


@pytest.fixture
def editor(db):
    """A member of Wagtail's Editors group, with nothing added for this test."""
    user = get_user_model().objects.create_user(username="henshu", password="kyodo-pass-1")
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def test_the_menu_shows_the_reading_dictionary(editor_client):
    """The sidebar is drawn from JSON in the page, where labels are written as \\u escapes."""
    response = editor_client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    label = json.dumps("よみがな辞書")
    assert f'"name": "reading-dictionary", "label": {label}' in response.content.decode()


def test_an_editor_adds_an_entry_and_the_site_reads_it(editor_client):
    assert "羽生" not in entries().readings
    response = editor_client.post(
        reverse("wagtailsnippets_furigana_readingentry:add"),
        {"surface": "羽生", "reading": "はにゅう", "note": "埼玉県羽生市"},
    )
    assert response.status_code == 302
    entry = ReadingEntry.objects.get(surface="羽生")
    assert entry.reading == "はにゅう"
    assert entries().readings["羽生"] == "はにゅう"


def test_a_reading_in_katakana_is_refused_with_a_japanese_message(editor_client):
    response = editor_client.post(
        reverse("wagtailsnippets_furigana_readingentry:add"),
        {"surface": "羽生", "reading": "ハニュウ", "note": ""},
    )
    assert response.status_code == 200
    assert "よみは、ひらがなと「ー」だけで入力してください。" in response.content.decode()
    assert not ReadingEntry.objects.exists()


def test_a_word_without_kanji_is_refused(editor_client):
    response = editor_client.post(
        reverse("wagtailsnippets_furigana_readingentry:add"),
        {"surface": "はにゅう", "reading": "はにゅう", "note": ""},
    )
    assert response.status_code == 200
    assert "表記には漢字を含めてください。" in response.content.decode()
    assert not ReadingEntry.objects.exists()


def test_the_listing_is_searchable_by_word_and_reading(editor_client):
    ReadingEntry.objects.create(surface="羽生", reading="はにゅう")
    ReadingEntry.objects.create(surface="角田", reading="かくだ", note="人名")
    url = reverse("wagtailsnippets_furigana_readingentry:list")
    html = editor_client.get(url).content.decode()
    assert "羽生" in html and "角田" in html
    html = editor_client.get(url, {"q": "にゅう"}).content.decode()
    assert "羽生" in html and "角田" not in html
    html = editor_client.get(url, {"q": "角"}).content.decode()
    assert "角田" in html and "羽生" not in html


def test_an_editor_changes_an_entry_and_the_table_follows(editor_client):
    entry = ReadingEntry.objects.create(surface="角田", reading="かくだ")
    assert entries().readings["角田"] == "かくだ"
    response = editor_client.post(
        reverse("wagtailsnippets_furigana_readingentry:edit", args=[entry.pk]),
        {"surface": "角田", "reading": "つのだ", "note": "人名"},
    )
    assert response.status_code == 302
    assert entries().readings["角田"] == "つのだ"
