"""The two steps of a file import page: check the file and show a preview or every error (with
a CSV of them), then import the kept file on confirmation, or discard it. Facts and objectives
share them; the file waits on disk meanwhile (see `uploads`)."""

from collections.abc import Callable, Sized
from dataclasses import dataclass
from typing import Any

import pandas as pd
from django.contrib import messages
from django.core.files.uploadedfile import UploadedFile
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from network_animation.tabular import ImportRejected, check_size, errors_as_csv
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
    # Imports the kept upload (or queues its import) and forgets it once imported, then
    # redirects; raises ImportRejected when the file no longer passes the checks.
    run: Callable[[TenantRequest, uploads.KeptUpload], HttpResponse]


def import_page(request: TenantRequest, spec: FileImport) -> HttpResponse:
    if "errors" in request.GET:
        return _error_report(request, spec, request.GET["errors"])
    if request.method == "POST" and "upload" in request.POST:
        return _confirm(request, spec)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            kept = _keep(request, spec, form.cleaned_data["file"])
        except uploads.PendingUploadsFull as full:
            form.add_error("file", str(full))
        except ImportRejected as rejected:
            form.add_error("file", rejected.errors[0].reason)
        else:
            return preview(request, spec, kept)
    return render(request, spec.template, {"form": form}, status=400 if form.errors else 200)


def _keep(request: TenantRequest, spec: FileImport, upload: UploadedFile) -> uploads.KeptUpload:
    check_size(upload.size or 0)  # the upload handler stops larger ones; this never keeps them
    return uploads.upload_keep(
        tenant=request.tenant,
        person_id=request.user.pk,
        content=upload.read(),
        filename=upload.name or "",
        kind=spec.kind,
    )


def preview(request: TenantRequest, spec: FileImport, kept: uploads.KeptUpload) -> HttpResponse:
    tenant = request.tenant
    context: dict[str, Any] = {"form": UploadForm(), "filename": kept.filename, "token": kept.token}
    try:
        table = spec.read(kept.content, kept.filename)
        context["preview"] = table.head(PREVIEW_ROWS).to_dict("records")
        context["ready"] = len(spec.check(tenant=tenant, table=table))
        context["confirm"] = UploadConfirmForm(initial={"upload": kept.token})
    except ImportRejected as rejected:
        uploads.upload_reject(
            tenant=tenant,
            person_id=request.user.pk,
            token=kept.token,
            kind=spec.kind,
            report=errors_as_csv(rejected.errors),
        )
        context.update(errors=rejected.errors[:ERRORS_SHOWN], error_count=len(rejected.errors))
        return render(request, spec.template, context, status=400)
    return render(request, spec.template, context)


def _confirm(request: TenantRequest, spec: FileImport) -> HttpResponse:
    form = UploadConfirmForm(request.POST)
    token = form.cleaned_data["upload"] if form.is_valid() else ""
    if "cancel" in request.POST:
        uploads.upload_forget(
            tenant=request.tenant, person_id=request.user.pk, token=token, kind=spec.kind
        )
        messages.info(request, _("The file is discarded: nothing was imported."))
        return redirect(spec.url_name, request.tenant.slug)
    kept = uploads.upload_get(
        tenant=request.tenant, person_id=request.user.pk, token=token, kind=spec.kind
    )
    if kept is None:
        messages.error(request, _("The upload has expired: send the file again."))
        return redirect(spec.url_name, request.tenant.slug)
    try:
        return spec.run(request, kept)
    except ImportRejected:
        return preview(request, spec, kept)


def _error_report(request: TenantRequest, spec: FileImport, token: str) -> HttpResponse:
    report = uploads.errors_get(
        tenant=request.tenant, person_id=request.user.pk, token=token, kind=spec.kind
    )
    if report is None:
        raise Http404
    response = HttpResponse(report, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="import-errors.csv"'
    return response
