"""A coach's coaching days for a tenant's systems (a coach's calendar, an intranet): read as the
coach named by `coach` (their email) reads them on their pages, their own days only. No rating
comes back: a coach reads only their average (challenges/units/selectors/coaching_days.py), and
the API does not serve it. Without `coach`, or with an email of nobody active in the network,
the list is empty; a person who is not a coach gets a 403."""

from django.db.models import Q, QuerySet
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, generics, serializers

from network_animation.api.people import EMAIL_MAX, query_of, reader_named, reader_schema
from network_animation.api.views import TenantApiMixin

from ..models import CoachingDay
from ..units import rights, selectors
from . import errors

COACH_HELP = (
    "The email of the coach whose days to read. Without it, or for an email of nobody active "
    "in the network, the list is empty."
)


class CoachingDayQuerySerializer(serializers.Serializer):
    coach = serializers.CharField(required=False, max_length=EMAIL_MAX, help_text=COACH_HELP)
    held = serializers.BooleanField(
        required=False,
        help_text="Held (true: its day has come and what was done is written) or still planned "
        "(false).",
    )


class CoachingDayOutputSerializer(serializers.ModelSerializer):
    point_of_sale: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="code", read_only=True, help_text="Its code."
    )
    point_of_sale_name = serializers.CharField(source="point_of_sale.name", read_only=True)
    held = serializers.SerializerMethodField(
        help_text="Its day has come and the coach wrote what was done."
    )

    class Meta:
        model = CoachingDay
        fields = [
            "id",
            "date",
            "point_of_sale",
            "point_of_sale_name",
            "objectives",
            "work_done",
            "next_steps",
            "held",
            "updated_at",
        ]

    def get_held(self, day: CoachingDay) -> bool:
        return day.is_held(self.context["today"])


@extend_schema(parameters=[CoachingDayQuerySerializer])
class CoachingDayListApi(TenantApiMixin, generics.ListAPIView):
    """A coach's coaching days, the latest first: where, what for, what was done and next."""

    serializer_class = CoachingDayOutputSerializer
    model = CoachingDay
    schema = reader_schema(errors.NOT_A_COACH_HELP)

    def tenant_queryset(self) -> QuerySet[CoachingDay]:
        query = query_of(self.request, CoachingDayQuerySerializer)
        coach = reader_named(tenant=self.tenant, email=query.get("coach"))
        if coach is None:
            return CoachingDay.objects.none()
        if not rights.is_coaching_days_coach(coach):
            raise exceptions.PermissionDenied(errors.NOT_A_COACH)
        days = selectors.coaching_days_visible(tenant=self.tenant, membership=coach)
        held = Q(date__lte=timezone.localdate()) & ~Q(work_done="")
        if query.get("held") is not None:
            days = days.filter(held) if query["held"] else days.exclude(held)
        return days.order_by("-date", "-pk")

    def get_serializer_context(self) -> dict[str, object]:
        return {**super().get_serializer_context(), "today": timezone.localdate()}
