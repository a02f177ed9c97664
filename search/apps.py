from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"

    def ready(self):
        # Saving or deleting a synonym drops the cached table (search.synonyms); publishing
        # a page or saving a glossary term drops the table of readings (search.readings).
        from . import readings, synonyms  # noqa: F401
