from typing import Any

from django.conf import settings
from django.urls import path
from django.utils.csp import CSP
from django.views.decorators.csp import csp_override
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from . import (
    converters,  # noqa: F401  # registers the `api_id` path converter
    views,
)

DOCS_CSP: dict[str, Any] = {**settings.SECURE_CSP, "style-src": [CSP.SELF, CSP.UNSAFE_INLINE]}

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # Swagger UI sets inline styles: allowed on this page only, scripts stay strict.
    path(
        "docs/",
        csp_override(DOCS_CSP)(SpectacularSwaggerSplitView.as_view(url_name="api:schema")),
        name="docs",
    ),
    path("regions/", views.RegionListApi.as_view(), name="region-list"),
    path("regions/<api_id:pk>/", views.RegionDetailApi.as_view(), name="region-detail"),
    path("zones/", views.ZoneListApi.as_view(), name="zone-list"),
    path("zones/<api_id:pk>/", views.ZoneDetailApi.as_view(), name="zone-detail"),
    path("points-of-sale/", views.PointOfSaleListApi.as_view(), name="point-of-sale-list"),
    path(
        "points-of-sale/<api_id:pk>/",
        views.PointOfSaleDetailApi.as_view(),
        name="point-of-sale-detail",
    ),
    path("job-runs/", views.JobRunListApi.as_view(), name="job-run-list"),
    path("job-runs/<api_id:pk>/", views.JobRunDetailApi.as_view(), name="job-run-detail"),
]
