"""The yearly reporting round (年度照会), the whole way through, with the groups the office
uses: 広報担当 opens a round, a member of 市民協働推進課 (担当課職員) records and submits two
items in 「担当の事業」, 広報担当 returns one with a comment, the department fixes and
resubmits it, 広報担当 approves, reminds the departments that have not answered and closes
the round; the published report keeps its figures when an item is edited afterwards, until
an explicit correction."""

from __future__ import annotations

import re

from django.contrib.auth.models import Group
from django.core import mail
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone, translation

from wagtail.admin.menu import admin_menu
from wagtail.models import Workflow

import pytest

from plans.fiscal_years import date_ja
from plans.models import ActionItemPage, FrozenProgress, ProgressReportPage, ReportingRound
from plans.services.progress import record_progress
from plans.staff import department_group_name, pr_group_name, setup_staff_groups
from plans.vocabularies import AnswerState, ProgressStatus

YEAR = 2025


@pytest.fixture
def client_class():
    return Client


@pytest.fixture
def groups(db):
    setup_staff_groups()


def member(django_user_model, username, group_name, *, departments=(), email=""):
    user = django_user_model.objects.create_user(
        username=username, password="password", email=email, last_name="山田", first_name="花子"
    )
    user.groups.add(Group.objects.get(name=group_name))
    for department in departments:
        department.members.add(user)
    return user


@pytest.fixture
def pr(django_user_model, groups):
    return member(django_user_model, "koho-tanto", pr_group_name())


@pytest.fixture
def staff(django_user_model, groups, departments):
    return member(django_user_model, "kyodo-ka", department_group_name(), departments=[departments.kyodo])


def client_for(client_class, user):
    client = client_class()
    client.force_login(user)
    return client


