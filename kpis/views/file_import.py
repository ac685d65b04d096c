"""The two steps of a file import page: check the file and show a preview or every error (with
a CSV of them), then import the kept file on confirmation. Facts and objectives share them."""

from collections.abc import Callable, Sized
from dataclasses import dataclass

import pandas as pd
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from network_animation.models import Tenant
from network_animation.tabular import ImportRejected, errors_as_csv
from network_animation.views.common import TenantRequest

from .. import uploads
from ..forms import UploadConfirmForm, UploadForm

PREVIEW_ROWS = 10
ERRORS_SHOWN = 500


@dataclass(frozen=True)
class FileImport:
    kind: str  # keeps each kind's uploads apart (uploads.FACTS, uploads.OBJECTIVES)
    template: str
    url_name: str
    read: Callable[[bytes, str], pd.DataFrame]
    check: Callable[..., Sized]  # (tenant=, table=) -> the valid rows, or ImportRejected
    run: Callable[[TenantRequest, bytes, str], HttpResponse]  # imports, then redirects


def import_page(request: TenantRequest, spec: FileImport) -> HttpResponse:
    if "errors" in request.GET:
        return _error_report(request, spec, request.GET["errors"])
    if request.method == "POST" and "upload" in request.POST:
        return _confirm(request, spec)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method != "POST" or not form.is_valid():
        return render(request, spec.template, {"form": form}, status=400 if form.errors else 200)
    upload = form.cleaned_data["file"]
    return preview(request, spec, upload.read(), upload.name)


def preview(
    request: TenantRequest, spec: FileImport, content: bytes, filename: str
) -> HttpResponse:
    tenant: Tenant = request.tenant
    token = uploads.upload_keep(tenant=tenant, content=content, filename=filename, kind=spec.kind)
    context: dict = {"form": UploadForm(), "filename": filename, "token": token}
    try:
        table = spec.read(content, filename)
        context["preview"] = table.head(PREVIEW_ROWS).to_dict("records")
        context["ready"] = len(spec.check(tenant=tenant, table=table))
        context["confirm"] = UploadConfirmForm(initial={"upload": token})
    except ImportRejected as rejected:
        report = errors_as_csv(rejected.errors)
        uploads.errors_keep(tenant=tenant, token=token, report=report, kind=spec.kind)
        context.update(errors=rejected.errors[:ERRORS_SHOWN], error_count=len(rejected.errors))
        return render(request, spec.template, context, status=400)
    return render(request, spec.template, context)


def _confirm(request: TenantRequest, spec: FileImport) -> HttpResponse:
    form = UploadConfirmForm(request.POST)
    token = form.cleaned_data["upload"] if form.is_valid() else ""
    kept = token and uploads.upload_get(tenant=request.tenant, token=token, kind=spec.kind)
    if not kept:
        messages.error(request, _("The upload has expired: send the file again."))
        return redirect(spec.url_name, request.tenant.slug)
    filename, content = kept
    try:
        response = spec.run(request, content, filename)
    except ImportRejected:
        return preview(request, spec, content, filename)
    uploads.upload_forget(tenant=request.tenant, token=token, kind=spec.kind)
    return response


def _error_report(request: TenantRequest, spec: FileImport, token: str) -> HttpResponse:
    report = uploads.errors_get(tenant=request.tenant, token=token, kind=spec.kind)
    if report is None:
        raise Http404
    response = HttpResponse(report, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="import-errors.csv"'
    return response
