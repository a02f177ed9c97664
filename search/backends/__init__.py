"""Kyodo's search backends: Wagtail's database backend made to understand Japanese
(:mod:`search.backends.database`), and the settings for Elasticsearch and OpenSearch
(:mod:`search.backends.elasticsearch`)."""
