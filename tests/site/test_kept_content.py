"""Kept page bodies (home/kept_content.py): read without the page cache (signed-in staff,
readers with a session, a site run with the page cache off), a page's body is rendered once
per address, language and furigana choice, and every change the public could notice makes
the next reader see it. Also what is never kept: private pages, previews, error pages, and
what a transaction has not committed."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from wagtail.models import Locale, Page, PageViewRestriction

import pytest

from furigana.models import ReadingEntry
from home.kept_content import CONTEXT_NAME
from home.models import MunicipalitySettings, MunicipalityText
from plans.models import GlossaryTerm
from plans.staff import pr_group_name

# A page read with its body kept reads the content generation only; the
# rest of what the page shows (site, route, municipality texts) is kept too.
MOST_QUERIES_WITH_KEPT_BODY = 1


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Runs what a change does once its transaction commits (the tests' transactions never
    commit): the new generations."""

    def run(change):
        with django_capture_on_commit_callbacks(execute=True):
            change()

    return run


def was_kept(response) -> bool:
    return response.context is not None and response.context.get(CONTEXT_NAME) is not None


def read(client, url: str, **extra):
    response = client.get(url, **extra)
    assert response.status_code == 200, url
    return response, response.content.decode()


def warm(client, url: str, **extra) -> str:
    """Reads ``url`` twice: the first renders the body and keeps it, the second uses it."""
    first, text = read(client, url, **extra)
    assert not was_kept(first)
    second, again = read(client, url, **extra)
    assert was_kept(second)
    assert again == text
    return text


def publish(page) -> None:
    page.save_revision().publish()


# What is kept ---------------------------------------------------------------------------


def test_every_page_type_keeps_its_body_and_the_second_read_does_almost_nothing(
    client, sample_plan, tree, django_assert_max_num_queries
):
    for page in [
        tree.home,
        tree.plan_index,
        tree.glossary,
        sample_plan.plan,
        sample_plan.participation,
        sample_plan.public_members,
        sample_plan.report,
    ]:
        text = warm(client, page.url)
        assert page.title in text
        with django_assert_max_num_queries(MOST_QUERIES_WITH_KEPT_BODY):
            again = client.get(page.url)
        assert again.content.decode() == text


def test_the_plan_page_reads_neither_its_measures_nor_its_reports_again(client, sample_plan):
    text = warm(client, sample_plan.plan.url)
    # The body: measures, the table downloads, the reports; the page around it: header, footer.
    for shown in [sample_plan.participation.title, sample_plan.proposals.title, sample_plan.report.title]:
        assert shown in text
    assert 'class="site-footer"' in text
    assert 'id="main"' in text


def test_signed_in_staff_read_kept_bodies_with_their_own_header(client, sample_plan):
    url = sample_plan.plan.url
    anonymous = warm(client, url)
    user = get_user_model().objects.create_user("koho-kept", password="x")
    user.groups.add(*Group.objects.filter(name=pr_group_name()))
    client.force_login(user)
    response, text = read(client, url)
    assert was_kept(response)
    body = anonymous.split('id="main"')[1].split("</main>")[0]
    assert body in text


def test_the_language_the_query_string_and_furigana_are_part_of_the_key(client, sample_plan, tree):
    url = sample_plan.plan.url
    plain = warm(client, url)
    # furigana on: another body, with ruby
    client.cookies["kyodo_ruby"] = "1"
    response, with_ruby = read(client, url)
    assert not was_kept(response)
    assert "<ruby>" in with_ruby
    assert "<ruby>" not in plain
    del client.cookies["kyodo_ruby"]
    assert not was_kept(read(client, f"{url}?from=feed")[0])
    # the Japanese page under /en/ (not translated) is another body, marked as Japanese
    response, english = read(client, f"/en{url}")
    assert not was_kept(response)
    assert 'lang="ja"' in english


def test_the_host_is_part_of_the_key(client, sample_plan, settings):
    settings.ALLOWED_HOSTS = ["testserver", "other.example.jp"]
    warm(client, sample_plan.plan.url)
    assert not was_kept(read(client, sample_plan.plan.url, HTTP_HOST="other.example.jp")[0])


# What is never kept -----------------------------------------------------------------------


def test_a_private_pages_body_is_never_kept_nor_shown_on_its_password_page(client, sample_plan, committed):
    plan = sample_plan.plan
    committed(
        lambda: PageViewRestriction.objects.create(
            page=plan, restriction_type=PageViewRestriction.PASSWORD, password="secret"
        )
    )
    restriction = PageViewRestriction.objects.get(page=plan)
    body_only = "計画期間"  # a label of the plan's body (its measures are not listed while private)
    form = client.get(plan.url)
    assert body_only not in form.content.decode()
    response = client.post(
        f"/_util/authenticate_with_password/{restriction.pk}/{plan.pk}/",
        {"password": "secret", "return_url": plan.url},
    )
    assert response.status_code == 302
    for _ in range(2):
        response, text = read(client, plan.url)
        assert body_only in text
        assert not was_kept(response)
    # Another reader, without the password: the form, and nothing of the body.
    client.logout()
    client.cookies.clear()
    locked = client.get(plan.url).content.decode()
    assert "password" in locked
    assert body_only not in locked


