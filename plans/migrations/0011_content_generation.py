from django.db import migrations, models


def create_row(apps, schema_editor):
    apps.get_model("plans", "ContentGeneration").objects.get_or_create(pk=1)


class Migration(migrations.Migration):
    dependencies = [("plans", "0010_evaluation_scales")]

    operations = [
        migrations.CreateModel(
            name="ContentGeneration",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("value", models.PositiveBigIntegerField(default=0, verbose_name="世代")),
            ],
            options={"verbose_name": "公開内容の世代", "verbose_name_plural": "公開内容の世代"},
        ),
        migrations.RunPython(create_row, migrations.RunPython.noop),
    ]
