"""Highlighting finds the query through normalisation and marks the original text."""

from __future__ import annotations

import pytest

from search.highlight import highlight, match_spans, normalise_with_offsets, snippet


def marked(text: str, query: str) -> str:
    return str(highlight(text, match_spans(text, query)))


@pytest.mark.parametrize(
    ("text", "query", "expected"),
    [
        ("市民向けセミナーを開きます", "せみなー", "市民向け<mark>セミナー</mark>を開きます"),
        ("市民向けせみなーを開きます", "セミナー", "市民向け<mark>せみなー</mark>を開きます"),
        # Half-width katakana: the voiced marks are characters of their own in the source.
        ("ﾊﾟﾌﾞﾘｯｸｺﾒﾝﾄの実施", "パブリックコメント", "<mark>ﾊﾟﾌﾞﾘｯｸｺﾒﾝﾄ</mark>の実施"),
        ("パブリックコメントの実施", "ﾊﾟﾌﾞﾘｯｸｺﾒﾝﾄ", "<mark>パブリックコメント</mark>の実施"),
        ("ﾊﾟﾌﾞﾘｯｸｺﾒﾝﾄの実施", "コメント", "ﾊﾟﾌﾞﾘｯｸ<mark>ｺﾒﾝﾄ</mark>の実施"),
        # Full-width letters and digits, and case.
        ("ＮＰＯ法人と協働", "npo", "<mark>ＮＰＯ</mark>法人と協働"),
        ("第３次計画", "3次", "第<mark>３次</mark>計画"),
        ("Public Comment procedure", "public comment", "<mark>Public</mark> <mark>Comment</mark> procedure"),
        # Several words: each is marked wherever it occurs.
        (
            "協働事業と市民参加と協働",
            "協働 市民参加",
            "<mark>協働</mark>事業と<mark>市民参加</mark>と<mark>協働</mark>",
        ),
        # A phrase's words may be separated by punctuation in the text.
        ("パブリック・コメントの手続", "パブリックコメント", "<mark>パブリック・コメント</mark>の手続"),
        ("事業番号 1-1 の取組", "1-1", "事業番号 <mark>1-1</mark> の取組"),
        # A phrase is matched as a whole, not word by word.
        ("市民の皆様の参加", "市民参加", "市民の皆様の参加"),
        ("東京都の事業", "京都", "東京都の事業"),
        ("京都と東京都", "京都", "<mark>京都</mark>と東京都"),
        ("協力して働く", "協働", "協力して働く"),
        ("何も一致しない", "協働", "何も一致しない"),
    ],
)
def test_matches_are_found_through_normalisation_and_marked_in_the_original(text, query, expected):
    assert marked(text, query) == expected


def test_offsets_map_every_normalised_character_back_to_the_original():
    original = "ｶﾞｲﾄﾞＡＢ"
    normalised = normalise_with_offsets(original)
    assert normalised.text == "がいどab"
    assert normalised.spans == [(0, 2), (2, 3), (3, 5), (5, 6), (6, 7)]


def test_a_character_that_normalises_to_several_keeps_its_span():
    normalised = normalise_with_offsets("㈱協働")  # ㈱ → (株)
    assert normalised.text.endswith("協働")
    assert normalised.spans[-2:] == [(1, 2), (2, 3)]
    assert set(normalised.spans[:-2]) == {(0, 1)}
    assert marked("㈱協働", "協働") == "㈱<mark>協働</mark>"


def test_content_and_query_are_escaped():
    text = '<script>alert("x")</script> セミナー & <b>'
    assert marked(text, "せみなー") == (
        "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; <mark>セミナー</mark> &amp; &lt;b&gt;"
    )
    # The query's markup is not a word: only its letters are looked for.
    assert marked("a <b> tag", "<b>") == "a &lt;<mark>b</mark>&gt; tag"
    assert marked("<mark>", "mark") == "&lt;<mark>mark</mark>&gt;"


def test_the_snippet_starts_a_little_before_the_first_match_of_the_first_matching_text():
    before = "あ" * 100
    after = "い" * 100
    text = f"{before}セミナー{after}"
    result = str(snippet(["関係のない最初の文章", text], "せみなー", length=60))
    assert result.startswith("…" + "あ" * 30 + "<mark>セミナー</mark>")
    assert result.endswith("…")
    assert len(result.replace("<mark>", "").replace("</mark>", "")) == 62  # 60 and two ellipses


def test_a_match_near_the_end_shows_more_of_what_comes_before():
    text = "あ" * 100 + "セミナー"
    result = str(snippet([text], "セミナー", length=40))
    assert result == "…" + "あ" * 36 + "<mark>セミナー</mark>"


def test_without_a_match_the_snippet_is_the_opening_of_the_first_text():
    assert str(snippet(["", "  市民と\n市の協働  ", "次"], "存在しない")) == "市民と 市の協働"
    assert str(snippet(["<b>太字</b>"], "存在しない")) == "&lt;b&gt;太字&lt;/b&gt;"
    assert str(snippet([], "協働")) == ""
