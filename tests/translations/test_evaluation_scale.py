"""A plan's evaluation levels are translated with the plan: the English plan shows its own
labels for rows graded in Japanese, and counts them as the same statuses."""

from __future__ import annotations

from bs4 import BeautifulSoup

from plans.models import ActionItemPage, EvaluationLevel, PlanPage
from plans.rollup import plan_progress
from plans.vocabularies import ProgressStatus

from ..factories import add_levels, grade_row
from .conftest import fill_strings, publish_translated_path, translate_to

LEVELS = (
    ("順調", ProgressStatus.ON_TRACK, "計画どおり進んでいる"),
    ("概ね順調", ProgressStatus.MOSTLY_ON_TRACK, ""),
    ("やや遅れ", ProgressStatus.DELAYED, "一部に遅れがある"),
    ("遅れ", ProgressStatus.DELAYED, "大幅に遅れている"),
)
ENGLISH = {
    "順調": "On schedule",
    "概ね順調": "Mostly on schedule",
    "やや遅れ": "Slightly behind",
    "遅れ": "Behind",
    "計画どおり進んでいる": "Progressing as planned",
    "一部に遅れがある": "Partly behind schedule",
    "大幅に遅れている": "Well behind schedule",
}


def test_the_english_plan_shows_its_own_labels(client, sample_plan, tree, django_capture_on_commit_callbacks):
    levels = add_levels(sample_plan.plan, LEVELS)
    item = ActionItemPage.objects.get(pk=sample_plan.women_members.pk)
    grade_row(item, 2024, levels["やや遅れ"], "2024年度の取組実績。")
    publish_translated_path(item, tree.en, django_capture_on_commit_callbacks)
    plan_translation = translate_to(PlanPage.objects.get(pk=sample_plan.plan.pk), tree.en, copy_parents=False)
    fill_strings(plan_translation, ENGLISH)
    item_translation = translate_to(item, tree.en)
    fill_strings(item_translation, {"2024年度の取組実績。": "What was done in FY2024."})
    with django_capture_on_commit_callbacks(execute=True):  # wagtail-localize publishes on commit
        plan_translation.save_target(publish=True)
        item_translation.save_target(publish=True)

    english_plan = PlanPage.objects.get(translation_key=sample_plan.plan.translation_key, locale=tree.en)
    assert [(level.label, level.status) for level in EvaluationLevel.objects.filter(page=english_plan)] == [
        ("On schedule", "on_track"),
        ("Mostly on schedule", "mostly_on_track"),
        ("Slightly behind", "delayed"),
        ("Behind", "delayed"),
    ]
    english_item = ActionItemPage.objects.get(translation_key=item.translation_key, locale=tree.en)
    page = BeautifulSoup(client.get(english_item.url).content, "html.parser")
    cells = [
        " ".join(cell.get_text(" ", strip=True).split())
        for cell in page.select("table.progress-table td.col-status")
    ]
    assert "Slightly behind Partly behind schedule" in cells

    progress = plan_progress(english_plan, 2024)
    entry = next(entry for entry in progress.items if entry.item.pk == english_item.pk)
    assert (entry.status, entry.status_label) == (ProgressStatus.DELAYED, "Slightly behind")
    # 遅れ is named by both levels that count as it.
    delayed = {count.code: count.label for count in progress.counts}[ProgressStatus.DELAYED]
    assert delayed.startswith("Slightly behind") and delayed.endswith("Behind")
