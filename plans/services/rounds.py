"""Writes of the yearly reporting round (年度照会): open, submit an answer (the item's progress
and the values of the indicators it answers for), review it, remind, close (publishing and
freezing the year's report) and correct a closed report.

An indicator's value is saved as a new revision of the indicator, built on its latest one
with only the round year's value and note changed: the live indicator, and so the public
site, the reports and the APIs, stay as they were until the item's answer is approved.
Approving the answer publishes the indicators it answers for whose draft differs from the
published value for the year (:func:`publish_answered_values`); returning it leaves the
drafts where they are, for the department to correct and submit again. Which item answers
for an indicator, and who may change its value, is :mod:`plans.round_indicators`.

Department staff hold no permission on indicators: these functions are their only way in,
and they check on every call that the user may change each value, that the year is the year
of an open round of the item's plan and that nothing but that year's value and note changes.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mass_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from wagtail.models import Revision, WorkflowState

from ..fiscal_years import fiscal_year_ja
from ..indicator_figures import freeze_indicators
from ..models import (
    ActionItemPage,
    Department,
    FrozenProgress,
    FrozenProgressRow,
    Indicator,
    IndicatorValue,
    PlanPage,
    ProgressReportPage,
    ProgressRow,
    ReportingRound,
    RoundReminder,
)
from ..reporting import UNANSWERED, round_overview
from ..round_indicators import answers_for_user, indicator_answers
from ..slugs import child_slug
from .progress import record_progress

# Indicator pk → (value, note) for the round's year; a blank value is 「not measured yet」.
Values = dict[int, tuple[Decimal | None, str]]


class RoundError(Exception):
    """Something the round cannot do; the message is for the user, in their language."""


def open_round(
    plan: PlanPage, *, fiscal_year: int, due_date: datetime.date, message: str, user
) -> ReportingRound:
    if ReportingRound.objects.filter(plan=plan, fiscal_year=fiscal_year).exists():
        raise RoundError(_("この計画のこの年度の照会はすでにあります。"))
    reporting_round = ReportingRound(
        plan=plan, fiscal_year=fiscal_year, due_date=due_date, message=message.strip(), opened_by=user
    )
    reporting_round.full_clean()
    reporting_round.save()
    return reporting_round


@transaction.atomic
def submit_progress(
    item: ActionItemPage,
    *,
    fiscal_year: int,
    status: str,
    percent: int | None,
    narrative: str,
    user,
    grade: str = "",
    indicator_values: Values | None = None,
) -> Revision:
    """Save the answer as the item's next revision, with ``indicator_values`` as drafts of
    their indicators, and send it for review: start the item's workflow, or resume it when
    the reviewer had asked for changes. Nothing is saved when a value is refused."""
    workflow = item.get_workflow()
    if workflow is None:
        raise RoundError(
            _("この事業には確認のワークフローが設定されていません。広報担当に連絡してください。")
        )
    state = item.current_workflow_state  # in progress or needing changes
    if state is not None and state.status == WorkflowState.STATUS_IN_PROGRESS:
        raise RoundError(_("この事業の進捗状況は提出済みで、広報担当が確認しています。"))
    revision = record_progress(
        item,
        fiscal_year=fiscal_year,
        status=status,
        grade=grade,
        percent=percent,
        narrative=narrative,
        user=user,
    )
    record_indicator_values(item, fiscal_year=fiscal_year, values=indicator_values or {}, user=user)
    item = ActionItemPage.objects.get(pk=item.pk)
    if state is not None:
        state.resume(user=user)
    else:
        workflow.start(item, user)
    return revision


@transaction.atomic
def review_answer(item: ActionItemPage, *, user, approve: bool, comment: str = "") -> None:
    """Approve the submitted answer (which publishes the item) or return it with a comment."""
    state = item.current_workflow_state  # in progress or needing changes
    if state is None or state.status != WorkflowState.STATUS_IN_PROGRESS or state.current_task_state is None:
        raise RoundError(_("この事業には確認待ちの提出がありません。"))
    task_state = state.current_task_state
    task = task_state.task.specific
    actions = {name for name, _label, _needs_form in task.get_actions(item, user)}
    action = "approve" if approve else "reject"
    if action not in actions:
        raise RoundError(_("この提出を確認する権限がありません。"))
    if not approve and not comment.strip():
        raise RoundError(_("差し戻す理由を入力してください。担当課に届きます。"))
    task.on_action(task_state.specific, user, action, comment=comment.strip())


def send_reminders(
    reporting_round: ReportingRound, *, user, departments: list[Department] | None = None
) -> int:
    """E-mail the members of each department that has unanswered items (of ``departments``,
    or all); returns the number of e-mails sent."""
    if not reporting_round.is_open:
        raise RoundError(_("締め切った照会の督促はできません。"))
    overview = round_overview(reporting_round)
    messages, sent = [], 0
    for row in overview.departments:
        if departments is not None and row.department not in departments:
            continue
        pending = [item for item in row.items if overview.answers[item.pk].state in UNANSWERED]
        if not pending:
            continue
        members = [member for member in row.department.members.filter(is_active=True) if member.email]
        with override(settings.LANGUAGE_CODE):
            subject = _("【督促】%(plan)s %(year)sの進捗状況の提出") % {
                "plan": reporting_round.plan.title,
                "year": fiscal_year_ja(reporting_round.fiscal_year),
            }
            lines = [
                _("%(department)s 御中") % {"department": row.department.name},
                "",
                _(
                    "次の事業の進捗状況が、まだ提出されていません。%(due)sまでに「担当の事業」から提出してください。"
                )
                % {"due": f"{reporting_round.due_date:%Y-%m-%d}"},
                "",
                *[f"・{item.number} {item.draft_title or item.title}" for item in pending],
            ]
            if reporting_round.message:
                lines += ["", reporting_round.message]
        body = "\n".join(lines)
        messages.extend((subject, body, settings.DEFAULT_FROM_EMAIL, [member.email]) for member in members)
        RoundReminder.objects.create(
            round=reporting_round,
            department=row.department,
            sent_by=user,
            recipients=len(members),
            items=len(pending),
        )
        sent += len(members)
    if messages:
        send_mass_mail(messages, fail_silently=False)
    return sent


def freeze_figures(plan: PlanPage, fiscal_year: int, *, user, note: str = "") -> FrozenProgress:
    """Store the published figures of ``plan`` for ``fiscal_year`` as a new version: the
    items' progress and the indicators' numbers, values and grading."""
    items = list(ActionItemPage.objects.live().filter(plan=plan).only("pk", "translation_key"))
    rows = {
        (row.item_id, row.fiscal_year): row
        for row in ProgressRow.objects.filter(item__in=items, fiscal_year__in=[fiscal_year, fiscal_year - 1])
    }
    narratives: dict = {}
    for key, locale_id, narrative in ProgressRow.objects.filter(
        item__translation_key__in=[item.translation_key for item in items],
        item__live=True,
        fiscal_year=fiscal_year,
    ).values_list("item__translation_key", "item__locale_id", "narrative"):
        narratives.setdefault(key, {})[str(locale_id)] = narrative
    latest = FrozenProgress.objects.filter(plan_key=plan.translation_key, fiscal_year=fiscal_year).first()
    frozen = FrozenProgress.objects.create(
        plan_key=plan.translation_key,
        fiscal_year=fiscal_year,
        version=(latest.version + 1) if latest else 1,
        frozen_at=timezone.now(),
        frozen_by=user,
        note=note.strip(),
        indicators=freeze_indicators(plan, fiscal_year),
    )
    FrozenProgressRow.objects.bulk_create(
        _frozen_row(
            frozen, item, rows.get((item.pk, fiscal_year)), rows.get((item.pk, fiscal_year - 1)), narratives
        )
        for item in items
    )
    return frozen


def _frozen_row(
    frozen, item, row: ProgressRow | None, previous: ProgressRow | None, narratives
) -> FrozenProgressRow:
    """An item's figures as published: no row is 報告なし; a row without a status, 評価なし."""
    return FrozenProgressRow(
        frozen=frozen,
        item_key=item.translation_key,
        reported=row is not None,
        status=row.status if row else "",
        grade=row.grade if row else "",
        percent=row.percent if row else None,
        previous_status=previous.status if previous else "",
        previous_grade=previous.grade if previous else "",
        narratives=narratives.get(item.translation_key, {}),
    )


