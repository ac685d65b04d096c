"""The organisation, read-only, for a tenant's systems. Every queryset comes from a selector."""

from collections.abc import Callable, Sequence
from typing import Any, cast

import django_filters
from django.core.validators import ProhibitNullCharactersValidator
from django.db.models import QuerySet
from rest_framework import generics
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import BaseParser
from rest_framework.request import Request
from rest_framework.schemas.inspectors import ViewInspector
from rest_framework.views import APIView

from .. import selectors
from ..models import JobRun, PointOfSale, Region, Tenant, TenantOwnedModel, Zone
from .auth import ServiceAccount
from .filters import StrictBooleanFilter
from .parsers import NulFreeJSONParser
from .schema import ApiAutoSchema
from .serializers import (
    JobRunOutputSerializer,
    PointOfSaleOutputSerializer,
    RegionOutputSerializer,
    ZoneOutputSerializer,
)


class TenantApiMixin(APIView):
    # Every API view: the tenant comes from the service token, the schema generator gets an
    # empty queryset. Not a docstring: drf-spectacular shows one as each operation's text.
    # An APIView itself, placed before DRF's generic views in the bases.

    model: type[TenantOwnedModel]
    tenant_queryset: Callable[[], QuerySet[Any]]
    parser_classes: Sequence[type[BaseParser]] = [NulFreeJSONParser]
    schema: ViewInspector | None = ApiAutoSchema()

    @property
    def tenant(self) -> Tenant:
        # IsTenantServiceAccount, the default permission, lets service accounts in only.
        return cast(ServiceAccount, self.request.user).tenant

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        refused = {
            name: [str(ProhibitNullCharactersValidator.message)]
            for name, values in request.query_params.lists()
            if "\x00" in name or any("\x00" in value for value in values)
        }
        if refused:  # whatever the parameter: no NUL reaches a filter or the database
            raise ValidationError(refused)

    def get_queryset(self) -> QuerySet[Any]:
        if getattr(self, "swagger_fake_view", False):
            return self.model.objects.none()
        return self.tenant_queryset()


class RegionListApi(TenantApiMixin, generics.ListAPIView):
    """The network's regions, by code."""

    serializer_class = RegionOutputSerializer
    model = Region

    def tenant_queryset(self) -> QuerySet[Region]:
        return selectors.region_list(tenant=self.tenant).order_by("code")


class RegionDetailApi(TenantApiMixin, generics.RetrieveAPIView):
    """One region of the network."""

    serializer_class = RegionOutputSerializer

    def get_object(self) -> Region:
        return selectors.region_get(tenant=self.tenant, id=self.kwargs["pk"])


class ZoneFilter(django_filters.FilterSet):
    region = django_filters.CharFilter(field_name="region__code")

    class Meta:
        model = Zone
        fields: list[str] = []


class ZoneListApi(TenantApiMixin, generics.ListAPIView):
    """The network's zones, by code; `region` keeps those of one region (its code)."""

    serializer_class = ZoneOutputSerializer
    filterset_class = ZoneFilter
    model = Zone

    def tenant_queryset(self) -> QuerySet[Zone]:
        return selectors.zone_list(tenant=self.tenant).order_by("code")


class ZoneDetailApi(TenantApiMixin, generics.RetrieveAPIView):
    """One zone of the network."""

    serializer_class = ZoneOutputSerializer

    def get_object(self) -> Zone:
        return selectors.zone_get(tenant=self.tenant, id=self.kwargs["pk"])


class PointOfSaleFilter(django_filters.FilterSet):
    # Declared one by one: generated filters would query the model outside any tenant scope.
    zone = django_filters.CharFilter(field_name="zone__code")
    region = django_filters.CharFilter(field_name="zone__region__code")
    type = django_filters.ChoiceFilter(choices=PointOfSale.Type.choices)
    size_class = django_filters.ChoiceFilter(choices=PointOfSale.SizeClass.choices)
    is_active = StrictBooleanFilter()
    search = django_filters.CharFilter(method="filter_search")

    class Meta:
        model = PointOfSale
        fields: list[str] = []

    def filter_search(
        self, queryset: QuerySet[PointOfSale], name: str, value: str
    ) -> QuerySet[PointOfSale]:
        return queryset.filter(name__icontains=value) | queryset.filter(code__icontains=value)


class PointOfSaleListApi(TenantApiMixin, generics.ListAPIView):
    """The network's points of sale, by code; `search` looks in names and codes."""

    serializer_class = PointOfSaleOutputSerializer
    filterset_class = PointOfSaleFilter
    model = PointOfSale

    def tenant_queryset(self) -> QuerySet[PointOfSale]:
        return selectors.point_of_sale_list(tenant=self.tenant).order_by("code")


class PointOfSaleDetailApi(TenantApiMixin, generics.RetrieveAPIView):
    """One point of sale of the network."""

    serializer_class = PointOfSaleOutputSerializer

    def get_object(self) -> PointOfSale:
        return selectors.point_of_sale_get(tenant=self.tenant, id=self.kwargs["pk"])


class JobRunFilter(django_filters.FilterSet):
    job = django_filters.CharFilter()
    status = django_filters.ChoiceFilter(choices=JobRun.Status.choices)

    class Meta:
        model = JobRun
        fields: list[str] = []


class JobRunListApi(TenantApiMixin, generics.ListAPIView):
    """The network's job runs (nightly aggregation, imports), the latest first."""

    serializer_class = JobRunOutputSerializer
    filterset_class = JobRunFilter
    model = JobRun

    def tenant_queryset(self) -> QuerySet[JobRun]:
        return selectors.job_run_list(tenant=self.tenant)


class JobRunDetailApi(TenantApiMixin, generics.RetrieveAPIView):
    """One job run: its status, counts, progress and error."""

    serializer_class = JobRunOutputSerializer

    def get_object(self) -> JobRun:
        return selectors.job_run_get(tenant=self.tenant, id=self.kwargs["pk"])
