"""What staff change in the demo stays: `load_demo` (run by every `make run`) creates what is
missing and follows changes of the demo's specs, but never changes or re-creates an object a
person has saved, published, renamed or deleted since the loader wrote it."""

from __future__ import annotations

from dataclasses import replace
from io import StringIO

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from django.urls import reverse

from wagtail.models import Page, Revision, Site
from wagtail_localize.models import StringSegment, StringTranslation, Translation

import pytest
from bs4 import BeautifulSoup

from demo import loader, municipality
from demo.departments import DEPARTMENTS
from demo.loader import load_demo
from demo.models import DemoObject
from demo.participation_plan import PARTICIPATION_PLAN_1, PARTICIPATION_PLAN_2
from demo.participation_plan_en import ENGLISH
from demo.specs import PlanSpec
from home.models import MunicipalitySettings, MunicipalityText, StandardPage
from plans.models import ActionItemPage, Department, GlossaryTerm, GuidelinePage, PlanPage, ProgressRow
from plans.rollup import plan_progress
from plans.services.progress import record_progress
from plans.vocabularies import DepartmentRole, ProgressStatus

from .conftest import counts

pytestmark = pytest.mark.slow

PLAN_2 = "participation-plan-2"
NARRATIVE = "出前講座を12回開催し、延べ340人が参加しました。"


def item(slug: str, *, plan: str = PLAN_2, language: str = "ja") -> ActionItemPage:
    return ActionItemPage.objects.get(slug=slug, plan__slug=plan, locale__language_code=language)


def page_revisions(page: Page):
    return Revision.objects.filter(
        base_content_type=ContentType.objects.get_for_model(Page), object_id=str(page.pk)
    ).order_by("created_at", "pk")


def make_run(output: StringIO) -> None:
    """What `make run` runs before the server (the Makefile's run target)."""
    call_command("migrate", "--noinput", verbosity=0, stdout=output)
    call_command("load_demo", stdout=output)
    call_command("ensure_admin", stdout=output)


def retitled(spec: PlanSpec, titles: dict[str, str]) -> PlanSpec:
    """The plan's spec with new titles for some items (by number), as a developer edits them."""
    measures = tuple(
        replace(
            measure,
            items=tuple(
                replace(entry, title=titles.get(entry.number, entry.title)) for entry in measure.items
            ),
        )
        for measure in spec.measures
    )
    return replace(spec, measures=measures)


def with_plan(spec: PlanSpec) -> tuple[PlanSpec, ...]:
    return tuple(spec if plan.slug == spec.slug else plan for plan in loader.PLANS)


def form_data(html: str) -> dict[str, str | list[str]]:
    """The fields of the admin's edit form as the browser would post them."""
    form = BeautifulSoup(html, "html.parser").find("form", id="w-editor-form")
    data: dict[str, str | list[str]] = {}
    for field in form.find_all(["input", "textarea", "select"]):
        name = field.get("name")
        if not name or field.get("type") in {"submit", "button", "file"}:
            continue
        if field.name == "textarea":
            data[name] = field.text.removeprefix("\n")  # as browsers read it
        elif field.name == "select":
            chosen = [option.get("value", option.text) for option in field.find_all("option", selected=True)]
            data[name] = chosen if field.has_attr("multiple") else (chosen[0] if chosen else "")
        elif field.get("type") in {"checkbox", "radio"}:
            if field.has_attr("checked"):
                value = field.get("value", "on")
                data[name] = [*data[name], value] if isinstance(data.get(name), list) else [value]
        else:
            data[name] = field.get("value", "")
    return data


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("soumu", "soumu@city.aoba.example.jp", "pw")
    client.force_login(user)
    return client


