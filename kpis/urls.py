"""KPI pages of one tenant, mounted under /<tenant_slug>/kpis/."""

from django.urls import path

from .views import definitions, facts, objectives

urlpatterns = [
    path("facts/import/", facts.kpi_facts_import_view, name="kpi_facts_import"),
    path("definitions/", definitions.kpi_list, name="kpi_list"),
    path("definitions/new/", definitions.kpi_edit, name="kpi_create"),
    path("definitions/<int:kpi_id>/edit/", definitions.kpi_edit, name="kpi_edit"),
    path("objectives/", objectives.objective_list, name="objective_list"),
    path("objectives/new/", objectives.objective_edit, name="objective_create"),
    path("objectives/import/", objectives.objective_import, name="objective_import"),
    path("objectives/<int:objective_id>/edit/", objectives.objective_edit, name="objective_edit"),
    path(
        "objectives/<int:objective_id>/delete/",
        objectives.objective_delete_view,
        name="objective_delete",
    ),
]
