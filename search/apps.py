from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"

    def ready(self):
        # Saving or deleting a synonym drops the cached table (search.synonyms).
        from . import synonyms  # noqa: F401
