import uuid

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("plans", "0005_translatable_rows_fill")]

    operations = [
        *[
            migrations.AlterField(
                model_name=model_name,
                name="locale",
                field=models.ForeignKey(
                    editable=False,
                    on_delete=django.db.models.deletion.PROTECT,
                    related_name="+",
                    to="wagtailcore.locale",
                    verbose_name="locale",
                ),
            )
            for model_name in ("actionitemdepartment", "progressrow")
        ],
        *[
            migrations.AlterField(
                model_name=model_name,
                name="translation_key",
                field=models.UUIDField(default=uuid.uuid4, editable=False),
            )
            for model_name in ("actionitemdepartment", "progressrow")
        ],
        *[
            migrations.AlterUniqueTogether(name=model_name, unique_together={("translation_key", "locale")})
            for model_name in ("actionitemdepartment", "progressrow")
        ],
    ]
