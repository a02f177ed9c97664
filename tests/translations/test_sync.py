"""Translating an item keeps its numbers, departments, schedule and progress; a later change
of the Japanese page reaches the translation on sync."""

from __future__ import annotations

from wagtail_localize.fields import SynchronizedField, TranslatableField, get_translatable_fields
from wagtail_localize.models import StringSegment

from plans.models import ActionItemPage, Department, GlossaryTerm, MeasurePage, PlanPage, ProgressRow
from plans.vocabularies import ProgressStatus

from .conftest import fill_strings, translate_to

ENGLISH = {
    "審議会等への公募委員の登用": "Appointing publicly recruited members to councils",
    "■ 公募委員制度の運用": "■ Running the public recruitment of members",
    "2023年度の取組実績。": "What was done in FY2023.",
    "2024年度の取組実績。": "What was done in FY2024.",
}


def fields_by_name(model) -> dict[str, type]:
    return {field.field_name: type(field) for field in get_translatable_fields(model)}


def test_every_model_says_what_is_translated_and_what_is_copied():
    item = fields_by_name(ActionItemPage)
    assert item["title"] is TranslatableField
    assert item["description"] is TranslatableField
    assert item["pickup_text"] is TranslatableField
    for name in ("number", "external_id", "actor", "is_new", "is_relisted", "schedule", "relistings", "slug"):
        assert item[name] is SynchronizedField, name
    assert item["progress"] is TranslatableField  # rows copied, narratives translated
    assert item["departments"] is TranslatableField  # rows copied, departments localised
    plan = fields_by_name(PlanPage)
    assert plan["summary"] is TranslatableField and plan["chapters"] is TranslatableField
    assert plan["period_start"] is SynchronizedField and plan["status"] is SynchronizedField
    assert fields_by_name(MeasurePage)["number"] is SynchronizedField
    progress = fields_by_name(ProgressRow)
    assert progress["narrative"] is TranslatableField
    assert progress["fiscal_year"] is SynchronizedField and progress["percent"] is SynchronizedField
    department = fields_by_name(Department)
    assert department["name"] is TranslatableField and department["reading"] is SynchronizedField
    assert department["phone"] is SynchronizedField
    glossary = fields_by_name(GlossaryTerm)
    assert glossary["definition"] is TranslatableField and glossary["reading"] is SynchronizedField


def test_the_strings_of_an_item_are_its_texts_and_narratives_not_its_numbers(sample_plan, tree):
    translation = translate_to(sample_plan.public_members, tree.en)
    strings = set(
        StringSegment.objects.filter(source=translation.source).values_list("string__data", flat=True)
    )
    assert {"審議会等への公募委員の登用", "2023年度の取組実績。", "2024年度の取組実績。"} <= strings
    assert "1-1" not in strings and "KY-0101" not in strings


def test_translated_item_keeps_rows_and_follows_the_source_on_sync(
    sample_plan, tree, english_departments, django_capture_on_commit_callbacks
):
    item = sample_plan.public_members
    translation = translate_to(item, tree.en)
    fill_strings(translation, ENGLISH)
    with django_capture_on_commit_callbacks(execute=True):  # wagtail-localize publishes on commit
        translation.save_target(publish=True)

    english = ActionItemPage.objects.get(translation_key=item.translation_key, locale=tree.en)
    assert english.live
    assert english.title == "Appointing publicly recruited members to councils"
    assert (english.number, english.external_id, english.actor, english.is_new) == (
        "1-1",
        "KY-0101",
        "city",
        True,
    )
    assert english.plan.locale == tree.en and english.measure.locale == tree.en
    # The departments: the translated one where it exists, the Japanese one otherwise.
    rows = list(english.departments.select_related("department").order_by("sort_order"))
    assert [row.department.name for row in rows] == ["Citizen Collaboration Division", "広報課"]
    assert [row.role for row in rows] == ["lead", "partner"]
    assert {row.locale_id for row in rows} == {tree.en.pk}
    assert [(row.fiscal_year, row.phase) for row in english.schedule.order_by("fiscal_year")] == [
        (2021, "study"),
        (2022, "implement"),
        (2023, "continue"),
    ]
    progress = {row.fiscal_year: row for row in english.progress.all()}
    assert progress[2024].status == ProgressStatus.ON_TRACK
    assert progress[2024].narrative == "What was done in FY2024."
    assert [row.measure.title for row in english.relistings.all()] == ["協働事業提案制度の推進"]

    # The Japanese item's 2024 row changes and is published; then 「翻訳を同期」.
    ja = ActionItemPage.objects.get(pk=item.pk)
    latest = ja.get_latest_revision_as_object()
    rows = list(latest.progress.all())
    row_2024 = next(row for row in rows if row.fiscal_year == 2024)
    row_2024.status = ProgressStatus.COMPLETED
    row_2024.percent = 100
    row_2024.narrative = "全ての審議会で公募委員を登用しました。"
    latest.progress = rows
    latest.save_revision().publish()

    translation.source.update_from_db()
    fill_strings(
        translation,
        {**ENGLISH, "全ての審議会で公募委員を登用しました。": "Every council now has public members."},
    )
    with django_capture_on_commit_callbacks(execute=True):  # wagtail-localize publishes on commit
        translation.save_target(publish=True)

    english = ActionItemPage.objects.get(pk=english.pk)
    progress = {row.fiscal_year: row for row in english.progress.all()}
    assert (progress[2024].status, progress[2024].percent) == (ProgressStatus.COMPLETED, 100)
    assert progress[2024].narrative == "Every council now has public members."
    assert progress[2023].narrative == "What was done in FY2023."
    assert len(progress) == 2
    # The Japanese rows are untouched.
    assert set(ProgressRow.objects.filter(item=ja).values_list("locale__language_code", flat=True)) == {"ja"}


