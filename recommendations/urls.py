"""Pages of recommendations, mounted under /<tenant_slug>/recommendations/."""

from django.urls import path

from . import views

urlpatterns = [
    path("hold-out/", views.holdout, name="holdout"),
    path("hold-out/measurement/", views.measurement, name="measurement"),
]
