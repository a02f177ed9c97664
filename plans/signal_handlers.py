"""Signal receivers: only what keeps stored data consistent with the page tree, what
forgets answers worked out before a change, and the indicator values that an approved answer
of a reporting round carries (an approval made in Wagtail's own moderation screens counts as
one made in the round's screen)."""

from django.db.models.signals import post_delete, post_save

from wagtail.signals import page_published, page_unpublished, post_page_move, workflow_approved

from . import content_cache, memo
from .models.pages import ActionItemPage, sync_subtree_links
from .search_indexing import register_search_handlers
from .services.rounds import publish_after_approval


def on_page_moved(sender, instance, **kwargs) -> None:
    sync_subtree_links(instance)


def on_workflow_approved(sender, instance, user=None, **kwargs) -> None:
    """An item's answer approved: publish the indicator values it carries."""
    page = instance.content_object
    if getattr(page, "specific_class", None) is ActionItemPage:
        publish_after_approval(page.specific, user=user)


def register_signal_handlers() -> None:
    post_page_move.connect(on_page_moved, dispatch_uid="kyodo_sync_subtree_links")
    workflow_approved.connect(on_workflow_approved, dispatch_uid="kyodo_publish_indicator_answers")
    register_search_handlers()
    content_cache.register_signal_handlers()
    # Anything written while a reading request is served empties that request's memo.
    for name, signal in (
        ("saved", post_save),
        ("deleted", post_delete),
        ("published", page_published),
        ("unpublished", page_unpublished),
        ("moved", post_page_move),
    ):
        signal.connect(memo.forget, dispatch_uid=f"kyodo_forget_memo_{name}")
