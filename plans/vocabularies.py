"""The fixed vocabularies of Kyodo, shared by models, forms, templates, the APIs and the
plan tables.

Codes are the English identifiers of ``docs/plan-table-format.md``; labels are Japanese source
strings translated through Django's message catalogues. ``ALIASES`` lists the other words a
spreadsheet may use for each code; the label itself is always accepted too.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class PlanKind(models.TextChoices):
    BASIC = "basic", _("基本計画")
    ACTION = "action", _("アクションプラン")
    PROMOTION = "promotion", _("推進計画")
    RESPONSE = "response", _("答申への対応")


class PlanStatus(models.TextChoices):
    PREPARING = "preparing", _("策定中")
    IN_FORCE = "in_force", _("計画期間中")
    ENDED = "ended", _("終了")
    SUPERSEDED = "superseded", _("改定済み")


class Phase(models.TextChoices):
    STUDY = "study", _("検討")
    PREPARE = "prepare", _("準備")
    IMPLEMENT = "implement", _("実施")
    CONTINUE = "continue", _("継続")
    COMPLETE = "complete", _("完了")


class ProgressStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("未着手")
    PLANNING = "planning", pgettext_lazy("progress status", "検討中")
    IN_PROGRESS = "in_progress", _("実施中")
    ON_TRACK = "on_track", _("順調")
    MOSTLY_ON_TRACK = "mostly_on_track", _("概ね順調")
    DELAYED = "delayed", _("遅れ")
    COMPLETED = "completed", pgettext_lazy("progress status", "完了")
    SUSPENDED = "suspended", _("中止")


class Actor(models.TextChoices):
    CITIZEN = "citizen", _("市民が主体")
    CITY = "city", _("市が主体")
    JOINT = "joint", _("市民と市が主体")


class DepartmentRole(models.TextChoices):
    LEAD = "lead", _("主担当")
    PARTNER = "partner", _("関係")


class GuidelineKind(models.TextChoices):
    GUIDELINE = "guideline", _("指針・ガイドライン")
    HANDBOOK = "handbook", _("ハンドブック")
    MANUAL = "manual", _("マニュアル")
    GUIDE = "guide", _("手引き")


class IndicatorDirection(models.TextChoices):
    """Which way an indicator (成果指標) should move; see docs/indicators.md."""

    UP = "up", _("増加が望ましい")
    DOWN = "down", _("減少が望ましい")
    TARGET = "target", _("目標値の達成・維持")


class IndicatorRule(models.TextChoices):
    """How a plan turns an indicator's value into an achievement rate (plans.indicators)."""

    ACHIEVEMENT = "achievement", _("目標値に対する達成率")
    PROGRESS = "progress", _("基準値からの進捗率")
    PATH = "path", _("年度ごとの目標への到達度")


class ItemFlag(models.TextChoices):
    """Marks printed beside an item's title in a plan's tables."""

    NEW = "new", _("新規")
    ENHANCED = "enhanced", _("充実")
    RELISTED = "relisted", _("再掲")
    PICKUP = "pickup", _("ピックアップ")


# The boolean field of an action item that holds each flag, in the order plans print them.
# The importer, the exporter, both APIs and the filters read flags through this map.
ITEM_FLAG_FIELDS: dict[str, str] = {
    ItemFlag.NEW: "is_new",
    ItemFlag.ENHANCED: "is_enhanced",
    ItemFlag.RELISTED: "is_relisted",
    ItemFlag.PICKUP: "is_pickup",
}


def item_flags(item) -> list[str]:
    """The flag codes set on an action item, in the plans' order."""
    return [code for code, field in ITEM_FLAG_FIELDS.items() if getattr(item, field)]


# The status column of an item with no progress row for the fiscal year (報告なし).
NO_REPORT = "none"
# The status column of an item whose progress row for the year has a narrative and no status
# (評価なし): reported, not assessed. Counted apart from 報告なし.
NOT_ASSESSED = "not_assessed"

# The marks plans print in their tables for each actor.
ACTOR_MARKS: dict[str, str] = {Actor.CITIZEN: "★", Actor.CITY: "●", Actor.JOINT: "◎"}

# Which statuses count as "going well" in summaries and charts (order = display order).
STATUS_ORDER: list[str] = [
    ProgressStatus.COMPLETED,
    ProgressStatus.ON_TRACK,
    ProgressStatus.MOSTLY_ON_TRACK,
    ProgressStatus.IN_PROGRESS,
    ProgressStatus.PLANNING,
    ProgressStatus.NOT_STARTED,
    ProgressStatus.DELAYED,
    ProgressStatus.SUSPENDED,
]

# Other words spreadsheets use, beside the Japanese label and the English code.
ALIASES: dict[type[models.TextChoices], dict[str, list[str]]] = {
    Phase: {
        Phase.STUDY: ["検討中", "調査"],
        Phase.PREPARE: ["準備中"],
        Phase.IMPLEMENT: ["実施中", "推進", "随時"],
        Phase.CONTINUE: ["継続実施"],
        Phase.COMPLETE: ["終了"],
    },
    ProgressStatus: {
        ProgressStatus.NOT_STARTED: [],
        ProgressStatus.PLANNING: ["準備中"],
        ProgressStatus.IN_PROGRESS: ["取組中", "推進中"],
        ProgressStatus.ON_TRACK: ["計画どおり"],
        ProgressStatus.MOSTLY_ON_TRACK: ["おおむね順調"],
        ProgressStatus.DELAYED: ["遅延"],
        ProgressStatus.COMPLETED: ["達成", "実施済"],
        ProgressStatus.SUSPENDED: ["休止", "見直し"],
    },
    Actor: {
        Actor.CITIZEN: ["市民", "★"],
        Actor.CITY: ["市", "●"],
        Actor.JOINT: ["市民と市", "協働", "◎"],
    },
    # The 方向 column of the 指標 sheet (docs/plan-table-format.md).
    IndicatorDirection: {
        IndicatorDirection.UP: ["増加", "上昇"],
        IndicatorDirection.DOWN: ["減少", "低下"],
        IndicatorDirection.TARGET: ["維持", "達成"],
    },
}

# The Japanese word of each code as the plan tables write it (labels carry context words
# such as 市民が主体; the tables use the short forms).
TABLE_WORDS: dict[type[models.TextChoices], dict[str, str]] = {
    Actor: {Actor.CITIZEN: "市民", Actor.CITY: "市", Actor.JOINT: "市民と市"},
    IndicatorDirection: {
        IndicatorDirection.UP: "増加",
        IndicatorDirection.DOWN: "減少",
        IndicatorDirection.TARGET: "維持",
    },
}


class AnswerState(models.TextChoices):
    """Where a department's answer to a reporting round (年度照会) stands, for one item."""

    MISSING = "missing", _("未入力")
    DRAFT = "draft", _("入力中")
    SUBMITTED = "submitted", _("提出済")
    RETURNED = "returned", _("差し戻し")
    APPROVED = "approved", _("承認済")
