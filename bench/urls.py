"""The product's URLs plus the floor view, under the tenant like the product's pages."""

from django.urls import path

from network_animation.urls import handler403
from network_animation.urls import urlpatterns as product_urlpatterns

from .views import floor

urlpatterns = [
    path("<slug:tenant_slug>/bench-floor/<int:point_of_sale_id>/", floor, name="bench_floor"),
    *product_urlpatterns,
]

__all__ = ["handler403", "urlpatterns"]
