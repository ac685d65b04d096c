"""Head office imports KPI facts from a file: a preview, then the import (a recorded job run)."""

from django.http import HttpResponse
from django.shortcuts import redirect

from network_animation import permissions
from network_animation.views.common import TenantRequest, require

from .. import uploads
from ..fact_table import facts_table_from_file
from ..services.facts import kpi_facts_check
from ..services.facts_background import kpi_facts_import_queue
from .file_import import FileImport, import_page


def _import(request: TenantRequest, kept: uploads.KeptUpload) -> HttpResponse:
    """The import runs in the background; its page shows the progress, then the counts."""
    run = kpi_facts_import_queue(tenant=request.tenant, actor=request.user, token=kept.token)
    return redirect("job_run", request.tenant.slug, run.pk)


FACTS_IMPORT = FileImport(
    kind=uploads.FACTS,
    template="kpis/facts_import.html",
    url_name="kpi_facts_import",
    read=facts_table_from_file,
    check=kpi_facts_check,
    run=_import,
)


@require(permissions.can_manage_kpis)
def kpi_facts_import_view(request: TenantRequest, tenant_slug: str) -> HttpResponse:
    return import_page(request, FACTS_IMPORT)
