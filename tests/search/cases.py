"""The search-quality set: queries over the demo municipality (``load_demo``) plus a few
pages written for the hard cases, each with the pages that must be found among the first
20 results and the pages that must not appear at all.

Shared by ``test_quality.py`` (PostgreSQL, the suite's database) and ``sqlite_check.py``
(the same cases on SQLite, run in a child process by ``test_backend_sqlite.py``). Pages are
named by title; where the demo has two pages with one title (an item re-listed in another
plan), one of them in the results is enough.
"""

from __future__ import annotations

from dataclasses import dataclass

from wagtail.models import Locale, Page, PageViewRestriction

TOP = 20

# Pages added to the demo for the cases the demo has no text for.
GATHERING = "意見交換会のお知らせ"
TOKYO = "首都圏自治体の視察報告"
KYOTO = "京都市との意見交換"
OPEN_DATA = "オープンデータカタログの公開"
ICT = "ＩＣＴを活用した市民参加"
DRAFT = "協働の推進（下書き）"
PRIVATE = "協働の推進（職員限定）"


@dataclass(frozen=True)
class Case:
    query: str
    expected: tuple[str, ...]
    forbidden: tuple[str, ...] = ()
    first: tuple[str, ...] = ()  # when given, the first result is one of these
    kind: str = "word"
    top3: tuple[str, ...] = ()  # pages that must be among the first three results


def case(query, expected, forbidden=(), *, first=(), kind="word", top3=()):
    return Case(query, tuple(expected), tuple(forbidden), tuple(first), kind, tuple(top3))


HIDDEN = (DRAFT, PRIVATE)
# Demo measures given an indicator: a published one, and a draft one.
INDICATOR_MEASURE = "地域自治の推進"
DRAFT_INDICATOR_MEASURE = "市民参加に関する学びの機会の充実"

