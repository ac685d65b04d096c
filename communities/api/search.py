"""The search for a tenant's systems (issue 14, item 7): the pages' search, over what the whole
network reads (the open communities, nothing in draft, never a hidden post), the best first."""

from collections.abc import Sequence
from typing import Any

from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import generics, serializers
from rest_framework.request import Request
from rest_framework.response import Response

from kpis.selectors import kpi_list
from network_animation.api.schema import FieldErrorsSerializer
from network_animation.api.views import TenantApiMixin

from .. import selectors
from ..models import Document, Thread
from ..search import QUERY_MAX
from .serializers import DocumentOutputSerializer, ThreadOutputSerializer

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

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        asked = SearchQueryInputSerializer(data=request.query_params)
        asked.is_valid(raise_exception=True)
        text = asked.validated_data["q"]
        page = self.paginate_queryset(self._found(text, asked.validated_data))  # count, slice
        hits = selectors.search_hits(tenant=self.tenant, text=text, threads=page or [])
        return self.get_paginated_response(self.get_serializer(hits, many=True).data)

    def _found(self, text: str, asked: dict[str, Any]) -> Sequence[Thread]:
        kpi = None
        if code := asked.get("kpi"):
            kpi = kpi_list(tenant=self.tenant).filter(code=code).first()
            if kpi is None:
                return []
        return selectors.search_threads_open(
            tenant=self.tenant, text=text, kind=asked.get("kind", ""), kpi=kpi
        )


DOCUMENT_SEARCH_HELP = (
    "Documents of the library for the whole network whose title or description holds the "
    "words, the best first (the same search as the threads': French and English, accents "
    "ignored, other forms of a word, a title above a description, a title with a typo still "
    "found on PostgreSQL), at most 100, each with its title and an extract whose matched words "
    "are in `<mark>`. Documents for part of the network are never found."
)
DOCUMENTS_FOUND_MAX = 100


class DocumentSearchQueryInputSerializer(serializers.Serializer):
    q = serializers.CharField(
        max_length=QUERY_MAX,
        allow_blank=True,
        help_text="The words to find, as for `search/`. Without any word, nothing is found.",
    )
    kpi = serializers.CharField(
        max_length=40,
        required=False,
        help_text="A KPI's code: only documents about it (none if no KPI has it).",
    )


class DocumentHitOutputSerializer(serializers.Serializer):
    document = DocumentOutputSerializer(help_text="The document, as `documents/{id}/` shows it.")
    title_html = serializers.CharField(help_text=HTML_HELP.format("The title"))
    extract_html = serializers.CharField(
        help_text=HTML_HELP.format("Extracts of the description around the words found")
    )


@extend_schema(
    parameters=[DocumentSearchQueryInputSerializer],
    responses={
        200: DocumentHitOutputSerializer(many=True),
        400: OpenApiResponse(FieldErrorsSerializer, "Each parameter refused, with why."),
    },
    description=DOCUMENT_SEARCH_HELP,
)
class DocumentSearchApi(TenantApiMixin, generics.ListAPIView):
    serializer_class = DocumentHitOutputSerializer
    model = Document

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        asked = DocumentSearchQueryInputSerializer(data=request.query_params)
        asked.is_valid(raise_exception=True)
        kpi = None
        if code := asked.validated_data.get("kpi"):
            kpi = kpi_list(tenant=self.tenant).filter(code=code).first()
        hits = (
            selectors.search_documents_open(
                tenant=self.tenant,
                text=asked.validated_data["q"],
                kpi=kpi,
                limit=DOCUMENTS_FOUND_MAX,
            )
            if kpi is not None or not asked.validated_data.get("kpi")
            else []
        )
        page = self.paginate_queryset(hits)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)
