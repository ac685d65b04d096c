"""The organisation, read-only, for a tenant's systems. Every queryset comes from a selector."""

from collections.abc import Callable
from typing import Any

import django_filters
from django.db.models import QuerySet
from rest_framework import generics

from .. import selectors
from ..models import JobRun, PointOfSale, Region, Zone
from .serializers import (
    JobRunOutputSerializer,
    PointOfSaleOutputSerializer,
    RegionOutputSerializer,
    ZoneOutputSerializer,
)


class TenantApiMixin:
    """The tenant comes from the service token; the schema generator gets an empty queryset."""

    model: Any
    tenant_queryset: Callable[[], QuerySet]

    @property
    def tenant(self):
        return self.request.user.tenant  # type: ignore[attr-defined]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.model.objects.none()
        return self.tenant_queryset()


class RegionListApi(TenantApiMixin, generics.ListAPIView):
    serializer_class = RegionOutputSerializer
    model = Region

    def tenant_queryset(self):
        return selectors.region_list(tenant=self.tenant).order_by("code")


class RegionDetailApi(TenantApiMixin, generics.RetrieveAPIView):
    serializer_class = RegionOutputSerializer

    def get_object(self):
        return selectors.region_get(tenant=self.tenant, id=self.kwargs["pk"])


class ZoneFilter(django_filters.FilterSet):
    region = django_filters.CharFilter(field_name="region__code")

    class Meta:
        model = Zone
        fields: list[str] = []


class ZoneListApi(TenantApiMixin, generics.ListAPIView):
    serializer_class = ZoneOutputSerializer
    filterset_class = ZoneFilter
    model = Zone

    def tenant_queryset(self):
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
    model = PointOfSale

    def tenant_queryset(self):
        return selectors.point_of_sale_list(tenant=self.tenant).order_by("code")


class PointOfSaleDetailApi(TenantApiMixin, generics.RetrieveAPIView):
    serializer_class = PointOfSaleOutputSerializer

    def get_object(self):
        return selectors.point_of_sale_get(tenant=self.tenant, id=self.kwargs["pk"])


class JobRunFilter(django_filters.FilterSet):
    job = django_filters.CharFilter()
    status = django_filters.ChoiceFilter(choices=JobRun.Status.choices)

    class Meta:
        model = JobRun
        fields: list[str] = []


class JobRunListApi(TenantApiMixin, generics.ListAPIView):
    serializer_class = JobRunOutputSerializer
    filterset_class = JobRunFilter
    model = JobRun

    def tenant_queryset(self):
        return selectors.job_run_list(tenant=self.tenant)


class JobRunDetailApi(TenantApiMixin, generics.RetrieveAPIView):
    serializer_class = JobRunOutputSerializer

    def get_object(self):
        return selectors.job_run_get(tenant=self.tenant, id=self.kwargs["pk"])