def html(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def answer_of(page_html: str, item) -> str:
    """The answer state shown on the round's screen for ``item``."""
    row = page_html.split(f'id="item-{item.pk}"', 1)[1].split("</tr>", 1)[0]
    return re.search(r'class="kyodo-answer kyodo-answer--(\w+)"', row).group(1)


def menu_labels(user) -> set[str]:
    """The labels of the admin menu's top-level items shown to ``user``."""
    request = RequestFactory().get("/admin/")
    request.user = user
    with translation.override("ja"):
        return {str(item.label) for item in admin_menu.menu_items_for_request(request)}


def submit(client, item, **fields):
    url = reverse("kyodo_admin:my_item_progress", args=[item.pk])
    data = {"fiscal_year": str(YEAR), "submit": "submit", **fields}
    response = client.post(f"{url}?year={YEAR}", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return response


def test_a_round_from_opening_to_a_frozen_published_report(
    client_class, pr, staff, django_user_model, departments, sample_plan, settings
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    plan = sample_plan.plan
    office, department = client_for(client_class, pr), client_for(client_class, staff)
    # 広報課 answers for パブリックコメント; its member is reminded by e-mail.
    koho_member = member(
        django_user_model,
        "koho-ka",
        department_group_name(),
        departments=[departments.koho],
        email="koho@example.jp",
    )

    # 広報担当 opens the round.
    assert "年度照会を始める" in html(office.get(reverse("kyodo_admin:rounds")))
    response = office.post(
        reverse("kyodo_admin:round_create"),
        {
            "plan": plan.pk,
            "fiscal_year": YEAR,
            "due_date": "2026-05-29",
            "message": "5月末までに提出してください。",
        },
    )
    assert response.status_code == 302
    reporting_round = ReportingRound.objects.get(plan=plan, fiscal_year=YEAR)
    detail_url = reverse("kyodo_admin:round_detail", args=[reporting_round.pk])
    detail = html(office.get(detail_url))
    assert answer_of(detail, sample_plan.public_members) == AnswerState.MISSING

    # The department sees the round, with its year selected, and submits two items.
    my_items = html(department.get(reverse("kyodo_admin:my_items")))
    assert "5月末までに提出してください。" in my_items and "提出期限：令和8年（2026年）5月29日" in my_items
    assert re.search(rf'<option value="{YEAR}" selected>', my_items)
    assert "未提出 2件" in my_items
    submit(
        department,
        sample_plan.public_members,
        status=ProgressStatus.ON_TRACK,
        percent="60",
        narrative="公募委員の割合は25％になりました。",
    )
    submit(
        department,
        sample_plan.proposal_system,
        status=ProgressStatus.COMPLETED,
        percent="100",
        narrative="3件の提案を採択しました。",
    )
    assert "提出済" in html(department.get(reverse("kyodo_admin:my_items")))
    # Nothing is public before review.
    assert (
        not ActionItemPage.objects.get(pk=sample_plan.public_members.pk)
        .progress.filter(fiscal_year=YEAR)
        .exists()
    )
    # A submitted answer cannot be changed by the department while it is reviewed.
    progress_page = html(
        department.get(
            reverse("kyodo_admin:my_item_progress", args=[sample_plan.public_members.pk]) + f"?year={YEAR}"
        )
    )
    assert "提出済みです" in progress_page and 'name="submit"' not in progress_page

    # 広報担当 returns one with a comment and approves the other.
    detail = html(office.get(detail_url))
    assert answer_of(detail, sample_plan.public_members) == AnswerState.SUBMITTED
    review = reverse("kyodo_admin:round_review", args=[reporting_round.pk, sample_plan.public_members.pk])
    assert office.post(review, {"action": "return", "comment": ""}).status_code == 302  # refused: no reason
    assert answer_of(html(office.get(detail_url)), sample_plan.public_members) == AnswerState.SUBMITTED
    office.post(review, {"action": "return", "comment": "割合の根拠（委員数）を書いてください。"})
    office.post(
        reverse("kyodo_admin:round_review", args=[reporting_round.pk, sample_plan.proposal_system.pk]),
        {"action": "approve"},
    )
    detail = html(office.get(detail_url))
    assert answer_of(detail, sample_plan.public_members) == AnswerState.RETURNED
    assert answer_of(detail, sample_plan.proposal_system) == AnswerState.APPROVED
    proposal = ActionItemPage.objects.get(pk=sample_plan.proposal_system.pk)
    assert proposal.progress.get(fiscal_year=YEAR).status == ProgressStatus.COMPLETED  # published

    # The department reads the comment, fixes the answer and submits it again.
    my_items = html(department.get(reverse("kyodo_admin:my_items")))
    assert "差し戻し" in my_items and "割合の根拠（委員数）を書いてください。" in my_items
    submit(
        department,
        sample_plan.public_members,
        status=ProgressStatus.MOSTLY_ON_TRACK,
        percent="55",
        narrative="委員20人のうち5人が公募委員です。",
    )
    detail = html(office.get(detail_url))
    assert answer_of(detail, sample_plan.public_members) == AnswerState.SUBMITTED
    office.post(review, {"action": "approve"})
    detail = html(office.get(detail_url))
    assert answer_of(detail, sample_plan.public_members) == AnswerState.APPROVED

    # Reminders go to the departments that have not answered (広報課: パブリックコメント).
    response = office.post(reverse("kyodo_admin:round_remind", args=[reporting_round.pk]), {})
    assert response.status_code == 302
    assert [message.to for message in mail.outbox] == [[koho_member.email]]
    assert "督促" in mail.outbox[0].subject and "パブリックコメント" in mail.outbox[0].body

    # Closing publishes the year's report with the approved figures.
    assert office.post(reverse("kyodo_admin:round_close", args=[reporting_round.pk])).status_code == 302
    reporting_round.refresh_from_db()
    assert reporting_round.status == ReportingRound.Status.CLOSED
    report = ProgressReportPage.objects.get(plan=plan, fiscal_year=YEAR)
    assert report.live
    reader = client_class()

    def figures():
        page = reader.get(report.url)
        assert page.status_code == 200
        api = reader.get(f"/api/v2/pages/{report.pk}/").json()["progress_figures"]
        return page.content.decode(), api

    page, api = figures()
    assert "数値の確定" in page
    frozen = FrozenProgress.objects.get(plan_key=plan.translation_key, fiscal_year=YEAR)
    # The date the figures were fixed is written in 和暦 with the Western year, as elsewhere.
    assert f">{date_ja(timezone.localtime(frozen.frozen_at).date())}</time>" in page
    before = api

    # An item edited and published afterwards does not change the published figures.
    item = ActionItemPage.objects.get(pk=sample_plan.public_members.pk)
    record_progress(
        item,
        fiscal_year=YEAR,
        status=ProgressStatus.DELAYED,
        percent=10,
        narrative="見直し",
        user=pr,
        publish=True,
    )
    assert (
        ActionItemPage.objects.get(pk=item.pk).progress.get(fiscal_year=YEAR).status == ProgressStatus.DELAYED
    )
    page, api = figures()
    assert api == before

    # A correction is explicit: a new version, with its date and reason on the page.
    response = office.post(
        reverse("kyodo_admin:round_correct", args=[reporting_round.pk]),
        {"note": "公募委員の割合を訂正しました。"},
    )
    assert response.status_code == 302
    page, api = figures()
    assert api != before
    assert "訂正" in page and "公募委員の割合を訂正しました。" in page


def test_each_group_sees_only_what_its_role_allows(client_class, pr, staff, sample_plan, groups):
    office, department = client_for(client_class, pr), client_for(client_class, staff)
    # 担当課職員: 「担当の事業」 only.
    labels = menu_labels(staff)
    assert "担当の事業" in labels and "年度照会" not in labels and "計画表の取り込み" not in labels
    assert "ページ" not in labels and "画像" not in labels and "レポート" not in labels
    assert department.get(reverse("kyodo_admin:rounds")).status_code == 403
    assert department.get(reverse("kyodo_admin:imports")).status_code in (302, 403)
    edit = department.get(reverse("wagtailadmin_pages:edit", args=[sample_plan.public_members.pk]))
    assert edit.status_code in (302, 403)
    other = department.get(reverse("kyodo_admin:my_item_progress", args=[sample_plan.women_members.pk]))
    assert other.status_code == 403  # 広聴課's item
    # 広報担当: the rounds, the import screen, the page editor.
    labels = menu_labels(pr)
    assert {"年度照会", "計画表の取り込み", "ページ"} <= labels and "担当の事業" not in labels
    assert office.get(reverse("kyodo_admin:imports")).status_code == 200
    assert (
        office.get(reverse("wagtailadmin_pages:edit", args=[sample_plan.public_members.pk])).status_code
        == 200
    )


def test_the_groups_and_the_workflow_have_japanese_names(groups):
    names = set(Group.objects.values_list("name", flat=True))
    assert {"広報担当", "担当課職員", "ページ編集者"} <= names
    assert not names & {"Moderators", "Editors"}
    workflow = Workflow.objects.get(name="広報担当の確認")
    assert [task.name for task in workflow.tasks] == ["広報担当による確認"]
    # Running it again changes nothing, and keeps a name a person chose.
    Group.objects.filter(name="ページ編集者").update(name="編集担当")
    assert setup_staff_groups().lines() == ["変更はありません。"]
    assert Group.objects.filter(name="編集担当").exists()


def test_bad_round_input_is_refused_in_japanese_and_changes_nothing(client_class, pr, sample_plan):
    office = client_for(client_class, pr)
    response = office.post(
        reverse("kyodo_admin:round_create"),
        {"plan": sample_plan.plan.pk, "fiscal_year": YEAR, "due_date": "来月"},
    )
    assert response.status_code == 400
    assert "提出期限は 2027-05-31 のように入力してください。" in response.content.decode()
    assert not ReportingRound.objects.exists()
    office.post(
        reverse("kyodo_admin:round_create"),
        {"plan": sample_plan.plan.pk, "fiscal_year": YEAR, "due_date": "2026-05-29"},
    )
    response = office.post(
        reverse("kyodo_admin:round_create"),
        {"plan": sample_plan.plan.pk, "fiscal_year": YEAR, "due_date": "2026-06-30"},
    )
    assert (
        response.status_code == 400
        and "この計画のこの年度の照会はすでにあります。" in response.content.decode()
    )
    assert ReportingRound.objects.count() == 1


def test_the_dashboards_say_what_each_person_has_to_do(client_class, pr, staff, sample_plan):
    office, department = client_for(client_class, pr), client_for(client_class, staff)
    assert "受付中の照会はありません。" in html(office.get(reverse("wagtailadmin_home")))
    assert "いま受け付けている照会はありません。" in html(department.get(reverse("wagtailadmin_home")))
    office.post(
        reverse("kyodo_admin:round_create"),
        {"plan": sample_plan.plan.pk, "fiscal_year": YEAR, "due_date": "2026-05-29", "message": "期限厳守"},
    )
    submit(
        department, sample_plan.public_members, status=ProgressStatus.ON_TRACK, percent="60", narrative="実施"
    )

    home = html(department.get(reverse("wagtailadmin_home")))
    assert "提出期限 令和8年（2026年）5月29日" in home
    assert "未提出 1件（担当 2件）" in home and "期限厳守" in home
    home = html(office.get(reverse("wagtailadmin_home")))
    assert "確認待ちの回答が1件あります。" in home
    assert "提出済 1" in home and "未入力 3" in home


def test_load_demo_does_not_grant_again_what_a_person_took_away(groups):
    """The command grants the permissions again when a person runs it; load_demo, which
    runs on its own at every `make run`, leaves an existing group as the person left it."""
    pr_group = Group.objects.get(name=pr_group_name())
    manage = pr_group.permissions.get(codename="manage_reportinground")
    pr_group.permissions.remove(manage)
    setup_staff_groups(grant_existing=False)
    assert not pr_group.permissions.filter(codename="manage_reportinground").exists()
    setup_staff_groups()
    assert pr_group.permissions.filter(codename="manage_reportinground").exists()
