"""Learning API routes, mounted under /api/v1/ in the `api` namespace (see the root URLconf).
Ids are named after their object: the isolation walk finds another tenant's by those names."""

from django.urls import path

from network_animation.api import converters  # noqa: F401  # registers the `api_id` converter

from . import views

urlpatterns = [
    path("learning/modules/", views.ModuleListApi.as_view(), name="learning-module-list"),
    path(
        "learning/modules/<api_id:module_id>/",
        views.ModuleDetailApi.as_view(),
        name="learning-module-detail",
    ),
    path("learning/progress/", views.ProgressListApi.as_view(), name="learning-progress-list"),
    path("learning/plans/", views.PlanItemListApi.as_view(), name="learning-plan-list"),
    path(
        "learning/results/",
        views.CompetenceResultListApi.as_view(),
        name="learning-result-list",
    ),
]
