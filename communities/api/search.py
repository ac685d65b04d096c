"""The search for a tenant's systems (issue 14, item 7): the pages' search, over what the whole
network reads (the open communities, nothing in draft, never a hidden post), the best first."""

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import generics, serializers

from kpis.selectors import kpi_list
from network_animation.api.schema import FieldErrorsSerializer
from network_animation.api.views import TenantApiMixin

from .. import selectors
from ..models import Thread
from ..search import QUERY_MAX
from .serializers import ThreadOutputSerializer

SEARCH_HELP = (
    "Threads and best practices of the communities open to the whole network whose title or "
    "one of whose posts holds the words, the best first: French and English words alike, "
    "accents ignored, a word found by its other forms (`financer` finds `financement`), a "
    "title's words above a post's, a title with a typo still found (on PostgreSQL; elsewhere a "
    "thread holding every word). Each comes with its post that matches best (or its first) "
    "and extracts whose matched words are in `<mark>`."
)
HTML_HELP = "{}, as HTML: the text escaped, the words found in <mark> and nothing else."


class SearchQueryInputSerializer(serializers.Serializer):
    q = serializers.CharField(
        max_length=QUERY_MAX,
        allow_blank=True,
        help_text='The words to find; "a phrase" in quotes, -word to leave out, `or` between '
        "alternatives. Without any word, nothing is found.",
    )
    kind = serializers.ChoiceField(
        choices=selectors.SearchKind.thread_choices,
        required=False,
        help_text="Only threads (discussions and questions), questions, or best practices.",
    )
    kpi = serializers.CharField(
        max_length=40,
        required=False,
        help_text="A KPI's code: only best practices linked to it (none if no KPI has it).",
    )


class SearchHitOutputSerializer(serializers.Serializer):
    thread = ThreadOutputSerializer(help_text="The thread found, as `threads/{id}/` shows it.")
    post = serializers.IntegerField(
        source="post.pk",
        allow_null=True,
        help_text="The post shown (at `threads/{id}/posts/`); null if every post is hidden.",
    )
    is_best_practice = serializers.BooleanField(help_text="The post shown is a best practice.")
    kpis = serializers.SerializerMethodField(help_text="Its KPIs (their codes), if it is one.")
    title_html = serializers.CharField(help_text=HTML_HELP.format("The title"))
    extract_html = serializers.CharField(
        help_text=HTML_HELP.format("Extracts of the post shown around the words found")
    )

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_kpis(self, hit: selectors.SearchHit) -> list[str]:
        if not hit.is_best_practice or hit.post is None:
            return []
        return [link.kpi.code for link in hit.post.kpi_links.all()]


@extend_schema(
    parameters=[SearchQueryInputSerializer],
    responses={
        200: SearchHitOutputSerializer(many=True),
        400: OpenApiResponse(FieldErrorsSerializer, "Each parameter refused, with why."),
    },
    description=SEARCH_HELP,
)
class SearchApi(TenantApiMixin, generics.ListAPIView):
    serializer_class = SearchHitOutputSerializer
    model = Thread
    text = ""

    def tenant_queryset(self) -> QuerySet[Thread]:
        asked = SearchQueryInputSerializer(data=self.request.query_params)
        asked.is_valid(raise_exception=True)
        self.text = asked.validated_data["q"]
        kpi = None
        if code := asked.validated_data.get("kpi"):
            kpi = kpi_list(tenant=self.tenant).filter(code=code).first()
            if kpi is None:
                return Thread.objects.none()
        return selectors.search_threads_open(
            tenant=self.tenant, text=self.text, kind=asked.validated_data.get("kind", ""), kpi=kpi
        )

    def paginate_queryset(self, queryset: Any) -> list[Any] | None:
        page = super().paginate_queryset(queryset)
        if page is None:
            return None
        return selectors.search_hits(tenant=self.tenant, text=self.text, threads=list(page))
