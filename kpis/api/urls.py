"""KPI API routes, mounted under /api/v1/ in the `api` namespace (see the root URLconf)."""

from django.urls import path

from . import views

urlpatterns = [
    path("kpi-facts/", views.KpiFactImportApi.as_view(), name="kpi-fact-import"),
    path("kpis/", views.KpiListApi.as_view(), name="kpi-list"),
    path("rollups/", views.RollupListApi.as_view(), name="rollup-list"),
]
