"""Recommendations for a tenant's systems, read only: the content recommended to the points of
sale (a token is no one in particular: it reads what head office would, nothing for a held-out
point of sale), and the zones' alerts, the surest shortfalls first. Every queryset from a
selector."""

from typing import Any

import django_filters
from django.db.models import QuerySet
from rest_framework import generics
from rest_framework.request import Request
from rest_framework.response import Response

from network_animation.api.views import TenantApiMixin

from .. import selectors
from ..models import ContentRecommendation, KpiGap
from .serializers import ContentRecommendationOutputSerializer, KpiGapOutputSerializer


class ContentRecommendationFilter(django_filters.FilterSet):
    # Declared one by one: generated filters would query related models outside the scope.
    point_of_sale = django_filters.CharFilter(
        field_name="point_of_sale__code", help_text="A point of sale's code."
    )
    zone = django_filters.CharFilter(field_name="point_of_sale__zone__code")
    kpi = django_filters.CharFilter(field_name="kpi__code", help_text="A KPI's code.")

    class Meta:
        model = ContentRecommendation
        fields: list[str] = []


class ContentRecommendationListApi(TenantApiMixin, generics.ListAPIView):
    """The content recommended to each point of sale for its off-target KPIs, by point of
    sale, KPI and rank, with the reason in the request's language (`Accept-Language`)."""

    serializer_class = ContentRecommendationOutputSerializer
    filterset_class = ContentRecommendationFilter
    model = ContentRecommendation

    def tenant_queryset(self) -> QuerySet[ContentRecommendation]:
        return selectors.content_recommendations_published(tenant=self.tenant)

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        rows = self.paginate_queryset(self.filter_queryset(self.get_queryset())) or []
        items = selectors.content_items(tenant=self.tenant, rows=rows)
        context = {**self.get_serializer_context(), "items": items}
        serializer = self.get_serializer(rows, many=True, context=context)
        return self.get_paginated_response(serializer.data)


class KpiGapFilter(django_filters.FilterSet):
    zone = django_filters.CharFilter(field_name="zone__code", help_text="A zone's code.")
    point_of_sale = django_filters.CharFilter(field_name="point_of_sale__code")
    kpi = django_filters.CharFilter(field_name="kpi__code")

    class Meta:
        model = KpiGap
        fields: list[str] = []


class KpiAlertListApi(TenantApiMixin, generics.ListAPIView):
    """The alerts (a point of sale off target on a KPI this month), ranked as the zone page
    ranks them: the surest shortfalls first, then the largest; `zone` keeps one zone's."""

    serializer_class = KpiGapOutputSerializer
    filterset_class = KpiGapFilter
    model = KpiGap

    def tenant_queryset(self) -> QuerySet[KpiGap]:
        return selectors.kpi_alerts_ranked(tenant=self.tenant)