def test_progress_recorded_by_a_department_survives_the_next_make_run(loaded, django_user_model):
    page = item("item-1-1")
    lead = page.departments.get(role=DepartmentRole.LEAD).department
    member = django_user_model.objects.create_user("kyodo-tanto", password="pw")
    lead.members.add(member)
    koho = django_user_model.objects.create_user("koho-kakari", password="pw", is_superuser=True)
    # 「担当の事業」: the member saves FY2025 as a draft; 広報 publishes it.
    draft = record_progress(
        page,
        fiscal_year=2025,
        status=ProgressStatus.ON_TRACK,
        percent=80,
        narrative=NARRATIVE,
        user=member,
    )
    draft.publish(user=koho, log_action=True)
    revisions = list(page_revisions(page).values_list("pk", flat=True))

    output = StringIO()
    make_run(output)

    page = item("item-1-1")
    assert page.progress.get(fiscal_year=2025).narrative == NARRATIVE
    latest = page.get_latest_revision()
    assert latest.pk == draft.pk and latest.user == member
    assert latest.as_object().progress.get(fiscal_year=2025).narrative == NARRATIVE
    assert page.live_revision_id == draft.pk
    assert list(page_revisions(page).values_list("pk", flat=True)) == revisions  # no revision by 「システム」
    kept = ["ActionItemPage", "1", f"/home/plans/{PLAN_2}/measure-1/item-1-1/"]
    assert kept in [line.split() for line in output.getvalue().splitlines()]


