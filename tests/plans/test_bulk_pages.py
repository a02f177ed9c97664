"""The bulk page writer leaves what Wagtail's own create-and-publish leaves.

The same page is written twice on the same tree, each time in a savepoint that is rolled
back afterwards: once as Wagtail's editor does it (``parent.add_child(instance=page)``, then
``page.save_revision()`` and ``publish()``), once by :class:`BulkPageWriter`. What anyone can
observe afterwards (the tree, the page's state, its revision, its history, its child rows,
the ``page_published`` signal) must be the same; only primary keys, random translation keys
and times may differ.
"""

from __future__ import annotations

import json

from django.db import transaction

from wagtail.log_actions import LogContext
from wagtail.models import Page, PageLogEntry, Revision
from wagtail.signals import page_published

import pytest

from plans.models import (
    ActionItemDepartment,
    ActionItemPage,
    MeasurePage,
    ProgressRow,
    Relisting,
    ScheduleRow,
)
from plans.services.bulk_pages import BulkPageWriter
from plans.vocabularies import Actor, DepartmentRole, Phase, ProgressStatus

pytestmark = pytest.mark.django_db

# What a revision records about the page as a whole rather than its content: Wagtail keeps
# these from the page when it reads a revision back (``with_content_json``), and what they
# hold depends on the order in which the page was saved, revised and published.
PAGE_STATE = {
    "pk",
    "live",
    "has_unpublished_changes",
    "first_published_at",
    "last_published_at",
    "live_revision",
    "latest_revision",
    "latest_revision_created_at",
    "draft_title",
    "translation_key",
}
CHILD_RELATIONS = ("departments", "schedule", "progress", "relistings")


def new_item(parent: MeasurePage, relist_under: MeasurePage, departments) -> ActionItemPage:
    item = ActionItemPage(
        title="市民討議会の試行",
        slug="item-1-9",
        number="1-9",
        external_id="BULK-1",
        group="■ 審議会等への市民参加",
        description=[("paragraph", "<p>無作為に選ばれた市民が市政の課題を話し合います。</p>")],
        actor=Actor.JOINT,
        is_new=True,
        locale_id=parent.locale_id,
    )
    item.departments = [
        ActionItemDepartment(
            department=departments.kyodo, role=DepartmentRole.LEAD, sort_order=0, locale_id=parent.locale_id
        ),
        ActionItemDepartment(
            department=departments.koho, role=DepartmentRole.PARTNER, sort_order=1, locale_id=parent.locale_id
        ),
    ]
    item.schedule = [
        ScheduleRow(fiscal_year=2024, phase=Phase.STUDY, onwards=False, sort_order=0),
        ScheduleRow(fiscal_year=2025, phase=Phase.IMPLEMENT, onwards=True, sort_order=1),
    ]
    item.progress = [
        ProgressRow(
            fiscal_year=2024,
            status=ProgressStatus.ON_TRACK,
            narrative="2回試行しました。",
            sort_order=0,
            locale_id=parent.locale_id,
        )
    ]
    item.relistings = [Relisting(measure=relist_under, sort_order=0)]
    return item


def by_wagtail(parent: Page, page: Page, *, user, publish: bool) -> None:
    if not publish:
        page.live = False  # a draft, as the page editor's 「下書き保存」 saves it
    parent.add_child(instance=page)
    revision = page.save_revision(user=user)
    if publish:
        revision.publish(user=user)


def by_bulk_writer(parent: Page, page: Page, *, user, publish: bool) -> None:
    writer = BulkPageWriter(user=user, publish=publish)
    writer.add(parent, page)
    writer.finish()


def content(revision: Revision, page: Page) -> dict:
    """The revision's content without primary keys and random translation keys and block
    IDs (checked against the page and its rows instead) and without the page's state."""
    data = dict(revision.content)
    assert data["pk"] == page.pk
    assert data["translation_key"] == str(page.translation_key)
    blocks = json.loads(data["description"])
    assert [block.pop("id") for block in blocks] == [block.id for block in page.description]
    data["description"] = blocks
    for name in CHILD_RELATIONS:
        stored = {str(row.pk): row for row in getattr(page, name).all()}
        rows = []
        for row in data[name]:
            row = dict(row)
            assert row.pop("item") == page.pk
            stored_row = stored.pop(str(row.pop("pk")))
            if "translation_key" in row:
                assert row.pop("translation_key") == str(stored_row.translation_key)
            rows.append(row)
        assert stored == {}, f"rows of {name} that the revision does not hold"
        data[name] = rows
    return {key: value for key, value in data.items() if key not in PAGE_STATE}


