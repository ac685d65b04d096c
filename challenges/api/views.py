"""Challenges, leaderboards and labels, read-only, for a tenant's systems. Every queryset comes
from a selector."""

import django_filters
from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema_field
from rest_framework import generics

from network_animation.api.filters import IntegerFilter
from network_animation.api.views import TenantApiMixin

from .. import selectors
from ..models import Challenge, ChallengeStanding, LabelAward, LabelLevel, ScopeLevel, Status
from .serializers import (
    ChallengeOutputSerializer,
    LabelAwardOutputSerializer,
    StandingOutputSerializer,
)


class ChallengeFilter(django_filters.FilterSet):
    # Declared one by one: generated filters would query related models outside the scope.
    status = django_filters.ChoiceFilter(choices=Status.choices)
    level = django_filters.ChoiceFilter(choices=ScopeLevel.choices)
    zone = django_filters.CharFilter(field_name="zone__code")
    region = django_filters.CharFilter(field_name="region__code")
    search = django_filters.CharFilter(field_name="name", lookup_expr="icontains")

    class Meta:
        model = Challenge
        fields: list[str] = []


class ChallengeListApi(TenantApiMixin, generics.ListAPIView):
    """The network's challenges, the latest first, with their KPIs."""

    serializer_class = ChallengeOutputSerializer
    filterset_class = ChallengeFilter
    model = Challenge

    def tenant_queryset(self) -> QuerySet[Challenge]:
        return (
            selectors.challenge_list(tenant=self.tenant)
            .prefetch_related("kpis__kpi")
            .order_by("-start_date", "pk")
        )


class ChallengeDetailApi(TenantApiMixin, generics.RetrieveAPIView):
    """One challenge, with its KPIs."""

    serializer_class = ChallengeOutputSerializer

    def get_object(self) -> Challenge:
        return selectors.challenge_get(tenant=self.tenant, id=self.kwargs["pk"])


class ChallengeLeaderboardApi(TenantApiMixin, generics.ListAPIView):
    """A challenge's standings, in rank order (participants without a figure last)."""

    serializer_class = StandingOutputSerializer
    model = ChallengeStanding

    def tenant_queryset(self) -> QuerySet[ChallengeStanding]:
        challenge = selectors.challenge_get(tenant=self.tenant, id=self.kwargs["pk"])
        return selectors.standing_list(tenant=self.tenant, challenge=challenge)


class LabelAwardFilter(django_filters.FilterSet):
    year = IntegerFilter(min_value=1, max_value=9999)
    # The model's level may be null (no label reached), a filter's value may not.
    level = extend_schema_field({"type": "integer", "enum": LabelLevel.values})(
        django_filters.ChoiceFilter(choices=LabelLevel.choices)
    )
    point_of_sale = django_filters.CharFilter(field_name="point_of_sale__code")
    zone = django_filters.CharFilter(field_name="point_of_sale__zone__code")

    class Meta:
        model = LabelAward
        fields: list[str] = []


class LabelAwardListApi(TenantApiMixin, generics.ListAPIView):
    """The labels points of sale reached, the latest year first."""

    serializer_class = LabelAwardOutputSerializer
    filterset_class = LabelAwardFilter
    model = LabelAward

    def tenant_queryset(self) -> QuerySet[LabelAward]:
        return selectors.label_award_list(tenant=self.tenant).order_by(
            "-year", "point_of_sale__code"
        )
