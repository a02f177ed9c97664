"""The slugs of new pages, one rule for every door.

A measure's or an item's slug comes from its number (``measure-2``, ``item-2-1``), any
other page's from its title (Japanese is kept); at most 60 characters, with ``-2``, ``-3`` …
when a sibling has it already. The plan-table importer, :func:`plans.services.plans.create_plan`,
the demo and the page editor (:mod:`plans.models.forms`) all use it.

Also here: whether a slug typed into the page editor was chosen by hand or filled in for the
editor (Wagtail's page editor copies the title into the slug field as the title is typed).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from django.utils.text import slugify

from wagtail.models import Page

MAX_LENGTH = 60
MEASURE_PREFIX = "measure"
ITEM_PREFIX = "item"
_COUNTER = re.compile(r"-\d+$")


def slug_base(text: str, fallback: str) -> str:
    """``text`` as a slug: Japanese kept, at most 60 characters; ``fallback`` when nothing is left."""
    return (slugify(text, allow_unicode=True) or fallback)[:MAX_LENGTH].strip("-") or fallback


def numbered_slug_base(prefix: str, number: str, title: str) -> str:
    """``measure-2`` or ``item-2-1`` for a numbered page; the title's slug without a number."""
    return slug_base(f"{prefix}-{number}" if number else title, prefix)


def free_slug(base: str, taken: set[str]) -> str:
    """``base``, or ``base-2``, ``base-3`` … whichever ``taken`` does not hold yet."""
    slug, counter = base, 2
    while slug in taken:
        slug = f"{base}-{counter}"
        counter += 1
    return slug


def sibling_slugs(parent: Page, *, exclude: int | None = None) -> set[str]:
    """The slugs of ``parent``'s children (but the page ``exclude``, when editing it)."""
    children = Page.objects.child_of(parent)
    if exclude is not None:
        children = children.exclude(pk=exclude)
    return set(children.values_list("slug", flat=True))


def child_slug(parent: Page, text: str, fallback: str) -> str:
    """A free slug for a new child of ``parent`` made from ``text`` (a title, usually)."""
    return free_slug(slug_base(text, fallback), sibling_slugs(parent))


def _letters(value: str) -> str:
    """Letters and digits only, compared as slugify compares them (NFKC, case-folded)."""
    return "".join(char for char in unicodedata.normalize("NFKC", value).casefold() if char.isalnum())


def filled_in_for_the_editor(slug: str, *, titles: Iterable[str], bases: Iterable[str]) -> bool:
    """Whether ``slug`` is one nobody chose: empty, the slug Wagtail's editor made from one of
    ``titles`` (its letters and digits are the title's, whichever way punctuation and spaces
    were dropped; a long one cut short), or one of ``bases`` given earlier, with or without a
    ``-2`` counter."""
    if not slug:
        return True
    uncounted = _COUNTER.sub("", slug)
    if slug in bases or uncounted in bases:
        return True
    letters = {_letters(slug), _letters(uncounted)}
    for title in titles:
        title_letters = _letters(title)
        if not title_letters:
            continue
        if title_letters in letters:
            return True
        if len(slug) >= MAX_LENGTH and title_letters.startswith(_letters(slug)):
            return True
    return False