def test_the_preview_of_a_draft_shows_the_draft_not_the_kept_body(client, admin_client, sample_plan):
    plan = sample_plan.plan
    warm(client, plan.url)
    plan.title = "下書きの計画名"
    plan.save_revision()
    preview = admin_client.get(f"/admin/pages/{plan.pk}/view_draft/")
    assert preview.status_code == 200
    assert "下書きの計画名" in preview.content.decode()
    assert not was_kept(preview)
    assert "下書きの計画名" not in read(client, plan.url)[1]


def test_an_error_page_is_not_kept_as_the_pages_body(client, sample_plan):
    url = f"{sample_plan.report.url}measures/999999/"
    for _ in range(2):
        assert client.get(url).status_code == 404
    warm(client, sample_plan.report.url)


def test_a_change_not_yet_committed_is_seen_and_not_kept(client, sample_plan):
    plan = sample_plan.plan
    warm(client, plan.url)
    measure = sample_plan.participation
    measure.title = "まだ確定していない施策名"
    publish(measure)  # its transaction (the test's) does not commit
    for _ in range(2):
        response, text = read(client, plan.url)
        assert not was_kept(response)
        assert "まだ確定していない施策名" in text


# Changes the next reader sees -----------------------------------------------------------


def test_publishing_a_measure_changes_its_plans_body(client, sample_plan, committed):
    plan = sample_plan.plan
    warm(client, plan.url)
    measure = sample_plan.participation
    measure.title = "改められた施策名"
    committed(lambda: publish(measure))
    response, text = read(client, plan.url)
    assert not was_kept(response)
    assert "改められた施策名" in text


def test_a_draft_revision_changes_no_body(client, sample_plan, committed):
    plan = sample_plan.plan
    text = warm(client, plan.url)
    measure = sample_plan.participation
    measure.title = "まだ下書きの施策名"
    committed(measure.save_revision)
    assert "まだ下書きの施策名" not in read(client, plan.url)[1]
    assert read(client, plan.url)[1] == text


def test_unpublishing_and_deleting_items(client, sample_plan, committed):
    measure_url = sample_plan.participation.url
    item = sample_plan.women_members
    assert item.title in warm(client, measure_url)
    committed(item.unpublish)
    assert client.get(item.url).status_code == 404
    assert item.title not in read(client, measure_url)[1]
    other = sample_plan.public_members
    assert other.title in read(client, measure_url)[1]
    url = other.url
    committed(lambda: Page.objects.get(pk=other.pk).delete())
    assert client.get(url).status_code == 404
    assert other.title not in read(client, measure_url)[1]


def test_moving_an_item(client, sample_plan, committed):
    item = sample_plan.women_members
    old_url = item.url
    warm(client, old_url)
    warm(client, sample_plan.comments.url)
    committed(lambda: item.move(sample_plan.comments, pos="last-child"))
    item.refresh_from_db()
    assert client.get(old_url).status_code == 301
    assert item.title in read(client, sample_plan.comments.url)[1]
    assert item.title in read(client, item.url)[1]


def test_saving_a_department(client, sample_plan, departments, committed):
    item = sample_plan.public_members
    text = warm(client, item.url)
    department = next(d for d in (departments.kyodo, departments.kocho, departments.koho) if d.name in text)
    department.name = "市民協働推進室"
    committed(department.save)
    assert "市民協働推進室" in read(client, item.url)[1]


def test_saving_the_municipalitys_settings_and_name(client, sample_plan, tree, committed):
    warm(client, sample_plan.plan.url)
    municipality = MunicipalitySettings.for_site(tree.site)
    municipality.phone = "0120-123-456"
    committed(municipality.save)
    assert "0120-123-456" in read(client, sample_plan.plan.url)[1]
    text = MunicipalityText.objects.filter(site=tree.site, locale=Locale.get_default()).first()
    if text is None:
        text = MunicipalityText(site=tree.site, locale=Locale.get_default())
    text.name = "みどり市"
    committed(text.save)
    assert "みどり市" in read(client, sample_plan.plan.url)[1]


def test_saving_a_glossary_term(client, tree, committed):
    url = tree.glossary.url
    warm(client, url)
    term = GlossaryTerm(
        term="協働カフェ", reading="きょうどうかふぇ", definition="市民と市が話し合う場。", locale=tree.ja
    )
    committed(term.save)
    assert "協働カフェ" in read(client, url)[1]


def test_saving_a_reading_of_the_furigana_dictionary(client, sample_plan, committed):
    url = sample_plan.plan.url
    client.cookies["kyodo_ruby"] = "1"
    warm(client, url)
    committed(lambda: ReadingEntry.objects.create(surface="公募", reading="こうぼ"))
    assert not was_kept(read(client, url)[0])


def test_publishing_a_translation_replaces_the_japanese_fallback(client, sample_plan, tree, committed):
    def translate(page, title=None):
        translation = page.copy_for_translation(tree.en)
        if title:
            translation.title = title
        publish(translation)

    committed(lambda: (translate(tree.home), translate(tree.plan_index)))
    url = f"/en{sample_plan.plan.url}"
    assert 'lang="ja"' in warm(client, url)
    committed(lambda: translate(sample_plan.plan, "Citizen Participation Plan (translated)"))
    assert "Citizen Participation Plan (translated)" in read(client, url)[1]
