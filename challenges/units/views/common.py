"""What the unit pages share: fetching a project or an action through the tenant, the rights
checked once, the reference week laid out for a table."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.utils.dates import WEEKDAYS as DAY_NAMES

from network_animation.models import PointOfSale
from network_animation.views.common import TenantRequest

from ...models import FlowSlot, UnitAction, UnitProject
from .. import rights, selectors

WEEKDAYS = [(number, DAY_NAMES[number]) for number in range(7)]


def may_edit(request: TenantRequest, point: PointOfSale) -> bool:
    return rights.can_edit_project(
        tenant=request.tenant, membership=request.membership, point=point
    )


def readable_project(request: TenantRequest, unit_project_id: int) -> UnitProject:
    project = selectors.project_get(tenant=request.tenant, id=unit_project_id)
    if not rights.can_read_project(request.membership, project.point_of_sale):
        raise PermissionDenied
    return project


def editable_project(request: TenantRequest, unit_project_id: int) -> UnitProject:
    project = readable_project(request, unit_project_id)
    if not may_edit(request, project.point_of_sale):
        raise PermissionDenied
    return project


def readable_action(request: TenantRequest, unit_action_id: int) -> UnitAction:
    action = selectors.action_get(tenant=request.tenant, id=unit_action_id)
    if not rights.can_read_project(request.membership, action.project.point_of_sale):
        raise PermissionDenied
    return action


@dataclass(frozen=True)
class WeekRow:
    hour: int
    slots: list[FlowSlot | None]  # Monday to Sunday


@dataclass(frozen=True)
class Week:
    rows: list[WeekRow]
    traffic_by_day: list[int]
    short_slots: int  # hours with fewer people planned than needed

    @property
    def is_empty(self) -> bool:
        return not any(self.traffic_by_day) and not any(
            slot for row in self.rows for slot in row.slots
        )


def flow_week(project: UnitProject, grid: dict[tuple[int, int], FlowSlot]) -> Week:
    hours = sorted(set(project.hours) | {hour for _, hour in grid})
    rows = [WeekRow(hour, [grid.get((day, hour)) for day in range(7)]) for hour in hours]
    traffic = [sum(s.traffic for (d, _), s in grid.items() if d == day) for day in range(7)]
    short = sum(1 for slot in grid.values() if slot.staff_gap < 0)
    return Week(rows, traffic, short)