CASES = [
    # The done-when queries.
    case(
        "協働",
        [
            "青葉市協働推進アクションプラン",
            "青葉市協働の指針",
            "協働フェスタの開催",
            "協働コーディネーターの配置",
        ],
        [GATHERING, *HIDDEN],
        # A plan or a guideline with 協働 in its title; the guideline among the first three.
        first=["青葉市協働推進アクションプラン", "青葉市協働の指針", "協働ハンドブック（職員向け）"],
        top3=["青葉市協働の指針"],
        kind="done-when, ranking, negative phrase",
    ),
    case(
        "市民参加",
        [
            "青葉市市民参加推進計画（第2次）",
            "市民参加の意識啓発",
            "市民参加手続の整備",
            "市民参加推進フォーラムの開催",
        ],
        [GATHERING],
        # The current plan, before the superseded one and before the council's response table.
        first=["青葉市市民参加推進計画（第2次）"],
        top3=["青葉市市民参加推進計画（第2次）", "青葉市市民参加推進計画（第1次）"],
        kind="done-when, ranking, current plan, negative phrase",
    ),
    case(
        "コメント",
        ["パブリックコメント制度の導入", "パブリックコメント制度の運用改善"],
        first=["パブリックコメント制度の導入", "パブリックコメント制度の運用改善"],
        kind="done-when, part of a compound",
    ),
    case(
        "ﾊﾟﾌﾞﾘｯｸｺﾒﾝﾄ",
        ["パブリックコメント制度の導入", "パブリックコメント制度の運用改善", "用語解説"],
        first=["パブリックコメント制度の導入", "パブリックコメント制度の運用改善"],
        kind="done-when, half-width",
    ),
    case(
        "せみなー",
        ["市民活動入門講座・セミナーの開催"],
        first=["市民活動入門講座・セミナーの開催"],
        kind="done-when, hiragana",
    ),
    case(
        "市民協働推進課 フェスタ",
        ["協働フェスタの開催"],
        ["地域円卓会議の開催"],
        first=["協働フェスタの開催"],
        kind="department, multi-word",
    ),
    case(
        "地域活動支援課",
        ["地域人材バンクの創設", "地域円卓会議の開催", "自治会・町内会の加入促進と活動支援"],
        ["オープンデータの推進"],
        first=[
            "地域人材バンクの創設",
            "地域円卓会議の開催",
            "自治会・町内会の加入促進と活動支援",
            "地域まちづくり計画の策定支援",
            "地域コミュニティ施設の利活用促進",
            "市民ファシリテーターの派遣",
            "ファシリテーターの養成",
            "市民活動団体の交流の場づくり",
            "地域情報の発信強化",
        ],
        kind="done-when, department",
    ),
    case(
        "市民参加推進計画",
        ["青葉市市民参加推進計画（第1次）", "青葉市市民参加推進計画（第2次）"],
        [GATHERING],
        first=["青葉市市民参加推進計画（第2次）"],
        kind="compound, ranking, current plan",
    ),
    # Synonyms of the demo (demo/synonyms.py): the short form finds the long one.
    case(
        "パブコメ",
        ["パブリックコメント制度の導入", "パブリックコメント制度の運用改善"],
        first=["パブリックコメント制度の導入", "パブリックコメント制度の運用改善"],
        kind="synonym",
    ),
    case("ﾊﾟﾌﾞｺﾒ", ["パブリックコメント制度の導入"], kind="synonym, half-width"),
    case("共働", ["青葉市協働の指針", "協働フェスタの開催"], top3=["青葉市協働の指針"], kind="synonym"),
    case(
        "住民参加",
        ["市民参加の意識啓発"],
        first=["青葉市市民参加推進計画（第2次）"],
        kind="synonym, ranking",
    ),
    # Width, case and kana.
    case(
        "パブリックコメント",
        ["パブリックコメント制度の導入", "パブリックコメント制度の運用改善"],
        kind="katakana",
    ),
    case(
        "ぱぶりっくこめんと",
        ["パブリックコメント制度の導入", "パブリックコメント制度の運用改善"],
        kind="hiragana",
    ),
    case("セミナー", ["市民活動入門講座・セミナーの開催"], kind="katakana"),
    case("ｾﾐﾅｰ", ["市民活動入門講座・セミナーの開催"], kind="half-width"),
    case("わーくしょっぷ", ["ワークショップ・市民対話集会の開催"], kind="hiragana"),
    case("ﾜｰｸｼｮｯﾌﾟ", ["ワークショップ・市民対話集会の開催"], kind="half-width"),
    case("ふぁしりてーたー", ["ファシリテーターの養成", "市民ファシリテーターの派遣"], kind="hiragana"),
    case("ＮＰＯ", ["用語解説"], kind="full-width"),
    case("npo", ["用語解説"], kind="case"),
    case("ｓｎｓ", ["SNSを活用した対話型広報"], kind="full-width"),
    case("ict", [ICT], kind="full-width in the text"),
    case("ＩＣＴ", [ICT], kind="full-width"),
    # Parts of compounds and whole words.
    case("研修", ["職員研修の実施", "職員研修の充実", "協働ハンドブックの活用"], kind="part of a compound"),
    case("公募委員", ["市民公募委員の登用", "審議会等への市民公募委員の参加促進"], kind="part of a compound"),
    case(
        "無作為抽出",
        ["無作為抽出による市民参加の推進", "無作為抽出による委員選任の試行", "用語解説"],
        kind="word",
    ),
    case("ワークショップ", ["ワークショップ・市民対話集会の開催"], kind="word"),
    case(
        "ファシリテーター",
        ["ファシリテーターの養成", "市民ファシリテーターの派遣"],
        kind="part of a compound",
    ),
    case(
        "進捗",
        ["青葉市 市民参加・協働のページ", "市民参加推進審議会答申への対応表"],
        kind="part of a compound",
    ),
    case("審議会", ["審議会等の会議公開の原則化", "審議会等の会議録の公開迅速化"], kind="word"),
    case("やさしい日本語", ["やさしい日本語による情報提供"], kind="mixed kana and kanji"),
    case("共創", ["青葉市協働の指針"], kind="StreamField text"),
    case("中間支援組織", ["中間支援組織との連携協定の締結", "用語解説"], kind="glossary term"),
    case("オープンデータ", ["オープンデータの推進", "用語解説", OPEN_DATA], kind="word"),
    case("アクセシビリティ", ["ウェブアクセシビリティ方針"], kind="part of a compound"),
    # Phrases that must not match words split apart or inside another word.
    case("京都", [KYOTO], [TOKYO], kind="negative phrase"),
    case("東京都", [TOKYO], [KYOTO], kind="word"),
    case("市民の皆様", [GATHERING], kind="control for the negative phrases"),
    case("協力", [GATHERING], kind="control for the negative phrases"),
    # Departments (an item is found by its departments' names and former names).
    case(
        "広報課",
        ["市長と語る地域懇談会", "SNSを活用した対話型広報"],
        ["地域円卓会議の開催"],
        kind="department",
    ),
    case("広報広聴課", ["市長と語る地域懇談会", "SNSを活用した対話型広報"], kind="department alias"),
    case("情報公開課", ["審議会等の会議公開の原則化", "オープンデータの推進"], kind="department"),
    case("人事課", ["職員研修の実施", "協働ハンドブックの活用"], kind="department"),
    case(
        "ＤＸ推進課",
        ["オープンデータの推進", "オンラインによる意見募集の拡充"],
        kind="department alias, full-width",
    ),
    # Numbers, headings, narratives.
    case("提言3", ["審議会等の委員構成を多様にすること"], kind="number"),
    case("1-2", ["パブリックコメント制度の導入", "学校での主権者教育との連携"], kind="number"),
    case("総合的な自治の醸成", ["市民参加に関する学びの機会の充実", "地域自治の推進"], kind="area heading"),
    case("対話の場", ["ワークショップ・市民対話集会の開催", "市長と語る地域懇談会"], kind="group heading"),
    case("修了", ["市民活動入門講座・セミナーの開催"], kind="progress narrative"),
    case("令和6年度", ["令和6年度 市民参加推進レポート"], kind="number and era"),
    # Several words, all of which must match.
    case("協働 フェスタ", ["協働フェスタの開催"], ["協働ハンドブックの活用"], kind="multi-word"),
    case(
        "パブリックコメント　運用改善",
        ["パブリックコメント制度の運用改善"],
        ["パブリックコメント制度の導入"],
        kind="multi-word",
    ),
    case("SNS 広報", ["SNSを活用した対話型広報"], ["協働フェスタの開催"], kind="mixed-script, multi-word"),
    case("open data", [OPEN_DATA], kind="English"),
    case("CSV", [OPEN_DATA], kind="English"),
    case("京都 東京", [], [KYOTO, TOKYO], kind="multi-word, negative"),
    # A measure is found by the names of its published indicators (成果指標), never by a draft's.
    case("自治会加入率", [INDICATOR_MEASURE], kind="indicator name"),
    case("まちづくり協議会の設立数", [], [DRAFT_INDICATOR_MEASURE], kind="indicator name, negative"),
]