def _publish_report(plan: PlanPage, fiscal_year: int, user) -> ProgressReportPage:
    report = ProgressReportPage.objects.filter(plan=plan, fiscal_year=fiscal_year).first()
    if report is None:
        report = ProgressReportPage(
            title=_("%(year)s 進捗報告") % {"year": fiscal_year_ja(fiscal_year)},
            slug=child_slug(plan, f"report-{fiscal_year}", f"report-{fiscal_year}"),
            fiscal_year=fiscal_year,
            plan=plan,
            live=False,
        )
        plan.add_child(instance=report)
        revision = report.save_revision(user=user, log_action=True)
    else:
        revision = report.get_latest_revision() or report.save_revision(user=user, log_action=True)
    revision.publish(user=user, log_action=True)
    return ProgressReportPage.objects.get(pk=report.pk)


@transaction.atomic
def close_round(reporting_round: ReportingRound, *, user) -> ProgressReportPage:
    """Close the round: freeze the year's published figures and publish the year's report
    (created if the plan has none). Answers not approved by now are left out of the figures
    as they stand in the published items."""
    if not reporting_round.is_open:
        raise RoundError(_("この照会はすでに締め切られています。"))
    plan = reporting_round.plan
    freeze_figures(plan, reporting_round.fiscal_year, user=user)
    report = _publish_report(plan, reporting_round.fiscal_year, user)
    reporting_round.status = ReportingRound.Status.CLOSED
    reporting_round.closed_at = timezone.now()
    reporting_round.closed_by = user
    reporting_round.save(update_fields=["status", "closed_at", "closed_by"])
    return report


