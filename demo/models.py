"""What the demo loader made: one record per object it created (or found in place and took
over) for an entry of the demo's specs.

The loader finds its objects again through these records rather than by slug or name, so
that it follows an object a person renamed or moved, and knows that one which is gone was
deleted: it does not make it again. See docs/demo.md.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class DemoObject(models.Model):
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    # Where the specs put it: a page's path of slugs (/home/plans/…/), a department's name,
    # "default" for the site and its settings, "translators" for a translators' group.
    key = models.CharField(_("デモでの位置"), max_length=255)
    # The language of the object ("ja" for the Japanese content, "en" for its English
    # translation …); empty for objects without one (site, settings).
    language = models.CharField(_("言語"), max_length=20, blank=True)
    object_id = models.CharField(_("ID"), max_length=255)
    created_at = models.DateTimeField(_("記録日時"), auto_now_add=True)

    class Meta:
        verbose_name = _("デモが作ったデータ")
        verbose_name_plural = _("デモが作ったデータ")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "key", "language"], name="demo_object_unique_key"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.content_type.model} {self.key} ({self.language or '-'})"
