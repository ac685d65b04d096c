"""Recommendations API routes, mounted under /api/v1/ in the `api` namespace (see the root
URLconf)."""

from django.urls import path

from . import views

urlpatterns = [
    path(
        "recommendations/content/",
        views.ContentRecommendationListApi.as_view(),
        name="recommendations-content-list",
    ),
    path(
        "recommendations/alerts/",
        views.KpiAlertListApi.as_view(),
        name="recommendations-alert-list",
    ),
]
