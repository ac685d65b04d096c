"""The OpenAPI schema's error answers, declared once for every operation of the API.

DRF answers a missing token (401), a throttled client (429), an unknown id (404) and a bad filter
or page (400) the same way on every route; drf-spectacular documents none of them by itself, so
clients (and schemathesis, CHECKLIST P1) would meet answers the schema does not list.
"""

import re
from typing import Any

from drf_spectacular.extensions import OpenApiSerializerExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import serializers

from . import errors


class ErrorDetailSerializer(serializers.Serializer):
    detail = serializers.CharField()


class FieldErrorsSerializer(serializers.Serializer):
    """A 400's body: each parameter refused, with its reasons (FieldErrorsScheme says so)."""


class FieldErrorsScheme(OpenApiSerializerExtension):
    target_class = FieldErrorsSerializer

    def map_serializer(self, auto_schema: Any, direction: Any) -> dict[str, Any]:
        return {
            "type": "object",
            "description": "The parameters refused, each with its reasons.",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
        }


PATH_PARAMETER = re.compile(r"{\w+}")
NO_NUL = "^[^\\x00]*$"


class ApiAutoSchema(AutoSchema):
    def get_operation(self, *args: Any, **kwargs: Any) -> dict[str, Any] | None:
        operation = super().get_operation(*args, **kwargs)
        # A filter or page parameter sent empty (`?status=`, as a form sends an unset choice)
        # counts as not sent: the schema says so, or an empty value would break its type.
        for parameter in (operation or {}).get("parameters", []):
            if parameter["in"] == "query":
                parameter["allowEmptyValue"] = True
                _refuse_nul(parameter["schema"])
        return operation

    def get_override_parameters(self) -> list[Any]:
        retry_after = OpenApiParameter(
            "Retry-After",
            OpenApiTypes.INT,
            OpenApiParameter.HEADER,
            description=str(errors.RETRY_AFTER_HELP),
            response=[429],
        )
        return [*super().get_override_parameters(), retry_after]

    # drf-spectacular has no public hook that sees the responses `extend_schema` declares, so
    # the error answers are added where it assembles them; declared ones win.
    def _get_response_bodies(self, direction: Any = "response") -> dict[str, Any]:
        responses = super()._get_response_bodies(direction)
        for code, response in self._error_responses().items():
            if code not in responses:
                responses[code] = self._get_response_for_code(response, code, direction=direction)
        return responses

    def _error_responses(self) -> dict[str, OpenApiResponse]:
        # Any operation refuses a NUL in a parameter; a list, a bad filter or page too.
        found = {"400": OpenApiResponse(FieldErrorsSerializer, str(errors.BAD_PARAMETERS_HELP))}
        if self.get_auth():
            found["401"] = OpenApiResponse(ErrorDetailSerializer, str(errors.NO_TOKEN_HELP))
        if PATH_PARAMETER.search(self.path):
            found["404"] = OpenApiResponse(ErrorDetailSerializer, str(errors.NOT_FOUND_HELP))
        if self.method in ("POST", "PUT", "PATCH"):
            found["415"] = OpenApiResponse(ErrorDetailSerializer, str(errors.NOT_JSON_HELP))
        if self.view.throttle_classes:
            found["429"] = OpenApiResponse(ErrorDetailSerializer, str(errors.THROTTLED_HELP))
        return found


def _refuse_nul(schema: dict[str, Any]) -> None:
    """Free text parameters: no NUL (TenantApiMixin refuses one in any parameter with a 400)."""
    if schema.get("type") == "string" and not {"enum", "format", "pattern"} & schema.keys():
        schema["pattern"] = NO_NUL
