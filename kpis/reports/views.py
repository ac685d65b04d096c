"""Head office's reports page: produce the monthly network report, download past ones."""

import datetime as dt
from typing import Any, cast

from django import forms
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from network_animation import permissions, selectors
from network_animation.models import Tenant
from network_animation.views.common import TenantRequest, paginate, require

from ..models import KpiRollup, RollupPeriod
from .monthly import KIND, monthly_report_request


class MonthlyReportForm(forms.Form):
    month = forms.ChoiceField(label=_("Month"))
    format = forms.ChoiceField(label=_("Format"), choices=[("xlsx", "Excel"), ("pdf", "PDF")])

    def __init__(self, *args: Any, months: list[dt.date], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        month = cast(forms.ChoiceField, self.fields["month"])
        month.choices = [(m.isoformat(), date_format(m, "F Y")) for m in months]


def report_months(*, tenant: Tenant) -> list[dt.date]:
    return list(
        KpiRollup.objects.filter(tenant=tenant, period=RollupPeriod.MONTH)
        .order_by("-period_start")
        .values_list("period_start", flat=True)
        .distinct()[:24]
    )


@require(permissions.can_manage_kpis)
def reports(request: TenantRequest, tenant_slug: str) -> HttpResponse:
    months = report_months(tenant=request.tenant)
    form = MonthlyReportForm(request.POST or None, months=months)
    if request.method == "POST" and form.is_valid():
        run = monthly_report_request(
            tenant=request.tenant,
            actor=request.user,
            month=dt.date.fromisoformat(form.cleaned_data["month"]),
            export_format=form.cleaned_data["format"],
        )
        return redirect("job_run", request.tenant.slug, run.pk)
    files = selectors.generated_file_list(tenant=request.tenant, kind=KIND)
    return render(
        request,
        "kpis/reports/reports.html",
        {
            "form": form,
            "page": paginate(request, files, per_page=20),
            "has_months": bool(months),
        },
        status=400 if form.errors else 200,
    )
