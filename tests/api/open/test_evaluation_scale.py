"""The open-data API names progress as the plan does (its own levels, 評価なし for a
narrative without a status) and keeps the canonical status for machines."""

from __future__ import annotations

from plans.models import EvaluationLevel

from ...factories import add_levels, grade_row

YEAR = 2024


def test_a_row_without_a_status_has_a_null_status_and_is_counted_as_not_assessed(api, sample_plan):
    grade_row(sample_plan.women_members, YEAR, None, "委員改選に向けて候補者名簿を整えました。")

    rows = api.json("/progress", {"item": sample_plan.women_members.pk, "fiscal_year": YEAR})["results"]
    assert [(row["status"], row["grade"], row["narrative"]) for row in rows] == [
        (None, {"label": "評価なし", "description": ""}, "委員改選に向けて候補者名簿を整えました。")
    ]
    csv_rows = api.csv_rows("/progress.csv", {"item": sample_plan.women_members.pk, "fiscal_year": YEAR})
    assert dict(zip(*csv_rows, strict=True))["進捗状況"] == "評価なし"

    summary = api.json(f"/progress-summaries/{sample_plan.plan.pk}/{YEAR}")
    counts = {count["code"]: (count["label"], count["count"]) for count in summary["counts"]}
    assert (counts["not_assessed"], counts["none"]) == (("評価なし", 1), ("報告なし", 1))
    assert (summary["total"], summary["reported"]) == (4, 3)
    header, row = api.csv_rows("/progress-summaries.csv", {"plan": sample_plan.plan.pk, "fiscal_year": YEAR})
    values = dict(zip(header, row, strict=True))
    assert (values["評価なし"], values["報告なし"], values["計"]) == ("1", "1", "4")


def test_the_plan_detail_gives_its_scale_and_the_progress_its_level(api, sample_plan):
    levels = add_levels(sample_plan.plan)
    grade_row(sample_plan.women_members, YEAR, levels["D"], "女性委員の割合は31％にとどまりました。")

    plan = api.json(f"/plans/{sample_plan.plan.pk}")
    assert plan["evaluation_scale"]["own"] is True
    assert plan["evaluation_scale"]["levels"][3] == {
        "label": "D",
        "description": "大幅に遅れている",
        "status": {"code": "delayed", "label": "遅れ"},
    }
    rows = api.json("/progress", {"plan": sample_plan.plan.pk, "fiscal_year": YEAR})["results"]
    by_item = {row["item"]["id"]: (row["status"]["code"], row["grade"]["label"]) for row in rows}
    assert by_item[sample_plan.women_members.pk] == ("delayed", "D")
    # A row saved before the plan had its scale reads as the level for its status.
    assert by_item[sample_plan.public_members.pk] == ("on_track", "A")
    # The English CSV gives the code, the Japanese one the plan's word.
    english = dict(
        zip(
            *api.csv_rows(
                "/progress.csv", {"item": sample_plan.women_members.pk, "fiscal_year": YEAR}, language="en"
            ),
            strict=True,
        )
    )
    assert english["status"] == "delayed"


def test_a_plan_on_the_default_scale_says_so(api, sample_plan):
    plan = api.json(f"/plans/{sample_plan.plan.pk}")
    assert plan["evaluation_scale"]["own"] is False
    assert [level["label"] for level in plan["evaluation_scale"]["levels"]] == [
        "未着手",
        "検討中",
        "実施中",
        "順調",
        "概ね順調",
        "やや遅れ",
        "遅れ",
        "完了",
        "中止",
    ]
    assert not EvaluationLevel.objects.filter(page=sample_plan.plan).exists()
