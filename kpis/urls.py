"""KPI pages of one tenant, mounted under /<tenant_slug>/kpis/."""

from django.urls import path

from . import views

urlpatterns = [
    path("facts/import/", views.kpi_facts_import_view, name="kpi_facts_import"),
]
