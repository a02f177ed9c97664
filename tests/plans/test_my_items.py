"""「担当の事業」: department staff see their departments' items and record progress as
revisions of the items."""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wagtail.models import GroupPagePermission, Revision

import pytest

from plans.admin_views.my_items import current_fiscal_year
from plans.models import ActionItemPage, ProgressRow
from plans.vocabularies import ProgressStatus
from plans.wagtail_hooks import MyItemsMenuItem

from ..factories import DepartmentFactory, MeasurePageFactory, add_many_items

LIST_URL = reverse("kyodo_admin:my_items")


def progress_url(item) -> str:
    return reverse("kyodo_admin:my_item_progress", args=[item.pk])


def staff_user(django_user_model, username: str, *, departments=(), page_permissions=(), root=None):
    """A user who may use the admin, belongs to ``departments`` and holds
    ``page_permissions`` (add, change, publish …) on ``root`` and below."""
    user = django_user_model.objects.create_user(username=username, password="password")
    group = Group.objects.create(name=f"{username} group")
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    for permission_type in page_permissions:
        GroupPagePermission.objects.create(group=group, page=root, permission_type=permission_type)
    user.groups.add(group)
    for department in departments:
        department.members.add(user)
    return user


@pytest.fixture
def kyodo_staff(django_user_model, departments, client):
    """A member of 市民協働推進課 with no page permissions: what they save stays a draft."""
    user = staff_user(django_user_model, "kyodo-staff", departments=[departments.kyodo])
    client.force_login(user)
    return user


@pytest.fixture
def koho_staff(django_user_model, departments):
    """A member of 広報課, which partners on 公募委員の登用 and leads パブリックコメント."""
    return staff_user(django_user_model, "koho-staff", departments=[departments.koho])


@pytest.fixture
def publisher(django_user_model, departments, tree, client):
    """A member of 市民協働推進課 who may edit and publish every page."""
    user = staff_user(
        django_user_model,
        "publisher",
        departments=[departments.kyodo],
        page_permissions=["add", "change", "publish"],
        root=tree.home,
    )
    client.force_login(user)
    return user


def item_titles(html: str, *items) -> list[str]:
    return [item.title for item in items if item.title in html]


def form_data(**fields) -> dict:
    return {
        "fiscal_year": "2024",
        "status": ProgressStatus.DELAYED,
        "percent": "40",
        "narrative": "",
    } | fields


# The menu and the list -------------------------------------------------------------


def test_the_menu_item_is_shown_to_department_members_only(django_user_model, departments):
    member = staff_user(django_user_model, "member", departments=[departments.kocho])
    outsider = staff_user(django_user_model, "outsider")
    menu_item = MyItemsMenuItem("担当の事業", LIST_URL)
    request = RequestFactory().get("/admin/")
    request.user = member
    assert menu_item.is_shown(request)
    request = RequestFactory().get("/admin/")
    request.user = outsider
    assert not menu_item.is_shown(request)


def test_a_member_sees_the_items_their_department_leads_or_partners_on(client, kyodo_staff, sample_plan):
    response = client.get(LIST_URL, {"year": 2024})
    assert response.status_code == 200
    html = response.content.decode()
    assert item_titles(html, sample_plan.public_members, sample_plan.proposal_system) == [
        "審議会等への公募委員の登用",
        "協働事業提案制度の実施",
    ]
    assert "協働カフェの開催" in html  # the action plan's item, also led by 市民協働推進課
    assert sample_plan.women_members.title not in html  # 広聴課's
    assert sample_plan.public_comment.title not in html  # 広報課's
    assert "市民協働推進課（主担当）" in html
    assert "順調" in html and "完了" in html  # their FY2024 statuses


def test_a_partner_department_sees_the_item_with_its_role(client, koho_staff, sample_plan):
    client.force_login(koho_staff)
    html = client.get(LIST_URL, {"year": 2024}).content.decode()
    assert sample_plan.public_members.title in html
    assert "広報課（関係）" in html
    assert sample_plan.public_comment.title in html
    assert "広報課（主担当）" in html
    assert sample_plan.proposal_system.title not in html