def observe(page_pk: int, parent_pk: int, signals: list) -> dict:
    """What anyone can see of a new page once it is written."""
    page = Page.objects.get(pk=page_pk).specific
    parent = Page.objects.get(pk=parent_pk)
    [revision] = Revision.page_revisions.filter(object_id=str(page_pk))
    history = list(PageLogEntry.objects.filter(page_id=page_pk).order_by("action"))
    return {
        "tree": (page.path, page.depth, page.numchild, page.url_path, page.slug),
        "parent": (parent.numchild, parent.has_unpublished_changes, parent.latest_revision_id),
        "tree problems": Page.find_problems(),
        "page": {
            "title": page.title,
            "draft_title": page.draft_title,
            "live": page.live,
            "has_unpublished_changes": page.has_unpublished_changes,
            "expired": page.expired,
            "locked": page.locked,
            "owner": page.owner_id,
            "locale": page.locale_id,
            "content_type": page.content_type_id,
            "plan": page.plan_id,
            "measure": page.measure_id,
            "first_published_at is set": page.first_published_at is not None,
            "last_published_at is set": page.last_published_at is not None,
            "published once": page.first_published_at == page.last_published_at,
            "published after the revision": page.first_published_at is None
            or page.first_published_at >= revision.created_at,
            "latest revision": page.latest_revision_id == revision.pk,
            "latest revision time": page.latest_revision_created_at == revision.created_at,
            "live revision": page.live_revision_id == revision.pk if page.live else page.live_revision_id,
        },
        "rows": {
            "departments": list(page.departments.values_list("department", "role", "sort_order", "locale")),
            "schedule": list(page.schedule.values_list("fiscal_year", "phase", "onwards", "sort_order")),
            "progress": list(
                page.progress.values_list(
                    "fiscal_year", "status", "percent", "narrative", "sort_order", "locale"
                )
            ),
            "relistings": list(page.relistings.values_list("measure", "sort_order")),
        },
        "revision": {
            "user": revision.user_id,
            "object_str": revision.object_str,
            "content_type": revision.content_type_id,
            "base_content_type": revision.base_content_type_id,
            "approved_go_live_at": revision.approved_go_live_at,
            "content": content(revision, page),
            "read back": revision.as_object().title,
            "read back rows": [row.department_id for row in revision.as_object().departments.all()],
        },
        "history": [
            {
                "action": entry.action,
                "label": entry.label,
                "user": entry.user_id,
                "content_type": entry.content_type_id,
                "revision": "latest" if entry.revision_id == revision.pk else entry.revision_id,
                "content_changed": entry.content_changed,
                "deleted": entry.deleted,
                "data": entry.data,
                "uuid is set": entry.uuid is not None,
            }
            for entry in history
        ],
        "one action (uuid)": len({entry.uuid for entry in history}) == 1,
        "history in order": [entry.action for entry in sorted(history, key=lambda entry: entry.timestamp)],
        "page_published": [
            (sender, instance_pk == page_pk, revision_pk == revision.pk)
            for sender, instance_pk, revision_pk in signals
        ],
    }


def written_by(write, parent_pk: int, relist_pk: int, departments, *, user, publish: bool) -> dict:
    """``write`` the new item under the measure ``parent_pk``, observe it, and roll back."""
    signals = []

    def receiver(sender, instance, revision=None, **kwargs):
        signals.append((sender, instance.pk, revision.pk if revision is not None else None))

    page_published.connect(receiver, dispatch_uid="test_bulk_pages")
    try:
        with transaction.atomic():
            parent = MeasurePage.objects.get(pk=parent_pk)
            page = new_item(parent, MeasurePage.objects.get(pk=relist_pk), departments)
            with LogContext(user=user):
                write(parent, page, user=user, publish=publish)
            observed = observe(page.pk, parent_pk, signals)
            transaction.set_rollback(True)
    finally:
        page_published.disconnect(dispatch_uid="test_bulk_pages")
    return observed


@pytest.mark.parametrize("publish", [True, False], ids=["published", "draft"])
@pytest.mark.parametrize("with_user", [True, False], ids=["by a user", "by nobody"])
def test_a_page_written_in_bulk_is_what_wagtail_writes(
    sample_plan, departments, admin_user, publish, with_user
):
    user = admin_user if with_user else None
    parent, relist = sample_plan.participation, sample_plan.proposals
    arguments = (parent.pk, relist.pk, departments)

    wagtail = written_by(by_wagtail, *arguments, user=user, publish=publish)
    bulk = written_by(by_bulk_writer, *arguments, user=user, publish=publish)

    assert bulk == wagtail
    # What is compared is what it should be.
    assert wagtail["page"]["live"] is publish
    assert [entry["action"] for entry in wagtail["history"]] == (
        ["wagtail.create", "wagtail.publish"] if publish else ["wagtail.create"]
    )
    assert len(wagtail["page_published"]) == (1 if publish else 0)
    assert wagtail["tree problems"] == ([], [], [], [], [])
    assert wagtail["rows"]["departments"][0][:2] == (departments.kyodo.pk, DepartmentRole.LEAD)


def test_pages_under_a_new_parent_take_the_first_paths_and_count_as_its_children(sample_plan):
    plan = sample_plan.plan
    writer = BulkPageWriter(publish=True)
    measure = writer.add(plan, MeasurePage(title="協働の担い手づくり", slug="measure-9", number="9"))
    items = [
        writer.add(measure, ActionItemPage(title=f"協働コーディネーターの養成（{n}）", slug=f"item-9-{n}"))
        for n in (1, 2)
    ]
    writer.finish()

    assert Page.find_problems() == ([], [], [], [], [])
    measure = MeasurePage.objects.get(pk=measure.pk)
    assert measure.numchild == 2 and measure.plan_id == plan.pk
    assert [item.path for item in items] == [
        Page._get_path(measure.path, measure.depth + 1, n) for n in (1, 2)
    ]
    for item in items:
        item = ActionItemPage.objects.get(pk=item.pk)
        assert (item.plan_id, item.measure_id) == (plan.pk, measure.pk)
        assert item.url_path == f"{measure.url_path}{item.slug}/"
    # A page an editor adds afterwards takes the next place.
    added = measure.add_child(instance=ActionItemPage(title="協働コーディネーターの派遣", slug="item-9-3"))
    assert added.path > items[-1].path
    assert Page.find_problems() == ([], [], [], [], [])