def add_case_pages() -> None:
    """The pages the hard cases need, under the demo's Japanese home page: live ones, a
    draft and a page restricted to logged-in users (both must never be found)."""
    from home.models import HomePage, StandardPage

    home = HomePage.objects.get(locale__language_code="ja")

    def page(title: str, text: str, *, live: bool = True) -> StandardPage:
        new = StandardPage(title=title, slug=f"search-case-{StandardPage.objects.count() + 1}", summary=text)
        home.add_child(instance=new)
        revision = new.save_revision()
        if live:
            revision.publish()
        else:
            new.unpublish()
        return new

    page(GATHERING, "市民の皆様の参加をお待ちしています。地域で協力して働く仲間も募集します。")
    page(TOKYO, "東京都の取組を視察し、区市町村の担当者と意見を交わしました。")
    page(KYOTO, "京都市の市民参加の取組について、担当者と意見を交換しました。")
    page(
        OPEN_DATA,
        "Open Data Catalog を公開しました。CSV と JSON でダウンロードでき、API version 2 に対応します。",
    )
    page(ICT, "ＩＣＴを活用して、自宅からでも審議会を傍聴できるようにします。")
    page(DRAFT, "協働の推進についての下書きです。", live=False)
    private = page(PRIVATE, "協働の推進について、職員だけが読める資料です。")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)

    from plans.models import Indicator, IndicatorMeasure, MeasurePage

    for name, title, publish in (
        ("自治会加入率", INDICATOR_MEASURE, True),
        ("まちづくり協議会の設立数", DRAFT_INDICATOR_MEASURE, False),
    ):
        measure = MeasurePage.objects.filter(title=title, locale=home.locale).first()
        indicator = Indicator(plan=measure.plan, locale=measure.locale, name=name, unit="%", live=False)
        indicator.measure_links = [IndicatorMeasure(measure=measure)]
        indicator.save()
        revision = indicator.save_revision()
        if publish:
            revision.publish()


def search_titles(query: str) -> list[str]:
    """Titles of the first results a citizen's search returns: live, public, Japanese."""
    ja = Locale.objects.get(language_code="ja")
    results = Page.objects.live().public().filter(locale=ja).search(query)
    return [page.title for page in results[:TOP]]


def all_titles(query: str) -> set[str]:
    """Titles of every page the search finds, with no filter at all (to catch a hidden page
    that the index holds but the public filters must keep out)."""
    ja = Locale.objects.get(language_code="ja")
    return {page.title for page in Page.objects.live().public().filter(locale=ja).search(query)}


def check(case: Case) -> list[str]:
    """What is wrong with the results of one case; empty when it passes."""
    top = search_titles(case.query)
    found = all_titles(case.query)
    problems = [f"{title} not in the first {TOP}" for title in case.expected if title not in top]
    problems += [f"{title} found" for title in case.forbidden if title in found]
    if case.first and (not top or top[0] not in case.first):
        problems.append(f"first result {top[:1]} not one of {list(case.first)}")
    problems += [f"{title} not in the first 3 {top[:3]}" for title in case.top3 if title not in top[:3]]
    return problems


# Typed as it sounds: the word each reading must suggest (search/readings.py).
SUGGESTION_CASES = [
    ("きょうどう", "協働"),
    ("キョウドウ", "協働"),
    ("ｷｮｳﾄﾞｳ", "協働"),
    ("しみんさんか", "市民参加"),
    ("ぱぶりっく", "パブリックコメント"),
]


def suggestion_labels(query: str) -> list[str]:
    """The labels /search/suggest/ answers for ``query`` on the Japanese site."""
    from django.test import Client

    response = Client(HTTP_HOST="localhost").get("/search/suggest/", {"q": query})
    return [entry["label"] for entry in response.json()["suggestions"]]


def check_suggestion(query: str, word: str) -> list[str]:
    labels = suggestion_labels(query)
    return [] if word in labels else [f"{word} not suggested for {query}: {labels}"]
