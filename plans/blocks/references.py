"""Blocks that point at snippets: glossary terms and departments' contact details."""

from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock

from ..representations import department as department_representation
from ..representations import glossary_term


class GlossaryReferenceBlock(blocks.StructBlock):
    term = SnippetChooserBlock("plans.GlossaryTerm", label=_("用語"))

    def get_api_representation(self, value, context=None):
        term = value.get("term")
        if term is None:
            return None
        return glossary_term(term)

    class Meta:
        icon = "help"
        template = "blocks/glossary_reference.html"
        label = _("用語解説")
        description = _("用語集の用語とその解説を表示します。")


class ContactBlock(blocks.StructBlock):
    department = SnippetChooserBlock("plans.Department", label=_("担当課"))
    note = blocks.CharBlock(label=_("補足"), max_length=200, required=False)

    def get_api_representation(self, value, context=None):
        department = value.get("department")
        if department is None:
            return None
        return {
            "department": department_representation(department),
            "note": value.get("note") or "",
        }

    class Meta:
        icon = "mail"
        template = "blocks/contact.html"
        label = _("問い合わせ先")
        description = _("担当課の名前、電話番号、メールアドレス。")
