"""Indicator values (実績値) in the yearly reporting round, the whole way through, as the office
works: 広報担当 opens a round; a member of 市民協働推進課 (担当課職員, not a superuser) records an
item's progress and the year's values of the indicators the item answers for, saves them
(nothing public changes), submits them; 広報担当 sees the values old → new next to the
progress and approves, which publishes both; or returns them, and both come back. Other
departments, other years and other fields are refused on the server, and a number that
cannot be read is refused with nothing saved."""

from __future__ import annotations

import re
from decimal import Decimal

from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import pytest

from plans.indicators import assess, grading_for
from plans.models import ActionItemPage, Indicator, ReportingRound
from plans.services.rounds import RoundError, record_indicator_values
from plans.staff import department_group_name, pr_group_name, setup_staff_groups
from plans.vocabularies import AnswerState, ProgressStatus

from ..factories import add_indicator

YEAR = 2025


@pytest.fixture
def client_class():
    return Client


@pytest.fixture
def groups(db):
    setup_staff_groups()


def member(django_user_model, username, group_name, *, departments=()):
    user = django_user_model.objects.create_user(username=username, password="password")
    user.groups.add(Group.objects.get(name=group_name))
    for department in departments:
        department.members.add(user)
    return user


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def office(django_user_model, groups):
    """広報担当."""
    return client_for(member(django_user_model, "koho-tanto", pr_group_name()))


@pytest.fixture
def kyodo_user(django_user_model, groups, departments):
    """A member of 市民協働推進課: lead of 1-1 公募委員の登用 and 3-1 協働事業提案制度."""
    return member(django_user_model, "kyodo-ka", department_group_name(), departments=[departments.kyodo])


@pytest.fixture
def kyodo(kyodo_user):
    return client_for(kyodo_user)


@pytest.fixture
def koho_user(django_user_model, groups, departments):
    """A member of 広報課: partner on 1-1, lead of 2-1 パブリックコメント."""
    return member(django_user_model, "koho-ka", department_group_name(), departments=[departments.koho])


@pytest.fixture
def indicators(sample_plan):
    """Three published indicators of the sample plan: one of item 1-1, one of measure 1
    (answered with 1-1, its first item, by the lead 市民協働推進課) and one of measure 2
    (answered with 2-1 by 広報課)."""
    share = add_indicator(
        sample_plan.plan,
        name="審議会等の委員に占める公募委員の割合",
        unit="%",
        items=[sample_plan.public_members],
        baseline=(2020, "20"),
        targets={2027: "30"},
        values={2023: "22.5", 2024: "24"},
        code="1-1-①",
    )
    applicants = add_indicator(
        sample_plan.plan,
        name="公募委員への応募者数",
        unit="人",
        measures=[sample_plan.participation],
        baseline=(2020, "800"),
        targets={2027: "1200"},
        values={2024: "950", YEAR: "1000"},
        notes={YEAR: "速報値"},
        sort_order=1,
    )
    comments = add_indicator(
        sample_plan.plan,
        name="パブリックコメントの意見数",
        unit="件",
        measures=[sample_plan.comments],
        targets={2027: "500"},
        values={2024: "320"},
        sort_order=2,
    )
    return share, applicants, comments


@pytest.fixture
def reporting_round(office, sample_plan):
    response = office.post(
        reverse("kyodo_admin:round_create"),
        {"plan": sample_plan.plan.pk, "fiscal_year": YEAR, "due_date": "2026-05-29", "message": ""},
    )
    assert response.status_code == 302
    return ReportingRound.objects.get(plan=sample_plan.plan, fiscal_year=YEAR)


def progress_url(item) -> str:
    return reverse("kyodo_admin:my_item_progress", args=[item.pk]) + f"?year={YEAR}"


