"""The SQLite half of the search checks, run by ``test_backend_sqlite.py`` in a child
process: the search backend is chosen by the default database's engine when Django starts,
so SQLite needs a process of its own.

With DATABASE_URL naming an on-disk SQLite file, this migrates it, loads the demo and the
pages of the quality set, checks the modelsearch internals the SQLite backend relies on,
runs every case of the quality set, rebuilds the index with ``update_index`` and runs the
done-when queries again; it prints one JSON object with what it found.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
DONE_WHEN = ["協働", "市民参加", "コメント", "ﾊﾟﾌﾞﾘｯｸｺﾒﾝﾄ", "せみなー", "地域活動支援課"]


def main() -> dict:
    sys.path[:0] = [str(ROOT / "site"), str(ROOT)]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "settings.dev")
    import django

    django.setup()

    from django.core.management import call_command

    from wagtail.models import Page
    from wagtail.search.backends import get_search_backend

    from demo.loader import load_demo
    from tests.search.cases import (
        CASES,
        SUGGESTION_CASES,
        add_case_pages,
        check,
        check_suggestion,
        search_titles,
    )
    from tests.search.guards import SQLITE_ATTRIBUTES, SQLITE_METHODS, SQLITE_PROPERTIES, problems

    call_command("migrate", verbosity=0)
    load_demo()
    add_case_pages()
    results = {
        "vendor": django.db.connection.vendor,
        "database": django.db.connection.settings_dict["NAME"],
        "backend": type(get_search_backend()).__name__,
        "guards": problems(SQLITE_METHODS, SQLITE_ATTRIBUTES, SQLITE_PROPERTIES),
        "cases": {case.query: check(case) for case in CASES},
        "suggestions": {query: check_suggestion(query, word) for query, word in SUGGESTION_CASES},
        "done_when": {query: search_titles(query)[:3] for query in DONE_WHEN},
        "autocomplete": {
            query: [page.title for page in get_search_backend().autocomplete(query, Page.objects.live())]
            for query in ("ふぁしり", "協働 フェ")
        },
    }
    call_command("update_index", verbosity=0)
    results["after_rebuild"] = {query: search_titles(query)[:3] for query in DONE_WHEN}
    return results


if __name__ == "__main__":
    print(json.dumps(main(), ensure_ascii=False))
