"""Visits and survey campaigns, mounted with the challenges under /<tenant_slug>/challenges/."""

from django.urls import path

from . import views

urlpatterns = [
    path("visits/", views.visits, name="visits"),
    path("visits/new/", views.visit_new, name="visit_new"),
    path(
        "visits/points-of-sale/<int:point_of_sale_id>/",
        views.visits_of_point,
        name="visits_of_point",
    ),
    path("visits/<int:visit_id>/", views.visit, name="visit"),
    path("visits/<int:visit_id>/edit/", views.visit_edit, name="visit_edit"),
    path(
        "visits/<int:visit_id>/photos/<int:visit_photo_id>/",
        views.visit_photo,
        name="visit_photo",
    ),
    path("visits/grids/", views.visit_grids, name="visit_grids"),
    path("visits/grids/<int:visit_grid_id>/", views.visit_grid, name="visit_grid"),
    path("visits/campaigns/", views.campaigns, name="campaigns"),
    path("visits/campaigns/<int:survey_campaign_id>/", views.campaign, name="campaign"),
    path(
        "visits/campaigns/<int:survey_campaign_id>/import/",
        views.campaign_import,
        name="campaign_import",
    ),
    path(
        "visits/campaigns/<int:survey_campaign_id>/results/",
        views.campaign_result,
        name="campaign_result",
    ),
]
