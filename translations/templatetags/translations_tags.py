from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def original_page(page):
    """The live page in the source language that ``page`` translates, or ``None``."""
    return (
        page.get_translations().filter(locale__language_code=settings.LANGUAGE_CODE).live().public().first()
    )
