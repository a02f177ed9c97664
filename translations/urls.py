from django.urls import path

from . import views

app_name = "kyodo_translations"
urlpatterns = [
    path("", views.TranslationStatusView.as_view(), name="status"),
    path("plans/<int:plan_id>/po/", views.plan_bundle, name="plan_bundle"),
]
