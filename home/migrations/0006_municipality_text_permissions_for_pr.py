"""広報担当 keeps the municipality's name and contact texts (自治体の表記), as it kept them when
they were fields of 自治体の設定: add, change and view them.

The permissions are made here (Django makes them only after all migrations have run), and
given to the 広報担当 group when it exists; ``setup_staff_groups`` grants them too."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CODENAMES = ["add_municipalitytext", "change_municipalitytext", "view_municipalitytext"]
PR_GROUP = "広報担当"


def grant(apps, schema_editor):
    app_config = apps.get_app_config("home")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=PR_GROUP).first()
    if group is None:
        return
    group.permissions.add(*Permission.objects.filter(content_type__app_label="home", codename__in=CODENAMES))


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0005_municipality_text"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
