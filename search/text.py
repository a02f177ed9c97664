"""Japanese-aware text handling shared by indexing, querying and highlighting.

``normalise`` folds the spellings a reader treats as the same word: Unicode NFKC
(full-width letters and digits, half-width katakana), case folding and katakana to
hiragana. ``tokens`` splits text into normalised short units with SudachiPy (split
mode A), so that a part of a compound is a word of its own: パブリックコメント gives
ぱぶりっく + こめんと. Index and query go through the same functions, so a query matches
when its units appear next to each other in the document, in order.

The dictionary is loaded once per process, on first use. A SudachiPy tokenizer must not
be shared between threads, so each thread gets its own from the shared dictionary.
"""

import re
import threading
import unicodedata

from sudachipy import Dictionary, SplitMode

__all__ = ["index_text", "normalise", "phrase_variants", "query_phrases", "query_variants", "tokens"]

# Sudachi refuses input longer than 49,149 bytes; a character takes at most 4 bytes.
_CHUNK_CHARS = 8000
_WORD = re.compile(r"\w+")
_BREAK = re.compile(r"[。．！？!?\n]")

# Katakana ァ (U+30A1) to ヶ (U+30F6) and the iteration marks ヽヾ have hiragana twins
# 0x60 code points lower; ヷヸヹヺ and the prolonged sound mark ー have none.
_KATAKANA_TO_HIRAGANA = {code: code - 0x60 for code in range(0x30A1, 0x30F7)}
_KATAKANA_TO_HIRAGANA.update({0x30FD: 0x309D, 0x30FE: 0x309E})
_HIRAGANA_TO_KATAKANA = {hira: kata for kata, hira in _KATAKANA_TO_HIRAGANA.items()}

_dictionary = None
_dictionary_lock = threading.Lock()
_local = threading.local()


def dictionary():
    """The process's SudachiPy dictionary (sudachidict-core), loaded on first use.

    Other analysers (the furigana's readings) build their tokenizers from it, so that the
    dictionary's memory is taken once per process."""
    global _dictionary
    if _dictionary is None:
        with _dictionary_lock:
            if _dictionary is None:
                _dictionary = Dictionary(dict="core")
    return _dictionary


def analyser():
    """This thread's SudachiPy tokenizer (split mode A) over the process's dictionary."""
    tokenizer = getattr(_local, "tokenizer", None)
    if tokenizer is None:
        tokenizer = dictionary().tokenizer(mode=SplitMode.A, fields={"surface"})
        _local.tokenizer = tokenizer
    return tokenizer


def normalise(text: str) -> str:
    """NFKC, case folding and katakana→hiragana: ﾊﾟﾌﾞﾘｯｸ and パブリック both give ぱぶりっく."""
    text = unicodedata.normalize("NFKC", text or "").casefold()
    # Case folding can produce characters NFKC would change again (rare; e.g. ẞ → ss is
    # stable, but some compatibility characters are not), so normalise once more.
    return unicodedata.normalize("NFKC", text).translate(_KATAKANA_TO_HIRAGANA)


def _chunks(text):
    """Pieces short enough for the analyser, cut at a sentence end or line where possible."""
    while len(text) > _CHUNK_CHARS:
        head = text[:_CHUNK_CHARS]
        cut = max((m.end() for m in _BREAK.finditer(head)), default=0)
        if cut < _CHUNK_CHARS // 2:
            cut = head.rfind(" ") + 1 or _CHUNK_CHARS
        yield text[:cut]
        text = text[cut:]
    if text:
        yield text


def _surface_tokens(text):
    """The analyser's short units of ``text`` (already NFKC), normalised, punctuation dropped.

    A unit that still holds punctuation (1-1, e-mail) is split at it, so that every token
    is a run of word characters: the database parsers then take each one as it is."""
    tokenizer = analyser()
    result = []
    for chunk in _chunks(text):
        for morpheme in tokenizer.tokenize(chunk):
            result.extend(_WORD.findall(normalise(morpheme.surface())))
    return result


def tokens(text: str) -> list[str]:
    """The normalised short-unit tokens of ``text``, in order (what the index holds)."""
    if not text:
        return []
    return _surface_tokens(unicodedata.normalize("NFKC", text))


def index_text(text: str) -> str:
    """``text`` as the index stores it: its tokens joined by single spaces."""
    return " ".join(tokens(text))


def query_phrases(query: str) -> list[list[str]]:
    """The query split on spaces (full-width spaces too) into phrases, each phrase the list
    of its normalised short-unit tokens. Phrases without any word character are dropped.

    A document matches when every phrase's tokens appear consecutively in it."""
    phrases = []
    for part in unicodedata.normalize("NFKC", query or "").split():
        phrase = _surface_tokens(part)
        if phrase:
            phrases.append(phrase)
    return phrases


def phrase_variants(phrase: str) -> list[list[str]]:
    """The token sequences any of which counts as a match for one phrase (spaces inside
    the phrase are ignored: its words must follow each other).

    The analyser splits a word written in the "other" kana differently from the way it
    splits it in the document (せみなー gives せみ + なー, while セミナー is one word), so the
    phrase is also analysed with its hiragana written as katakana and its katakana written
    as hiragana; after normalisation all variants compare equal character by character and
    differ only in where the word boundaries fall."""
    phrase = unicodedata.normalize("NFKC", phrase or "")
    variants = []
    for spelling in (
        phrase,
        phrase.translate(_HIRAGANA_TO_KATAKANA),
        phrase.translate(_KATAKANA_TO_HIRAGANA),
    ):
        tokens_ = _surface_tokens(spelling)
        if tokens_ and tokens_ not in variants:
            variants.append(tokens_)
    return variants


def query_variants(query: str) -> list[list[list[str]]]:
    """For each space-separated phrase of the query, its :func:`phrase_variants`."""
    result = []
    for part in unicodedata.normalize("NFKC", query or "").split():
        variants = phrase_variants(part)
        if variants:
            result.append(variants)
    return result
