"""The glossary's あかさたな index: each term under the kana row of its reading, a link for
every row that has terms, その他 for what cannot be read from its spelling; and dates in
和暦 as 新着情報 prints them."""

from __future__ import annotations

import datetime

from django.utils import translation

import pytest
from bs4 import BeautifulSoup

from plans.kana import kana_row
from plans.models import GlossaryTerm
from plans.templatetags.kyodo import japanese_date

from ..factories import GlossaryTermFactory


@pytest.fixture
def glossary_terms(tree):
    """Beside 協働, パブリックコメント and 市民活動団体 of the site: terms of many rows, a
    term in katakana with no reading, one in Latin letters and one in kanji with none."""
    for term, reading in (
        ("アダプト制度", "あだぷとせいど"),
        ("町内会・自治会", "ちょうないかい・じちかい"),
        ("ワークショップ", "ワークショップ"),
        ("ガバナンス", ""),
        ("ゆいまーる", ""),
        ("NPO", ""),
        ("指定管理者制度", ""),
        ("ファシリテーター", "ﾌｧｼﾘﾃｰﾀｰ"),
    ):
        GlossaryTermFactory(term=term, reading=reading, definition=f"{term}の解説です。")
    return tree.glossary


def test_the_glossary_is_grouped_by_kana_row_with_an_index(client, glossary_terms):
    response = client.get(glossary_terms.url)
    assert response.status_code == 200
    page = BeautifulSoup(response.content.decode(), "html.parser")

    index = page.select_one("nav.glossary-index")
    assert index["aria-label"] == "用語の索引"
    linked = {a.get_text(): a["href"] for a in index.select("a")}
    assert linked == {
        "あ": "#index-a",
        "か": "#index-ka",
        "さ": "#index-sa",
        "た": "#index-ta",
        "は": "#index-ha",
        "や": "#index-ya",
        "わ": "#index-wa",
        "その他": "#index-other",
    }
    # Rows without a term are listed, not linked: the index keeps the order a reader expects.
    assert [item.get_text() for item in index.select("li")] == [
        "あ", "か", "さ", "た", "な", "は", "ま", "や", "ら", "わ", "その他"
    ]  # fmt: skip

    def terms_under(anchor: str) -> list[str]:
        section = page.find(id=anchor).find_parent("section")
        return [dt.contents[0].strip() for dt in section.select("dt.glossary__term")]

    assert terms_under("index-a") == ["アダプト制度"]
    assert terms_under("index-ka") == ["ガバナンス", "協働"]  # が sorts before き
    assert terms_under("index-sa") == ["市民活動団体"]
    assert terms_under("index-ta") == ["町内会・自治会"]
    assert terms_under("index-ha") == ["パブリックコメント", "ファシリテーター"]
    assert terms_under("index-ya") == ["ゆいまーる"]
    assert terms_under("index-wa") == ["ワークショップ"]
    assert terms_under("index-other") == ["NPO", "指定管理者制度"]
    assert page.find(id="index-na") is None
    # Each term keeps its own anchor, which plan texts link to.
    kyodo = GlossaryTerm.objects.get(term="協働")
    assert page.find(id=kyodo.anchor).find_parent("section").h2.get_text() == "か"


def test_the_english_glossary_is_indexed_by_letter(client, tree, glossary_terms):
    home = tree.home.copy_for_translation(tree.en)
    home.save_revision().publish()
    glossary = tree.glossary.copy_for_translation(tree.en)
    glossary.save_revision().publish()
    kyodo = GlossaryTerm.objects.get(term="協働").copy_for_translation(tree.en)
    kyodo.term = "Collaboration (kyodo)"
    kyodo.save()
    comment = GlossaryTerm.objects.get(term="パブリックコメント").copy_for_translation(tree.en)
    comment.term = "Public comment"
    comment.save()

    page = BeautifulSoup(client.get("/en/glossary/").content.decode(), "html.parser")
    linked = [a.get_text() for a in page.select("nav.glossary-index a")]
    assert linked == ["C", "N", "P", "Other"]  # NPO, untranslated, is spelt in Latin letters
    assert page.find(id="index-c").find_parent("section").select_one("dt").contents[0].strip() == (
        "Collaboration (kyodo)"
    )
    # Terms not yet translated stay Japanese and are filed under その他 ("Other" once the
    # English catalogue has it).
    other = page.find(id="index-other").find_parent("section")
    assert "アダプト制度" in other.get_text()


@pytest.mark.parametrize(
    ("term", "reading", "row"),
    [
        ("協働", "きょうどう", "か"),
        ("ガバナンス", "", "か"),  # katakana with a voicing mark, no reading: by the term
        ("ﾎﾞﾗﾝﾃｨｱ", "", "は"),  # half-width katakana
        ("ちょうないかい", "", "た"),
        ("市民", "", None),  # kanji with no reading: その他
        ("NPO", "", None),
        ("ヴィジョン", "", "あ"),
        ("ンジャメナ", "", "わ"),
    ],
)
def test_kana_rows(term, reading, row):
    found = kana_row(GlossaryTerm(term=term, reading=reading))
    assert (found[0] if found else None) == row


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (datetime.date(2019, 4, 30), "平成31年（2019年）4月30日"),
        (datetime.date(2019, 5, 1), "令和元年（2019年）5月1日"),
        (datetime.date(2025, 4, 1), "令和7年（2025年）4月1日"),
        # 15:30 UTC on 31 March is 00:30 on 1 April in Tokyo, the site's time zone.
        (datetime.datetime(2025, 3, 31, 15, 30, tzinfo=datetime.UTC), "令和7年（2025年）4月1日"),
        (datetime.date(1989, 1, 7), "昭和64年（1989年）1月7日"),
    ],
)
def test_wareki_dates(value, expected):
    with translation.override("ja"):
        assert japanese_date(value) == expected
