from django.http import HttpResponse
from django.shortcuts import render

from .. import permissions, selectors
from .common import TenantRequest, paginate, require


@require(permissions.can_view_job_runs)
def job_runs(request: TenantRequest, tenant_slug: str) -> HttpResponse:
    return render(
        request,
        "network_animation/job_runs.html",
        {
            "page": paginate(request, selectors.job_run_list(tenant=request.tenant)),
        },
    )


@require(permissions.can_view_job_runs)
def job_run(request: TenantRequest, tenant_slug: str, job_run_id: int) -> HttpResponse:
    run = selectors.job_run_get(tenant=request.tenant, id=job_run_id)
    template = "network_animation/job_run.html"
    if request.htmx:
        template += "#progress"
    return render(request, template, {"run": run})
