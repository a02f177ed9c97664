"""Signal receivers: only what keeps stored data consistent with the page tree."""

from wagtail.signals import post_page_move

from .models.pages import sync_subtree_links
from .search_indexing import register_search_handlers


def on_page_moved(sender, instance, **kwargs) -> None:
    sync_subtree_links(instance)


def register_signal_handlers() -> None:
    post_page_move.connect(on_page_moved, dispatch_uid="kyodo_sync_subtree_links")
    register_search_handlers()