def test_a_user_in_no_department_sees_no_items_and_is_told_why(client, django_user_model, sample_plan):
    client.force_login(staff_user(django_user_model, "outsider"))
    response = client.get(LIST_URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "どの部署にも登録されていません" in html
    assert sample_plan.public_members.title not in html


def test_the_list_defaults_to_the_current_fiscal_year_and_filters_by_plan(client, kyodo_staff, sample_plan):
    response = client.get(LIST_URL)
    assert response.context["year"] == current_fiscal_year()

    html = client.get(LIST_URL, {"year": 2024, "plan": sample_plan.plan.pk}).content.decode()
    assert sample_plan.public_members.title in html
    assert "協働カフェの開催" not in html


def test_a_year_that_cannot_be_chosen_falls_back_to_this_year(client, kyodo_staff, sample_plan):
    response = client.get(LIST_URL, {"year": "1200"})
    assert response.status_code == 200
    assert response.context["year"] == current_fiscal_year()
    assert "選べる年度から選んでください。" in response.content.decode()


def test_the_list_runs_the_same_number_of_queries_for_many_items(client, kyodo_staff, departments, tree):
    plan = ActionItemPage.objects.get(slug="kyodo-cafe").plan
    measure = MeasurePageFactory(parent=plan, title="地域の協働の推進", slug="many", number="9")

    def count_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(LIST_URL, {"year": 2024}).status_code == 200
        return len(queries)

    def add_items(measure, count: int, drafts: int) -> None:
        items = add_many_items(
            measure, count, departments=[departments.kyodo], progress={2024: ProgressStatus.ON_TRACK}
        )
        for item in items[:drafts]:
            item.title = f"{item.title}（改訂）"
            item.save_revision()  # unpublished changes: the status is read from the revision

    add_items(measure, 3, drafts=1)
    few = count_queries()
    measure_two = MeasurePageFactory(parent=plan, title="地域の協働の推進（2）", slug="many-2", number="10")
    add_items(measure_two, 30, drafts=10)
    assert count_queries() == few


# Recording progress ----------------------------------------------------------------


def test_the_form_starts_from_the_latest_revision_for_the_year(client, kyodo_staff, sample_plan):
    response = client.get(progress_url(sample_plan.public_members), {"year": 2023})
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["fiscal_year"] == "2023"
    assert form.initial["status"] == ProgressStatus.MOSTLY_ON_TRACK
    assert "「提出する」を選ぶと広報担当に届き" in response.content.decode()
    assert "保存して公開する" not in response.content.decode()


def test_saving_creates_a_revision_and_leaves_the_live_page_alone(client, kyodo_staff, sample_plan):
    item = sample_plan.public_members
    revisions_before = Revision.page_revisions.filter(object_id=str(item.pk)).count()
    response = client.post(
        progress_url(item),
        form_data(
            fiscal_year="2025",
            status=ProgressStatus.DELAYED,
            percent="40",
            narrative="会場の確保が遅れました。",
        ),
    )
    assert response.status_code == 302
    assert response["Location"] == f"{LIST_URL}?year=2025"

    item = ActionItemPage.objects.get(pk=item.pk)
    assert Revision.page_revisions.filter(object_id=str(item.pk)).count() == revisions_before + 1
    assert item.has_unpublished_changes
    assert item.latest_revision.user == kyodo_staff
    draft = item.get_latest_revision_as_object()
    rows = {row.fiscal_year: row for row in draft.progress.all()}
    assert rows[2025].status == ProgressStatus.DELAYED
    assert rows[2025].percent == 40
    assert rows[2025].narrative == "会場の確保が遅れました。"
    assert rows[2024].status == ProgressStatus.ON_TRACK  # other years kept
    assert rows[2023].status == ProgressStatus.MOSTLY_ON_TRACK
    # The public still sees what was published.
    assert not ProgressRow.objects.filter(item=item, fiscal_year=2025).exists()

    html = client.get(LIST_URL, {"year": 2025}).content.decode()
    assert "遅れ" in html and "未公開の変更あり" in html


def test_saving_replaces_the_row_of_the_same_year(client, kyodo_staff, sample_plan):
    item = sample_plan.public_members
    client.post(
        progress_url(item), form_data(fiscal_year="令和6年度", status=ProgressStatus.COMPLETED, percent="")
    )
    draft = ActionItemPage.objects.get(pk=item.pk).get_latest_revision_as_object()
    rows = [row for row in draft.progress.all() if row.fiscal_year == 2024]
    assert len(rows) == 1
    assert rows[0].status == ProgressStatus.COMPLETED
    assert rows[0].percent is None
    assert ProgressRow.objects.get(item=item, fiscal_year=2024).status == ProgressStatus.ON_TRACK


def test_a_second_save_builds_on_the_first_draft(client, kyodo_staff, sample_plan):
    item = sample_plan.proposal_system
    client.post(progress_url(item), form_data(fiscal_year="2025", status=ProgressStatus.IN_PROGRESS))
    client.post(progress_url(item), form_data(fiscal_year="2026", status=ProgressStatus.PLANNING))
    draft = ActionItemPage.objects.get(pk=item.pk).get_latest_revision_as_object()
    statuses = {row.fiscal_year: row.status for row in draft.progress.all()}
    assert statuses[2025] == ProgressStatus.IN_PROGRESS
    assert statuses[2026] == ProgressStatus.PLANNING
    assert statuses[2024] == ProgressStatus.COMPLETED


def test_a_partner_department_member_may_record_progress(client, koho_staff, sample_plan):
    client.force_login(koho_staff)
    response = client.post(progress_url(sample_plan.public_members), form_data(fiscal_year="2025"))
    assert response.status_code == 302
    draft = ActionItemPage.objects.get(pk=sample_plan.public_members.pk).get_latest_revision_as_object()
    assert any(row.fiscal_year == 2025 for row in draft.progress.all())


def test_a_publisher_can_save_and_publish(client, publisher, sample_plan):
    item = sample_plan.proposal_system
    page = client.get(progress_url(item)).content.decode()
    assert "保存して公開する" in page
    response = client.post(
        progress_url(item), form_data(fiscal_year="2025", status=ProgressStatus.ON_TRACK, publish="publish")
    )
    assert response.status_code == 302
    item = ActionItemPage.objects.get(pk=item.pk)
    assert not item.has_unpublished_changes
    assert item.live_revision_id == item.latest_revision_id
    assert ProgressRow.objects.get(item=item, fiscal_year=2025).status == ProgressStatus.ON_TRACK
    assert ProgressRow.objects.get(item=item, fiscal_year=2024).status == ProgressStatus.COMPLETED


def test_a_publisher_may_still_save_a_draft(client, publisher, sample_plan):
    item = sample_plan.proposal_system
    client.post(progress_url(item), form_data(fiscal_year="2025"))
    item = ActionItemPage.objects.get(pk=item.pk)
    assert item.has_unpublished_changes
    assert not ProgressRow.objects.filter(item=item, fiscal_year=2025).exists()


def test_publishing_without_permission_is_refused(client, kyodo_staff, sample_plan):
    item = sample_plan.proposal_system
    response = client.post(progress_url(item), form_data(fiscal_year="2025", publish="publish"))
    assert response.status_code == 403
    item = ActionItemPage.objects.get(pk=item.pk)
    assert not item.has_unpublished_changes
    assert not ProgressRow.objects.filter(item=item, fiscal_year=2025).exists()


@pytest.mark.parametrize("method", ["get", "post"])
def test_someone_outside_the_items_departments_is_refused(client, kyodo_staff, sample_plan, method):
    item = sample_plan.women_members  # 広聴課's item
    revision = item.latest_revision_id
    response = getattr(client, method)(progress_url(item), form_data() if method == "post" else {})
    assert response.status_code == 403
    assert ActionItemPage.objects.get(pk=item.pk).latest_revision_id == revision


def test_an_unknown_item_is_not_found(client, kyodo_staff, db):
    assert client.get(reverse("kyodo_admin:my_item_progress", args=[999_999])).status_code == 404


def test_the_screens_are_for_signed_in_staff_only(client, sample_plan):
    for url in (LIST_URL, progress_url(sample_plan.public_members)):
        response = client.get(url)
        assert response.status_code == 302
        assert "/admin/login/" in response["Location"]


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"percent": "120"}, "percent", "進捗率は0から100までの数で入力してください。"),
        ({"percent": "-5"}, "percent", "進捗率は0から100までの数で入力してください。"),
        ({"percent": "半分"}, "percent", "進捗率は数字だけで入力してください。"),
        ({"fiscal_year": "来年度"}, "fiscal_year", "「来年度」は年度として読めません。"),
        ({"fiscal_year": "3000"}, "fiscal_year", "「3000」は1900年度から2200年度の範囲にありません。"),
        (
            {"fiscal_year": "1850年度"},
            "fiscal_year",
            "「1850年度」は1900年度から2200年度の範囲にありません。",
        ),
        ({"fiscal_year": "24年度以降"}, "fiscal_year", "1つの年度にしてください"),
        ({"fiscal_year": ""}, "fiscal_year", "年度を入力してください。"),
        ({"status": ""}, "status", "状況を選んでください。"),
        ({"status": "finished"}, "status", "finished"),
        ({"narrative": "あ" * 10_001}, "narrative", "取組実績は10000文字以内にしてください"),
    ],
)
def test_bad_input_is_explained_in_japanese_and_saves_nothing(
    client, kyodo_staff, sample_plan, fields, field, message
):
    item = sample_plan.public_members
    revision = item.latest_revision_id
    response = client.post(progress_url(item), form_data(**fields))
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors[field])
    assert message in errors
    assert message in response.content.decode() or field == "status"
    assert ActionItemPage.objects.get(pk=item.pk).latest_revision_id == revision