@transaction.atomic
def correct_figures(reporting_round: ReportingRound, *, user, note: str) -> FrozenProgress:
    """A corrected version of a closed round's figures, from the items as published now."""
    if reporting_round.is_open:
        raise RoundError(_("訂正できるのは締め切った照会の報告だけです。"))
    if not note.strip():
        raise ValidationError(_("訂正の理由を入力してください。報告のページに表示されます。"))
    return freeze_figures(reporting_round.plan, reporting_round.fiscal_year, user=user, note=note)


# Indicator values -------------------------------------------------------------------------


def open_round_of(item: ActionItemPage, fiscal_year: int) -> ReportingRound | None:
    return ReportingRound.objects.filter(
        plan_id=item.plan_id, fiscal_year=fiscal_year, status=ReportingRound.Status.OPEN
    ).first()


@transaction.atomic
def record_indicator_values(
    item: ActionItemPage, *, fiscal_year: int, values: Values, user, publish: bool = False
) -> list[Revision]:
    """Save each of ``values`` as a draft of its indicator (a new revision) and return the
    revisions made; nothing is saved when one value is refused. With ``publish`` (a user who
    may publish indicators), the values the item answers for are published as well."""
    revisions = []
    if values:
        if open_round_of(item, fiscal_year) is None:
            raise RoundError(
                _(
                    "指標の実績値は、受付中の年度照会の年度だけ入力できます（%(year)sの照会は受け付けていません）。"
                )
                % {"year": fiscal_year_ja(fiscal_year)}
            )
        answers = {answer.indicator.pk: answer for answer in answers_for_user(item, fiscal_year, user)}
        if any(pk not in answers or not answers[pk].editable for pk in values):
            raise RoundError(_("この指標の実績値を入力する権限がありません。"))
        for pk, (value, note) in values.items():
            answer = answers[pk]
            note = (note or "").strip()
            if (value, note) != (answer.value, answer.note):
                revisions.append(_save_value(pk, fiscal_year, value, note, user))
    if publish and open_round_of(item, fiscal_year) is not None:
        publish_answered_values(item, fiscal_year=fiscal_year, user=user)
    return revisions


def _save_value(pk: int, fiscal_year: int, value: Decimal | None, note: str, user) -> Revision:
    """A revision of the indicator built on its latest one, with the year's value and note."""
    # Lock the indicator so that two saves at once cannot both build on the same revision.
    indicator = Indicator.objects.select_for_update().get(pk=pk)
    latest = indicator.get_latest_revision_as_object()
    rows = list(latest.values.all())
    row = next((row for row in rows if row.fiscal_year == fiscal_year), None)
    if row is None:
        row = IndicatorValue(fiscal_year=fiscal_year, locale_id=latest.locale_id)
        rows.append(row)
    row.value, row.note = value, note
    rows.sort(key=lambda row: row.fiscal_year)
    for position, row in enumerate(rows):
        row.sort_order = position
    latest.values = rows
    return latest.save_revision(user=user, log_action=True)


@transaction.atomic
def publish_answered_values(item: ActionItemPage, *, fiscal_year: int, user) -> int:
    """Publish the indicators ``item`` answers for whose latest revision holds a value or
    note for ``fiscal_year`` that differs from the published one; returns how many.

    The latest revision is what the reviewer saw as the new value. Other years' values and
    other fields are published as that revision has them, as when an item's answer is
    approved with its other unpublished changes."""
    published = 0
    for answer in indicator_answers([item], fiscal_year)[item.pk]:
        if not answer.changed:
            continue
        indicator = Indicator.objects.select_for_update().get(pk=answer.indicator.pk)
        revision = indicator.latest_revision
        if revision is None:
            continue
        revision.publish(user=user, log_action=True)
        published += 1
    return published


def publish_after_approval(item: ActionItemPage, *, user) -> int:
    """After ``item``'s answer is approved (in the round's screen or in Wagtail's moderation
    screens): publish its indicators' values for the year of each open round of its plan."""
    years = ReportingRound.objects.filter(
        plan_id=item.plan_id, status=ReportingRound.Status.OPEN
    ).values_list("fiscal_year", flat=True)
    return sum(publish_answered_values(item, fiscal_year=year, user=user) for year in years)
