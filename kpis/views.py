"""Head office's KPI pages: importing facts from a file (a preview, then the import)."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from network_animation import permissions
from network_animation.tabular import ImportRejected, errors_as_csv
from network_animation.views.common import TenantRequest, require

from . import uploads
from .fact_table import facts_table_from_file
from .forms import FactsConfirmForm, FactsUploadForm
from .services.facts import kpi_facts_check, kpi_facts_import

TEMPLATE = "kpis/facts_import.html"
PREVIEW_ROWS = 10
ERRORS_SHOWN = 500


@require(permissions.can_manage_kpis)
def kpi_facts_import_view(request: TenantRequest, tenant_slug: str) -> HttpResponse:
    if "errors" in request.GET:
        return _error_report(request, request.GET["errors"])
    if request.method == "POST" and "upload" in request.POST:
        return _confirm(request)
    form = FactsUploadForm(request.POST or None, request.FILES or None)
    if request.method != "POST" or not form.is_valid():
        return render(request, TEMPLATE, {"form": form}, status=400 if form.errors else 200)
    upload = form.cleaned_data["file"]
    return _preview(request, upload.read(), upload.name)


def _preview(request: TenantRequest, content: bytes, filename: str) -> HttpResponse:
    tenant = request.tenant
    token = uploads.upload_keep(tenant=tenant, content=content, filename=filename)
    context: dict = {"form": FactsUploadForm(), "filename": filename, "token": token}
    try:
        table = facts_table_from_file(content, filename)
        context["preview"] = table.head(PREVIEW_ROWS).to_dict("records")
        context["ready"] = len(kpi_facts_check(tenant=tenant, table=table))
        context["confirm"] = FactsConfirmForm(initial={"upload": token})
    except ImportRejected as rejected:
        uploads.errors_keep(tenant=tenant, token=token, report=errors_as_csv(rejected.errors))
        context.update(errors=rejected.errors[:ERRORS_SHOWN], error_count=len(rejected.errors))
        return render(request, TEMPLATE, context, status=400)
    return render(request, TEMPLATE, context)


def _confirm(request: TenantRequest) -> HttpResponse:
    form = FactsConfirmForm(request.POST)
    kept = form.is_valid() and uploads.upload_get(
        tenant=request.tenant, token=form.cleaned_data["upload"]
    )
    if not kept:
        messages.error(request, _("The upload has expired: send the file again."))
        return redirect("kpi_facts_import", request.tenant.slug)
    filename, content = kept
    try:
        result = kpi_facts_import(
            tenant=request.tenant,
            actor=request.user,
            table=facts_table_from_file(content, filename),
            source=filename,
        )
    except ImportRejected:
        return _preview(request, content, filename)
    uploads.upload_forget(tenant=request.tenant, token=form.cleaned_data["upload"])
    messages.success(
        request,
        _("%(received)s facts imported (%(written)s new or changed).")
        % {"received": result.received, "written": result.written},
    )
    return redirect("job_run", request.tenant.slug, result.job_run_id)


def _error_report(request: TenantRequest, token: str) -> HttpResponse:
    report = uploads.errors_get(tenant=request.tenant, token=token)
    if report is None:
        raise Http404
    response = HttpResponse(report, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="import-errors.csv"'
    return response
