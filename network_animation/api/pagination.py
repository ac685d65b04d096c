"""The pagination of every API list: DRF's `limit` and `offset`, validated first (CHECKLIST P1)."""

import re
from collections.abc import Sequence
from typing import Any

from django.db.models import QuerySet
from rest_framework import serializers
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.request import Request

from . import errors

MAX_LIMIT = 1000
# Far past any tenant's rows, and an integer every database and client can hold.
MAX_OFFSET = 2**31 - 1
DIGITS = re.compile(r"\s*[0-9]+\s*")


class WholeNumberField(serializers.IntegerField):
    """ASCII digits only: DRF's integer field also reads "0.0" and "1.000" as whole numbers
    (and `str.isdigit` takes other scripts' digits), which the schema's integer does not allow."""

    def to_internal_value(self, data: Any) -> int:
        if isinstance(data, str) and not DIGITS.fullmatch(data):
            self.fail("invalid")
        return super().to_internal_value(data)


class PageQuerySerializer(serializers.Serializer):
    limit = WholeNumberField(min_value=1, max_value=MAX_LIMIT, required=False)
    offset = WholeNumberField(min_value=0, max_value=MAX_OFFSET, required=False)


class ValidatedLimitOffsetPagination(LimitOffsetPagination):
    """DRF's limit/offset, except that a value which is not a number, is negative or is too
    large is refused with a 400 naming the parameter. DRF would quietly use its default instead,
    and passed a 20-digit `limit` on to the database (a 500). A `limit` above MAX_LIMIT is
    refused rather than cut, so a client never takes a short page for the end of the list."""

    max_limit = MAX_LIMIT

    def paginate_queryset(
        self, queryset: QuerySet[Any, Any] | Sequence[Any], request: Request, view: Any = None
    ) -> list[Any] | None:
        query = PageQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        self.page_query = query.validated_data
        return super().paginate_queryset(queryset, request, view)

    def get_limit(self, request: Request) -> int:
        return self.page_query.get("limit", self.default_limit)

    def get_offset(self, request: Request) -> int:
        return self.page_query.get("offset", 0)

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        limit_help = str(errors.LIMIT_HELP) % {"max": MAX_LIMIT, "default": self.default_limit}
        offset_help = str(errors.OFFSET_HELP) % {"max": MAX_OFFSET}
        return [
            _query_parameter(self.limit_query_param, 1, MAX_LIMIT, limit_help),
            _query_parameter(self.offset_query_param, 0, MAX_OFFSET, offset_help),
        ]


def _query_parameter(name: str, minimum: int, maximum: int, description: str) -> dict[str, Any]:
    schema = {"type": "integer", "minimum": minimum, "maximum": maximum}
    return {
        "name": name,
        "required": False,
        "in": "query",
        "description": description,
        "schema": schema,
    }
