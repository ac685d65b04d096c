"""The KPI API: facts in (a tenant's systems push them), KPIs and rollups out."""

from typing import cast

import django_filters
from django.db.models import QuerySet
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiResponse,
    PolymorphicProxySerializer,
    extend_schema,
    inline_serializer,
)
from rest_framework import generics, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from network_animation.api.auth import ServiceAccount
from network_animation.api.filters import StrictBooleanFilter
from network_animation.api.schema import ErrorDetailSerializer, FieldErrorsSerializer
from network_animation.api.views import TenantApiMixin
from network_animation.tabular import ImportRejected, RowError

from .. import errors, selectors
from ..fact_table import facts_table_from_records
from ..models import Aggregation, KpiDefinition, KpiRollup, RollupLevel, RollupPeriod, Source
from ..services.facts import API_BATCH_LIMIT, kpi_facts_import
from .serializers import (
    ItemErrorSerializer,
    KpiFactBatchInputSerializer,
    KpiFactImportOutputSerializer,
    KpiOutputSerializer,
    RollupOutputSerializer,
)


def _error_response(found: list[RowError]) -> Response:
    items = [{"index": e.line, "field": e.column, "reason": e.reason} for e in found]
    return Response({"errors": items}, status=status.HTTP_400_BAD_REQUEST)


# The import's own answer lists each bad fact; a body that is not JSON (or holds a NUL) gets
# DRF's answer, a `detail`; a NUL in a query parameter, the parameter's name.
IMPORT_REJECTED = PolymorphicProxySerializer(
    component_name="KpiFactImportRejected",
    serializers=[
        inline_serializer("KpiFactErrors", fields={"errors": ItemErrorSerializer(many=True)}),
        ErrorDetailSerializer,
        FieldErrorsSerializer,
    ],
    resource_type_field_name=None,
)
BATCH_EXAMPLE = OpenApiExample(
    "Two facts",
    value={
        "facts": [
            {"point_of_sale": "PDV-0042", "kpi": "sales", "date": "2025-01-31", "value": 12},
            {"point_of_sale": "PDV-0042", "kpi": "leads", "date": "2025-01-31", "value": 30.5},
        ]
    },
    request_only=True,
)


class KpiFactImportApi(TenantApiMixin, APIView):
    @extend_schema(
        request=KpiFactBatchInputSerializer,
        responses={
            201: KpiFactImportOutputSerializer,
            400: OpenApiResponse(IMPORT_REJECTED, "Nothing was imported."),
        },
        examples=[BATCH_EXAMPLE],
        description="Load up to 50,000 facts; all or nothing. A fact sent again replaces the "
        "earlier value (key: point of sale, KPI, person, date). A bare JSON list is "
        "accepted too.",
    )
    def post(self, request: Request) -> Response:
        records = request.data.get("facts") if isinstance(request.data, dict) else request.data
        if not isinstance(records, list):
            return _error_response([RowError(0, "", str(errors.NOT_A_LIST))])
        if len(records) > API_BATCH_LIMIT:
            reason = str(errors.TOO_MANY_FACTS) % {"limit": API_BATCH_LIMIT, "count": len(records)}
            return _error_response([RowError(0, "", reason)])
        table, shape_errors = facts_table_from_records(records)
        try:
            result = kpi_facts_import(
                tenant=self.tenant,
                actor=cast(ServiceAccount, request.user),  # IsTenantServiceAccount let it in
                table=table,
                source="api",
                earlier_errors=shape_errors,
            )
        except ImportRejected as rejected:
            return _error_response(rejected.errors)
        output = {
            "received": result.received,
            "written": result.written,
            "job_run": result.job_run_id,
        }
        return Response(KpiFactImportOutputSerializer(output).data, status=status.HTTP_201_CREATED)


class KpiFilter(django_filters.FilterSet):
    # Declared one by one: generated filters would query the model outside any tenant scope.
    aggregation = django_filters.ChoiceFilter(choices=Aggregation.choices)
    source = django_filters.ChoiceFilter(choices=Source.choices)
    is_active = StrictBooleanFilter()

    class Meta:
        model = KpiDefinition
        fields: list[str] = []


class KpiListApi(TenantApiMixin, generics.ListAPIView):
    """The network's KPIs, in the order the dashboards show them."""

    serializer_class = KpiOutputSerializer
    filterset_class = KpiFilter
    model = KpiDefinition

    def tenant_queryset(self) -> QuerySet[KpiDefinition]:
        return selectors.kpi_list(tenant=self.tenant).order_by("position", "code")


class RollupFilter(django_filters.FilterSet):
    # Declared one by one: generated filters would query related models outside the scope.
    kpi = django_filters.CharFilter(field_name="kpi__code")
    period = django_filters.ChoiceFilter(choices=RollupPeriod.choices)
    period_start = django_filters.DateFilter()
    period_start_from = django_filters.DateFilter(field_name="period_start", lookup_expr="gte")
    period_start_to = django_filters.DateFilter(field_name="period_start", lookup_expr="lte")
    level = django_filters.ChoiceFilter(choices=RollupLevel.choices)
    point_of_sale = django_filters.CharFilter(field_name="point_of_sale__code")
    zone = django_filters.CharFilter(field_name="zone__code")
    region = django_filters.CharFilter(field_name="region__code")
    off_target = StrictBooleanFilter(method="filter_off_target")

    class Meta:
        model = KpiRollup
        fields: list[str] = []

    def filter_off_target(
        self, queryset: QuerySet[KpiRollup], name: str, value: bool
    ) -> QuerySet[KpiRollup]:
        off = queryset.filter(achievement_rate__lt=1)
        return off if value else queryset.exclude(pk__in=off.values("pk"))


class RollupListApi(TenantApiMixin, generics.ListAPIView):
    """Rollups by KPI, period and scope, as the nightly aggregation left them."""

    serializer_class = RollupOutputSerializer
    filterset_class = RollupFilter
    model = KpiRollup

    def tenant_queryset(self) -> QuerySet[KpiRollup]:
        return selectors.rollup_list(tenant=self.tenant).order_by(
            "period", "period_start", "level", "scope_id", "kpi__position", "kpi__code"
        )
