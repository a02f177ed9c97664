"""Every StreamField block as the headless API shows it: resolved objects, never bare ids."""

from __future__ import annotations

from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

import pytest

from plans.blocks import ContentStreamBlock

from ...factories import ActionItemPageFactory, DocumentFactory, GuidelinePageFactory, ImageFactory


@pytest.fixture
def media(db):
    return {"image": ImageFactory(), "document": DocumentFactory(title="計画書（概要版）")}


@pytest.fixture
def guideline(tree, sample_plan, departments, media):
    from plans.models import GlossaryTerm

    term = GlossaryTerm.objects.get(term="協働")
    draft = ActionItemPageFactory(parent=sample_plan.participation, title="準備中の事業", publish=False)
    body = [
        ("heading", {"text": "第1章 協働の考え方", "level": "h2"}),
        (
            "paragraph",
            f'<p>詳しくは<a linktype="page" id="{sample_plan.plan.pk}">計画</a>と'
            f'<a linktype="document" id="{media["document"].pk}">概要版</a>をご覧ください。</p>',
        ),
        (
            "callout",
            {"kind": "pickup", "title": "ピックアップ", "body": "<p><b>協働事業提案制度</b>の紹介。</p>"},
        ),
        (
            "table",
            {
                "first_row_is_table_header": True,
                "first_col_is_header": False,
                "table_caption": "実施件数",
                "data": [["年度", "件数"], ["令和6年度", "15"]],
            },
        ),
        (
            "image",
            {"image": media["image"].pk, "alt_text": "協働フォーラムで話し合う市民", "caption": "令和6年度"},
        ),
        ("document", {"document": media["document"].pk, "title": "", "description": "概要版です。"}),
        (
            "links",
            {
                "heading": "関連リンク",
                "links": [
                    {"text": "計画のページ", "page": sample_plan.plan.pk, "url": ""},
                    {"text": "準備中のページ", "page": draft.pk, "url": ""},
                    {"text": "国の資料", "page": None, "url": "https://example.jp/kuni/"},
                ],
            },
        ),
        ("glossary", {"term": term.pk}),
        ("contact", {"department": departments.kyodo.pk, "note": "平日9時から17時"}),
        (
            "commitments",
            {"heading": "協働の原則", "items": [{"title": "目的の共有", "text": "確かめ合います。"}]},
        ),
        (
            "steps",
            {
                "heading": "協働のプロセス",
                "steps": [
                    {"label": "共有", "description": "情報を共有"},
                    {"label": "共感", "description": ""},
                ],
            },
        ),
        ("checklist", {"heading": "確認", "items": ["目的を共有しましたか"]}),
        (
            "faq",
            {
                "heading": "質問",
                "questions": [{"question": "個人でも参加できますか。", "answer": "<p>はい。</p>"}],
            },
        ),
    ]
    raw = [{"type": block_type, "value": value} for block_type, value in body]  # ids, as stored
    return GuidelinePageFactory(
        parent=tree.guideline_index, title="協働の指針（ブロック）", slug="blocks", body=raw
    )


@pytest.fixture
def blocks(api, guideline) -> dict:
    body = api.page(guideline.pk)["body"]
    return {block["type"]: block["value"] for block in body}


def test_every_content_block_is_in_the_fixture(blocks):
    assert set(blocks) == set(ContentStreamBlock().child_blocks)


def test_headings_and_rich_text(blocks, sample_plan, media):
    assert blocks["heading"] == {"text": "第1章 協働の考え方", "level": "h2"}
    paragraph = blocks["paragraph"]
    assert 'href="/plans/participation-3/"' in paragraph
    assert f'href="{media["document"].url}"' in paragraph
    assert "linktype" not in paragraph
    assert blocks["callout"]["body"] == "<p><b>協働事業提案制度</b>の紹介。</p>"
    assert blocks["callout"]["kind"] == "pickup"


