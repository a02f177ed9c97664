"""The reading dictionary: its entries, the departments' and glossary's readings, and the
cached table that follows every change."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

import pytest
from bs4 import BeautifulSoup

from furigana.dictionary import entries
from furigana.models import ReadingEntry
from furigana.readings import add_ruby, ruby, text_with_ruby

from ..factories import DepartmentFactory, GlossaryTermFactory


def readings(html: str) -> str:
    return "".join(rt.get_text() for rt in BeautifulSoup(html, "html.parser").find_all("rt"))


def test_the_analyser_reads_hanyu_as_habu(db):
    """The premise of the overrides below: without an entry, 羽生 is read はぶ."""
    assert readings(text_with_ruby("羽生の会場", entries())) == "はぶかいじょう"


def test_an_entry_overrides_the_analyser(db):
    ReadingEntry.objects.create(surface="羽生", reading="はにゅう", note="埼玉県の地名")
    assert readings(text_with_ruby("羽生の会場で説明会", entries())) == "はにゅうかいじょうせつめいかい"


def test_the_longest_entry_wins(db):
    ReadingEntry.objects.create(surface="羽生", reading="はにゅう")
    ReadingEntry.objects.create(surface="羽生さん", reading="はぶさん")
    html = text_with_ruby("羽生さんと羽生", entries())
    assert readings(html) == "はぶはにゅう"


def test_an_entry_fixes_a_wrong_cut_of_the_analyser(db):
    """Sudachi cuts みなと市市民 as みなと + 市市 (いちいち) + 民."""
    assert "いちいち" in readings(text_with_ruby("みなと市市民参加推進計画", entries()))
    ReadingEntry.objects.create(surface="みなと市", reading="みなとし")
    assert readings(text_with_ruby("みなと市市民参加推進計画", entries())) == "ししみんさんかすいしんけいかく"


def test_an_entry_read_as_the_analyser_reads_it_is_one_ruby(db):
    ReadingEntry.objects.create(surface="市民協働推進課", reading="しみんきょうどうすいしんか")
    html = text_with_ruby("市民協働推進課", entries())
    assert html == ruby("市民協働推進課", "しみんきょうどうすいしんか")


def test_an_entry_with_kana_keeps_them_outside_the_ruby(db):
    ReadingEntry.objects.create(surface="子ども", reading="こども")
    assert text_with_ruby("子ども", entries()) == "<ruby>子<rp>(</rp><rt>こ</rt><rp>)</rp></ruby>ども"


def test_entries_are_not_applied_inside_attributes_or_code(db):
    ReadingEntry.objects.create(surface="羽生", reading="はにゅう")
    html = '<p title="羽生">羽生</p><code>羽生</code>'
    assert add_ruby(html, entries()) == (
        '<p title="羽生"><span class="furigana-text">'
        "<ruby>羽生<rp>(</rp><rt>はにゅう</rt><rp>)</rp></ruby></span></p>"
        "<code>羽生</code>"
    )


def test_departments_and_glossary_readings_feed_the_table(departments):
    DepartmentFactory(name="東海林出張所", reading="とうかいりんしゅっちょうじょ")
    GlossaryTermFactory(term="協働事業提案制度", reading="きょうどうじぎょうていあんせいど", definition="…")
    table = entries().readings
    assert table["東海林出張所"] == "とうかいりんしゅっちょうじょ"
    assert table["協働事業提案制度"] == "きょうどうじぎょうていあんせいど"
    assert table["広報課"] == "こうほうか"
    assert readings(text_with_ruby("東海林出張所", entries())) == "とうかいりんしゅっちょうじょ"


def test_a_department_reading_in_katakana_or_with_spaces_is_read_in_hiragana(db):
    DepartmentFactory(name="区民課", reading="クミン カ")
    assert entries().readings["区民課"] == "くみんか"


def test_words_without_a_usable_reading_are_not_in_the_table(db):
    DepartmentFactory(name="地域振興課", reading="")
    DepartmentFactory(name="企画課", reading="Kikaku")
    GlossaryTermFactory(term="コーディネーター", reading="こーでぃねーたー", definition="…")
    table = entries().readings
    assert "地域振興課" not in table and "企画課" not in table and "コーディネーター" not in table


def test_the_reading_dictionary_wins_over_a_department(db):
    DepartmentFactory(name="羽生支所", reading="はぶししょ")
    ReadingEntry.objects.create(surface="羽生支所", reading="はにゅうししょ")
    assert entries().readings["羽生支所"] == "はにゅうししょ"


def test_english_departments_do_not_feed_the_table(tree):
    DepartmentFactory(name="市民課", reading="しみんか", locale=tree.en)
    assert "市民課" not in entries().readings


def test_the_table_is_cached(db):
    ReadingEntry.objects.create(surface="羽生", reading="はにゅう")
    with CaptureQueriesContext(connection) as first:
        entries()
    with CaptureQueriesContext(connection) as second:
        assert entries().readings["羽生"] == "はにゅう"
    assert len(first.captured_queries) == 3
    assert len(second.captured_queries) == 0


@pytest.mark.parametrize("model", ["entry", "department", "glossary"])
def test_saving_or_deleting_a_source_refreshes_the_table(db, model):
    if model == "entry":
        record = ReadingEntry.objects.create(surface="羽生", reading="はにゅう")
        field = "reading"
    elif model == "department":
        record = DepartmentFactory(name="羽生", reading="はにゅう")
        field = "reading"
    else:
        record = GlossaryTermFactory(term="羽生", reading="はにゅう", definition="埼玉県の地名")
        field = "reading"
    before = entries()
    assert before.readings["羽生"] == "はにゅう"
    setattr(record, field, "はぶ")
    record.save()
    after = entries()
    assert after.readings["羽生"] == "はぶ"
    assert after.version != before.version
    record.delete()
    assert "羽生" not in entries().readings
    assert readings(text_with_ruby("羽生", entries())) == "はぶ"


# Validation -----------------------------------------------------------------------------

NOT_HIRAGANA = "よみは、ひらがなと「ー」だけで入力してください。"
NO_KANJI = "表記には漢字を含めてください。漢字のない語にはふりがなを付けません。"


@pytest.mark.parametrize(
    ("surface", "reading", "field", "message"),
    [
        ("羽生", "ハニュウ", "reading", NOT_HIRAGANA),
        ("羽生", "hanyu", "reading", NOT_HIRAGANA),
        ("羽生", "は にゅう", "reading", NOT_HIRAGANA),
        ("はにゅう", "はにゅう", "surface", NO_KANJI),
        ("HANYU", "はにゅう", "surface", NO_KANJI),
    ],
)
def test_bad_entries_are_refused_with_a_japanese_message(db, surface, reading, field, message):
    entry = ReadingEntry(surface=surface, reading=reading)
    with pytest.raises(ValidationError) as error:
        entry.full_clean()
    assert error.value.message_dict == {field: [message]}


def test_a_reading_with_the_prolonged_sound_mark_is_accepted(db):
    ReadingEntry(surface="東京タワー", reading="とうきょうたわー").full_clean()


def test_the_same_surface_twice_is_refused(db):
    ReadingEntry.objects.create(surface="羽生", reading="はにゅう")
    with pytest.raises(ValidationError) as error:
        ReadingEntry(surface="羽生", reading="はぶ").full_clean()
    assert error.value.message_dict == {"surface": ["この表記はすでに登録されています。"]}


def test_the_database_refuses_a_reading_that_is_not_hiragana(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        ReadingEntry.objects.create(surface="羽生", reading="ハニュウ")
