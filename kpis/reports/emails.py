"""Scheduled emails, the last step of the nightly chain.

Weekly (on Mondays): each point of sale manager gets their figures, each regional director their
zones'. Monthly (the first night after a month has closed): head office gets the network report
attached. Each sending happens once per period, however often the chain runs.
"""

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from network_animation.jobs import JobProgress
from network_animation.models import Membership, Role, Tenant
from network_animation.services.files import scheduled_dispatch_claim, scheduled_dispatch_record

from ..dashboards import selectors as dashboards
from ..models import KpiRollup, RollupLevel, RollupPeriod
from .data import monthly_report_data
from .monthly import FORMATS, monthly_report_filename
from .xlsx import monthly_report_workbook

WEEKLY = "weekly_digest"
MONTHLY = "monthly_report"


def _send(
    *,
    to: str,
    language: str,
    subject: object,
    template: str,
    context: dict[str, Any],
    attachment: tuple[str, bytes, str] | None = None,
) -> None:
    with translation.override(language):
        body = render_to_string(f"kpis/reports/{template}.txt", context)
        message = EmailMultiAlternatives(str(subject), body, settings.DEFAULT_FROM_EMAIL, [to])
        if attachment:
            message.attach(*attachment)
        message.send()


def weekly_digests_send(*, tenant: Tenant, today: dt.date) -> int:
    """Once per ISO week: managers get their point of sale's figures, directors their region's."""
    year, week, _weekday = today.isocalendar()
    period = dashboards.dashboard_period(tenant=tenant, kind=RollupPeriod.MONTH)
    if period is None:
        return 0
    with transaction.atomic():
        if not scheduled_dispatch_claim(tenant=tenant, kind=WEEKLY, period_key=f"{year}-W{week}"):
            return 0
        sent = _weekly_to_managers(tenant, period) + _weekly_to_directors(tenant, period)
        scheduled_dispatch_record(
            tenant=tenant, kind=WEEKLY, period_key=f"{year}-W{week}", recipients=sent
        )
    return sent


def _recipients(tenant: Tenant, role: str) -> QuerySet[Membership]:
    return Membership.objects.filter(
        tenant=tenant, role=role, is_active=True, user__is_active=True
    ).select_related("user")


def _weekly_to_managers(tenant: Tenant, period: dashboards.Period) -> int:
    managers = list(_recipients(tenant, Role.POS_MANAGER).filter(point_of_sale__isnull=False))
    by_point = _point_of_sale_rollups(tenant, period, managers)
    for manager in managers:
        figures = by_point.get(manager.point_of_sale_id or 0, [])
        _send(
            to=manager.user.email,
            language=manager.user.language,
            subject=_("Your figures of the week"),
            template="weekly_point_of_sale",
            context={
                "person": manager.user,
                "rollups": figures,
                "period": period,
                "tenant": tenant,
            },
        )
    return len(managers)


def _point_of_sale_rollups(
    tenant: Tenant, period: dashboards.Period, managers: list[Membership]
) -> dict[int, list[KpiRollup]]:
    """The managers' points of sale's rollups, per point of sale."""
    rollups = (
        KpiRollup.objects.filter(
            tenant=tenant,
            level=RollupLevel.POINT_OF_SALE,
            period=period.kind,
            period_start=period.start,
            scope_id__in=[m.point_of_sale_id for m in managers],
        )
        .select_related("kpi")
        .order_by("kpi__position", "kpi__code")
    )
    by_point: dict[int, list[KpiRollup]] = {}
    for rollup in rollups:
        by_point.setdefault(rollup.scope_id, []).append(rollup)
    return by_point


def _weekly_to_directors(tenant: Tenant, period: dashboards.Period) -> int:
    directors = list(_recipients(tenant, Role.REGIONAL_DIRECTOR).filter(region__isnull=False))
    by_region = _zone_rollups(tenant, period, directors)
    for director in directors:
        _send(
            to=director.user.email,
            language=director.user.language,
            subject=_("Your region's figures of the week"),
            template="weekly_region",
            context={
                "person": director.user,
                "rollups": by_region.get(director.region_id, []),
                "period": period,
                "tenant": tenant,
            },
        )
    return len(directors)


def _zone_rollups(
    tenant: Tenant, period: dashboards.Period, directors: list[Membership]
) -> dict[int | None, list[KpiRollup]]:
    """The zones' rollups of the directors' regions, per region."""
    rollups = (
        KpiRollup.objects.filter(
            tenant=tenant,
            level=RollupLevel.ZONE,
            period=period.kind,
            period_start=period.start,
            region_id__in=[d.region_id for d in directors],
        )
        .select_related("kpi", "zone")
        .order_by("zone__name", "kpi__position")
    )
    by_region: dict[int | None, list[KpiRollup]] = {}
    for rollup in rollups:
        by_region.setdefault(rollup.region_id, []).append(rollup)
    return by_region


def monthly_report_send(*, tenant: Tenant, today: dt.date) -> int:
    """Once per closed month: the report of the month before `today`'s, to head office."""
    month = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    has_figures = KpiRollup.objects.filter(
        tenant=tenant, period=RollupPeriod.MONTH, period_start=month
    ).exists()
    if not has_figures:
        return 0
    with transaction.atomic():
        if not scheduled_dispatch_claim(tenant=tenant, kind=MONTHLY, period_key=f"{month:%Y-%m}"):
            return 0
        head_office = list(_recipients(tenant, Role.HEAD_OFFICE))
        _monthly_to_head_office(tenant, month, head_office)
        scheduled_dispatch_record(
            tenant=tenant, kind=MONTHLY, period_key=f"{month:%Y-%m}", recipients=len(head_office)
        )
    return len(head_office)


def _monthly_to_head_office(tenant: Tenant, month: dt.date, head_office: list[Membership]) -> None:
    """The report attached as a workbook, built once per language."""
    report = monthly_report_data(tenant=tenant, month=month)
    workbooks: dict[str, bytes] = {}
    for member in head_office:
        language = member.user.language
        if language not in workbooks:
            with translation.override(language):
                workbooks[language] = monthly_report_workbook(report)
        attachment = (
            monthly_report_filename(tenant, month, "xlsx"),
            workbooks[language],
            FORMATS["xlsx"],
        )
        _send(
            to=member.user.email,
            language=member.user.language,
            subject=_("The network report of the month"),
            template="monthly_head_office",
            context={"person": member.user, "month": month, "tenant": tenant},
            attachment=attachment,
        )


def scheduled_reports_step(
    *, tenant: Tenant, progress: JobProgress, today: dt.date | None = None
) -> None:
    today = today or timezone.localdate()
    if today.weekday() == 0:
        progress.add("weekly_emails", weekly_digests_send(tenant=tenant, today=today))
    progress.add("monthly_emails", monthly_report_send(tenant=tenant, today=today))
