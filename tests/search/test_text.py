"""Normalisation and short-unit tokenisation shared by index, query and highlighting."""

import threading

import pytest

from search.text import index_text, normalise, query_phrases, query_variants, tokens


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ﾊﾟﾌﾞﾘｯｸｺﾒﾝﾄ", "ぱぶりっくこめんと"),
        ("パブリックコメント", "ぱぶりっくこめんと"),
        ("ＡＢＣ１２３", "abc123"),
        ("Kyodo ＰＬＡＮ", "kyodo plan"),
        ("セミナー", "せみなー"),
        ("ヽヾ", "ゝゞ"),
        ("市民参加", "市民参加"),
        ("", ""),
    ],
)
def test_normalise_folds_width_case_and_kana(text, expected):
    assert normalise(text) == expected


def test_tokens_are_short_units():
    assert tokens("市民参加推進計画は") == ["市民", "参加", "推進", "計画", "は"]
    assert tokens("パブリックコメント") == ["ぱぶりっく", "こめんと"]
    assert tokens("進捗状況") == ["進捗", "状況"]
    assert tokens("東京都") == ["東京", "都"]


def test_tokens_drop_punctuation_and_keep_latin_and_numbers():
    assert tokens("施策1-1、Public Comment。") == ["施策", "1", "1", "public", "comment"]
    assert index_text("市民 参加！") == "市民 参加"


def test_long_text_is_cut_into_pieces_the_analyser_accepts():
    # 60,000 characters, beyond the analyser's byte limit for a single call.
    assert tokens("市民参加。" * 12000).count("参加") == 12000
    assert len(tokens("あいうえお" * 12000)) > 0


def test_query_phrases_split_on_ascii_and_full_width_spaces():
    assert query_phrases("市民参加　進捗 ﾊﾟﾌﾞﾘｯｸｺﾒﾝﾄ") == [
        ["市民", "参加"],
        ["進捗"],
        ["ぱぶりっく", "こめんと"],
    ]
    assert query_phrases(" 、。 ") == []
    assert query_phrases("") == []


def test_query_variants_cover_the_other_kana():
    # せみなー alone is analysed as せみ + なー; written in katakana it is one word.
    assert query_variants("せみなー") == [[["せみ", "なー"], ["せみなー"]]]
    assert query_variants("協働") == [[["協働"]]]


def test_tokenizer_is_usable_from_several_threads():
    results = []

    def work():
        for _ in range(20):
            results.append(tokens("東京都の市民協働推進課"))

    threads = [threading.Thread(target=work) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 120
    assert all(result == ["東京", "都", "の", "市民", "協働", "推進", "課"] for result in results)
