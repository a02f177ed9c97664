"""URLs of the staff screens, mounted under ``/admin/kyodo/`` by ``plans.wagtail_hooks``."""

from django.urls import path

from . import import_help, imports, my_items, rounds

app_name = "kyodo_admin"

urlpatterns = [
    path("my-items/", my_items.MyItemsView.as_view(), name="my_items"),
    path("my-items/<int:item_id>/progress/", my_items.MyItemProgressView.as_view(), name="my_item_progress"),
    path("rounds/", rounds.RoundListView.as_view(), name="rounds"),
    path("rounds/new/", rounds.RoundCreateView.as_view(), name="round_create"),
    path("rounds/<int:pk>/", rounds.RoundDetailView.as_view(), name="round_detail"),
    path("rounds/<int:pk>/items/<int:item_id>/review/", rounds.review_view, name="round_review"),
    path("rounds/<int:pk>/remind/", rounds.remind_view, name="round_remind"),
    path("rounds/<int:pk>/close/", rounds.close_view, name="round_close"),
    path("rounds/<int:pk>/correct/", rounds.correct_view, name="round_correct"),
    path("imports/", imports.UploadView.as_view(), name="imports"),
    path("imports/plan/<int:plan_id>/", imports.UploadView.as_view(), name="plan_imports"),
    path("imports/template/", import_help.TemplateDownloadView.as_view(), name="import_template"),
    path("imports/help/", import_help.HelpView.as_view(), name="import_help"),
    path("imports/<int:pk>/", imports.ReportView.as_view(), name="import_detail"),
    path("imports/<int:pk>/apply/", imports.ApplyView.as_view(), name="import_apply"),
    path("imports/<int:pk>/sheet/", imports.SheetView.as_view(), name="import_sheet"),
]
