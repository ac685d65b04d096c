"""Pages of learning, mounted under /<tenant_slug>/learning/."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.module_list, name="list"),
    path("<int:module_id>/", views.module, name="module"),
    path("<int:module_id>/start/", views.module_start, name="start"),
    path("<int:module_id>/steps/<int:step_id>/", views.step_pass, name="step_pass"),
    path("review/", views.review, name="review"),
    path("review/day-off/", views.day_off, name="day_off"),
    path("review/<int:card_id>/", views.review_answer, name="review_answer"),
    path("assignments/", views.assignments, name="assignments"),
    path("assignments/points/<int:point_of_sale_id>/", views.push, name="push"),
    path("manage/", views.manage, name="manage"),
    path("manage/new/", views.module_new, name="module_new"),
    path("manage/<int:module_id>/", views.module_manage, name="manage_module"),
    path("manage/<int:module_id>/edit/", views.module_edit, name="module_edit"),
    path("manage/<int:module_id>/preview/", views.module_preview, name="preview"),
    path("manage/<int:module_id>/publish/", views.module_publish, name="publish"),
    path("manage/<int:module_id>/archive/", views.module_archive, name="archive"),
    path("manage/<int:module_id>/steps/new/", views.step_new, name="step_new"),
    path("manage/<int:module_id>/steps/<int:step_id>/", views.step_edit, name="step_edit"),
    path("manage/<int:module_id>/steps/<int:step_id>/move/", views.step_move, name="step_move"),
    path(
        "manage/<int:module_id>/steps/<int:step_id>/delete/",
        views.step_delete,
        name="step_delete",
    ),
]