def test_department_translation_points_at_the_translated_bureau(departments, tree, english_departments):
    assert english_departments["kyodo"].parent.name == "Citizens' Affairs Bureau"
    assert english_departments["kyodo"].phone == departments.kyodo.phone


def test_translated_plan_names_the_translated_issuing_department(
    sample_plan, tree, english_departments, django_capture_on_commit_callbacks
):
    translation = translate_to(sample_plan.plan, tree.en)
    with django_capture_on_commit_callbacks(execute=True):
        translation.save_target(publish=True)
    english = PlanPage.objects.get(translation_key=sample_plan.plan.translation_key, locale=tree.en)
    assert english.issuing_department == english_departments["kyodo"]
    assert (english.period_start, english.period_end, english.kind) == (2021, 2025, sample_plan.plan.kind)
    assert english.replaces_id == sample_plan.plan.replaces_id  # page links stay as they are


def test_a_progress_update_keeps_the_rows_translation_key(sample_plan, django_user_model):
    from plans.services.progress import record_progress

    item = sample_plan.public_members
    keys = dict(ProgressRow.objects.filter(item=item).values_list("fiscal_year", "translation_key"))
    user = django_user_model.objects.create_superuser("kanri2", "k2@city.minato.example.jp", "pw")
    record_progress(
        item,
        fiscal_year=2024,
        status=ProgressStatus.COMPLETED,
        percent=100,
        narrative="完了しました。",
        user=user,
        publish=True,
    )
    after = dict(ProgressRow.objects.filter(item=item).values_list("fiscal_year", "translation_key"))
    assert after == keys


def test_a_plan_table_import_keeps_the_rows_translation_keys(sample_plan):
    from plans.services.imports import import_plan_file

    from ..plans.tables.sheets import xlsx

    item = sample_plan.public_members
    progress_keys = dict(ProgressRow.objects.filter(item=item).values_list("fiscal_year", "translation_key"))
    department_keys = dict(item.departments.values_list("department__name", "translation_key"))
    headers = ["施策番号", "施策", "番号", "事業名", "管理番号", "担当", "主体", "進捗状況", "取組実績"]
    row = ["1", "審議会等への市民公募委員の参加促進", "1-1", "審議会等への公募委員の登用", "KY-0101"]
    row += ["市民協働推進課\n広報課", "●", "完了", "全ての審議会で公募委員を登用しました。"]
    report = import_plan_file(
        xlsx([headers, row]), "plan.xlsx", plan=sample_plan.plan, status_year=2024, publish=True
    )
    assert report.applied, report
    rows = {row.fiscal_year: row for row in ProgressRow.objects.filter(item=item)}
    assert rows[2024].status == ProgressStatus.COMPLETED
    assert {year: row.translation_key for year, row in rows.items()} == progress_keys
    assert dict(item.departments.values_list("department__name", "translation_key")) == department_keys
