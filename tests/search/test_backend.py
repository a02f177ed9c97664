"""The Japanese database search backend on the suite's database (PostgreSQL): what is
written into the index, and how queries match it through Wagtail's ordinary search API."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import Page
from wagtail.search.backends import get_search_backend
from wagtail.search.models import IndexEntry

import pytest

from plans.models import ActionItemPage, MeasurePage
from search import synonyms
from search.backends.postgres import JapanesePostgresSearchBackend
from search.backends.query import PAIR_JOINER

from ..factories import ActionItemPageFactory, MeasurePageFactory, PlanPageFactory, add_item_rows


def titles(results) -> list[str]:
    return [page.title for page in results]


@pytest.fixture
def measure(tree):
    plan = PlanPageFactory(parent=tree.plan_index, title="第9次市民参加推進計画")
    return MeasurePageFactory(parent=plan, number="9", title="情報公開と広聴の充実", area="II 開かれた市政")


def item(measure, title, text):
    return ActionItemPageFactory(parent=measure, title=title, description=[("paragraph", f"<p>{text}</p>")])


def search(within, query, model=ActionItemPage, **kwargs):
    """Titles found among the live pages of ``model`` below ``within`` (the suite's own
    tree holds other pages with the same words)."""
    return titles(model.objects.live().descendant_of(within).search(query, **kwargs))


def test_the_default_backend_is_the_japanese_one(db):
    assert isinstance(get_search_backend(), JapanesePostgresSearchBackend)


def test_a_part_of_a_compound_finds_the_page(measure):
    item(measure, "意見募集の実施", "計画案についてパブリックコメントを実施します。")
    item(measure, "進捗状況の公表", "毎年度の進捗状況をまとめて公表します。")
    item(measure, "推進体制の整備", "市民参加推進計画の推進体制を整えます。")

    assert search(measure, "コメント") == ["意見募集の実施"]
    assert search(measure, "進捗") == ["進捗状況の公表"]
    assert search(measure, "市民参加") == ["推進体制の整備"]


def test_width_case_and_kana_are_folded(measure):
    item(measure, "意見募集の実施", "計画案についてパブリックコメントを実施します。")
    item(measure, "協働セミナーの開催", "NPO向けのセミナーを開きます。")

    assert search(measure, "ﾊﾟﾌﾞﾘｯｸｺﾒﾝﾄ") == ["意見募集の実施"]
    assert search(measure, "ぱぶりっくこめんと") == ["意見募集の実施"]
    assert search(measure, "せみなー") == ["協働セミナーの開催"]
    assert search(measure, "ｎｐｏ") == ["協働セミナーの開催"]
    assert search(measure, "Npo セミナー") == ["協働セミナーの開催"]


def test_words_are_matched_as_phrases(measure):
    item(measure, "意見交換会", "市民の皆様の参加をお待ちしています。")
    item(measure, "協力の呼びかけ", "地域で協力して働く人を募ります。")
    item(measure, "首都圏の事例調査", "東京都の取組を調べます。")
    item(measure, "京都の事例調査", "京都の市民参加の取組を調べます。")

    assert search(measure, "市民参加") == ["京都の事例調査"]
    assert search(measure, "協働") == []
    assert search(measure, "京都") == ["京都の事例調査"]
    assert search(measure, "東京") == ["首都圏の事例調査"]


def test_every_space_separated_word_must_match(measure):
    item(measure, "協働カフェ", "市民活動団体と市が話し合います。")
    item(measure, "協働フォーラム", "市民活動の成果を発表します。")

    assert search(measure, "協働 市民活動団体") == ["協働カフェ"]
    assert set(search(measure, "協働　市民活動")) == {"協働カフェ", "協働フォーラム"}
    assert set(search(measure, "カフェ フォーラム", operator="or")) == {"協働カフェ", "協働フォーラム"}
    assert search(measure, "カフェ フォーラム") == []


def test_latin_words_and_numbers_are_found(measure):
    item(measure, "施策1-1 Public Comment", "Webサイトで JIS X 8341-3 に準拠します。")

    assert search(measure, "1-1") == ["施策1-1 Public Comment"]
    assert search(measure, "public comment") == ["施策1-1 Public Comment"]
    assert search(measure, "8341-3") == ["施策1-1 Public Comment"]
    assert search(measure, "web") == ["施策1-1 Public Comment"]


def test_the_index_holds_normalised_short_units(measure):
    page = item(measure, "パブリックコメントの実施", "")
    entry = IndexEntry.objects.get(
        content_type=ContentType.objects.get_for_model(ActionItemPage), object_id=str(page.pk)
    )
    assert entry.title_text == "ぱぶりっく こめんと の 実施"


def test_a_query_without_words_finds_nothing(measure):
    item(measure, "協働カフェ", "")
    assert search(measure, "、。・") == []
    assert search(measure, "!!") == []


def test_quoted_phrases_and_negation_from_query_strings(measure):
    from wagtail.search.utils import parse_query_string

    item(measure, "協働カフェ", "市民活動団体と市が話し合います。")
    item(measure, "協働フォーラム", "市民活動の成果を発表します。")

    filters, query = parse_query_string('"協働 カフェ"')
    assert search(measure, query) == ["協働カフェ"]


def test_the_title_ranks_first(measure):
    item(measure, "事業の概要", "協働で進めます。協働の推進。")
    item(measure, "協働の推進", "地域の取組を支えます。")

    assert search(measure, "協働")[0] == "協働の推進"


def test_search_restricted_to_the_title(measure):
    item(measure, "事業の概要", "協働で進めます。")
    item(measure, "協働の推進", "地域の取組を支えます。")

    assert search(measure, "協働", fields=["title"]) == ["協働の推進"]


def test_filters_of_the_queryset_are_respected(measure, tree):
    item(measure, "協働カフェ", "")
    other_plan = PlanPageFactory(parent=tree.plan_index, title="別の計画")
    other = MeasurePageFactory(parent=other_plan, number="1", title="別の施策")
    hidden = item(other, "協働カフェ（下書き）", "")
    hidden.unpublish()

    assert search(measure, "協働") == ["協働カフェ"]
    found = titles(Page.objects.live().descendant_of(other_plan).search("協働"))
    assert found == []
    assert titles(Page.objects.descendant_of(measure).search("カフェ")) == ["協働カフェ"]


def test_facets(measure):
    item(measure, "協働カフェ", "")
    item(measure, "協働フォーラム", "")
    MeasurePageFactory(parent=measure.get_parent(), number="10", title="協働の推進")

    facets = Page.objects.live().descendant_of(measure.get_parent()).search("協働").facet("content_type_id")
    counts = {ContentType.objects.get_for_id(pk).model: count for pk, count in facets.items()}
    assert counts["actionitempage"] == 2
    assert counts["measurepage"] == 1


def test_autocomplete_matches_the_beginning_of_a_unit(measure):
    item(measure, "協働セミナーの開催", "")
    backend = get_search_backend()

    pages = ActionItemPage.objects.live().descendant_of(measure)

    assert titles(backend.autocomplete("せみ", pages)) == ["協働セミナーの開催"]
    assert titles(backend.autocomplete("協働 セミ", pages)) == ["協働セミナーの開催"]
    assert titles(backend.autocomplete("会議", pages)) == []


def test_item_found_by_department_and_progress_narrative(measure, departments):
    page = item(measure, "協働カフェ", "")
    add_item_rows(page, departments=[departments.kyodo], progress={2024: "on_track"})
    page.save_revision().publish()

    assert search(measure, departments.kyodo.name) == ["協働カフェ"]
    assert search(measure, "取組実績") == ["協働カフェ"]
    assert titles(MeasurePage.objects.descendant_of(measure.get_parent()).search("開かれた市政")) == [
        "情報公開と広聴の充実"
    ]


def test_departments_chosen_in_the_editor_are_indexed_when_published(measure, departments):
    from plans.models import ActionItemDepartment, ProgressRow

    page = item(measure, "協働カフェ", "")
    page.departments = [ActionItemDepartment(department=departments.koho, role="lead")]
    page.progress = [
        ProgressRow(fiscal_year=2024, status="on_track", narrative="ワークショップを開きました。")
    ]
    page.save_revision().publish()

    assert search(measure, "広報課") == ["協働カフェ"]
    assert search(measure, "ワークショップ") == ["協働カフェ"]


def test_renaming_a_department_reindexes_its_items(measure, departments):
    page = item(measure, "協働カフェ", "")
    add_item_rows(page, departments=[departments.kocho])
    page.save_revision().publish()

    department = departments.kocho
    department.name = "市民の声課"
    department.save()

    assert search(measure, "市民の声課") == ["協働カフェ"]
    assert search(measure, "広聴課") == []


def test_update_index_rebuilds_everything(measure, departments):
    from django.core.management import call_command

    from plans.models import GlossaryPage, GlossaryTerm

    page = item(measure, "協働セミナーの開催", "")
    add_item_rows(page, departments=[departments.koho])
    page.save_revision().publish()
    IndexEntry.objects.all().delete()
    assert search(measure, "せみなー") == []

    call_command("update_index", verbosity=0)

    assert search(measure, "せみなー") == ["協働セミナーの開催"]
    assert search(measure, "広報課") == ["協働セミナーの開催"]
    term = GlossaryTerm.objects.filter(locale=measure.locale).first()
    assert term is not None
    glossary = titles(GlossaryPage.objects.live().search(term.term))
    assert glossary, "the glossary page is found by its terms"


def test_a_new_glossary_term_makes_the_glossary_page_findable(tree):
    from plans.models import GlossaryPage

    from ..factories import GlossaryTermFactory

    glossary = GlossaryPage.objects.live().filter(locale=tree.ja)
    assert titles(glossary.search("ファシリテーション")) == []

    GlossaryTermFactory(
        term="ファシリテーション", reading="ふぁしりてーしょん", definition="話し合いの進行を助けること。"
    )

    assert titles(glossary.search("ﾌｧｼﾘﾃｰｼｮﾝ")) == [tree.glossary.title]


def test_a_search_filters_on_the_indexed_body_column(measure):
    item(measure, "協働カフェ", "")
    results = ActionItemPage.objects.live().search("協働 カフェ")
    sql = str(results.get_queryset().query)

    # One GIN-indexed column, not the unindexable concatenation title || body.
    assert '"wagtailsearch_indexentry"."body" @@' in sql
    assert "||" not in sql.split("WHERE", 1)[1].split("ORDER BY")[0]
    assert "協働カフェ" in titles(results)


def test_neighbouring_units_are_indexed_as_pairs_without_positions(measure):
    page = item(measure, "市民参加の推進", "パブリックコメントを行います")
    entry = IndexEntry.objects.get(
        content_type=ContentType.objects.get_for_model(ActionItemPage), object_id=str(page.pk)
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT lexeme, positions FROM unnest(%s::tsvector) WHERE lexeme LIKE %s ORDER BY lexeme",
            [str(entry.body), f"%{PAIR_JOINER}%"],
        )
        pairs = dict(cursor.fetchall())
    assert {"市民ノ参加", "ぱぶりっくノこめんと"} <= set(pairs)
    assert all(positions is None for positions in pairs.values())
    # Particles and endings (one or two kana) pair with nothing: they would be most pairs.
    assert not {"参加ノの", "のノ推進", "こめんとノを", "をノ行い"} & set(pairs)
    # Units keep the positions phrases are matched with; the title's pairs are in its column too.
    assert "'市民':1" in str(entry.body) and "'参加':2" in str(entry.body)
    assert "'市民ノ参加'" in str(entry.title)


def test_a_phrase_query_asks_for_its_pairs_and_its_sequence(measure):
    item(measure, "市民参加の推進", "")
    item(measure, "参加する市民の声", "市民の皆様の参加をお待ちしています")
    results = ActionItemPage.objects.live().search("市民参加")
    sql = str(results.get_queryset().query)

    assert "市民ノ参加" in sql and "<->" in sql
    assert titles(results) == ["市民参加の推進"]
    # Reversed or apart, the units do not make the phrase; a pair alone is not the phrase
    # in another field either.
    assert search(measure, "参加市民") == []


def test_a_phrase_with_a_particle_is_matched_without_pairs(measure):
    item(measure, "市民参加の推進", "")
    item(measure, "参加する市民の声", "市民の皆様の参加をお待ちしています")
    item(measure, "市民の参加の機会", "")

    results = ActionItemPage.objects.live().descendant_of(measure).search("市民の参加")
    assert PAIR_JOINER not in str(results.get_queryset().query)
    assert titles(results) == ["市民の参加の機会"]


def test_postgresql_finds_the_pages_of_a_search_through_an_index(measure):
    """The backend joins index entries to pages on ``object_id = page.id::varchar(50)``;
    search/migrations/0001 indexes that expression. If Django or modelsearch write the join
    differently, the index no longer serves it and every search reads the whole page table."""
    item(measure, "協働カフェ", "")
    results = Page.objects.live().search("協働カフェ")
    sql, params = results.get_queryset().query.sql_with_params()
    assert '"wagtailsearch_indexentry"."object_id" = ("wagtailcore_page"."id")::varchar(50)' in sql
    with connection.cursor() as cursor:
        # The suite's tables are small enough for other plans: rule out a sequential scan
        # to see whether the index serves that expression at all.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN SELECT id FROM wagtailcore_page WHERE (id::varchar(50))::text = %s", ["1"])
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "search_page_id_as_text" in plan, plan


def _searches(queries) -> int:
    """How many of the captured queries match text (the rest read records by key)."""
    return sum(1 for query in queries if " @@ " in query["sql"])


def five_cafes(measure):
    """Five items that 協働カフェ finds (more often in the later ones): all of them in order
    of relevance, read once, and a new search for them."""
    for number in range(1, 6):
        item(measure, f"協働カフェ第{number}回", "協働カフェ" * number)
    within = ActionItemPage.objects.live().descendant_of(measure)
    return list(within.search("協働カフェ")), within.search("協働カフェ")


def test_a_count_and_the_first_page_are_one_search(measure):
    pages, results = five_cafes(measure)
    everything = titles(pages)

    with CaptureQueriesContext(connection) as captured:
        assert results.count() == 5
        first = titles(results[:2])
        second = titles(results[2:4])
    # One query matches, counts and ranks; each page then reads its records by key.
    assert _searches(captured) == 1
    assert len(captured) == 3
    assert first + second == everything[:4]
    assert len(set(everything)) == 5


def test_slices_beyond_the_first_keys_are_searched(measure, monkeypatch):
    from search.backends.postgres import JapanesePostgresSearchResults

    monkeypatch.setattr(JapanesePostgresSearchResults, "FIRST_ROWS", 2)
    pages, results = five_cafes(measure)
    everything = titles(pages)

    with CaptureQueriesContext(connection) as captured:
        assert results.count() == 5
        assert titles(results[:2]) == everything[:2]  # within the keys kept with the count
    assert _searches(captured) == 1
    with CaptureQueriesContext(connection) as captured:
        assert titles(results[1:4]) == everything[1:4]  # reaches past them
        assert titles(results[3:]) == everything[3:]
        # A slice's own count is of the rows within it.
        assert results[3:10].count() == 2
    assert _searches(captured) == 3


def test_a_search_with_nothing_found_counts_none(measure, django_assert_num_queries):
    item(measure, "協働カフェ", "")
    results = ActionItemPage.objects.live().descendant_of(measure).search("防災訓練")
    synonyms.table()  # read once into the cache, not on every search
    with django_assert_num_queries(1):
        assert results.count() == 0
        assert list(results[:20]) == []


def test_a_search_for_no_word_counts_none(measure, django_assert_num_queries):
    item(measure, "協働カフェ", "")
    results = ActionItemPage.objects.live().descendant_of(measure).search("・・・")
    with django_assert_num_queries(0):
        assert results.count() == 0
        assert list(results[:20]) == []


def test_a_search_in_the_querysets_order_counts_as_modelsearch_does(measure):
    for title in ("協働カフェ（秋）", "協働カフェ（春）", "協働カフェ（夏）"):
        item(measure, title, "")
    pages = ActionItemPage.objects.live().descendant_of(measure).order_by("title")
    results = pages.search("協働カフェ", order_by_relevance=False)

    assert results.count() == 3
    assert titles(results[:3]) == sorted(titles(results[:3]))


def test_scores_are_kept_with_the_first_keys(measure):
    item(measure, "協働カフェ", "協働カフェを開きます。")
    item(measure, "交流会", "協働カフェの報告")
    pages = ActionItemPage.objects.live().descendant_of(measure)
    results = pages.search("協働カフェ").annotate_score("score")

    assert results.count() == 2
    first_page = list(results[:2])
    assert [page.title for page in first_page] == ["協働カフェ", "交流会"]
    assert first_page[0].score > first_page[1].score > 0


def _lz4_available() -> bool:
    from django.db import DatabaseError, transaction

    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL default_toast_compression = 'lz4'")
    except DatabaseError:
        return False
    return True


def test_the_body_vectors_are_compressed_with_lz4_where_the_server_has_it(db):
    """search/migrations/0002: every ranked match reads its entry's body vector."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attcompression FROM pg_attribute "
            "WHERE attrelid = 'wagtailsearch_indexentry'::regclass AND attname = 'body'"
        )
        (compression,) = cursor.fetchone()
    assert compression == ("l" if _lz4_available() else "")


def test_the_pages_a_search_joins_to_can_be_read_from_one_index(db):
    """search/migrations/0002: language, published, depth and path (what the search page,
    the APIs and the admin filter pages on) and the id the entries are joined on, in one
    index, so that PostgreSQL lists the visible pages without reading the page table."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_get_indexdef('search_page_visibility'::regclass)")
        (definition,) = cursor.fetchone()
    assert definition.endswith(
        "ON public.wagtailcore_page USING btree (locale_id, live) INCLUDE (id, depth, path)"
    )


def test_ranked_keys_are_read_without_records(measure, monkeypatch, django_assert_num_queries):
    from search.backends.postgres import JapanesePostgresSearchResults

    monkeypatch.setattr(JapanesePostgresSearchResults, "FIRST_ROWS", 2)
    pages, results = five_cafes(measure)
    everything = [page.pk for page in pages]

    with django_assert_num_queries(1):
        assert results.ranked_keys(4) == everything[:4]
        # Kept: the count and the first keys come without another query.
        assert results.count() == 5
        assert results.ranked_keys(3) == everything[:3]
    assert everything == sorted(everything, reverse=True)  # the most mentions last created
    assert ActionItemPage.objects.live().search("防災訓練").ranked_keys(10) == []
