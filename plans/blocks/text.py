"""Headings, paragraphs and callouts: the prose of plans and guidelines."""

from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.rich_text import expand_db_html


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("見出し"), max_length=200)
    level = blocks.ChoiceBlock(
        label=_("レベル"),
        choices=[("h2", _("大見出し（章）")), ("h3", _("中見出し（節）")), ("h4", _("小見出し"))],
        default="h2",
    )

    class Meta:
        icon = "title"
        template = "blocks/heading.html"
        label = _("見出し")
        description = _("章や節の見出し。目次に表示されます。")
        preview_value = {"text": "第1章 計画の基本的な考え方", "level": "h2"}


class ParagraphBlock(blocks.RichTextBlock):
    def get_api_representation(self, value, context=None):
        return expand_db_html(value.source)

    class Meta:
        icon = "pilcrow"
        template = "blocks/paragraph.html"
        label = _("本文")
        description = _("段落、箇条書き、リンクを含む本文。")
        features = ["bold", "italic", "ol", "ul", "link", "document-link", "superscript"]
        preview_value = (
            "<p>市民と市がそれぞれの役割と責任を自覚し、対等な立場で"
            "協力しながら地域の課題に取り組みます。</p>"
        )


class CalloutBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(
        label=_("種類"),
        choices=[("pickup", _("ピックアップ")), ("note", _("補足")), ("important", _("重要"))],
        default="pickup",
    )
    title = blocks.CharBlock(label=_("タイトル"), max_length=200, required=False)
    body = ParagraphBlock(label=_("内容"))

    class Meta:
        icon = "pick"
        template = "blocks/callout.html"
        label = _("囲み記事")
        description = _("ピックアップや補足説明を囲みで目立たせます。")
        preview_value = {
            "kind": "pickup",
            "title": "ピックアップ：協働事業提案制度",
            "body": "<p>市民活動団体から協働事業の提案を受け付け、市と一緒に実施します。</p>",
        }
