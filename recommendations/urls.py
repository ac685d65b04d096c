"""Pages of recommendations, mounted under /<tenant_slug>/recommendations/."""

from django.urls import path

from . import views

urlpatterns = [
    path("hold-out/", views.holdout, name="holdout"),
    path("suggestions/<int:suggestion_id>/accept/", views.accept, name="suggestion_accept"),
    path("suggestions/<int:suggestion_id>/dismiss/", views.dismiss, name="suggestion_dismiss"),
    path("suggestions/<int:suggestion_id>/done/", views.done, name="suggestion_done"),
    path("hold-out/measurement/", views.measurement, name="measurement"),
    path(
        "content/<int:recommendation_id>/dismiss/",
        views.content_dismiss_view,
        name="content_dismiss",
    ),
]