def test_a_department_renamed_in_the_admin_keeps_its_name_and_contacts(admin_client, loaded, monkeypatch):
    renamed = Department.objects.get(name="広報課", locale__language_code="ja")
    sibling = Department.objects.get(name="情報公開課", locale__language_code="ja")
    links, aliases = renamed.item_links.count(), renamed.aliases
    edit = reverse("wagtailsnippets_plans_department:edit", args=[renamed.pk])
    data = form_data(admin_client.get(edit).content.decode())
    assert data["name"] == "広報課"
    data["name"] = "広報戦略課"
    response = admin_client.post(edit, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    # The developer changes the numbers of the whole bureau in the demo's specs.
    bureau = DEPARTMENTS[0]
    changed = replace(
        bureau, children=tuple(replace(child, phone="000-999-0000") for child in bureau.children)
    )
    monkeypatch.setattr(loader, "DEPARTMENTS", (changed, *DEPARTMENTS[1:]))

    summary = load_demo()

    renamed = Department.objects.get(pk=renamed.pk)
    assert renamed.name == "広報戦略課"
    assert renamed.phone == "000-210-1101"
    assert renamed.aliases == aliases == "広報広聴課"
    assert renamed.item_links.count() == links
    assert not Department.objects.filter(name="広報課", locale__language_code="ja").exists()
    assert Department.objects.get(pk=sibling.pk).phone == "000-999-0000"
    assert summary.kept["Department"] == 1
    assert summary.updated["Department"] == len(bureau.children) - 1


def test_a_page_a_person_deleted_is_not_created_again(admin_client, loaded):
    handbook = GuidelinePage.objects.get(slug="collaboration-handbook", locale__language_code="ja")
    english_item = item("item-2-1", language="en")
    for page in (handbook, english_item):
        response = admin_client.post(reverse("wagtailadmin_pages:delete", args=[page.pk]))
        assert response.status_code == 302
        assert not Page.objects.filter(pk=page.pk).exists()
    pages = Page.objects.count()

    summary = load_demo()

    assert Page.objects.count() == pages
    assert not GuidelinePage.objects.filter(slug="collaboration-handbook").exists()
    assert not ActionItemPage.objects.filter(
        translation_key=english_item.translation_key, locale__language_code="en"
    ).exists()
    assert summary.deleted["GuidelinePage"] == 1
    assert summary.deleted["ActionItemPage (en)"] == 1
    assert not summary.changed


def test_an_untouched_page_still_follows_its_spec_and_a_touched_one_does_not(
    loaded, monkeypatch, django_user_model
):
    editor = django_user_model.objects.create_superuser("henshu", "henshu@city.aoba.example.jp", "pw")
    touched = item("item-1-2", plan="participation-plan-1")
    touched.save_revision(user=editor, log_action=True).publish(user=editor, log_action=True)
    titles = {"1-1": "市民参加手続の運用指針の策定（改）", "1-2": "パブリックコメント制度の導入（改）"}
    monkeypatch.setattr(loader, "PLANS", with_plan(retitled(PARTICIPATION_PLAN_1, titles)))
    monkeypatch.setitem(municipality.ACCESSIBILITY_PAGE, "title", "ウェブアクセシビリティ方針（改定）")

    summary = load_demo()

    assert item("item-1-1", plan="participation-plan-1").title == "市民参加手続の運用指針の策定（改）"
    assert item("item-1-2", plan="participation-plan-1").title == touched.title
    assert StandardPage.objects.get(locale__language_code="ja").title == "ウェブアクセシビリティ方針（改定）"
    assert summary.updated["ActionItemPage"] == 1
    assert summary.updated["StandardPage"] == 1
    assert summary.kept["ActionItemPage"] == 1


def test_levels_a_person_edited_stay_and_the_items_keep_their_grades(loaded, django_user_model):
    editor = django_user_model.objects.create_superuser("henshu", "henshu@city.aoba.example.jp", "pw")
    plan = PlanPage.objects.get(slug="collaboration-action-plan", locale__language_code="ja")
    levels = list(plan.evaluation_levels.all())
    levels[3].label, levels[3].description = "E", "取組を見直す"  # the committee renamed D
    plan.evaluation_levels = levels[:2] + levels[3:]  # and dropped C
    plan.save_revision(user=editor, log_action=True).publish(user=editor, log_action=True)
    graded = dict(ProgressRow.objects.filter(item__plan=plan).values_list("pk", "grade"))

    summary = load_demo()

    plan = PlanPage.objects.get(pk=plan.pk)
    assert [(level.label, level.description) for level in plan.evaluation_levels.all()] == [
        ("A", "計画どおり、または計画以上に進んでいる（完了を含む）"),
        ("B", "概ね計画どおり進んでいる"),
        ("E", "取組を見直す"),
    ]
    assert dict(ProgressRow.objects.filter(item__plan=plan).values_list("pk", "grade")) == graded
    assert summary.kept["PlanPage"] == 1
    # The item graded C reads as the plan's level for 遅れ now: E.
    delayed = [entry for entry in plan_progress(plan, 2024).items if entry.status == ProgressStatus.DELAYED]
    assert [entry.status_label for entry in delayed] == ["E"]


def test_a_string_a_translator_changed_is_not_published_by_the_loader(admin_client, loaded, monkeypatch):
    english = item("item-1-1", language="en")
    english_title = english.title
    translation = Translation.objects.get(
        source__object_id=english.translation_key, target_locale=english.locale
    )
    title = StringSegment.objects.get(source=translation.source, context__path="title")
    # In the translation editor: a better title, saved but not published yet.
    response = admin_client.put(
        reverse("wagtail_localize:edit_string_translation", args=[translation.pk, title.pk]),
        encode_multipart(BOUNDARY, {"value": "On-demand talks on citizen participation"}),
        content_type=MULTIPART_CONTENT,
    )
    assert response.status_code == 200
    revisions = english.revisions.count()
    # The developer changes the Japanese title, and its English in the catalogue.
    new_title = "市民参加出前講座の実施"
    monkeypatch.setattr(loader, "PLANS", with_plan(retitled(PARTICIPATION_PLAN_2, {"1-1": new_title})))
    monkeypatch.setitem(ENGLISH, new_title, "Talks on citizen participation")

    summary = load_demo()

    assert item("item-1-1").title == new_title
    english = item("item-1-1", language="en")
    assert english.title == english_title
    assert english.revisions.count() == revisions
    assert StringTranslation.objects.get(
        translation_of=title.string, locale=english.locale, context=title.context
    ).data == ("On-demand talks on citizen participation")
    assert summary.updated["ActionItemPage"] == 1
    assert summary.kept["ActionItemPage (en)"] == 1


def test_the_summary_reports_what_it_kept_and_did_not_create_again(admin_client, loaded, django_user_model):
    editor = django_user_model.objects.create_user("henshu", password="pw")
    for slug in ("item-1-1", "item-1-2", "item-1-3", "item-2-1"):
        page = item(slug)
        page.save_revision(user=editor, log_action=True)
    handbook = GuidelinePage.objects.get(slug="collaboration-handbook", locale__language_code="ja")
    admin_client.post(reverse("wagtailadmin_pages:delete", args=[handbook.pk]))
    output = StringIO()

    call_command("load_demo", stdout=output)

    lines = output.getvalue().splitlines()
    assert lines[0] == "Demo content was already up to date."
    assert any(line.split()[0] == "ActionItemPage" and line.endswith(", kept 4)") for line in lines)
    kept = lines.index("Edited by staff since the demo wrote them, so left as they are:")
    assert lines[kept + 1].split() == [
        "ActionItemPage",
        "4",
        f"/home/plans/{PLAN_2}/measure-1/item-1-1/,",
        f"/home/plans/{PLAN_2}/measure-1/item-1-2/,",
        f"/home/plans/{PLAN_2}/measure-1/item-1-3/",
        "and",
        "1",
        "more",
    ]
    deleted = lines.index("Deleted by staff, so not created again:")
    assert lines[deleted + 1].split() == ["GuidelinePage", "1", "/home/guidelines/collaboration-handbook/"]
    assert lines[-1] == "The demo as it ships needs a fresh database (docs/demo.md)."


def test_settings_and_a_translators_group_edited_in_the_admin_stay_as_edited(
    admin_client, loaded, monkeypatch
):
    site = Site.objects.get(is_default_site=True)
    edit = reverse("wagtailsettings:edit", args=["home", "municipalitysettings", site.pk])
    data = form_data(admin_client.get(edit).content.decode())
    data["phone"] = "000-210-3999"
    assert admin_client.post(edit, data).status_code == 302
    group = Group.objects.get(translator_locale__locale__language_code="en")
    permission = Permission.objects.get(content_type__app_label="plans", codename="change_department")
    edit = reverse("wagtailusers_groups:edit", args=[group.pk])
    data = form_data(admin_client.get(edit).content.decode())
    data["permissions"] = [pk for pk in data["permissions"] if pk != str(permission.pk)]
    assert admin_client.post(edit, data).status_code == 302
    assert not group.permissions.filter(pk=permission.pk).exists()
    monkeypatch.setitem(municipality.MUNICIPALITY, "email", "kyodo2@city.aoba.example.jp")

    summary = load_demo()

    settings = MunicipalitySettings.objects.get(site=site)
    assert settings.phone == "000-210-3999"
    assert settings.email == "kyodo@city.aoba.example.jp"
    assert not group.permissions.filter(pk=permission.pk).exists()
    assert summary.kept["MunicipalitySettings"] == 1
    assert summary.kept["Group"] == 1


def test_the_municipality_text_edited_in_the_admin_stays_as_edited(admin_client, loaded, monkeypatch):
    """Staff rename the municipality in 自治体の表記 and the demo's opening hours change: the
    text stays as staff left it; its English translation is the demo's."""
    japanese = MunicipalityText.objects.get(locale__language_code="ja")
    edit = reverse("wagtailsnippets_home_municipalitytext:edit", args=[japanese.pk])
    data = form_data(admin_client.get(edit).content.decode())
    assert data["name"] == "青葉市"
    data["name"] = "青葉市役所"
    response = admin_client.post(edit, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    monkeypatch.setitem(municipality.MUNICIPALITY_TEXT, "opening_hours", "平日 9時～17時")

    summary = load_demo()

    japanese = MunicipalityText.objects.get(pk=japanese.pk)
    assert japanese.name == "青葉市役所"
    assert japanese.opening_hours == "平日 8時30分～17時15分（土曜・日曜・祝日・年末年始を除く）"
    assert MunicipalityText.objects.get(locale__language_code="en").name == "Aoba City"
    assert summary.kept["MunicipalityText"] == 1


def test_a_demo_loaded_before_the_loader_kept_records_is_taken_over_as_it_is(loaded):
    records = DemoObject.objects.count()
    DemoObject.objects.all().delete()

    summary = load_demo()

    assert counts() == loaded
    assert not summary.changed
    assert DemoObject.objects.count() == records
    home = DemoObject.objects.get(key="/home/", language="ja")
    assert Page.objects.get(pk=home.object_id).specific_class.__name__ == "HomePage"


def test_a_glossary_term_a_person_deleted_is_not_created_again(admin_client, loaded):
    term = GlossaryTerm.objects.get(term="ファシリテーター", locale__language_code="ja")
    delete = reverse("wagtailsnippets_plans_glossaryterm:delete", args=[term.pk])
    assert admin_client.post(delete).status_code == 302
    assert not GlossaryTerm.objects.filter(pk=term.pk).exists()

    summary = load_demo()

    assert not GlossaryTerm.objects.filter(term="ファシリテーター").exists()
    assert summary.deleted["GlossaryTerm"] == 1
    # The handbook, still the loader's, no longer shows a block for the term that is gone.
    handbook = GuidelinePage.objects.get(slug="collaboration-handbook", locale__language_code="ja")
    terms = [block.value["term"] for block in handbook.body if block.block_type == "glossary"]
    assert [term.term for term in terms] == ["中間支援組織"]
    assert not handbook.has_unpublished_changes
