"""Admin registration of the search's synonyms (「同義語」)."""

from django.utils.translation import gettext_lazy as _

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Synonym


class SynonymViewSet(SnippetViewSet):
    model = Synonym
    icon = "search"
    menu_label = _("同義語")
    menu_order = 310
    add_to_admin_menu = True
    list_display = ["term", "equivalents", "updated_at"]
    search_fields = ["term", "equivalents"]
    # Substring matching: staff look a synonym up by any piece of its words.
    search_backend_name = None
    ordering = ["term"]


register_snippet(SynonymViewSet)
