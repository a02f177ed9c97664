"""Bad parameters answer 400 with a JSON message, never 500."""

from __future__ import annotations

import pytest

LIMIT_MAX = 100


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"colour": "blue"}, "colour"),
        ({"child_of": "abc"}, "child_of"),
        ({"child_of": "-3"}, "child_of"),
        ({"child_of": "1.5"}, "child_of"),
        ({"descendant_of": "９"}, "descendant_of"),  # a full-width digit
        ({"descendant_of": "99999999999999999999999"}, "descendant_of"),
        ({"ancestor_of": "root"}, "ancestor_of"),
        ({"translation_of": "x"}, "translation_of"),
        ({"limit": str(LIMIT_MAX + 1)}, "limit"),
        ({"limit": "1000000000000"}, "limit"),
        ({"limit": "-1"}, "limit"),
        ({"limit": "ten"}, "limit"),
        ({"offset": "-5"}, "offset"),
        ({"offset": "1e3"}, "offset"),
        ({"offset": "99999999999999999999"}, "offset"),
        ({"locale": "xx"}, "locale"),
        ({"locale": "日本語"}, "locale"),
        ({"type": "plans.NoSuchPage"}, "type"),
        ({"type": "nothing"}, "type"),
        ({"fields": "no_such_field"}, "no_such_field"),
        ({"fields": "title("}, "fields"),
        ({"order": "no_such_field"}, "no_such_field"),
        ({"search_operator": "xor", "search": "協働"}, "search_operator"),
        ({"search": "協" * 5000}, "200"),
        ({"search": "協働\x00"}, "search"),
        ({"search": "\x07bell"}, "検索語"),
        ({"search": ""}, "検索語"),
        ({"search": "   "}, "検索語"),
        ({"search": "\u3000\u200b"}, "検索語"),  # ideographic and zero-width spaces only
        ({"search": "🏯" * 50}, "検索語"),  # nothing but emoji
        ({"search": "!!! ***"}, "検索語"),
        ({"id": "abc"}, "id"),
        ({"id": "99999999999999999999999"}, "id"),
        ({"type": "plans.ActionItemPage", "plan": "abc"}, "plan"),
        ({"type": "plans.ActionItemPage", "is_new": "perhaps"}, "is_new"),
        ({"type": "plans.ProgressReportPage", "fiscal_year": "令和6"}, "fiscal_year"),
        ({"type": "plans.PlanPage", "period_start": "70000"}, "period_start"),
        ({"translation_key": "not-a-uuid"}, "translation_key"),
        ({"site": "no-such-host"}, "site"),
    ],
)
def test_a_bad_page_parameter_answers_400_with_a_message(api, sample_plan, params, expected):
    data = api.get("/api/v2/pages/", params, status=400)
    assert set(data) == {"message"}
    assert expected in data["message"]


def test_messages_are_japanese_by_default_and_english_on_request(api, tree):
    japanese = api.get("/api/v2/pages/", {"child_of": "abc"}, status=400)
    assert "正の整数" in japanese["message"]
    english = api.get("/api/v2/pages/", {"child_of": "abc"}, status=400, **{"Accept-Language": "en"})
    assert "positive integer" in english["message"]
    assert "使えないパラメータ" in api.get("/api/v2/pages/", {"colour": "blue"}, status=400)["message"]


@pytest.mark.parametrize(
    "query",
    [
        "協働 😀",  # emoji
        "ｷｮｳﾄﾞｳ",  # half-width katakana
        "' OR 1=1 --",
        "協働 & | ! ( ) : * <->",  # tsquery operators
        "e\u0301",  # combining mark
        '協働"',  # an unbalanced double quote (SQLite's full-text backend would fail on it)
        '"協働" "',
        "a'b;--",
    ],
)
def test_odd_unicode_searches_answer_200(api, sample_plan, query):
    data = api.pages({"search": query})
    assert data["meta"]["total_count"] == len(data["items"])


@pytest.mark.parametrize(
    "raw",
    [
        "search=%ED%A0%80",  # a lone surrogate, as UTF-8 bytes
        "search=%ED%B0%80%ED%A0%80",
        "search=%FF%FE",  # not UTF-8 at all
        "search=%E5%8D%94%E5%83",  # a truncated character
    ],
)
def test_undecodable_search_strings_do_not_crash(client, tree, raw):
    response = client.get(f"/api/v2/pages/?{raw}")
    assert response.status_code in (200, 400)
    assert response["Content-Type"] == "application/json"


def test_a_limit_at_the_maximum_and_a_large_offset_are_accepted(api, sample_plan):
    assert len(api.get("/api/v2/pages/", {"limit": LIMIT_MAX})["items"]) > 0
    data = api.get("/api/v2/pages/", {"offset": 100000})
    assert data["items"] == []
    assert data["meta"]["total_count"] > 0


@pytest.mark.parametrize("endpoint", ["images", "documents"])
@pytest.mark.parametrize(
    "params",
    [
        {"colour": "blue"},
        {"limit": "1000"},
        {"offset": "-1"},
        {"search": "協" * 500},
        {"id": "abc"},
        {"order": "nothing"},
    ],
)
def test_a_bad_media_parameter_answers_400(api, db, endpoint, params):
    data = api.get(f"/api/v2/{endpoint}/", params, status=400)
    assert data["message"]


@pytest.mark.parametrize("params", [{"id": "abc"}, {"id": "1" * 30}, {"html_path": "\x00"}])
def test_the_find_view_refuses_bad_values(api, tree, params):
    data = api.get("/api/v2/pages/find/", params, status=400)
    assert data["message"]


def test_the_find_view_answers_404_for_no_such_page(api, tree):
    assert api.get("/api/v2/pages/find/", {"id": "-1"}, status=404)["message"]
