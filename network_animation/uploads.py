"""The cap on request bodies, for every route: files and API batches are refused unread.

Two checks, because neither is enough alone (CHECKLIST U1, U6):
- `RequestBodyLimitMiddleware` refuses a declared Content-Length over the limit with a 413,
  before any middleware or view reads the body (CSRF reads a POST's form in `process_view`,
  which runs after every middleware's `__call__`; DRF reads API bodies without Django's
  DATA_UPLOAD_MAX_MEMORY_SIZE check).
- `UploadLimitHandler`, the first upload handler, counts the bytes of a multipart body's files as
  they arrive and stops reading past the import limit, whatever the Content-Length said.
"""

from collections.abc import Callable
from typing import IO, Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat
from django.urls import Resolver404, resolve
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _

# Room for a multipart body's other fields, boundaries and part headers around its files.
MULTIPART_ALLOWANCE = 64 * 1024
_REFUSED = "body_limit_refused"


def body_limit(content_type: str) -> int | None:
    """The largest body accepted: an import file in a form, or Django's limit for the rest."""
    if content_type == "multipart/form-data":
        return settings.IMPORT_MAX_BYTES + MULTIPART_ALLOWANCE
    return settings.DATA_UPLOAD_MAX_MEMORY_SIZE


def declared_length(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0  # Django reads no body at all for a length it cannot parse


def mark_refused(request: HttpRequest | None) -> None:
    if request is not None:
        setattr(request, _REFUSED, True)


def is_refused(request: HttpRequest) -> bool:
    return getattr(request, _REFUSED, False)


class RequestBodyLimitMiddleware:
    """Answer 413 to a body over the limit, unread; and to one an upload handler stopped."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = body_limit(request.content_type or "")
        if limit is not None and declared_length(request) > limit:
            return refusal(request)
        response = self.get_response(request)
        # A view given a partial form (the handler stopped the upload) answers as if a field
        # were missing; the person must learn why.
        return refusal(request) if is_refused(request) else response

    def process_view(
        self,
        request: HttpRequest,
        view: Callable[..., HttpResponseBase],
        args: tuple[Any, ...],
        kwargs: dict[str, Any],
    ) -> HttpResponse | None:
        return refusal(request) if is_refused(request) else None


def refusal(request: HttpRequest) -> HttpResponse:
    if request.content_type == "multipart/form-data":
        limit = settings.IMPORT_MAX_BYTES
        message = _("The file is larger than the %(limit)s allowed.")
    else:
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 0
        message = _("The request is larger than the %(limit)s allowed.")
    message %= {"limit": filesizeformat(limit)}
    if _is_api(request):
        return JsonResponse({"detail": message}, status=413)
    context = {"message": message, "back": request.path}
    return render(request, "errors/request_too_large.html", context, status=413)


def _is_api(request: HttpRequest) -> bool:
    try:
        return resolve(request.path_info).namespace == "api"
    except Resolver404:
        return False


class UploadLimitHandler(FileUploadHandler):
    """Stops a multipart body once its files pass IMPORT_MAX_BYTES; the rest is never read.

    First in FILE_UPLOAD_HANDLERS: it only counts and passes each chunk on to the others.
    """

    def handle_raw_input(
        self,
        input_data: IO[bytes],
        META: dict[str, str],
        content_length: int,
        boundary: str,
        encoding: str | None = None,
    ) -> tuple[QueryDict, MultiValueDict[str, UploadedFile]] | None:
        self.received = 0
        limit = body_limit("multipart/form-data")
        if limit is not None and content_length > limit:
            mark_refused(self.request)
            return QueryDict(), MultiValueDict()  # nothing parsed, nothing read
        return None

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.received += len(raw_data)
        if self.received > settings.IMPORT_MAX_BYTES:
            mark_refused(self.request)
            # connection_reset: Django would otherwise read the rest of the body to discard it.
            raise StopUpload(connection_reset=True)
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None
