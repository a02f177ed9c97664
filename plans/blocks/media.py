"""Images, documents, tables and links."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.blocks import StructBlockValidationError
from wagtail.contrib.table_block.blocks import TableBlock as BaseTableBlock
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock

from ..representations import document as document_representation
from ..representations import page_reference, rendition
from ..visibility import is_public_media, is_public_page


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("画像"))
    alt_text = blocks.CharBlock(
        label=_("代替テキスト"),
        max_length=250,
        required=False,
        help_text=_("画像の内容を文章で説明します。装飾だけの画像なら空欄にします。"),
    )
    caption = blocks.CharBlock(label=_("キャプション"), max_length=250, required=False)

    def get_api_representation(self, value, context=None):
        """The image resized for the web (URL, width, height) with its alternative text."""
        image = value.get("image")
        if image is None:
            return None
        request = (context or {}).get("request")
        return {
            "id": image.pk,
            "title": image.title,
            "alt": value.get("alt_text") or "",
            "decorative": not value.get("alt_text"),
            "caption": value.get("caption") or "",
            **rendition(image, "max-1200x1200", request),
            "thumbnail": rendition(image, "fill-400x300", request),
        }

    class Meta:
        icon = "image"
        template = "blocks/image.html"
        label = _("画像")
        description = _("画像と代替テキスト、キャプション。")
        preview_value = {"alt_text": "", "caption": "協働フォーラムの様子"}


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("文書"))
    title = blocks.CharBlock(
        label=_("表示名"), max_length=250, required=False, help_text=_("空欄なら文書のタイトル")
    )
    description = blocks.TextBlock(label=_("説明"), required=False)

    def get_api_representation(self, value, context=None):
        """The document's URL, size and type; nothing for a document in a private collection."""
        document = value.get("document")
        if document is None or not is_public_media(document):
            return None
        return {
            **document_representation(document, (context or {}).get("request")),
            "title": value.get("title") or document.title,
            "description": value.get("description") or "",
        }

    class Meta:
        icon = "doc-full"
        template = "blocks/document.html"
        label = _("文書のダウンロード")
        description = _("PDFなどの文書へのリンク。形式とサイズを表示します。")
        preview_value = {"title": "計画書（全文）", "description": "計画書の全文です。"}


class TableBlock(BaseTableBlock):
    class Meta:
        icon = "table"
        template = "blocks/table.html"
        label = _("表")
        description = _("見出し行・見出し列のある表。")
        preview_value = {
            "first_row_is_table_header": True,
            "first_col_is_header": False,
            "table_caption": "協働事業の実施件数",
            "data": [["年度", "件数"], ["令和5年度", "12"], ["令和6年度", "15"]],
        }


class LinkBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("リンクの文字"), max_length=200)
    page = blocks.PageChooserBlock(label=_("サイト内のページ"), required=False)
    url = blocks.URLBlock(label=_("外部のURL"), required=False)

    def clean(self, value):
        value = super().clean(value)
        if bool(value.get("page")) == bool(value.get("url")):
            message = _("サイト内のページか外部のURLの、どちらか一つを指定してください。")
            raise StructBlockValidationError(
                {"page": ValidationError(message), "url": ValidationError(message)}
            )
        return value

    def get_api_representation(self, value, context=None):
        """The link's text and URL; a page that is not public gives no URL and no title."""
        page = value.get("page")
        request = (context or {}).get("request")
        if page is not None:
            if not is_public_page(page, request):
                return {"text": value.get("text"), "url": None, "page": None}
            reference = page_reference(page.specific_deferred, request)
            return {"text": value.get("text"), "url": reference["url"], "page": reference}
        return {"text": value.get("text"), "url": value.get("url") or None, "page": None}

    class Meta:
        icon = "link"
        label = _("リンク")


class LinkListBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("見出し"), max_length=200, required=False)
    links = blocks.ListBlock(LinkBlock(), label=_("リンク"), min_num=1)

    class Meta:
        icon = "list-ul"
        template = "blocks/link_list.html"
        label = _("リンク集")
        description = _("関連するページや外部サイトへのリンクの一覧。")
        preview_value = {
            "heading": "関連リンク",
            "links": [{"text": "市民活動支援センター", "url": "https://example.jp/center/"}],
        }
