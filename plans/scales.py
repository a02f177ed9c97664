"""Evaluation scales (評価の段階): the words a plan grades its items' progress with.

Cities grade progress on scales of their own (順調 / 概ね順調 / やや遅れ / 遅れ, A–D, S–C,
◎○△×). A plan may define its levels (``EvaluationLevel`` rows on the plan page), each
counted as one canonical status (``ProgressStatus``) in roll-ups and charts. A plan without
levels uses the default scale: the canonical statuses, with やや遅れ as a level of its own
counted as 遅れ.

A progress row keeps the key of its level (``grade``) next to the canonical status. The
default scale's keys are the status codes and ``slightly_delayed``; a plan's own level is
keyed by its translation key, which every language of the plan shares, so that the
English plan finds its own label for a row graded in Japanese. A row whose grade names no
level of the scale (saved before the plan had one, or its level was removed) reads as the
scale's first level with the row's status, else as the status itself. A row without a
status is 評価なし.

Every door (pages, APIs, exports, the importer, the admin forms) reads labels through a
:class:`Scale`: :func:`scales_for` loads the scales of many plans in one query.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from .vocabularies import NOT_ASSESSED, STATUS_ORDER, ProgressStatus

SLIGHTLY_DELAYED = "slightly_delayed"
NOT_ASSESSED_LABEL = _("評価なし")


@dataclass(frozen=True)
class Level:
    """One level of a scale. Two levels are the same when key and status are."""

    key: str  # what a progress row stores as its grade
    status: str  # the canonical status it counts as
    label: str | Promise = field(default="", compare=False)  # in the plan's language
    description: str | Promise = field(default="", compare=False)
    label_ja: str | Promise = field(default="", compare=False)  # in the source language

    @property
    def status_label(self) -> str:
        return str(ProgressStatus(self.status).label)

    @property
    def japanese(self) -> str:
        with translation.override(settings.LANGUAGE_CODE):
            return str(self.label_ja or self.label)


def label_key(text: str) -> str:
    """A label as labels are compared: NFKC, without white space, case-folded (「Ａ」 is 「a」)."""
    return "".join(unicodedata.normalize("NFKC", text).split()).casefold()


def _default_levels() -> tuple[Level, ...]:
    levels = []
    for status in ProgressStatus:
        if status == ProgressStatus.DELAYED:
            levels.append(Level(SLIGHTLY_DELAYED, status, _("やや遅れ"), label_ja=_("やや遅れ")))
        levels.append(Level(status.value, status.value, status.label, label_ja=status.label))
    return tuple(levels)


class Scale:
    """The levels of one plan (its own, or the default scale) and how rows read with them."""

    def __init__(self, levels: Iterable[Level], *, own: bool):
        self.levels = list(levels)
        self.own = own
        self._by_key = {level.key: level for level in self.levels}
        self._by_status: dict[str, Level] = {}
        for level in self.levels:
            self._by_status.setdefault(level.status, level)

    def __repr__(self) -> str:
        return f"Scale({[str(level.label) for level in self.levels]!r}, own={self.own})"

    def level(self, key: str) -> Level | None:
        return self._by_key.get(key)

    def level_of(self, status: str | None, grade: str | None = "") -> Level | None:
        """The level a row with ``status`` and ``grade`` reads as: the level it was graded
        with, else the scale's level for its status; None without a status, or when no level
        counts as the status. (A level whose status was changed after a row was graded still
        names the row; the row's own status is what roll-ups count.)"""
        if not status:
            return None
        return self._by_key.get(grade or "") or self._by_key.get(status) or self._by_status.get(status)

    def key_of(self, status: str | None, grade: str | None = "") -> str:
        """The grade a row reads as (the key of its level), blank without one."""
        level = self.level_of(status, grade)
        return level.key if level is not None else ""

    def label(self, status: str | None, grade: str | None = "") -> str:
        """What the site shows for a progress row: the level's label, the status's own label
        when no level counts as it, and 評価なし for a row without a status."""
        if not status:
            return str(NOT_ASSESSED_LABEL)
        level = self.level_of(status, grade)
        if level is not None:
            return str(level.label)
        return str(ProgressStatus(status).label) if status in ProgressStatus.values else status

    def label_ja(self, status: str | None, grade: str | None = "") -> str:
        """:meth:`label` in the source language (the Japanese plan's labels)."""
        level = self.level_of(status, grade)
        if level is not None:
            return level.japanese
        with translation.override(settings.LANGUAGE_CODE):
            return self.label(status, grade)

    def description(self, status: str | None, grade: str | None = "") -> str:
        level = self.level_of(status, grade)
        return str(level.description) if level is not None else ""

    def find(self, text: str) -> Level | None:
        """The level whose label is ``text`` (compared as :func:`label_key` does)."""
        wanted = label_key(text)
        return next((level for level in self.levels if label_key(str(level.label)) == wanted), None)

    def words(self) -> list[str]:
        """The labels of the levels, as a message lists them."""
        return [str(level.label) for level in self.levels]

    def choices(self) -> list[tuple[str, str]]:
        """(grade, label) of every level, for a form's select."""
        return [(level.key, str(level.label)) for level in self.levels]

    def statuses(self) -> list[str]:
        """The canonical statuses this scale's levels count as, in the order of the roll-up."""
        used = {level.status for level in self.levels}
        return [status for status in STATUS_ORDER if status in used]

    def bucket_label(self, status: str, *, japanese: bool = False) -> str:
        """The name of a roll-up's column for ``status``: the labels of the plan's own levels
        that count as it (「A」, 「S・A」), else the status's own label."""
        if self.own and status != NOT_ASSESSED:
            labels = [
                level.japanese if japanese else str(level.label)
                for level in self.levels
                if level.status == status
            ]
            if labels:
                if japanese:
                    return "・".join(labels)
                return pgettext("levels counted together", "・").join(labels)
        label = NOT_ASSESSED_LABEL if status == NOT_ASSESSED else ProgressStatus(status).label
        if japanese:
            with translation.override(settings.LANGUAGE_CODE):
                return str(label)
        return str(label)


DEFAULT_SCALE = Scale(_default_levels(), own=False)


def scales_for(plans: Iterable) -> dict[int, Scale]:
    """The scale of each plan (by primary key), in one query.

    A plan in another language than the source whose translation has no levels yet uses
    the source plan's levels (their Japanese labels) rather than the default scale, so that
    its rows keep the meaning of the levels they were graded with."""
    # The scales read the plan pages' rows: a module-level import would be circular.
    from .models import EvaluationLevel

    plans = {plan.pk: plan for plan in plans if plan is not None}
    if not plans:
        return {}
    rows = (
        EvaluationLevel.objects.filter(
            page__translation_key__in={plan.translation_key for plan in plans.values()}
        )
        .order_by("sort_order", "pk")
        .values_list(
            "page_id",
            "page__translation_key",
            "page__locale__language_code",
            "translation_key",
            "label",
            "status",
            "description",
        )
    )
    by_page: dict[int, list[tuple]] = {}
    source: dict[object, dict[str, str]] = {}  # plan key → level key → Japanese label
    source_pages: dict[object, int] = {}
    for page_id, plan_key, language, key, label, status, description in rows:
        by_page.setdefault(page_id, []).append((str(key), status, label, description))
        if language == settings.LANGUAGE_CODE:
            source.setdefault(plan_key, {})[str(key)] = label
            source_pages[plan_key] = page_id
    scales = {}
    for pk, plan in plans.items():
        own = by_page.get(pk) or by_page.get(source_pages.get(plan.translation_key), [])
        japanese = source.get(plan.translation_key, {})
        if own:
            levels = [
                Level(key, status, label, description, japanese.get(key, label))
                for key, status, label, description in own
            ]
            scales[pk] = Scale(levels, own=True)
        else:
            scales[pk] = DEFAULT_SCALE
    return scales


def scale_of(plan) -> Scale:
    """The scale of one plan (the default scale for no plan)."""
    if plan is None:
        return DEFAULT_SCALE
    return scales_for([plan])[plan.pk]
