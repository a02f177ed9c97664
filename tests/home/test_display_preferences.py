"""文字サイズ and 背景色: the cookies set by /preferences/ (valid values only, back to a path on
this site only), the classes on <html>, the header's switches with the current one marked,
and the tables' column names on phones."""

from __future__ import annotations

from django.urls import reverse
from django.utils import translation

import pytest
from bs4 import BeautifulSoup

from home.preferences import BACKGROUND, TEXT_SIZE

URL = "/preferences/"


def soup_of(response) -> BeautifulSoup:
    assert response.status_code == 200
    return BeautifulSoup(response.content.decode(), "html.parser")


def html_classes(response) -> set[str]:
    return set(soup_of(response).find("html")["class"])


def test_the_cookie_names_and_values_are_the_ones_the_page_cache_keys_on():
    assert TEXT_SIZE.cookie == "kyodo_text_size"
    assert TEXT_SIZE.values == ("standard", "large", "larger")
    assert BACKGROUND.cookie == "kyodo_background"
    assert BACKGROUND.values == ("white", "black", "blue")


def test_a_choice_is_kept_for_a_year_and_the_reader_goes_back(client, sample_plan):
    item = sample_plan.public_members.url
    response = client.get(URL, {"text_size": "large", "next": f"{item}?ruby=1"})
    assert response.status_code == 302
    assert response["Location"] == f"{item}?ruby=1"
    cookie = response.cookies["kyodo_text_size"]
    assert cookie.value == "large"
    assert cookie["max-age"] == 365 * 24 * 60 * 60
    assert cookie["samesite"] == "Lax"
    assert cookie["httponly"]
    assert "kyodo_background" not in response.cookies
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_both_switches_at_once(client):
    response = client.get(URL, {"text_size": "larger", "background": "blue", "next": "/plans/"})
    assert response.status_code == 302
    assert response.cookies["kyodo_text_size"].value == "larger"
    assert response.cookies["kyodo_background"].value == "blue"


def test_without_next_the_reader_goes_to_the_home_page(client):
    response = client.get(URL, {"background": "black"})
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert response.cookies["kyodo_background"].value == "black"


@pytest.mark.parametrize(
    "query",
    [
        {"text_size": "huge", "next": "/"},
        {"background": "red", "next": "/"},
        {"text_size": "large", "background": "", "next": "/"},
        {"next": "/"},
    ],
)
def test_a_value_not_offered_changes_nothing_and_says_so_in_japanese(client, tree, query):
    response = client.get(URL, query)
    assert response.status_code == 400
    assert not response.cookies
    text = BeautifulSoup(response.content.decode(), "html.parser").find("main").get_text()
    assert "表示の設定を変更できませんでした" in text


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example.com/",
        "//evil.example.com/",
        "/\\evil.example.com/",
        "http:/evil.example.com",
        "javascript:alert(1)",
        "/plans/\r\nSet-Cookie: kyodo_background=black",
        "/\tevil.example.com/",
        "plans/",
        "",
    ],
)
def test_a_next_that_is_not_a_path_on_this_site_is_refused(client, tree, target):
    response = client.get(URL, {"text_size": "large", "next": target})
    assert response.status_code == 400
    assert "Location" not in response
    assert not response.cookies
    assert "このサイトの外のページには戻れません" in response.content.decode()


def test_a_language_prefixed_page_keeps_its_prefix(client, tree):
    with translation.override("en"):
        address = reverse("preferences")
    assert address == "/en/preferences/"
    response = client.get(address, {"background": "black", "next": "/en/plans/"})
    assert response.status_code == 302
    assert response["Location"] == "/en/plans/"


def test_only_get(client, tree):
    assert client.post(URL, {"text_size": "large"}).status_code == 405