def test_the_table_keeps_its_cells_and_caption(blocks):
    assert blocks["table"]["data"] == [["年度", "件数"], ["令和6年度", "15"]]
    assert blocks["table"]["table_caption"] == "実施件数"
    assert blocks["table"]["first_row_is_table_header"] is True


def test_images_are_renditions_with_alternative_text(blocks, media):
    image = blocks["image"]
    assert image["alt"] == "協働フォーラムで話し合う市民"
    assert image["decorative"] is False
    assert image["caption"] == "令和6年度"
    assert image["url"].startswith("/media/images/")
    assert image["full_url"].startswith("http://testserver/media/images/")
    assert (image["width"], image["height"]) == (320, 200)  # smaller than max-1200x1200: kept
    # fill-400x300 crops to 4:3 and never enlarges: 320×200 becomes 268×200
    assert (image["thumbnail"]["width"], image["thumbnail"]["height"]) == (268, 200)
    assert image["thumbnail"]["url"] != image["url"]
    assert image["id"] == media["image"].pk


def test_documents_carry_url_size_and_type(blocks, media):
    document = blocks["document"]
    assert document["title"] == "計画書（概要版）"
    assert document["description"] == "概要版です。"
    assert document["url"] == media["document"].url
    assert document["file_extension"] == "pdf"
    assert document["content_type"] == "application/pdf"
    assert document["file_size"] == media["document"].file.size


def test_page_links_carry_url_and_title_only_for_public_pages(blocks, sample_plan):
    public, draft, external = blocks["links"]["links"]
    assert public["text"] == "計画のページ"
    assert public["url"] == "http://localhost/plans/participation-3/"
    assert public["page"]["id"] == sample_plan.plan.pk
    assert public["page"]["title"] == "みなと市市民参加推進計画（第3次）"
    assert draft == {"text": "準備中のページ", "url": None, "page": None}
    assert external == {"text": "国の資料", "url": "https://example.jp/kuni/", "page": None}


def test_a_link_to_a_page_that_became_private_loses_its_target(api, guideline, sample_plan):
    PageViewRestriction.objects.create(
        page=sample_plan.plan, restriction_type=PageViewRestriction.PASSWORD, password="kyodo-secret"
    )
    body = api.page(guideline.pk)["body"]
    links = next(block for block in body if block["type"] == "links")["value"]["links"]
    assert links[0] == {"text": "計画のページ", "url": None, "page": None}


def test_glossary_references_resolve_to_term_and_definition(blocks):
    glossary = blocks["glossary"]
    assert glossary["term"] == "協働"
    assert glossary["reading"] == "きょうどう"
    assert glossary["definition"].startswith("市民と市が、それぞれの役割と責任を自覚し")


def test_contact_blocks_resolve_the_department(blocks):
    contact = blocks["contact"]
    assert contact["note"] == "平日9時から17時"
    assert contact["department"]["name"] == "市民協働推進課"
    assert contact["department"]["contact"]["phone"] == "045-671-2222"
    assert contact["department"]["parent"]["name"] == "市民局"


def test_structured_passages_keep_their_parts(blocks):
    assert blocks["commitments"]["items"] == [{"title": "目的の共有", "text": "確かめ合います。"}]
    assert [step["label"] for step in blocks["steps"]["steps"]] == ["共有", "共感"]
    assert blocks["checklist"]["items"] == ["目的を共有しましたか"]
    assert blocks["faq"]["questions"] == [{"question": "個人でも参加できますか。", "answer": "<p>はい。</p>"}]


def test_a_document_in_a_private_collection_is_left_out(api, guideline, media):
    private = Collection.get_first_root_node().add_child(name="内部資料")
    CollectionViewRestriction.objects.create(
        collection=private, restriction_type=CollectionViewRestriction.LOGIN
    )
    media["document"].collection = private
    media["document"].save()
    body = api.page(guideline.pk)["body"]
    assert next(block for block in body if block["type"] == "document")["value"] is None
