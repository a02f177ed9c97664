"""Bad parameters answer 400 with a clear JSON error in the request's language, never 500."""

from __future__ import annotations

import pytest

BAD_REQUESTS = [
    ("/items", {"colour": "red"}, "colour"),
    ("/items", {"plan": "abc"}, "plan"),
    ("/items", {"plan": "1.5"}, "plan"),
    ("/items", {"plan": str(2**40)}, "plan"),
    ("/items", {"page_size": "100000"}, "page_size"),
    ("/items", {"page_size": "0"}, "page_size"),
    ("/items", {"page": "-1"}, "page"),
    ("/items", {"page": "0"}, "page"),
    ("/items", {"page": "x"}, "page"),
    ("/items", {"locale": "xx"}, "locale"),
    ("/items", {"locale": "../etc"}, "locale"),
    ("/items", {"actor": "mayor"}, "actor"),
    ("/items", {"flag": "secret"}, "flag"),
    ("/items", {"status": "finished"}, "status"),
    ("/items", {"fiscal_year": "1800"}, "fiscal_year"),
    ("/items", {"fiscal_year": "令和6年度"}, "fiscal_year"),
    ("/items", {"q": "協" * 201}, "q"),
    ("/items", {"q": "協働\x00"}, "q"),
    ("/items", {"q": "\x1b[31m"}, "q"),
    ("/departments", {"q": "\x7f"}, "q"),
    ("/items", {"cursor": "bm90IGEgY3Vyc29y"}, "cursor"),
    ("/items", {"offset": "-5"}, "offset"),
    ("/items.csv", {"page": "2"}, "page"),
    ("/plans", {"kind": "unknown"}, "kind"),
    ("/progress", {"status": "ok"}, "status"),
    ("/progress-summaries", {"fiscal_year": "99999"}, "fiscal_year"),
    ("/departments", {"parent": "-3"}, "parent"),
    ("/items?plan=1&plan=2", {}, "plan"),
    ("/items?flag=new&flag=pickup", {}, "flag"),
    ("/items/1", {"fields": "*"}, "fields"),
    ("/items/0", {}, "item_id"),
    ("/items/abc", {}, "item_id"),
    ("/items/99999999999999", {}, "item_id"),
    ("/progress-summaries/1/1000", {}, "fiscal_year"),
]


@pytest.mark.parametrize(("path", "query", "parameter"), BAD_REQUESTS)
def test_bad_parameters_answer_400_naming_the_parameter(api, path, query, parameter):
    response = api.get(path, query)
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["error"] in {"invalid_parameter", "unknown_parameter"}
    assert body["message"] == "指定された条件に誤りがあります。"
    assert [detail["parameter"] for detail in body["details"]] == [parameter]
    assert parameter in body["details"][0]["message"]


def test_errors_are_in_english_when_asked(api):
    body = api.json("/items", {"page_size": "500"}, status=400, language="en")
    assert body["message"] == "The request has errors."
    assert body["details"][0]["message"] == "“page_size” must be 200 or less."
    unknown = api.json("/items", {"colour": "red"}, status=400, language="en")
    assert unknown["details"][0]["message"].startswith("There is no parameter “colour”.")


def test_errors_are_in_japanese_by_default(api):
    body = api.json("/items", {"actor": "mayor"}, status=400)
    assert body["details"][0]["message"].startswith("「actor」に指定できる値は次のとおりです：")
    assert "citizen" in body["details"][0]["message"]


@pytest.mark.parametrize(
    "query",
    [
        "協働",
        "😀🎌",
        "'; DROP TABLE wagtailcore_page; --",
        "& | ! ( ) :* \\",
        "\u200b\u200d",
        "Ａ" * 200,
        "%00",
        "<>",
    ],
)
def test_odd_search_strings_answer_200(api, sample_plan, query):
    for path in ("/items", "/plans", "/measures", "/departments", "/progress"):
        assert api.get(path, {"q": query}).status_code == 200


def test_a_missing_record_answers_404_in_the_error_shape(api):
    body = api.json("/items/2147483647", status=404)
    assert body["error"] == "not_found"
    assert body["message"] == "指定されたデータは見つかりません。"
