"""New pages in bulk: what ``parent.add_child(instance=page)``, ``page.save_revision()`` and
``revision.publish()`` write, in a few queries for any number of pages.

:class:`BulkPageWriter` is the one way Kyodo writes many new pages at once: the plan-table
import (:mod:`plans.services.import_writer`) and the synthetic plans of ``generate_plans``
(:mod:`plans.synthetic`) both use it. Each page is saved once, at :meth:`~BulkPageWriter.add`,
already live or a draft, at the next tree path under its parent; everything else is written
for all pages together by :meth:`~BulkPageWriter.finish`: their child rows, one revision
each (the latest, and the live one when publishing), the parents' child counts and the
history entries Wagtail writes (「作成」, and 「公開」 when publishing), and ``page_published``
is sent for each published page. ``tests/plans/test_bulk_pages.py`` checks that a page
written this way is what Wagtail's own create-and-publish leaves.

The search index and the reference index are the caller's: add the pages inside
``deferred_search_indexing()`` and ``disable_reference_index_auto_update()`` and index what
was written once it is complete (rows included).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import F
from django.utils import timezone

from modelcluster.models import get_all_child_relations
from wagtail.log_actions import get_active_log_context
from wagtail.models import Page, PageLogEntry, Revision
from wagtail.signals import page_published


@dataclass
class _NewPage:
    page: Page
    rows: dict[str, list]
    created_at: object


class BulkPageWriter:
    """New pages written by ``user``, published when ``publish`` (else drafts).

    Without ``revisions`` the pages get no revision and no 「公開」 entry in their history
    (the fast path of ``generate_plans --no-revisions``)."""

    def __init__(self, *, user=None, publish: bool, revisions: bool = True):
        self.user = user
        self.publish = publish
        self.revisions = revisions
        self.new_pages: list[_NewPage] = []
        self.last_paths: dict[int, str] = {}
        self.child_counts: dict[int, int] = {}
        self.parents: dict[int, Page] = {}
        self.relation_names: dict[type, list[str]] = {}

    def add(self, parent: Page, page: Page) -> Page:
        """A new page under ``parent``, saved once, already live or a draft.

        What ``add_child()``, ``save_revision()`` and ``publish()`` would do, in fewer
        queries: the page takes the next free tree path under its parent and is saved with
        one insert; its child rows (given before this call or until :meth:`finish`), its
        first revision (recorded as latest, and live when publishing), the parent's child
        count and the history entries are written for all new pages at once by
        :meth:`finish`, which also sends ``page_published``.
        """
        now = timezone.now()
        page.live = self.publish
        page.has_unpublished_changes = not self.publish
        page.draft_title = page.title
        if self.publish:
            page.first_published_at = page.last_published_at = now
        page.depth = parent.depth + 1
        page.path = self.next_path(parent)
        page.numchild = 0
        page._cached_parent_obj = parent  # treebeard's cache: set_url_path() needs no query
        if page.locale_id is None:
            page.locale = parent.locale  # what get_default_locale() would read, once per parent
        page._set_core_field_defaults()
        # Every child relation, empty ones too: a new page has no rows in the database. The
        # rows are inserted in bulk by finish(); the history entries are written there too.
        rows = self.take_rows(page, {})
        page.save(clean=False, log_action=None)
        self.new_pages.append(_NewPage(page=page, rows=rows, created_at=now))
        return page

    def take_rows(self, page: Page, rows: dict[str, list]) -> dict[str, list]:
        """The child rows given to ``page`` in memory, added to ``rows`` and taken off the
        page, so that saving it does not write them one by one."""
        related = page.__dict__.get("_cluster_related_objects", {})
        for name in self.child_relations(type(page)):
            rows.setdefault(name, []).extend(related.pop(name, []))
        return rows

    def child_relations(self, model) -> list[str]:
        if model not in self.relation_names:
            self.relation_names[model] = [
                relation.get_accessor_name() for relation in get_all_child_relations(model)
            ]
        return self.relation_names[model]

    def next_path(self, parent: Page) -> str:
        """The tree path of the next child of ``parent``, as ``add_child()`` would give it."""
        last = self.last_paths.get(parent.pk)
        if last is None:
            last = (
                Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
                .order_by("-path")
                .values_list("path", flat=True)
                .first()
            )
        path = (
            Page._get_path(parent.path, parent.depth + 1, 1) if last is None else Page(path=last)._inc_path()
        )
        self.last_paths[parent.pk] = path
        self.child_counts[parent.pk] = self.child_counts.get(parent.pk, 0) + 1
        self.parents[parent.pk] = parent
        return path

    def finish(self) -> None:
        """The writes :meth:`add` left for all new pages together."""
        if not self.new_pages:
            return
        for parent_pk, count in self.child_counts.items():
            Page.objects.filter(pk=parent_pk).update(numchild=F("numchild") + count)
        new_rows: dict[type, list] = {}
        for new in self.new_pages:
            self.take_rows(new.page, new.rows)
            for name, objects in new.rows.items():
                field_name = getattr(type(new.page), name).field.name
                for row in objects:
                    setattr(row, field_name, new.page)
                if objects:
                    new_rows.setdefault(type(objects[0]), []).extend(objects)
        for model, rows in new_rows.items():
            model.objects.bulk_create(rows, batch_size=500)
        for new in self.new_pages:
            # The rows back in memory: the revision holds them, and the reference index
            # reads them without a query.
            new.page.__dict__.setdefault("_cluster_related_objects", {}).update(new.rows)
        if self.revisions:
            self.write_revisions()
        self.write_history()
        if self.publish:
            for new in self.new_pages:
                page_published.send(
                    sender=new.page.specific_class, instance=new.page, revision=new.page.live_revision
                )
        # The parents in memory count their new children too, as add_child() keeps them (after
        # the revisions: a new page's revision holds no children, as in Wagtail).
        for parent_pk, count in self.child_counts.items():
            self.parents[parent_pk].numchild += count
        self.new_pages, self.child_counts, self.parents = [], {}, {}

    def write_revisions(self) -> None:
        revisions = Revision.objects.bulk_create(
            [
                Revision(
                    content_object=new.page,
                    base_content_type=new.page.get_base_content_type(),
                    user=self.user,
                    content=new.page.serializable_data(),
                    object_str=str(new.page),
                    created_at=new.created_at,
                )
                for new in self.new_pages
            ],
            batch_size=500,
        )
        fields = ["latest_revision", "latest_revision_created_at"]
        if self.publish:
            fields.append("live_revision")
        for new, revision in zip(self.new_pages, revisions, strict=True):
            new.page.latest_revision = revision
            new.page.latest_revision_created_at = revision.created_at
            if self.publish:
                new.page.live_revision = revision
        Page.objects.bulk_update([new.page for new in self.new_pages], fields, batch_size=500)

    def write_history(self) -> None:
        """The history entries Wagtail writes: 「作成」 when the page is saved (no revision
        yet) and 「公開」 with the revision published, labelled as the admin shows the page."""
        actions = (
            ["wagtail.create", "wagtail.publish"] if self.publish and self.revisions else ["wagtail.create"]
        )
        context = get_active_log_context()
        user = self.user or context.user
        PageLogEntry.objects.bulk_create(
            [
                PageLogEntry(
                    page=new.page,
                    content_type=ContentType.objects.get_for_model(new.page, for_concrete_model=False),
                    label=new.page.get_admin_display_title(),
                    action=action,
                    timestamp=new.created_at,
                    user=user,
                    uuid=context.uuid,
                    revision=new.page.live_revision if action == "wagtail.publish" else None,
                    content_changed=True,
                )
                for new in self.new_pages
                for action in actions
            ],
            batch_size=500,
        )
