"""The KPIs' audience criterion (network_animation/audiences.py): the points of sale off target
on a KPI in the newest month the nightly aggregation has written."""

from django.utils.translation import gettext_lazy as _

from network_animation.audiences import AudienceCriterion, register_audience_criterion
from network_animation.models import Tenant

from .dashboards.selectors import latest_month
from .selectors import kpi_list, points_off_target

OFF_TARGET = "off_target_kpi"


def _choices(tenant: Tenant) -> list[tuple[str, str]]:
    return [(str(kpi.pk), kpi.name) for kpi in kpi_list(tenant=tenant, active_only=True)]


def _points(tenant: Tenant, value: str) -> set[int]:
    month = latest_month(tenant=tenant)
    if month is None or not value.isdigit():
        return set()
    return points_off_target(tenant=tenant, kpi_id=int(value), month=month)


def register() -> None:
    register_audience_criterion(
        AudienceCriterion(
            code=OFF_TARGET,
            label=_("Off target this month on"),
            choices=_choices,
            points_of_sale=_points,
        )
    )
