"""A person named in an API call, for the operations that read as that person (a coach's queue,
a coach's days): the token names the tenant, the call names whom it reads for, and that person's
rights decide what comes back, as on their pages."""

from typing import Any

from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers
from rest_framework.request import Request

from .. import selectors
from ..models import Membership, Tenant
from .schema import ApiAutoSchema, ErrorDetailSerializer

EMAIL_MAX = 254


def reader_named(*, tenant: Tenant, email: str | None) -> Membership | None:
    """The tenant's active person with this email, or None: the same for an unknown email,
    another tenant's person or a membership that ended (T10: a token learns nothing of
    people outside its network)."""
    if not email:
        return None
    return (
        selectors.membership_list(tenant=tenant)
        .filter(is_active=True, user__is_active=True, user__email__iexact=email)
        .first()
    )


def query_of(request: Request, serializer_class: type[serializers.Serializer]) -> dict[str, Any]:
    """The query parameters, checked (400 with each one refused); one sent empty counts as not
    sent, as the schema says of every query parameter."""
    sent = {name: value for name, value in request.query_params.items() if value != ""}
    query = serializer_class(data=sent)
    query.is_valid(raise_exception=True)
    return dict(query.validated_data)


class ReaderApiSchema(ApiAutoSchema):
    """An operation read as a named person: it may also answer 403 (the person has no right
    to it)."""

    forbidden_help: object = ""  # lazy: translated when the schema is built

    def _error_responses(self) -> dict[str, OpenApiResponse]:
        found = super()._error_responses()
        found["403"] = OpenApiResponse(ErrorDetailSerializer, str(self.forbidden_help))
        return found


def reader_schema(forbidden_help: object) -> ReaderApiSchema:
    """The schema of an operation read as a person, with what its 403 means. A class each:
    drf-spectacular's `extend_schema` instantiates the view's schema class again, bare."""
    schema_class = type("ReaderApiSchema", (ReaderApiSchema,), {"forbidden_help": forbidden_help})
    return schema_class()
