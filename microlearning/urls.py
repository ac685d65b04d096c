"""Pages of learning, mounted under /<tenant_slug>/learning/."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.module_list, name="list"),
    path("<int:module_id>/", views.module, name="module"),
    path("<int:module_id>/start/", views.module_start, name="start"),
    path("<int:module_id>/steps/<int:step_id>/", views.step_pass, name="step_pass"),
    path("<int:module_id>/steps/<int:image_step_id>/image/", views.step_image, name="step_image"),
    path("review/", views.review, name="review"),
    path("review/day-off/", views.day_off, name="day_off"),
    path("review/<int:card_id>/", views.review_answer, name="review_answer"),
    path("assignments/", views.assignments, name="assignments"),
    path("assignments/points/<int:point_of_sale_id>/", views.push, name="push"),
    path("assessments/", views.my_assessments, name="assessments"),
    path("assessments/<int:assessment_id>/", views.assessment_take, name="assessment"),
    path(
        "assessments/<int:assessment_id>/start/",
        views.assessment_start,
        name="assessment_start",
    ),
    path(
        "assessments/<int:assessment_id>/questions/<int:question_id>/",
        views.assessment_answer,
        name="assessment_answer",
    ),
    path("plan/", views.my_plan, name="my_plan"),
    path("plans/", views.plans, name="plans"),
    path("plans/<int:membership_id>/", views.person_plan, name="person_plan"),
    path("plans/<int:membership_id>/add/", views.plan_add, name="plan_add"),
    path("plans/<int:membership_id>/reviewed/", views.plan_reviewed, name="plan_reviewed"),
    path(
        "plans/<int:membership_id>/items/<int:plan_item_id>/",
        views.plan_item,
        name="plan_item",
    ),
    path("competences/", views.framework, name="framework"),
    path("competences/new/", views.competence_edit, name="competence_new"),
    path("competences/<int:competence_id>/", views.competence_edit, name="competence_edit"),
    path("competences/levels/new/", views.level_edit, name="level_new"),
    path("competences/levels/<int:level_id>/", views.level_edit, name="level_edit"),
    path("competences/assessments/new/", views.assessment_edit, name="assessment_new"),
    path(
        "competences/assessments/<int:assessment_id>/",
        views.assessment_edit,
        name="assessment_manage",
    ),
    path(
        "competences/assessments/<int:assessment_id>/publish/",
        views.assessment_publish,
        name="assessment_publish",
    ),
    path(
        "competences/assessments/<int:assessment_id>/questions/new/",
        views.question_edit,
        name="question_new",
    ),
    path(
        "competences/assessments/<int:assessment_id>/questions/<int:question_id>/",
        views.question_edit,
        name="question_edit",
    ),
    path(
        "competences/assessments/<int:assessment_id>/questions/<int:question_id>/delete/",
        views.question_delete,
        name="question_delete",
    ),
    path("competences/certifications/new/", views.certification_edit, name="certification_new"),
    path(
        "competences/certifications/<int:certification_id>/",
        views.certification_edit,
        name="certification_edit",
    ),
    path("completion/", views.completion, name="completion"),
    path("manage/", views.manage, name="manage"),
    path("manage/settings/", views.learning_settings, name="settings"),
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
