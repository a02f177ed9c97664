"""The reading dictionary in the admin: 「よみがな辞書」, searchable by word, reading or note."""

from django.utils.translation import gettext_lazy as _

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import ReadingEntry


class ReadingEntryViewSet(SnippetViewSet):
    model = ReadingEntry
    icon = "pilcrow"
    menu_label = _("よみがな辞書")
    menu_name = "reading-dictionary"
    menu_order = 310
    add_to_admin_menu = True
    list_display = ["surface", "reading", "note"]
    list_export = ["surface", "reading", "note"]
    export_filename = "reading-dictionary"
    search_fields = ["surface", "reading", "note"]
    # Substring matching: staff look up a piece of a name or a reading in hiragana.
    search_backend_name = None
    ordering = ["reading", "surface"]


register_snippet(ReadingEntryViewSet)
