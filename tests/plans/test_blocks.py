"""Every block of the body renders; links point at one place."""

from __future__ import annotations

import copy
import re

from wagtail.blocks import StructBlockValidationError

import pytest

from plans.blocks import ContentStreamBlock, DescriptionStreamBlock
from plans.blocks.media import LinkBlock

from ..factories import DocumentFactory, ImageFactory

CONTENT_BLOCKS = ContentStreamBlock().child_blocks


def text_of(value) -> list[str]:
    """Every piece of text inside a preview value (strings of dicts and lists, tags removed)."""
    if isinstance(value, dict):
        return [
            text
            for key, item in value.items()
            if key not in {"level", "kind", "table_header_choice"}
            for text in text_of(item)
        ]
    if isinstance(value, list):
        return [text for item in value for text in text_of(item)]
    if isinstance(value, str):
        stripped = re.sub(r"<[^>]+>", "", value).strip()
        return [stripped] if stripped and not stripped.startswith("http") else []
    return []


PREVIEWED = [name for name, block in CONTENT_BLOCKS.items() if getattr(block.meta, "preview_value", None)]


def test_every_description_block_is_in_the_content_stream():
    assert set(DescriptionStreamBlock().child_blocks) <= set(CONTENT_BLOCKS)


def test_every_block_has_a_template():
    assert [name for name, block in CONTENT_BLOCKS.items() if not block.meta.template] == []


@pytest.fixture
def chosen(db) -> dict:
    """What an editor would pick in a chooser, for the blocks whose preview value has none."""
    return {"image": {"image": ImageFactory().pk}, "document": {"document": DocumentFactory().pk}}


@pytest.mark.parametrize("name", PREVIEWED)
def test_every_block_renders_its_preview_value(name, chosen):
    """Also what Wagtail's block picker shows as a preview; the value is rendered on its own,
    outside a StreamField (so without a block id)."""
    block = CONTENT_BLOCKS[name]
    preview = copy.deepcopy(block.meta.preview_value)  # TableBlock writes into the value it reads
    value = block.to_python({**preview, **chosen[name]} if name in chosen else preview)

    html = block.render(value)

    for text in text_of(block.meta.preview_value):
        assert text in html, f"{name}: {text!r} missing from {html!r}"


def test_the_image_block_writes_its_alternative_text(chosen):
    block = CONTENT_BLOCKS["image"]
    html = block.render(
        block.to_python({**chosen["image"], "alt_text": "市民と職員が輪になって話し合う様子", "caption": ""})
    )
    assert 'alt="市民と職員が輪になって話し合う様子"' in html


def test_the_document_block_shows_the_format_and_size(chosen):
    block = CONTENT_BLOCKS["document"]
    html = block.render(block.to_python({**chosen["document"], "title": "", "description": ""}))
    assert "みなと市市民参加推進計画（第3次）本編" in html  # the document's own title when none is given
    assert "PDF" in html.upper()
    assert "KB" in html or "バイト" in html


def test_the_heading_block_renders_its_level(db):
    block = CONTENT_BLOCKS["heading"]
    html = block.render(block.to_python({"text": "第2章 協働の進め方", "level": "h3"}))
    assert "<h3" in html and "第2章 協働の進め方" in html
    assert "<h2" not in html


def test_commitments_are_numbered_with_circled_numbers(db):
    block = CONTENT_BLOCKS["commitments"]
    html = block.render(block.to_python(block.meta.preview_value))
    assert (
        html.index("①")
        < html.index("目的の共有")
        < html.index("②")
        < html.index("対等の関係")
        < html.index("③")
    )


def test_the_glossary_block_renders_the_term_and_its_definition(departments):
    from plans.models import GlossaryTerm

    term = GlossaryTerm.objects.get(term="協働")
    block = CONTENT_BLOCKS["glossary"]
    html = block.render(block.to_python({"term": term.pk}))
    assert "協働" in html
    assert "対等な立場で協力して" in html


def test_the_contact_block_renders_the_department(departments):
    block = CONTENT_BLOCKS["contact"]
    html = block.render(
        block.to_python({"department": departments.kyodo.pk, "note": "平日 8時45分から17時15分まで"})
    )
    assert "市民協働推進課" in html
    assert "045-671-2222" in html
    assert "平日 8時45分から17時15分まで" in html


# Links -------------------------------------------------------------------------------


@pytest.fixture
def link_block():
    return LinkBlock()


def test_a_link_to_a_page_is_accepted(link_block, tree):
    value = link_block.clean(
        link_block.to_python({"text": "計画一覧", "page": tree.plan_index.pk, "url": ""})
    )
    assert value["page"].pk == tree.plan_index.pk


def test_a_link_to_a_url_is_accepted(link_block, db):
    value = link_block.clean(
        link_block.to_python(
            {"text": "市民活動支援センター", "page": None, "url": "https://example.jp/center/"}
        )
    )
    assert value["url"] == "https://example.jp/center/"


def test_a_link_with_both_a_page_and_a_url_is_refused(link_block, tree):
    value = link_block.to_python(
        {"text": "計画一覧", "page": tree.plan_index.pk, "url": "https://example.jp/"}
    )
    with pytest.raises(StructBlockValidationError) as error:
        link_block.clean(value)
    assert set(error.value.block_errors) == {"page", "url"}
    assert "どちらか一つ" in str(error.value.block_errors["url"])


def test_a_link_with_neither_a_page_nor_a_url_is_refused(link_block, db):
    with pytest.raises(StructBlockValidationError) as error:
        link_block.clean(
            link_block.to_python({"text": "どこにもつながらないリンク", "page": None, "url": ""})
        )
    assert set(error.value.block_errors) == {"page", "url"}
