"""Signal receivers: only what keeps stored data consistent with the page tree, and what
forgets answers worked out before a change."""

from django.db.models.signals import post_delete, post_save

from wagtail.signals import page_published, page_unpublished, post_page_move

from . import content_cache, memo
from .models.pages import sync_subtree_links
from .search_indexing import register_search_handlers


def on_page_moved(sender, instance, **kwargs) -> None:
    sync_subtree_links(instance)


def register_signal_handlers() -> None:
    post_page_move.connect(on_page_moved, dispatch_uid="kyodo_sync_subtree_links")
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
