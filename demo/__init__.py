"""A realistic demo municipality (the fictional 青葉市) for development, review and tests.

``demo.loader.load_demo()`` builds it, and brings an earlier load up to date without
duplicates; ``python manage.py load_demo`` runs it.
"""
