"""wagtail-localize's job backend (``WAGTAILLOCALIZE_JOBS``): a page's subtree is translated
by a task (:mod:`translations.jobs`); anything else runs at once, as with wagtail-localize's
own immediate backend.

wagtail-localize instantiates this backend while its own models are being loaded, so this
module imports nothing of wagtail-localize's models or operations at module level.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from wagtail_localize.tasks import BaseJobBackend


class TaskBackend(BaseJobBackend):
    def __init__(self, options=None):
        self.options = options or {}

    def enqueue(self, func: Callable[..., Any], args, kwargs) -> None:
        if getattr(func, "__name__", "") != "translate_page_subtree":
            func(*args, **kwargs)
            return
        page_id, locales, components, user = args
        if components is not None and list(getattr(components, "components", None) or ()):
            # Translation components (none are registered in Kyodo) hold form data a task
            # cannot take: prepare the subtree at once, as wagtail-localize would.
            func(*args, **kwargs)
            return
        # The task module imports wagtail-localize's models, still loading when this module is.
        from .jobs import enqueue_subtree

        enqueue_subtree(page_id, locales, user)
