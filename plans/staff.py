"""The office's groups and the review workflow, named in Japanese.

- 広報担当 (PR office): edits and publishes every page, reviews departments' answers, runs the
  reporting rounds, imports plan tables, edits departments, the glossary, the plans'
  indicators and the search's synonyms.
- 担当課職員 (department staff): signs in to the admin and records the progress of the items
  of the departments they belong to (「担当の事業」) and sees the plans' indicators, nothing
  else: no page, no import, no publishing. Which items is decided by the departments'
  members, not by the group.

The review workflow 「広報担当の確認」 has one task, approved by 広報担当. Wagtail's own
installation creates "Moderators", "Editors" and "Moderators approval"; while they still
carry those names they are renamed (a name a person chose is kept). Safe to run again: it
adds what is missing and never takes away a permission a person granted.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils.translation import gettext as _

from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

PR_GLOBAL = [
    ("wagtailadmin", "access_admin"),
    ("plans", "manage_reportinground"),
    ("plans", "add_department"),
    ("plans", "change_department"),
    ("plans", "view_department"),
    ("plans", "add_glossaryterm"),
    ("plans", "change_glossaryterm"),
    ("plans", "view_glossaryterm"),
    ("plans", "add_indicator"),
    ("plans", "change_indicator"),
    ("plans", "delete_indicator"),
    ("plans", "publish_indicator"),
    ("plans", "view_indicator"),
    ("home", "change_municipalitysettings"),
    ("home", "add_municipalitytext"),
    ("home", "change_municipalitytext"),
    ("home", "view_municipalitytext"),
    ("search", "add_synonym"),
    ("search", "change_synonym"),
    ("search", "delete_synonym"),
    ("search", "view_synonym"),
    ("wagtail_localize", "submit_translation"),
]
PR_PAGE = ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]
PR_COLLECTION = [
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
]
DEPARTMENT_GLOBAL = [("wagtailadmin", "access_admin"), ("plans", "view_indicator")]

# Wagtail's installation names, renamed while nobody has renamed them.
WAGTAIL_NAMES = {"Moderators": "pr", "Editors": "editors"}
WAGTAIL_WORKFLOW = "Moderators approval"


def pr_group_name() -> str:
    return _("広報担当")


def department_group_name() -> str:
    return _("担当課職員")


def editors_group_name() -> str:
    return _("ページ編集者")


def workflow_name() -> str:
    return _("広報担当の確認")


def task_name() -> str:
    return _("広報担当による確認")


@dataclass
class StaffReport:
    created: list[str] = field(default_factory=list)
    renamed: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        lines = [_("作成: %(name)s") % {"name": name} for name in self.created]
        lines += [_("名称を変更: %(name)s") % {"name": name} for name in self.renamed]
        return lines or [_("変更はありません。")]


def _permissions(pairs) -> list[Permission]:
    found = []
    for app_label, codename in pairs:
        permission = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
        if permission is not None:
            found.append(permission)
    return found


def _group(name: str, wagtail_name: str | None, report: StaffReport, *, create: bool = True) -> Group | None:
    group = Group.objects.filter(name=name).first()
    if group is None and wagtail_name:
        group = Group.objects.filter(name=wagtail_name).first()
        if group is not None:
            report.renamed.append(f"{wagtail_name} → {name}")
            group.name = name
            group.save(update_fields=["name"])
    if group is None and create:
        group = Group.objects.create(name=name)
        report.created.append(name)
    return group


def _grant(pr: Group, department: Group) -> None:
    pr.permissions.add(*_permissions(PR_GLOBAL))
    department.permissions.add(*_permissions(DEPARTMENT_GLOBAL))
    root = Page.get_first_root_node()
    for codename in PR_PAGE:
        permission = Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)
        GroupPagePermission.objects.get_or_create(group=pr, page=root, permission=permission)
    collection = Collection.get_first_root_node()
    for permission in _permissions(PR_COLLECTION):
        GroupCollectionPermission.objects.get_or_create(
            group=pr, collection=collection, permission=permission
        )


@transaction.atomic
def setup_staff_groups(*, grant_existing: bool = True) -> StaffReport:
    """``grant_existing=False`` (what ``load_demo`` runs on its own) gives the permissions
    only to groups made or renamed in this run: a permission a person took away from an
    existing group stays away. The command, run by a person, grants them again."""
    report = StaffReport()
    pr = _group(pr_group_name(), "Moderators", report)
    # Wagtail's "Editors" is renamed, never created: Kyodo's roles are the two groups here.
    _group(editors_group_name(), "Editors", report, create=False)
    department = _group(department_group_name(), None, report)
    if grant_existing or report.created or report.renamed:
        _grant(pr, department)

    workflow = Workflow.objects.filter(name=workflow_name()).first()
    if workflow is None:
        workflow = Workflow.objects.filter(name=WAGTAIL_WORKFLOW).first()
        if workflow is not None:
            workflow.name = workflow_name()
            workflow.save(update_fields=["name"])
            report.renamed.append(f"{WAGTAIL_WORKFLOW} → {workflow.name}")
    if workflow is None:
        workflow = Workflow.objects.create(name=workflow_name(), active=True)
        report.created.append(workflow.name)
    task = GroupApprovalTask.objects.filter(workflow_tasks__workflow=workflow).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=task_name())
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
        report.created.append(task.name)
    elif task.name == WAGTAIL_WORKFLOW:
        task.name = task_name()
        task.save(update_fields=["name"])
        report.renamed.append(f"{WAGTAIL_WORKFLOW} → {task.name}")
    if grant_existing or report.created or report.renamed:
        task.groups.add(pr)
        root = Page.get_first_root_node()
        if not WorkflowPage.objects.filter(page=root).exists():
            WorkflowPage.objects.create(page=root, workflow=workflow)
    return report
