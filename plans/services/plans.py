"""Creating a plan: the one way the importer, the demo and any other door make a PlanPage."""

from __future__ import annotations

from wagtail.models import Locale, Site

from ..models import PlanIndexPage, PlanPage
from ..slugs import child_slug
from ..vocabularies import PlanKind, PlanStatus

# Words in a plan's title that say what kind of plan it is, checked in this order; a title
# with none of them is a promotion plan (推進計画), the commonest kind.
KIND_WORDS: tuple[tuple[str, PlanKind], ...] = (
    ("アクションプラン", PlanKind.ACTION),
    ("答申", PlanKind.RESPONSE),
    ("対応", PlanKind.RESPONSE),
    ("基本計画", PlanKind.BASIC),
)


def plan_kind_for_title(title: str) -> PlanKind:
    return next((kind for word, kind in KIND_WORDS if word in title), PlanKind.PROMOTION)


def default_plan_index(locale: Locale) -> PlanIndexPage | None:
    """The plan index (計画一覧) of ``locale`` on the default site, else the first anywhere."""
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    indexes = PlanIndexPage.objects.filter(locale=locale)
    if site is not None:
        indexes = indexes.descendant_of(site.root_page, inclusive=True)
    return indexes.order_by("path").first()


def create_plan(
    *,
    index: PlanIndexPage,
    title: str,
    period_start: int,
    period_end: int,
    kind: str | None = None,
    status: str = PlanStatus.IN_FORCE,
    slug: str | None = None,
    user=None,
    publish: bool = False,
    **fields,
) -> PlanPage:
    """A new plan under ``index`` in the index's language, saved as a revision by ``user``:
    published when ``publish``, else a draft for review. ``kind`` defaults to what the
    title says (:func:`plan_kind_for_title`); ``fields`` are any other fields of the plan."""
    plan = PlanPage(
        title=title,
        slug=slug or child_slug(index, title, "plan"),
        kind=kind or plan_kind_for_title(title),
        status=status,
        period_start=period_start,
        period_end=period_end,
        locale_id=index.locale_id,
        live=False,
        has_unpublished_changes=True,
        owner=user if user is not None and user.is_authenticated else None,
        **fields,
    )
    index.add_child(instance=plan)
    revision = plan.save_revision(user=user, log_action=True)
    if publish:
        revision.publish(user=user, log_action=True)
        plan.refresh_from_db()
    return plan
