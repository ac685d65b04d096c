"""Coaching for a tenant's systems (an intranet showing people what they learn, a coach their
work): the published lesson sheets, and a coach's queue of difficulties.

A published sheet comes back as its page shows it, anonymised: its texts, KPIs, author (the
coach) and date; never its difficulty, its reporter, its reviewer or what only its coach and
reviewer read (status, review comment, the threads it went to). A token names a tenant, not a
person: a draft or a sheet in review answers 404, like another tenant's.

A difficulty is read as a coach reads it on their pages: the call names the coach (`coach`, their
email) and their rights decide (communities/selectors/coaching.py): the difficulties of the
places they coach, private ones included, or with `whose=all` every one they may read (a
colleague's, unless private). Without `coach`, or with an email of nobody active in the network,
the list is empty: a token alone coaches nobody. A person who is not a coach gets a 403.
"""

import datetime as dt

import django_filters
from django.db.models import QuerySet
from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import exceptions, generics, serializers

from network_animation.api.people import EMAIL_MAX, query_of, reader_named, reader_schema
from network_animation.api.views import TenantApiMixin
from network_animation.text import markdown_render

from .. import coaching_permissions as rights
from .. import selectors
from ..models import Difficulty, LessonSheet
from ..selectors.coaching import QUEUE_STATUSES
from . import errors
from .serializers import AuthorOutputSerializer

HTML_HELP = "The Markdown above rendered as HTML that runs and loads nothing."
COACH_HELP = (
    "The email of the coach whose queue to read. Without it, or for an email of nobody active "
    "in the network, the list is empty."
)


def _html(text: str) -> str:
    return str(markdown_render(text))


class LessonSheetOutputSerializer(serializers.ModelSerializer):
    difficulty_text_html = serializers.SerializerMethodField(help_text=HTML_HELP)
    happened_html = serializers.SerializerMethodField(help_text=HTML_HELP)
    how_to_succeed_html = serializers.SerializerMethodField(help_text=HTML_HELP)
    author = AuthorOutputSerializer(read_only=True, allow_null=True, help_text="Its coach.")
    kpis = serializers.SerializerMethodField(help_text="The KPIs it is about (their codes).")

    class Meta:
        model = LessonSheet
        fields = [
            "id",
            "title",
            "difficulty_text",
            "difficulty_text_html",
            "happened",
            "happened_html",
            "how_to_succeed",
            "how_to_succeed_html",
            "kpis",
            "author",
            "published_at",
        ]

    def get_difficulty_text_html(self, sheet: LessonSheet) -> str:
        return _html(sheet.difficulty_text)

    def get_happened_html(self, sheet: LessonSheet) -> str:
        return _html(sheet.happened)

    def get_how_to_succeed_html(self, sheet: LessonSheet) -> str:
        return _html(sheet.how_to_succeed)

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_kpis(self, sheet: LessonSheet) -> list[str]:
        return [kpi.code for kpi in sheet.kpis.all()]


class LessonSheetFilter(django_filters.FilterSet):
    # Declared one by one: generated filters would query related models outside the scope.
    kpi = django_filters.CharFilter(field_name="kpi_links__kpi__code", help_text="A KPI's code.")

    class Meta:
        model = LessonSheet
        fields: list[str] = []


class LessonSheetListApi(TenantApiMixin, generics.ListAPIView):
    """The published lesson sheets, the latest first, anonymised: what the network learnt
    from its difficulties, never who met them."""

    serializer_class = LessonSheetOutputSerializer
    filterset_class = LessonSheetFilter
    model = LessonSheet

    def tenant_queryset(self) -> QuerySet[LessonSheet]:
        return selectors.sheets_published(tenant=self.tenant).select_related(
            "author__point_of_sale"
        )


class LessonSheetDetailApi(TenantApiMixin, generics.RetrieveAPIView):
    """One published lesson sheet; a draft or a sheet in review answers 404."""

    serializer_class = LessonSheetOutputSerializer

    def get_object(self) -> LessonSheet:
        found = selectors.sheets_published(tenant=self.tenant).filter(pk=self.kwargs["sheet_id"])
        sheet = found.first()
        if sheet is None:
            raise exceptions.NotFound
        return sheet


class DifficultyQueueQuerySerializer(serializers.Serializer):
    coach = serializers.CharField(required=False, max_length=EMAIL_MAX, help_text=COACH_HELP)
    status = serializers.ChoiceField(
        choices=QUEUE_STATUSES, required=False, help_text="open (the default), closed or all."
    )
    whose = serializers.ChoiceField(
        choices=["mine", "all"],
        required=False,
        help_text="mine (the default): the places the coach coaches; all: every difficulty the "
        "coach may read (a colleague's, unless private).",
    )


class DifficultyOutputSerializer(serializers.ModelSerializer):
    reporter = AuthorOutputSerializer(read_only=True, allow_null=True)
    point_of_sale: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True, help_text="Its code, if any."
    )
    kpi: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True, help_text="Its code, if any."
    )
    age_days = serializers.SerializerMethodField(help_text="Days since it was reported.")
    follow_up_count = serializers.IntegerField(read_only=True)
    last_follow_up = serializers.DateField(read_only=True, allow_null=True)

    class Meta:
        model = Difficulty
        fields = [
            "id",
            "title",
            "practice",
            "kpi",
            "tried",
            "happened",
            "is_private",
            "status",
            "reporter",
            "point_of_sale",
            "created_at",
            "age_days",
            "follow_up_count",
            "last_follow_up",
            "closed_at",
        ]

    def get_age_days(self, difficulty: Difficulty) -> int:
        now: dt.datetime = self.context.get("now") or timezone.now()
        return max((now - difficulty.created_at).days, 0)


@extend_schema(parameters=[DifficultyQueueQuerySerializer])
class CoachDifficultyListApi(TenantApiMixin, generics.ListAPIView):
    """A coach's queue of difficulties, the longest waiting first, each with its reporter, its
    age and its follow-ups, as the coach's own queue page shows it (`coach`: whose queue)."""

    serializer_class = DifficultyOutputSerializer
    model = Difficulty
    schema = reader_schema(errors.NOT_A_COACH_HELP)

    def tenant_queryset(self) -> QuerySet[Difficulty]:
        query = query_of(self.request, DifficultyQueueQuerySerializer)
        coach = reader_named(tenant=self.tenant, email=query.get("coach"))
        if coach is None:
            return Difficulty.objects.none()
        if not rights.is_coach(coach):
            raise exceptions.PermissionDenied(errors.NOT_A_COACH)
        filters = selectors.QueueFilters(
            status=query.get("status", "open"), mine=query.get("whose", "mine") == "mine"
        )
        queue = selectors.difficulty_queue(tenant=self.tenant, membership=coach, filters=filters)
        return queue.select_related("reporter__point_of_sale")  # the reporter's code

    def get_serializer_context(self) -> dict[str, object]:
        return {**super().get_serializer_context(), "now": timezone.now()}
