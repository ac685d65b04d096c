"""Learning for a tenant's systems (a manufacturer's LMS following along): the published
modules, and everyone's progress through them. Read only; every queryset from a selector."""

import django_filters
from django.db.models import QuerySet
from rest_framework import generics

from network_animation.api.filters import IntegerFilter, StrictBooleanFilter
from network_animation.api.views import TenantApiMixin

from .. import selectors
from ..models import CompetenceResult, Module, PlanItem, Progress
from ..models.modules import Language
from ..selectors import competences as selectors_competences
from ..selectors import plans as selectors_plans
from .serializers import (
    CompetenceResultOutputSerializer,
    ModuleDetailOutputSerializer,
    ModuleOutputSerializer,
    PlanItemOutputSerializer,
    ProgressOutputSerializer,
)

MAX_ID = 2**63 - 1


class ModuleFilter(django_filters.FilterSet):
    # Declared one by one: generated filters would query related models outside the scope.
    kpi = django_filters.CharFilter(field_name="kpi_links__kpi__code", help_text="A KPI's code.")
    language = django_filters.ChoiceFilter(choices=Language.choices)
    competence = IntegerFilter(
        field_name="competence_links__competence_id",
        min_value=1,
        max_value=MAX_ID,
        help_text="A competence's id: the modules that build it.",
    )

    class Meta:
        model = Module
        fields: list[str] = []


class ModuleListApi(TenantApiMixin, generics.ListAPIView):
    """The published modules, the latest changed first, with their facets and the version
    newcomers start."""

    serializer_class = ModuleOutputSerializer
    filterset_class = ModuleFilter
    model = Module

    def tenant_queryset(self) -> QuerySet[Module]:
        return selectors.modules_published(tenant=self.tenant)


class ModuleDetailApi(TenantApiMixin, generics.RetrieveAPIView):
    """One published module and its steps (kinds and times; never a quiz's answers)."""

    serializer_class = ModuleDetailOutputSerializer

    def get_object(self) -> Module:
        return selectors.module_published_get(tenant=self.tenant, id=self.kwargs["module_id"])


class ProgressFilter(django_filters.FilterSet):
    module = IntegerFilter(field_name="module_id", min_value=1, max_value=MAX_ID)
    email = django_filters.CharFilter(field_name="membership__user__email", lookup_expr="iexact")
    completed = StrictBooleanFilter(
        field_name="completed_at",
        lookup_expr="isnull",
        exclude=True,
        help_text="Finished (true) or in the middle (false).",
    )

    class Meta:
        model = Progress
        fields: list[str] = []


class ProgressListApi(TenantApiMixin, generics.ListAPIView):
    """Everyone's progress, the latest active first: the step each person is at, when they
    finished, their time, scores and points."""

    serializer_class = ProgressOutputSerializer
    filterset_class = ProgressFilter
    model = Progress

    def tenant_queryset(self) -> QuerySet[Progress]:
        return selectors.progress_list(tenant=self.tenant)


class PlanItemFilter(django_filters.FilterSet):
    email = django_filters.CharFilter(
        field_name="plan__membership__user__email", lookup_expr="iexact", help_text="A person."
    )
    done = StrictBooleanFilter(field_name="done", help_text="Finished (true) or not (false).")

    class Meta:
        model = PlanItem
        fields: list[str] = []


class PlanItemListApi(TenantApiMixin, generics.ListAPIView):
    """People's training plans, item by item: the module, the gap it answers, its due date,
    whether it is done (a person's plan: `?email=`)."""

    serializer_class = PlanItemOutputSerializer
    filterset_class = PlanItemFilter
    model = PlanItem

    def tenant_queryset(self) -> QuerySet[PlanItem]:
        return selectors_plans.plan_items_list(tenant=self.tenant)


class CompetenceResultFilter(django_filters.FilterSet):
    email = django_filters.CharFilter(
        field_name="membership__user__email", lookup_expr="iexact", help_text="A person."
    )
    competence = IntegerFilter(field_name="competence_id", min_value=1, max_value=MAX_ID)

    class Meta:
        model = CompetenceResult
        fields: list[str] = []


class CompetenceResultListApi(TenantApiMixin, generics.ListAPIView):
    """Assessment results, the latest first: a score and the scale's level per competence."""

    serializer_class = CompetenceResultOutputSerializer
    filterset_class = CompetenceResultFilter
    model = CompetenceResult

    def tenant_queryset(self) -> QuerySet[CompetenceResult]:
        return selectors_competences.results_list(tenant=self.tenant)
