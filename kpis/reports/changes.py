"""What changed in the network since the month before: the report's opening summary. Pure: it
reads the `MonthlyReport` the report is written from."""

import datetime as dt
from dataclasses import dataclass

from ..dashboards.selectors import Tile
from ..models import KpiDefinition, KpiRollup
from .data import KpiSection, MonthlyReport, months_back


@dataclass(frozen=True)
class MonthChange:
    """A KPI's network figure against the month before: the value's relative change (a month
    not over is compared at its pace, as on the tiles) and the achievement's, in points."""

    kpi: KpiDefinition
    current: KpiRollup
    previous: KpiRollup
    change: float | None
    is_projected: bool

    @property
    def achievement_points(self) -> float | None:
        now, before = self.current.projected_achievement, self.previous.projected_achievement
        if now is None or before is None:
            return None
        return (now - before) * 100

    @property
    def back_on_target(self) -> bool:
        return self.previous.is_off_target and self._has_target and not self.current.is_off_target

    @property
    def now_off_target(self) -> bool:
        return self.current.is_off_target and not self.previous.is_off_target

    @property
    def _has_target(self) -> bool:
        return self.current.projected_achievement is not None

    @property
    def size(self) -> float:
        return abs(self.change) if self.change is not None else -1.0


def month_changes(report: MonthlyReport) -> list[MonthChange]:
    """Each KPI with figures this month and the month before, the largest changes first."""
    before = months_back(report.month, 2)
    changes = [change for s in report.sections if (change := _change(s, before)) is not None]
    return sorted(changes, key=lambda change: change.size, reverse=True)


def _change(section: KpiSection, before: dt.date) -> MonthChange | None:
    previous = next((r for r in section.history if r.period_start == before), None)
    if section.month is None or section.month.value is None or previous is None:
        return None
    tile = Tile(section.kpi, section.month, last_month=previous)
    return MonthChange(
        kpi=section.kpi,
        current=section.month,
        previous=previous,
        change=tile.change_from_last_month,
        is_projected=tile.is_projected,
    )
