"""広報担当 keeps the plans' indicators (指標): add, change, delete, publish and view them;
担当課職員 may view them.

The permissions are made here (Django makes them only after all migrations have run, and
Wagtail adds 「publish」 for snippets with drafts then too), and given to the groups when they
exist; ``setup_staff_groups`` grants them too."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

PR_GROUP = "広報担当"
DEPARTMENT_GROUP = "担当課職員"
PR_CODENAMES = ["add_indicator", "change_indicator", "delete_indicator", "publish_indicator", "view_indicator"]
DEPARTMENT_CODENAMES = ["view_indicator"]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("plans")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    content_type, _created = ContentType.objects.get_or_create(app_label="plans", model="indicator")
    Permission.objects.get_or_create(
        content_type=content_type, codename="publish_indicator", defaults={"name": "Can publish 指標"}
    )
    for name, codenames in ((PR_GROUP, PR_CODENAMES), (DEPARTMENT_GROUP, DEPARTMENT_CODENAMES)):
        group = Group.objects.filter(name=name).first()
        if group is not None:
            group.permissions.add(*Permission.objects.filter(content_type=content_type, codename__in=codenames))


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0012_indicators"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