def test_the_html_element_carries_the_reader_s_choice(client, sample_plan):
    item = sample_plan.public_members.url
    assert html_classes(client.get(item)) >= {"text-size-standard", "background-white"}
    client.cookies["kyodo_text_size"] = "larger"
    client.cookies["kyodo_background"] = "black"
    response = client.get(item)
    assert html_classes(response) >= {"text-size-larger", "background-black"}
    assert "Cookie" in response["Vary"]
    # A cookie with a value not offered is read as the default.
    client.cookies["kyodo_background"] = "<script>"
    assert html_classes(client.get(item)) >= {"text-size-larger", "background-white"}


def test_an_english_page_varies_on_the_cookie_too(client, tree):
    response = client.get("/en/search/")
    assert "Cookie" in response["Vary"]


def test_the_switches_link_back_to_this_page_and_mark_the_current_choice(client, sample_plan):
    item = sample_plan.public_members.url
    client.cookies["kyodo_background"] = "blue"
    soup = soup_of(client.get(item, {"ruby": "1"}))
    menu = soup.select_one(".site-header details.site-menu")
    assert menu.find("summary").get_text(strip=True) == "メニュー"
    groups = menu.select(".display-switch[role=group]")
    assert [soup.find(id=group["aria-labelledby"]).get_text() for group in groups] == ["文字サイズ", "背景色"]
    links = {link.get_text(strip=True): link for link in menu.select(".display-switch__option")}
    assert list(links) == ["標準", "拡大", "特大", "白", "黒", "青"]
    assert [name for name, link in links.items() if link.has_attr("aria-current")] == ["標準", "青"]
    assert links["拡大"]["href"] == (
        f"/preferences/?text_size=large&next={item.replace('/', '%2F')}%3Fruby%3D1"
    )
    assert links["黒"]["rel"] == ["nofollow"]
    # The menu holds the languages, the search box (its ids unchanged), the ruby toggle and
    # the main menu.
    assert menu.select_one("nav.language-switcher") is not None
    assert menu.select_one("form[role=search] input#header-search") is not None
    assert menu.select_one(".ruby-toggle__link") is not None
    assert menu.select_one("nav.main-nav") is not None


def test_the_switches_on_an_english_page_use_the_english_address(client, tree):
    soup = soup_of(client.get("/en/search/"))
    link = soup.select_one(".display-switch__option--large")
    assert link["href"].startswith("/en/preferences/?text_size=large&next=%2Fen%2Fsearch%2F")


def test_every_cell_of_the_stacked_tables_names_its_column(client, sample_plan):
    """On a phone each row is a card and each cell shows its column's name (data-label): the
    same words as the column header, and the table keeps its roles for screen readers."""
    pages = [
        sample_plan.public_members.url,
        sample_plan.participation.url,
        sample_plan.plan.url,
        sample_plan.report.url,
    ]
    stacked = empty = 0
    for url in pages:
        soup = soup_of(client.get(url))
        for table in soup.select("main table.data-table--stack"):
            stacked += 1
            assert table["role"] == "table"
            headers = [th.get_text(strip=True) for th in table.select("thead th")]
            assert all(th["role"] == "columnheader" for th in table.select("thead th"))
            for row in table.select("tbody tr"):
                assert row["role"] == "row"
                cells = row.find_all(["th", "td"], recursive=False)
                for index, cell in enumerate(cells):
                    if cell.name == "th":
                        assert cell["role"] == "rowheader"
                        continue
                    assert cell["role"] == "cell"
                    assert cell["data-label"] == headers[index], (url, cell)
                    if not cell.get_text(strip=True):
                        # Nothing to show: truly empty, so the phone's card leaves it out.
                        assert cell.contents == [], (url, cell)
                        empty += 1
    assert stacked >= 5
    assert empty > 0  # the sample plan has items without an actor or flags


def test_the_progress_table_labels_its_narrative(client, sample_plan):
    soup = soup_of(client.get(sample_plan.public_members.url))
    narrative = soup.select("main .progress-table td.cell-wide")
    assert narrative
    assert {cell["data-label"] for cell in narrative} == {"取組実績"}
