from django.urls import path

from ..reports import views as reports
from . import views

urlpatterns = [
    path("reports/", reports.reports, name="reports"),
    path("zones/<int:zone_id>/heat-map/", views.zone_heat_map, name="zone_heat_map"),
    path("regions/<int:region_id>/heat-map/", views.region_heat_map, name="region_heat_map"),
    path("network/heat-map/", views.network_heat_map, name="network_heat_map"),
]
