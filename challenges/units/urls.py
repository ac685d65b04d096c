"""Unit projects, the regions' own projects and coaching days, mounted with the challenges
under /<tenant_slug>/challenges/."""

from django.urls import path

from . import views
from .training.views import unit_skill_training

urlpatterns = [
    path("units/points-of-sale/<int:point_of_sale_id>/", views.unit_project, name="unit_project"),
    path(
        "units/points-of-sale/<int:point_of_sale_id>/start/",
        views.unit_project_start,
        name="unit_project_start",
    ),
    path("units/<int:unit_project_id>/stage/", views.unit_project_stage, name="unit_project_stage"),
    path("units/<int:unit_project_id>/voice/", views.unit_voice, name="unit_voice"),
    path("units/<int:unit_project_id>/senses/", views.unit_senses, name="unit_senses"),
    path("units/<int:unit_project_id>/flows/", views.unit_flows, name="unit_flows"),
    path("units/<int:unit_project_id>/flows/hours/", views.unit_flow_hours, name="unit_flow_hours"),
    path(
        "units/<int:unit_project_id>/flows/import/", views.unit_flow_import, name="unit_flow_import"
    ),
    path("units/<int:unit_project_id>/skills/", views.unit_skills, name="unit_skills"),
    path(
        "units/<int:unit_project_id>/skills/<int:membership_id>/training/",
        unit_skill_training,
        name="unit_skill_training",
    ),
    path("units/<int:unit_project_id>/actions/new/", views.unit_action_new, name="unit_action_new"),
    path("units/actions/<int:unit_action_id>/", views.unit_action, name="unit_action"),
    path(
        "units/actions/<int:unit_action_id>/edit/", views.unit_action_edit, name="unit_action_edit"
    ),
    path(
        "units/actions/<int:unit_action_id>/status/",
        views.unit_action_status,
        name="unit_action_status",
    ),
    path(
        "units/actions/<int:unit_action_id>/comment/",
        views.unit_action_comment,
        name="unit_action_comment",
    ),
    path("units/regions/<int:region_id>/", views.region_project, name="region_project"),
    path(
        "units/regions/<int:region_id>/start/",
        views.region_project_start,
        name="region_project_start",
    ),
    path(
        "units/region-projects/<int:region_project_id>/stage/",
        views.region_project_stage,
        name="region_project_stage",
    ),
    path(
        "units/region-projects/<int:region_project_id>/diagnostic/",
        views.region_diagnostic,
        name="region_diagnostic",
    ),
    path(
        "units/region-projects/<int:region_project_id>/actions/new/",
        views.region_action_new,
        name="region_action_new",
    ),
    path("units/region-actions/<int:region_action_id>/", views.region_action, name="region_action"),
    path(
        "units/region-actions/<int:region_action_id>/edit/",
        views.region_action_edit,
        name="region_action_edit",
    ),
    path(
        "units/region-actions/<int:region_action_id>/status/",
        views.region_action_status,
        name="region_action_status",
    ),
    path(
        "units/region-actions/<int:region_action_id>/comment/",
        views.region_action_comment,
        name="region_action_comment",
    ),
    path("coaching-days/", views.coaching_days, name="coaching_days"),
    path("coaching-days/new/", views.coaching_day_new, name="coaching_day_new"),
    path("coaching-days/coaches/", views.coaches_activity, name="coaches_activity"),
    path("coaching-days/<int:coaching_day_id>/", views.coaching_day, name="coaching_day"),
    path(
        "coaching-days/<int:coaching_day_id>/edit/",
        views.coaching_day_edit,
        name="coaching_day_edit",
    ),
    path(
        "coaching-days/<int:coaching_day_id>/rate/",
        views.coaching_day_rate,
        name="coaching_day_rate",
    ),
]
