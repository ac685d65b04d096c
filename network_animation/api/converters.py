"""The API's ids in its URLs (`<api_id:pk>`)."""

from django.urls import register_converter

MAX_ID = 2**63 - 1  # the largest id a BigAutoField holds


class ApiIdConverter:
    """Any path segment: an id that is not a whole number, or is too large, names no object and
    gets the API's JSON 404, like a missing id. With Django's `int` such a URL matched no route
    and got the site's HTML 404 page instead."""

    regex = "[^/]+"

    def to_python(self, value: str) -> int:
        number = int(value) if value.isascii() and value.isdigit() else 0
        return number if number <= MAX_ID else 0  # ids start at 1: 0 is never found

    def to_url(self, value: int) -> str:
        return str(value)


register_converter(ApiIdConverter, "api_id")
