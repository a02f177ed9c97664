"""Translators read the source pages in the page explorer, and change nothing there.

Wagtail shows a user only the pages they hold a page permission on (add, change, publish,
lock, unlock, bulk delete) and the ancestors of those pages, and sends them back to the
top of that part of the tree when they open anything else. A translators' group holds its
permissions on its own language's tree, so its members never saw the Japanese pages they
are to translate, nor the "Translate this page" button on them.

The smallest change that lets them in is to what Wagtail calls *explorable*: this policy
is Wagtail's page permission policy, plus the source-language pages for users who may send
pages for translation (:func:`translations.access.reads_source_pages`). It grants no
permission: every page action (edit, publish, delete, move, add, history, preview) asks
Wagtail's ``PagePermissionTester``, which reads the group page permissions only, so the
Japanese pages stay as out of reach as before; a translator reads them on
``translations.views.PageReadView``. A hook such as ``construct_explorer_page_queryset``
could only narrow the explorer's list, never widen it, and a "view" page permission on the
Japanese tree would be dropped by the group editor (it offers Wagtail's six permissions
only) the next time an administrator saved the group.
"""

from __future__ import annotations

from wagtail.models import Page, PagePermissionTester
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail.permissions import register_permission_policy

from .access import reads_source_pages, source_pages


class SourceReadingPagePermissionPolicy(PagePermissionPolicy):
    # Not Wagtail's attribute: wagtail-localize asks a plain PagePermissionPolicy for the
    # editor's breadcrumb, and the two answers must not overwrite each other on the user.
    _explorable_root_instance_cache_name = "_kyodo_explorable_root_page_cache"

    def _reads_source(self, user) -> bool:
        return user.is_active and not user.is_superuser and reads_source_pages(user)

    def instances_with_direct_explore_permission(self, user):
        pages = super().instances_with_direct_explore_permission(user)
        if not self._reads_source(user):
            return pages
        return [*pages, *source_pages().filter(depth=2)]

    def explorable_instances(self, user):
        pages = super().explorable_instances(user)
        if not self._reads_source(user):
            return pages
        return pages | source_pages()


def register_page_policy() -> None:
    register_permission_policy(Page, SourceReadingPagePermissionPolicy())


def can_view_revisions(self) -> bool:
    """Wagtail's history and revision views ask for edit or publish permission, but
    ``PagePermissionTester.can_view_revisions`` says yes to any page but the root, and it
    decides whether the explorer's header, its menus and the status panel link to them. Until
    now a user saw only pages they could edit; a translator reading a Japanese page would be
    offered a history that refuses them. Remove when Wagtail's tester asks what its views ask
    (tests/translations/test_translator_admin.py)."""
    return not self.page_is_root and (self.can_edit() or self.can_publish())


def align_revisions_with_history_view() -> None:
    PagePermissionTester.can_view_revisions = can_view_revisions
