"""Challenges, leaderboards and labels, read-only, for a tenant's systems."""

import django_filters
from rest_framework import generics

from network_animation.api.views import TenantApiMixin

from .. import selectors
from ..models import Challenge, ChallengeStanding, LabelAward, ScopeLevel, Status
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
    serializer_class = ChallengeOutputSerializer
    filterset_class = ChallengeFilter
    model = Challenge

    def tenant_queryset(self):
        return (
            selectors.challenge_list(tenant=self.tenant)
            .prefetch_related("kpis__kpi")
            .order_by("-start_date", "pk")
        )


class ChallengeDetailApi(TenantApiMixin, generics.RetrieveAPIView):
    serializer_class = ChallengeOutputSerializer

    def get_object(self):
        return selectors.challenge_get(tenant=self.tenant, id=self.kwargs["pk"])


class ChallengeLeaderboardApi(TenantApiMixin, generics.ListAPIView):
    """A challenge's standings, in rank order (participants without a figure last)."""

    serializer_class = StandingOutputSerializer
    model = ChallengeStanding

    def tenant_queryset(self):
        challenge = selectors.challenge_get(tenant=self.tenant, id=self.kwargs["pk"])
        return (
            ChallengeStanding.objects.filter(tenant=self.tenant, challenge=challenge)
            .select_related("point_of_sale", "person__user")
            .order_by("rank", "point_of_sale__code", "person_key")
        )


class LabelAwardFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter()
    level = django_filters.NumberFilter()
    point_of_sale = django_filters.CharFilter(field_name="point_of_sale__code")
    zone = django_filters.CharFilter(field_name="point_of_sale__zone__code")

    class Meta:
        model = LabelAward
        fields: list[str] = []


class LabelAwardListApi(TenantApiMixin, generics.ListAPIView):
    serializer_class = LabelAwardOutputSerializer
    filterset_class = LabelAwardFilter
    model = LabelAward

    def tenant_queryset(self):
        return (
            LabelAward.objects.filter(tenant=self.tenant)
            .select_related("point_of_sale")
            .order_by("-year", "point_of_sale__code")
        )
