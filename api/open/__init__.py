"""The typed, read-only open-data API (django-ninja) at /api/open/."""
