"""What came after each module, per KPI (microlearning/outcomes.py): rewritten each night from the
points of sale's closed KPI months of the last two years and the modules their people finished;
the raw figures head office reads on the completion page."""

import datetime as dt

import pandas as pd
from django.db import transaction
from django.utils import timezone

from kpis import recommendation_reads as kpi_reads
from kpis.models import KpiDefinition
from network_animation import selectors as organisation
from network_animation.jobs import JobProgress
from network_animation.models import Tenant

from ..models import ModuleKpiOutcome
from ..outcomes import module_kpi_outcomes
from ..recommendation_reads import modules_done_by_points_of_sale

HISTORY_MONTHS = 24
# Learning's own KPIs (completions, review days, assessment scores) follow the modules by
# construction: not what head office asks about.
OWN_PRODUCERS = ("learning", "learning_assessments")


def _month(day: dt.date, back: int = 0) -> dt.date:
    """The first day of the month `back` months before `day`'s."""
    index = day.year * 12 + day.month - 1 - back
    return dt.date(index // 12, index % 12 + 1, 1)


def _kpi_months(tenant: Tenant, today: dt.date) -> pd.DataFrame:
    """point_of_sale, kpi, month, value, target, higher_is_better: the closed months."""
    rows = kpi_reads.point_of_sale_months(
        tenant=tenant, start=_month(today, HISTORY_MONTHS), end=_month(today, 1)
    )
    frame = pd.DataFrame(rows, columns=list(kpi_reads.MONTH_COLUMNS))
    own = KpiDefinition.objects.filter(tenant=tenant, producer__in=OWN_PRODUCERS)
    frame = frame[~frame["kpi"].isin(set(own.values_list("pk", flat=True)))]
    directions = kpi_reads.kpi_higher_is_better(tenant=tenant)
    return frame.assign(higher_is_better=frame["kpi"].map(directions).fillna(True).astype(bool))


def _profiles(tenant: Tenant) -> pd.DataFrame:
    points = organisation.point_of_sale_list(tenant=tenant).filter(is_active=True)
    rows = points.select_related(None).order_by("pk").values_list("pk", "type", "size_class")
    return pd.DataFrame(list(rows), columns=["point_of_sale", "type", "size_class"])


def _completions(tenant: Tenant) -> pd.DataFrame:
    rows = [
        (point, module, _month(timezone.localdate(first)))
        for point, module, first in modules_done_by_points_of_sale(tenant=tenant)
    ]
    return pd.DataFrame(rows, columns=["point_of_sale", "module", "month"])


@transaction.atomic
def module_outcomes_refresh(*, tenant: Tenant, today: dt.date | None = None) -> int:
    """Every module's outcomes computed again and stored in place of the last night's; how many
    (module, KPI) figures there are."""
    today = today or timezone.localdate()
    outcomes = module_kpi_outcomes(
        profiles=_profiles(tenant),
        kpi_months=_kpi_months(tenant, today),
        completions=_completions(tenant),
    )
    ModuleKpiOutcome.objects.filter(tenant=tenant).delete()
    now = timezone.now()
    ModuleKpiOutcome.objects.bulk_create(
        [
            ModuleKpiOutcome(
                tenant=tenant,
                module_id=outcome.module,
                kpi_id=outcome.kpi,
                completed_points=outcome.completed_points,
                completed_change=outcome.completed_change,
                compared_points=outcome.compared_points,
                compared_change=outcome.compared_change,
                computed_at=now,
            )
            for outcome in outcomes
        ],
        batch_size=1000,
    )
    return len(outcomes)


def module_outcomes_step(*, tenant: Tenant, progress: JobProgress) -> None:
    progress.add("learning_module_outcomes", module_outcomes_refresh(tenant=tenant))