def html(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def field(indicator, part="value") -> str:
    return f"indicator-{indicator.pk}-{part}"


def answer_data(action="save", **fields) -> dict:
    return {
        "fiscal_year": str(YEAR),
        "status": ProgressStatus.ON_TRACK,
        "percent": "60",
        "narrative": "公募委員の割合は26.8％になりました。",
        action: action,
        **fields,
    }


def live_values(indicator) -> dict:
    return {
        row.fiscal_year: (row.value, row.note) for row in Indicator.objects.get(pk=indicator.pk).values.all()
    }


def revision_count(indicator) -> int:
    return Indicator.objects.get(pk=indicator.pk).revisions.count()


def answer_row(page_html: str, item) -> str:
    return page_html.split(f'id="item-{item.pk}"', 1)[1].split("</tr>", 1)[0]


def answer_state(page_html: str, item) -> str:
    return re.search(r'class="kyodo-answer kyodo-answer--(\w+)"', answer_row(page_html, item)).group(1)


def test_values_are_recorded_submitted_reviewed_and_published_with_the_progress(
    office, kyodo, indicators, reporting_round, sample_plan
):
    share, applicants, comments = indicators
    item = sample_plan.public_members
    before = live_values(share), live_values(applicants)

    # The department's form shows the item's indicator and the measure's, prefilled.
    page = html(kyodo.get(progress_url(item)))
    assert "成果指標の実績値（令和7年度（2025年度））" in page
    assert f'name="{field(share)}"' in page and f'name="{field(applicants)}"' in page
    assert f'name="{field(comments)}"' not in page  # 2-1's, 広報課's
    assert re.search(rf'name="{field(applicants)}"[^>]*value="1,000"', page)
    assert re.search(rf'name="{field(applicants, "note")}"[^>]*value="速報値"', page)

    # Saved as drafts, typed as people type them: full-width digits, a unit, a separator.
    response = kyodo.post(
        progress_url(item),
        answer_data(
            **{field(share): "２６．８％", field(applicants): "1,052 人", field(applicants, "note"): "確定値"}
        ),
    )
    assert response.status_code == 302
    assert (live_values(share), live_values(applicants)) == before  # the live indicators as they were
    draft = Indicator.objects.get(pk=share.pk).get_latest_revision_as_object()
    assert {row.fiscal_year: row.value for row in draft.values.all()}[YEAR] == Decimal("26.8")
    page = html(kyodo.get(progress_url(item)))
    assert re.search(rf'name="{field(share)}"[^>]*value="26.8"', page)
    assert re.search(rf'name="{field(applicants)}"[^>]*value="1,052"', page)
    assert "公開中の値：1,000人" in page and "入力中の値：1,052人" in page

    # Submitted together with the progress.
    assert kyodo.post(progress_url(item), answer_data(action="submit")).status_code == 302
    assert (live_values(share), live_values(applicants)) == before

    # 広報担当 sees the values old → new next to the progress, and approves.
    detail_url = reverse("kyodo_admin:round_detail", args=[reporting_round.pk])
    detail = html(office.get(detail_url))
    assert answer_state(detail, item) == AnswerState.SUBMITTED
    row = answer_row(detail, item)
    assert "審議会等の委員に占める公募委員の割合：— → <strong>26.8%</strong>" in row
    assert "公募委員への応募者数：1,000人 → <strong>1,052人</strong>（確定値）" in row
    review = reverse("kyodo_admin:round_review", args=[reporting_round.pk, item.pk])
    assert office.post(review, {"action": "approve"}).status_code == 302

    # Both are published: the item's progress and the indicators' values, nothing else.
    assert (
        ActionItemPage.objects.get(pk=item.pk).progress.get(fiscal_year=YEAR).status
        == ProgressStatus.ON_TRACK
    )
    assert live_values(share) == {
        2023: (Decimal("22.5"), ""),
        2024: (Decimal("24"), ""),
        YEAR: (Decimal("26.8"), ""),
    }
    assert live_values(applicants)[YEAR] == (Decimal("1052"), "確定値")
    assert live_values(applicants)[2024] == (Decimal("950"), "")
    live = Indicator.objects.prefetch_related("targets", "values").get(pk=share.pk)
    assert not live.has_unpublished_changes
    assert [(target.fiscal_year, target.value) for target in live.targets.all()] == [(2027, Decimal("30"))]
    assert (live.baseline_year, live.baseline_value, live.code) == (2020, Decimal("20"), "1-1-①")
    # What every door grades with now: 26.8% of the way to 30% is 89% achieved (B).
    assessment = assess(live, grading_for(sample_plan.plan), YEAR)
    assert (assessment.value, assessment.percent, assessment.band.label) == (Decimal("26.8"), 89, "B")
    row = answer_row(html(office.get(detail_url)), item)
    assert "→" not in row and "26.8%" in row


def test_a_returned_answer_sends_the_values_back_and_changes_nothing_public(
    office, kyodo, indicators, reporting_round, sample_plan
):
    share = indicators[0]
    item = sample_plan.public_members
    assert (
        kyodo.post(progress_url(item), answer_data(action="submit", **{field(share): "25"})).status_code
        == 302
    )
    review = reverse("kyodo_admin:round_review", args=[reporting_round.pk, item.pk])
    office.post(review, {"action": "return", "comment": "公募委員の割合は委員名簿で確認してください。"})
    assert YEAR not in live_values(share)

    # The department sees the reason and its value, corrects it and submits again.
    page = html(kyodo.get(progress_url(item)))
    assert "公募委員の割合は委員名簿で確認してください。" in page
    assert re.search(rf'name="{field(share)}"[^>]*value="25"', page)
    assert (
        kyodo.post(progress_url(item), answer_data(action="submit", **{field(share): "25.5"})).status_code
        == 302
    )
    detail = html(office.get(reverse("kyodo_admin:round_detail", args=[reporting_round.pk])))
    assert "— → <strong>25.5%</strong>" in answer_row(detail, item)
    office.post(review, {"action": "approve"})
    assert live_values(share)[YEAR] == (Decimal("25.5"), "")


def test_other_departments_indicators_are_refused(
    kyodo, kyodo_user, koho_user, indicators, reporting_round, sample_plan
):
    share, applicants, comments = indicators
    koho = client_for(koho_user)
    counts = [revision_count(indicator) for indicator in indicators]
    item_revisions = sample_plan.public_members.revisions.count()

    # 広報課 partners on 1-1: it answers the item's indicator, and sees the measure's (led by
    # 市民協働推進課) without a field for it.
    page = html(koho.get(progress_url(sample_plan.public_members)))
    assert f'name="{field(share)}"' in page and f'name="{field(applicants)}"' not in page
    assert "公募委員への応募者数" in page
    # Sending it anyway is refused, and nothing is saved.
    response = koho.post(progress_url(sample_plan.public_members), answer_data(**{field(applicants): "2000"}))
    assert response.status_code == 403
    # 市民協働推進課 cannot send 広報課's indicator through its own item either.
    response = kyodo.post(progress_url(sample_plan.proposal_system), answer_data(**{field(comments): "999"}))
    assert response.status_code == 403
    assert [revision_count(indicator) for indicator in indicators] == counts
    assert sample_plan.public_members.revisions.count() == item_revisions
    # Nor through the service, whatever door is used.
    with pytest.raises(RoundError):
        record_indicator_values(
            sample_plan.proposal_system,
            fiscal_year=YEAR,
            values={comments.pk: (Decimal("999"), "")},
            user=kyodo_user,
        )
    # Another year than the round's is refused, on the form and in the service.
    page = kyodo.post(
        progress_url(sample_plan.public_members), answer_data(fiscal_year="2024", **{field(share): "30"})
    )
    assert "指標の実績値は令和7年度（2025年度）の値です。" in html(page)
    with pytest.raises(RoundError):
        record_indicator_values(
            sample_plan.public_members,
            fiscal_year=2024,
            values={share.pk: (Decimal("30"), "")},
            user=kyodo_user,
        )
    assert [revision_count(indicator) for indicator in indicators] == counts
    assert sample_plan.public_members.revisions.count() == item_revisions
    # Fields for anything but the year's value and note are not read: the target stays.
    response = kyodo.post(
        progress_url(sample_plan.public_members),
        answer_data(**{field(share): "26", f"indicator-{share.pk}-target": "99", "indicator-target": "1"}),
    )
    assert response.status_code == 302
    draft = Indicator.objects.get(pk=share.pk).get_latest_revision_as_object()
    assert [(target.fiscal_year, target.value) for target in draft.targets.all()] == [(2027, Decimal("30"))]
    assert {row.fiscal_year: row.value for row in draft.values.all()} == {
        2023: Decimal("22.5"),
        2024: Decimal("24"),
        YEAR: Decimal("26"),
    }


@pytest.mark.parametrize("typed", ["1,2a", "約30", "30人", "1,00", "12.34567"])
def test_a_number_that_cannot_be_read_is_refused_with_nothing_saved(
    kyodo, indicators, reporting_round, sample_plan, typed
):
    share = indicators[0]
    item = sample_plan.public_members
    item_revisions = item.revisions.count()
    indicator_revisions = revision_count(share)
    response = kyodo.post(progress_url(item), answer_data(action="submit", **{field(share): typed}))
    page = html(response)
    assert f"「{typed}」は" in page and ("数として読めません" in page or "桁数を超えています" in page)
    assert item.revisions.count() == item_revisions
    assert revision_count(share) == indicator_revisions
    assert ActionItemPage.objects.get(pk=item.pk).current_workflow_state is None


def test_no_indicator_fields_outside_an_open_round(kyodo, indicators, sample_plan):
    page = html(kyodo.get(progress_url(sample_plan.public_members)))
    assert "成果指標の実績値" not in page and f'name="{field(indicators[0])}"' not in page


def test_the_screens_queries_do_not_grow_with_the_indicators(
    office, kyodo, indicators, reporting_round, sample_plan
):
    def queries(client, url) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    detail_url = reverse("kyodo_admin:round_detail", args=[reporting_round.pk])
    form_url = progress_url(sample_plan.public_members)
    kyodo.post(form_url, answer_data(**{field(indicators[0]): "26"}))  # one drafted value
    queries(office, detail_url), queries(kyodo, form_url)  # warm the caches
    before = queries(office, detail_url), queries(kyodo, form_url)
    for number in range(6):
        extra = add_indicator(
            sample_plan.plan,
            name=f"指標{number}",
            unit="回",
            items=[sample_plan.public_members, sample_plan.proposal_system][number % 2 :],
            measures=[sample_plan.proposals],
            values={2024: "3"},
        )
        kyodo.post(form_url, answer_data(**{field(extra): str(number)}))
    after = queries(office, detail_url), queries(kyodo, form_url)
    assert "指標5" in html(office.get(detail_url))
    assert after == before


def test_an_approval_in_wagtails_moderation_screens_publishes_the_values_too(
    office, kyodo, indicators, reporting_round, sample_plan
):
    share = indicators[0]
    item = sample_plan.public_members
    response = kyodo.post(progress_url(item), answer_data(action="submit", **{field(share): "27"}))
    assert response.status_code == 302
    task_state = ActionItemPage.objects.get(pk=item.pk).current_workflow_state.current_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=[item.pk, "approve", task_state.pk])
    assert office.post(url, {"comment": ""}).status_code in (200, 302)
    assert ActionItemPage.objects.get(pk=item.pk).current_workflow_state is None
    assert live_values(share)[YEAR] == (Decimal("27"), "")