def test_a_bare_year_is_read_in_the_era_of_the_plan(client, kyodo_staff, sample_plan):
    """The sample plan starts in FY2021 (令和3年度), so 「7」 is 令和7年度 = FY2025."""
    client.post(progress_url(sample_plan.public_members), form_data(fiscal_year="7年度"))
    draft = ActionItemPage.objects.get(pk=sample_plan.public_members.pk).get_latest_revision_as_object()
    assert 2025 in {row.fiscal_year for row in draft.progress.all()}


def test_a_locked_item_cannot_be_saved(client, kyodo_staff, django_user_model, sample_plan):
    other = django_user_model.objects.create_user(username="editor", password="password")
    item = ActionItemPage.objects.get(pk=sample_plan.public_members.pk)
    item.locked, item.locked_by = True, other
    item.save()
    revision = item.latest_revision_id
    response = client.post(progress_url(item), form_data(fiscal_year="2025"))
    assert response.status_code == 200
    assert "ロック" in response.content.decode()
    assert ActionItemPage.objects.get(pk=item.pk).latest_revision_id == revision


def test_membership_of_another_department_of_the_same_name_does_not_count(
    client, django_user_model, departments, sample_plan
):
    """Membership is per department record: a 市民協働推進課 under another bureau is not it."""
    namesake = DepartmentFactory(name="市民協働推進課", parent=departments.seisaku)
    user = staff_user(django_user_model, "namesake", departments=[namesake])
    client.force_login(user)
    assert client.get(progress_url(sample_plan.public_members)).status_code == 403


def test_the_year_box_shows_the_year_the_list_shows(client, kyodo_staff, sample_plan):
    """With no round open, both are this fiscal year; choosing a plan keeps the year."""
    this_year = current_fiscal_year()
    page = client.get(LIST_URL).content.decode()
    assert f'<option value="{this_year}" selected>' in page
    page = client.get(LIST_URL, {"plan": sample_plan.plan.pk}).content.decode()
    assert f'<option value="{this_year}" selected>' in page
    page = client.get(LIST_URL, {"plan": sample_plan.plan.pk, "year": 2024}).content.decode()
    assert '<option value="2024" selected>' in page
