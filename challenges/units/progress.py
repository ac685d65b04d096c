"""The progress board's figures, computed from plain values (no ORM): a project's stage, the
share of its actions done, and how the KPIs its actions target moved since it started."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

# A plan is well under way once this share of its actions is done.
ADVANCED_SHARE = 0.5


class Stage(models.IntegerChoices):
    NOT_STARTED = 0, _("Not started")
    DIAGNOSTIC = 1, _("Diagnostic in progress")
    DIAGNOSTIC_DONE = 2, _("Diagnostic done")
    PLAN_WRITTEN = 3, _("Plan written")
    ADVANCED = 4, _("Plan well under way")


def share_done(done: int, total: int) -> float | None:
    return done / total if total else None


def stage_of(
    *,
    started: bool,
    diagnostic_done: bool,
    plan_written: bool,
    done: int,
    total: int,
) -> Stage:
    if not started:
        return Stage.NOT_STARTED
    if plan_written:
        share = share_done(done, total)
        advanced = share is not None and share >= ADVANCED_SHARE
        return Stage.ADVANCED if advanced else Stage.PLAN_WRITTEN
    return Stage.DIAGNOSTIC_DONE if diagnostic_done else Stage.DIAGNOSTIC


@dataclass(frozen=True)
class MonthValue:
    month: dt.date
    value: float | None


@dataclass(frozen=True)
class KpiMove:
    """A KPI's value in the project's first month against its latest month."""

    kpi_id: int
    higher_is_better: bool
    start: MonthValue | None
    latest: MonthValue | None

    @property
    def change(self) -> float | None:
        if not self.start or not self.latest or self.latest.month <= self.start.month:
            return None
        if self.start.value is None or self.latest.value is None:
            return None
        return self.latest.value - self.start.value

    @property
    def improved(self) -> bool:
        change = self.change
        if change is None or change == 0:
            return False
        return change > 0 if self.higher_is_better else change < 0


def kpi_moves(
    *,
    kpis: Iterable[tuple[int, bool]],
    start_month: dt.date,
    values: Iterable[tuple[int, dt.date, float | None]],
) -> list[KpiMove]:
    """For each (KPI id, higher is better), its value in the start month (the project's first
    month; a KPI without a figure then starts at its first month with one) and in its latest
    month, from (KPI id, month, value) rows of months from the start on."""
    by_kpi: dict[int, list[MonthValue]] = {}
    for kpi_id, month, value in values:
        if month >= start_month:
            by_kpi.setdefault(kpi_id, []).append(MonthValue(month, value))
    moves = []
    for kpi_id, higher in kpis:
        months = sorted(by_kpi.get(kpi_id, []), key=lambda m: m.month)
        first = months[0] if months else None
        last = months[-1] if months else None
        moves.append(KpiMove(kpi_id, higher, first, last))
    return moves
