"""The floor view: the same middleware (session, sign-in, tenant and membership), one indexed
query, a tiny template. What any page of the platform costs at the least on this set-up."""

from django.http import Http404, HttpResponse
from django.shortcuts import render

from kpis.models import KpiRollup, RollupLevel, RollupPeriod
from network_animation.request import ScopedRequest


def floor(request: ScopedRequest, tenant_slug: str, point_of_sale_id: int) -> HttpResponse:
    tenant = request.tenant
    if tenant is None:
        raise Http404
    rollup = (
        KpiRollup.objects.filter(
            tenant=tenant,
            level=RollupLevel.POINT_OF_SALE,
            scope_id=point_of_sale_id,
            period=RollupPeriod.MONTH,
        )
        .order_by("-period_start")
        .only("value", "period_start")
        .first()
    )
    return render(request, "bench/floor.html", {"rollup": rollup})
