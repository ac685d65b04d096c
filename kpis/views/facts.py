"""Head office imports KPI facts from a file: a preview, then the import (a recorded job run)."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from network_animation import permissions
from network_animation.views.common import TenantRequest, require

from .. import uploads
from ..fact_table import facts_table_from_file
from ..services.facts import kpi_facts_check, kpi_facts_import
from .file_import import FileImport, import_page


def _import(request: TenantRequest, content: bytes, filename: str) -> HttpResponse:
    result = kpi_facts_import(
        tenant=request.tenant,
        actor=request.user,
        table=facts_table_from_file(content, filename),
        source=filename,
    )
    messages.success(
        request,
        _("%(received)s facts imported (%(written)s new or changed).")
        % {"received": result.received, "written": result.written},
    )
    return redirect("job_run", request.tenant.slug, result.job_run_id)


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
