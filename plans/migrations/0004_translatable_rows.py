"""Department and progress rows become translatable; pages record machine translation.

The rows' locale and translation key are added empty, filled from the items in
0005_translatable_rows_fill and made required in 0006_translatable_rows_required.
"""

import django.db.models.deletion
from django.db import migrations, models

PAGE_MODELS = [
    "actionitempage",
    "glossarypage",
    "guidelineindexpage",
    "guidelinepage",
    "measurepage",
    "planindexpage",
    "planpage",
    "progressreportpage",
]


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0003_department_members_plan_imports"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        *[
            migrations.AddField(
                model_name=model_name,
                name="machine_translated",
                field=models.BooleanField(default=False, editable=False, verbose_name="機械翻訳を含む"),
            )
            for model_name in PAGE_MODELS
        ],
        *[
            migrations.AddField(
                model_name=model_name,
                name="locale",
                field=models.ForeignKey(
                    editable=False,
                    null=True,
                    on_delete=django.db.models.deletion.PROTECT,
                    related_name="+",
                    to="wagtailcore.locale",
                    verbose_name="locale",
                ),
            )
            for model_name in ("actionitemdepartment", "progressrow")
        ],
        *[
            migrations.AddField(
                model_name=model_name,
                name="translation_key",
                field=models.UUIDField(editable=False, null=True),
            )
            for model_name in ("actionitemdepartment", "progressrow")
        ],
    ]
