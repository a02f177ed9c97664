"""A realistic demo municipality (the fictional 青葉市) for development, review and tests.

``load_demo()`` builds it, and brings an earlier load up to date without duplicates.
"""

from .loader import DemoError, DemoSummary, load_demo

__all__ = ["DemoError", "DemoSummary", "load_demo"]
