"""Evaluation scales: a plan's own levels, the grade of each progress row next to its
status, and 評価なし (a progress row with a narrative and no status).

Existing rows keep their meaning: a blank grade reads as the level of the row's status.
Frozen figures made before a frozen row could say "reported, not assessed" had a blank
status only for items without a progress row, so those are marked not reported.
"""

import django.db.models.deletion
import modelcluster.fields
import uuid
from django.db import migrations, models


def mark_unreported(apps, schema_editor):
    FrozenProgressRow = apps.get_model("plans", "FrozenProgressRow")
    FrozenProgressRow.objects.filter(status="").update(reported=False)


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0009_plan_import_new_plans_and_tasks"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.AddField(
            model_name="frozenprogressrow",
            name="grade",
            field=models.CharField(blank=True, max_length=40),
        ),
        migrations.AddField(
            model_name="frozenprogressrow",
            name="previous_grade",
            field=models.CharField(blank=True, max_length=40),
        ),
        migrations.AddField(
            model_name="frozenprogressrow",
            name="reported",
            field=models.BooleanField(default=True),
        ),
        migrations.AddField(
            model_name="progressrow",
            name="grade",
            field=models.CharField(blank=True, max_length=40, verbose_name="評価"),
        ),
        migrations.AlterField(
            model_name="progressrow",
            name="status",
            field=models.CharField(
                blank=True,
                choices=[
                    ("not_started", "未着手"),
                    ("planning", "検討中"),
                    ("in_progress", "実施中"),
                    ("on_track", "順調"),
                    ("mostly_on_track", "概ね順調"),
                    ("delayed", "遅れ"),
                    ("completed", "完了"),
                    ("suspended", "中止"),
                ],
                max_length=20,
                verbose_name="状況",
            ),
        ),
        migrations.CreateModel(
            name="EvaluationLevel",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("translation_key", models.UUIDField(default=uuid.uuid4, editable=False)),
                ("sort_order", models.IntegerField(blank=True, editable=False, null=True)),
                ("label", models.CharField(help_text="例：A、順調、◎", max_length=20, verbose_name="表示名")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("not_started", "未着手"),
                            ("planning", "検討中"),
                            ("in_progress", "実施中"),
                            ("on_track", "順調"),
                            ("mostly_on_track", "概ね順調"),
                            ("delayed", "遅れ"),
                            ("completed", "完了"),
                            ("suspended", "中止"),
                        ],
                        help_text="集計やグラフで、どの状況として数えるか",
                        max_length=20,
                        verbose_name="集計での扱い",
                    ),
                ),
                (
                    "description",
                    models.CharField(
                        blank=True, help_text="例：計画どおり進んでいる", max_length=200, verbose_name="説明"
                    ),
                ),
                (
                    "locale",
                    models.ForeignKey(
                        editable=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="wagtailcore.locale",
                        verbose_name="locale",
                    ),
                ),
                (
                    "page",
                    modelcluster.fields.ParentalKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="evaluation_levels",
                        to="plans.planpage",
                    ),
                ),
            ],
            options={
                "verbose_name": "評価の段階",
                "ordering": ["sort_order"],
                "abstract": False,
                "unique_together": {("translation_key", "locale")},
            },
        ),
        migrations.RunPython(mark_unreported, migrations.RunPython.noop),
    ]
