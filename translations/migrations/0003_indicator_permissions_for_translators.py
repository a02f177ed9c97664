"""Translators translate the plans' indicators (指標) into their own language: every
translators' group may change, publish and view indicators — of its own language only, as
``translations.permissions.LocalePermissionPolicy`` checks per indicator.

Given here to the groups that exist already; ``setup_translator_groups`` gives them to the
groups it creates (``translations.groups.INDICATOR_PERMISSIONS``). ``plans/0013`` made the
permissions, 「publish」 included."""

from django.db import migrations

CODENAMES = ["change_indicator", "publish_indicator", "view_indicator"]


def grant(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    TranslatorGroup = apps.get_model("translations", "TranslatorGroup")
    permissions = list(
        Permission.objects.filter(
            content_type__app_label="plans", content_type__model="indicator", codename__in=CODENAMES
        )
    )
    if not permissions:
        return
    for record in TranslatorGroup.objects.select_related("group"):
        record.group.permissions.add(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("translations", "0002_subtreetranslation"),
        ("plans", "0013_indicator_permissions"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
