"""The organisation, read-only, for a tenant's systems. Every queryset comes from a selector."""

import django_filters
from rest_framework import generics

from .. import selectors
from ..models import PointOfSale
from .serializers import (
    JobRunOutputSerializer,
    PointOfSaleOutputSerializer,
    RegionOutputSerializer,
    ZoneOutputSerializer,
)


class TenantApiMixin:
    @property
    def tenant(self):
        return self.request.user.tenant  # type: ignore[attr-defined]


class RegionListApi(TenantApiMixin, generics.ListAPIView):
    serializer_class = RegionOutputSerializer

    def get_queryset(self):
        return selectors.region_list(tenant=self.tenant).order_by("code")


class RegionDetailApi(TenantApiMixin, generics.RetrieveAPIView):
    serializer_class = RegionOutputSerializer

    def get_object(self):
        return selectors.region_get(tenant=self.tenant, id=self.kwargs["pk"])


class ZoneListApi(TenantApiMixin, generics.ListAPIView):
    serializer_class = ZoneOutputSerializer
    filterset_fields = ["region"]

    def get_queryset(self):
        return selectors.zone_list(tenant=self.tenant).order_by("code")


class ZoneDetailApi(TenantApiMixin, generics.RetrieveAPIView):
    serializer_class = ZoneOutputSerializer

    def get_object(self):
        return selectors.zone_get(tenant=self.tenant, id=self.kwargs["pk"])


class PointOfSaleFilter(django_filters.FilterSet):
    # Declared one by one: generated filters would query the model outside any tenant scope.
    zone = django_filters.CharFilter(field_name="zone__code")
    region = django_filters.CharFilter(field_name="zone__region__code")
    type = django_filters.ChoiceFilter(choices=PointOfSale.Type.choices)
    size_class = django_filters.ChoiceFilter(choices=PointOfSale.SizeClass.choices)
    is_active = django_filters.BooleanFilter()
    search = django_filters.CharFilter(method="filter_search")

    class Meta:
        model = PointOfSale
        fields: list[str] = []

    def filter_search(self, queryset, name, value):
        return queryset.filter(name__icontains=value) | queryset.filter(code__icontains=value)


class PointOfSaleListApi(TenantApiMixin, generics.ListAPIView):
    serializer_class = PointOfSaleOutputSerializer
    filterset_class = PointOfSaleFilter

    def get_queryset(self):
        return selectors.point_of_sale_list(tenant=self.tenant).order_by("code")


class PointOfSaleDetailApi(TenantApiMixin, generics.RetrieveAPIView):
    serializer_class = PointOfSaleOutputSerializer

    def get_object(self):
        return selectors.point_of_sale_get(tenant=self.tenant, id=self.kwargs["pk"])


class JobRunListApi(TenantApiMixin, generics.ListAPIView):
    serializer_class = JobRunOutputSerializer
    filterset_fields = ["job", "status"]

    def get_queryset(self):
        return selectors.job_run_list(tenant=self.tenant)


class JobRunDetailApi(TenantApiMixin, generics.RetrieveAPIView):
    serializer_class = JobRunOutputSerializer

    def get_object(self):
        return selectors.job_run_get(tenant=self.tenant, id=self.kwargs["pk"])
