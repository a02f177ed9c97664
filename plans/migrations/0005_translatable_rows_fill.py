"""Every existing department and progress row takes its item's locale and a key of its own."""

import uuid

from django.db import migrations
from django.db.models import OuterRef, Subquery


def fill(apps, schema_editor):
    Page = apps.get_model("wagtailcore", "Page")
    for model_name in ("ActionItemDepartment", "ProgressRow"):
        model = apps.get_model("plans", model_name)
        model.objects.filter(locale__isnull=True).update(
            locale_id=Subquery(Page.objects.filter(pk=OuterRef("item_id")).values("locale_id")[:1])
        )
        batch = []
        for row in model.objects.filter(translation_key__isnull=True).only("pk").iterator(chunk_size=2000):
            row.translation_key = uuid.uuid4()
            batch.append(row)
            if len(batch) == 2000:
                model.objects.bulk_update(batch, ["translation_key"])
                batch = []
        model.objects.bulk_update(batch, ["translation_key"])


class Migration(migrations.Migration):
    dependencies = [("plans", "0004_translatable_rows")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
