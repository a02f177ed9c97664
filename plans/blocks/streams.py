"""The StreamBlocks every page type uses. Add a block here, not on a page."""

from django.utils.translation import gettext_lazy as _

from wagtail import blocks

from .media import DocumentBlock, ImageBlock, LinkListBlock, TableBlock
from .references import ContactBlock, GlossaryReferenceBlock
from .structure import ChecklistBlock, CommitmentsBlock, FAQBlock, ProcessStepsBlock
from .text import CalloutBlock, HeadingBlock, ParagraphBlock


class DescriptionStreamBlock(blocks.StreamBlock):
    """Descriptions of measures and action items: prose with its supporting material."""

    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    callout = CalloutBlock()
    table = TableBlock()
    image = ImageBlock()
    document = DocumentBlock()
    links = LinkListBlock()
    glossary = GlossaryReferenceBlock()
    contact = ContactBlock()

    class Meta:
        label = _("説明")


class ContentStreamBlock(DescriptionStreamBlock):
    """Chapters of plans, guidelines and handbooks: everything a long document needs."""

    commitments = CommitmentsBlock()
    steps = ProcessStepsBlock()
    checklist = ChecklistBlock()
    faq = FAQBlock()

    class Meta:
        label = _("本文")
