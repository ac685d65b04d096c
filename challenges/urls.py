"""Challenge and label pages of one tenant, mounted under /<tenant_slug>/challenges/."""

from django.urls import path

from . import views
from .units.urls import urlpatterns as unit_urlpatterns
from .visits.urls import urlpatterns as visit_urlpatterns

urlpatterns = [
    path("launch/zones/<int:zone_id>/", views.launch, name="launch_zone"),
    path("launch/regions/<int:region_id>/", views.launch, name="launch_region"),
    path("launch/network/", views.launch, name="launch_network"),
    path("<int:challenge_id>/", views.challenge_detail, name="detail"),
    path("<int:challenge_id>/publish/", views.challenge_publish, name="publish"),
    path("<int:challenge_id>/scoring/", views.challenge_scoring_edit, name="scoring"),
    path("zones/<int:zone_id>/", views.zone_challenges, name="zone_challenges"),
    path("zones/<int:zone_id>/recognition/", views.zone_recognition, name="zone_recognition"),
    path(
        "points-of-sale/<int:point_of_sale_id>/rewards/",
        views.point_of_sale_rewards,
        name="point_of_sale_rewards",
    ),
    path(
        "points-of-sale/<int:point_of_sale_id>/labels/",
        views.point_of_sale_labels,
        name="point_of_sale_labels",
    ),
    path("labels/", views.label_grids, name="label_grids"),
    path("labels/<int:label_grid_id>/", views.label_grid_edit, name="label_grid"),
]
urlpatterns += unit_urlpatterns
urlpatterns += visit_urlpatterns
