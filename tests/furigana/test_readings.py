"""Ruby over real Japanese text: readings from the analyser, kana outside the ruby, and the
markup that must come out exactly as it went in."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from furigana.readings import add_ruby, align, reading_pieces, ruby, text_with_ruby


def without_ruby(html: str) -> str:
    """``html`` with the ruby markup and the elements around rubied text taken out (they hold
    only text and ruby, never another span)."""
    html = re.sub(r'<span class="furigana-text">(.*?)</span>', r"\1", html, flags=re.DOTALL)
    return re.sub(r"<rp>\(</rp><rt>[ぁ-ゖー]+</rt><rp>\)</rp>|</?ruby>", "", html)


def readings(html: str) -> str:
    """The readings of a fragment with ruby, joined: what a reader sees above the words."""
    return "".join(rt.get_text() for rt in BeautifulSoup(html, "html.parser").find_all("rt"))


def readings_of(html: str) -> list[str]:
    """The reading over each ruby, in order."""
    return [rt.get_text() for rt in BeautifulSoup(html, "html.parser").find_all("rt")]


def bases(html: str) -> list[str]:
    soup = BeautifulSoup(html, "html.parser")
    for element in soup.find_all(["rt", "rp"]):
        element.decompose()
    return [element.get_text() for element in soup.find_all("ruby")]


@pytest.mark.parametrize(
    ("word", "reading"),
    [
        ("協働", "きょうどう"),
        ("市民参加", "しみんさんか"),
        ("男女共同参画", "だんじょきょうどうさんかく"),
        ("進捗状況", "しんちょくじょうきょう"),
        ("取り組み", "とく"),
        ("行う", "おこな"),
        ("大阪市", "おおさかし"),
        ("市民協働推進課", "しみんきょうどうすいしんか"),
    ],
)
def test_real_words_get_their_reading(word, reading):
    assert readings(text_with_ruby(word)) == reading


def test_okurigana_stay_outside_the_ruby():
    assert text_with_ruby("進める") == ruby("進", "すす") + "める"
    assert text_with_ruby("取り組み") == ruby("取", "と") + "り" + ruby("組", "く") + "み"


def test_the_accessible_ruby_markup():
    assert ruby("漢字", "かんじ") == "<ruby>漢字<rp>(</rp><rt>かんじ</rt><rp>)</rp></ruby>"


def test_a_compound_is_one_ruby_so_its_long_readings_open_no_gap_inside_it():
    """Ruby per short unit widens 中学 under ちゅうがく and leaves a gap before 生."""
    assert text_with_ruby("中学生") == ruby("中学生", "ちゅうがくせい")
    assert bases(text_with_ruby("進捗状況")) == ["進捗状況"]
    assert bases(text_with_ruby("男女共同参画")) == ["男女共同参画"]
    html = text_with_ruby("中学生・高校生が市政について話し合う")
    assert bases(html)[:2] == ["中学生", "高校生"]


# Numbers and counters -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Dates: digits get no ruby, the counter is read for its number.
        ("令和6年4月29日", [("令和", "れいわ"), ("年", "ねん"), ("月", "がつ"), ("日", "にち")]),
        ("12月20日", [("月", "がつ"), ("20日", "はつか")]),
        ("4月1日から", [("月", "がつ"), ("1日", "ついたち")]),
        ("2026年12月6日", [("年", "ねん"), ("月", "がつ"), ("6日", "むいか")]),
        ("4日（木）", [("4日", "よっか"), ("木", "き")]),
        ("５日", [("５日", "いつか")]),
        ("14日", [("14日", "じゅうよっか")]),
        ("24日", [("24日", "にじゅうよっか")]),
        ("11日", [("日", "にち")]),
        # Numbers of days.
        ("29日間", [("日間", "にちかん")]),
        ("10日間", [("10日", "とおか"), ("間", "かん")]),
        ("2日から3日間", [("2日", "ふつか"), ("3日", "みっか"), ("間", "かん")]),
        ("三日間", [("三日間", "みっかかん")]),
        ("二十九日", [("日", "にち")]),
        ("原則30日以上", [("原則", "げんそく"), ("日以上", "にちいじょう")]),
        # People and other counters.
        ("1人", [("1人", "ひとり")]),
        ("2人", [("2人", "ふたり")]),
        ("延べ384人", [("延", "の"), ("人", "にん")]),
        ("約3,200人", [("約", "やく"), ("人", "にん")]),
        ("12回", [("回", "かい")]),
        ("3件", [("件", "けん")]),
        ("2026年度", [("年度", "ねんど")]),
        ("1.5倍", [("倍", "ばい")]),
    ],
)
def test_a_counter_is_read_for_the_number_before_it(text, expected):
    html = text_with_ruby(text)
    assert list(zip(bases(html), readings_of(html), strict=True)) == expected
    assert without_ruby(html) == text


@pytest.mark.parametrize(
    ("text", "counter"),
    [
        ("毎月1日", "日"),  # ついたち or いちにち
        ("1日あたり", "日"),
        ("30分", "分"),  # さんじゅっぷん: the counter's sound changes with the number
        ("3本", "本"),
        ("1泊", "泊"),
        ("3階", "階"),
    ],
)
def test_a_counter_whose_reading_cannot_be_told_gets_no_ruby(text, counter):
    html = text_with_ruby(text)
    assert counter not in "".join(bases(html))
    assert without_ruby(html) == text


def test_digits_never_get_a_ruby_of_their_own():
    html = text_with_ruby("全5回の講座を2期開き、41人が修了しました。")
    assert not any(base.isdigit() for base in bases(html))
    assert "にん" in readings(html)


def test_a_sentence_keeps_its_kana_numbers_and_latin_letters():
    html = text_with_ruby("令和6年度（2024年度）にNPOと協働で取組を行いました。")
    assert without_ruby(html) == ("令和6年度（2024年度）にNPOと協働で取組を行いました。")
    assert bases(html) == ["令和", "年度", "年度", "協働", "取組", "行"]
    assert readings(html) == "れいわねんどねんどきょうどうとりくみおこな"


def test_text_without_kanji_is_left_alone():
    for text in ("パブリックコメントのおしらせ", "2024-04-01", "NPO・ボランティア", "ひらがなだけ", "①②③"):
        assert text_with_ruby(text) == text


def test_an_unknown_word_gets_no_ruby_rather_than_a_guess():
    """髙 (the 'ladder' variant of 高) is not in the dictionary: the analyser returns it as an
    unknown word whose reading is its own surface."""
    html = text_with_ruby("髙橋さんが説明")
    assert bases(html) == ["説明"]
    assert html.startswith("髙橋さんが")


def test_symbols_are_never_given_their_label_as_a_reading():
    """Sudachi reads a symbol such as a lone 々 or 〆 as キゴウ ('symbol')."""
    assert "きごう" not in readings(text_with_ruby("々と〆"))


def test_align_cuts_a_word_into_kanji_and_kana_runs():
    assert align("取り組み", "とりくみ") == [("取", "と"), ("り", None), ("組", "く"), ("み", None)]
    assert align("場づくり", "ばづくり") == [("場", "ば"), ("づくり", None)]
    assert align("取り組み", "とりくむ") is None


def test_reading_pieces_join_to_the_text():
    text = "市民活動団体との対話の場づくり（第3次）"
    pieces = reading_pieces(text)
    assert "".join(surface for surface, _ in pieces) == text
    assert ("対話", "たいわ") in pieces


@pytest.mark.parametrize(
    ("text", "word", "reading"),
    [
        ("意見の 数を かぞえます", "数", "かず"),  # after a space the analyser alone reads すう
        ("意見の\u3000数を かぞえます", "数", "かず"),
        ("その 年に はじめました", "年", "とし"),  # alone: ねん
        ("市の 会議の 委員", "会議", "かいぎ"),
    ],
)
def test_words_written_apart_are_read_in_their_context(text, word, reading):
    """Easy Japanese (やさしい日本語) writes its words apart; they are read as if joined, and
    the spaces stay where they were."""
    pieces = reading_pieces(text)
    assert "".join(surface for surface, _ in pieces) == text
    assert (word, reading) in pieces
    spaces = [surface for surface, _ in pieces if surface.strip() == ""]
    assert spaces == re.findall(r"[ \u3000]+", text)


def test_words_that_make_one_across_a_space_are_read_as_written():
    # 市民参加 is one word to the analyser; written apart, each side keeps its own ruby.
    pieces = reading_pieces("市民 参加の 計画")
    assert ("市民", "しみん") in pieces and ("参加", "さんか") in pieces
    assert "".join(surface for surface, _ in pieces) == "市民 参加の 計画"
    html = text_with_ruby("市民 参加")
    assert html.count("<ruby>") == 2 and "</ruby> <ruby>" in html


def test_spaces_next_to_latin_letters_and_digits_are_left_in_the_analysis():
    pieces = reading_pieces("NPO 法人の 数と 3 日間")
    assert "".join(surface for surface, _ in pieces) == "NPO 法人の 数と 3 日間"
    assert ("法人", "ほうじん") in pieces and ("数", "かず") in pieces


# Markup ---------------------------------------------------------------------------------

HTML_WITHOUT_KANJI = (
    "<!DOCTYPE html>\n<div class=\"a\" data-x='1 &amp; 2'>\n  <P CLASS=x>AT&amp;T &copy; &#169; &#xA9; &nbsp;"
    'パブリックコメント</P >\n<!-- コメント --><br/><img alt="図" src=x.png>'
    "<script>if (a < b && c) {}</script></div>< not a tag &unknown; trailing &"
)


def test_html_without_kanji_comes_back_byte_for_byte():
    assert add_ruby(HTML_WITHOUT_KANJI) == HTML_WITHOUT_KANJI


def test_markup_around_the_text_is_unchanged():
    html = (
        '<section id="s1"><h2 class="heading">協働の推進</h2>\n'
        '<p>市民&amp;行政が&#12288;<a href="/plans/?q=協働&amp;page=2" title="協働">協働</a>します。<br>'
        "<strong>進める</strong></p><!-- 協働 --></section>"
    )
    result = add_ruby(html)
    assert without_ruby(result) == html
    assert '<a href="/plans/?q=協働&amp;page=2" title="協働">' in result
    assert "&amp;" in result and "&#12288;" in result
    assert "<!-- 協働 -->" in result
    assert readings(result) == "きょうどうすいしんしみんぎょうせいきょうどうすす"


def test_a_rubied_text_node_is_held_by_one_element_and_other_nodes_are_not_touched():
    """A checklist item is a flex container: its text must stay one box, not one per ruby."""
    html = '<li class="checklist__item"><span aria-hidden="true">□</span>協働の場に参加する</li><li>はい</li>'
    result = add_ruby(html)
    assert result.startswith(
        '<li class="checklist__item"><span aria-hidden="true">□</span><span class="furigana-text">'
    )
    assert result.endswith("</span></li><li>はい</li>")
    assert result.count('class="furigana-text"') == 1


@pytest.mark.parametrize(
    "element",
    ["code", "pre", "kbd", "samp", "script", "style", "textarea", "title", "rt", "rp", "option"],
)
def test_text_inside_skipped_elements_is_not_rubied(element):
    html = f"<{element}>協働</{element}>"
    assert add_ruby(html) == html


def test_existing_ruby_is_not_rubied_again():
    html = (
        "<p><ruby>協働<rt>きょうどう</rt></ruby>の"
        "<ruby>推進<rp>（</rp><rt>すいしん</rt><rp>）</rp></ruby></p>"
    )
    assert add_ruby(html) == html


def test_elements_marked_not_to_translate_or_not_to_rub_are_left_alone():
    html = (
        '<p translate="no">青葉市<span>協働</span></p>'
        "<div data-no-ruby><p>市民参加</p></div>"
        '<p translate="yes">参加</p>'
    )
    result = add_ruby(html)
    assert result.startswith(
        '<p translate="no">青葉市<span>協働</span></p><div data-no-ruby><p>市民参加</p></div>'
    )
    assert readings(result) == "さんか"


def test_skipping_ends_with_the_skipped_element():
    html = "<pre>協働<b>推進</b></pre><p>協働</p><code>計画</code>計画"
    result = add_ruby(html)
    assert bases(result) == ["協働", "計画"]
    assert result.startswith("<pre>協働<b>推進</b></pre>")


def test_attribute_values_are_never_changed():
    html = (
        '<img alt="協働の様子" src="/media/協働.png">'
        '<a href="https://example.jp/協働" aria-label="協働">x</a>'
    )
    assert add_ruby(html) == html


def test_text_that_looks_like_an_address_is_left_alone():
    result = text_with_ruby(
        "詳しくは https://example.jp/協働 をご覧ください。問い合わせ：kyodo@city.example.jp"
    )
    assert "https://example.jp/協働 " in result
    assert bases(result) == ["詳", "覧", "問", "合"]


def test_an_address_in_japanese_brackets_keeps_the_brackets():
    result = text_with_ruby("「www.example.jp/協働」を参照")
    assert result.startswith("「www.example.jp/協働」")
    assert bases(result) == ["参照"]


def test_entities_split_text_but_stay_as_written():
    result = add_ruby("<p>協働&amp;参加&nbsp;計画</p>")
    assert "&amp;" in result and "&nbsp;" in result
    assert bases(result) == ["協働", "参加", "計画"]


def test_a_long_text_node_is_analysed_in_pieces():
    sentence = "市民と行政が協働して地域の課題に取り組みます。"
    html = "<p>" + sentence * 1000 + "</p>"
    result = add_ruby(html)
    assert result.count("<ruby>協働<rp>") == 1000
    assert without_ruby(result) == html
