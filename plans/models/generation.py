"""The content generation: one number that changes whenever what the public sees may change
(see :mod:`plans.content_cache`)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ContentGeneration(models.Model):
    """A single row; its value goes up by one when a change to published content, the page
    tree, view restrictions, departments, sites or locales is committed."""

    value = models.PositiveBigIntegerField(_("世代"), default=0)

    class Meta:
        verbose_name = _("公開内容の世代")
        verbose_name_plural = _("公開内容の世代")

    def __str__(self) -> str:
        return str(self.value)
