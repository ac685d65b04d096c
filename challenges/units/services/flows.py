"""The reference week of customer flows: a day of the grid typed in, or the whole week read
from a CSV or XLSX file (day, hour, customers, staff needed, staff planned), all or nothing:
a file with one bad row writes nothing and says where and why, like every import."""

import unicodedata
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from network_animation.models import Membership, Tenant
from network_animation.tabular import Columns, ImportRejected, RowError, map_columns, read_table

from ...models import FlowSlot, UnitProject
from .. import errors
from .excellence import project_touched
from .projects import UNIT_PROJECT

ALIASES = {
    "day": "day",
    "jour": "day",
    "hour": "hour",
    "heure": "hour",
    "customers": "traffic",
    "traffic": "traffic",
    "clients": "traffic",
    "frequentation": "traffic",
    "staff_needed": "staff_needed",
    "besoin": "staff_needed",
    "effectif_necessaire": "staff_needed",
    "staff_planned": "staff_planned",
    "planifie": "staff_planned",
    "effectif_planifie": "staff_planned",
}
NUMBERS = ("traffic", "staff_needed", "staff_planned")
DAYS = {
    **{name: i for i, name in enumerate(("monday", "tuesday", "wednesday", "thursday"))},
    **{name: i + 4 for i, name in enumerate(("friday", "saturday", "sunday"))},
    **{name: i for i, name in enumerate(("lundi", "mardi", "mercredi", "jeudi", "vendredi"))},
    "samedi": 5,
    "dimanche": 6,
    **{str(i + 1): i for i in range(7)},
}


@dataclass(frozen=True)
class SlotFigures:
    hour: int
    traffic: int
    staff_needed: int
    staff_planned: int

    @property
    def is_empty(self) -> bool:
        return not (self.traffic or self.staff_needed or self.staff_planned)


@transaction.atomic
def flow_hours_save(
    *, tenant: Tenant, actor: Membership, project: UnitProject, opens_at: int, closes_at: int
) -> UnitProject:
    UNIT_PROJECT.check_runner(tenant, actor, project.point_of_sale)
    if not 0 <= opens_at < closes_at <= 24:
        raise ValidationError(errors.HOURS)
    project.opens_at, project.closes_at = opens_at, closes_at
    project.save(update_fields=["opens_at", "closes_at"])
    project_touched(tenant, project)
    return project


def _write(tenant: Tenant, project: UnitProject, weekday: int, slots: list[SlotFigures]) -> None:
    FlowSlot.objects.bulk_create(
        FlowSlot(
            tenant=tenant,
            project=project,
            weekday=weekday,
            hour=slot.hour,
            traffic=slot.traffic,
            staff_needed=slot.staff_needed,
            staff_planned=slot.staff_planned,
        )
        for slot in slots
        if not slot.is_empty
    )


@transaction.atomic
def flow_day_save(
    *,
    tenant: Tenant,
    actor: Membership,
    project: UnitProject,
    weekday: int,
    slots: list[SlotFigures],
) -> None:
    """One day of the reference week, replaced by what the grid holds (empty hours removed).
    The grid shows the opening hours only: the day's other hours (imported, or kept from wider
    opening hours) stay as they were."""
    UNIT_PROJECT.check_runner(tenant, actor, project.point_of_sale)
    if not 0 <= weekday <= 6 or any(not 0 <= s.hour <= 23 for s in slots):
        raise ValidationError(errors.FLOW_HOUR)
    shown = set(project.hours) | {slot.hour for slot in slots}
    FlowSlot.objects.filter(
        tenant=tenant, project=project, weekday=weekday, hour__in=shown
    ).delete()
    _write(tenant, project, weekday, slots)
    project_touched(tenant, project)


def _plain(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().strip().lower()


def _row(line: int, cells: list[str], columns: Columns) -> tuple[int, SlotFigures] | list:
    """A row's (day, figures), or its errors."""
    found: list[RowError] = []

    def cell(name: str) -> str:
        index = columns.get(name)
        return cells[index].strip() if index is not None and index < len(cells) else ""

    day = DAYS.get(_plain(cell("day")))
    if day is None:
        found.append(RowError(line, columns.name("day"), str(errors.FLOW_DAY)))
    hour_text = cell("hour").split(":")[0].split("h")[0]
    hour = int(hour_text) if hour_text.isdigit() and int(hour_text) <= 23 else None
    if hour is None:
        found.append(RowError(line, columns.name("hour"), str(errors.FLOW_HOUR)))
    numbers: dict[str, int] = {}
    for name in NUMBERS:
        text = cell(name) or "0"
        if not text.isdigit() or int(text) > 10_000:
            found.append(RowError(line, columns.name(name), str(errors.FLOW_NUMBER)))
        else:
            numbers[name] = int(text)
    if found or day is None or hour is None:
        return found
    return day, SlotFigures(hour, **numbers)


def flows_parse(content: bytes, filename: str) -> dict[int, list[SlotFigures]]:
    """The week in a file, by day; ImportRejected with every bad row's line, column, reason."""
    header, rows = read_table(content, filename)
    columns = map_columns(header, ALIASES, required={"day", "hour", "traffic"})
    week: dict[int, list[SlotFigures]] = {}
    seen: set[tuple[int, int]] = set()
    problems: list[RowError] = []
    for line, cells in rows:
        parsed = _row(line, cells, columns)
        if isinstance(parsed, list):
            problems.extend(parsed)
            continue
        day, slot = parsed
        if (day, slot.hour) in seen:
            problems.append(RowError(line, columns.name("hour"), str(errors.FLOW_TWICE)))
        seen.add((day, slot.hour))
        week.setdefault(day, []).append(slot)
    if problems:
        raise ImportRejected(problems)
    return week


@transaction.atomic
def flows_import(
    *, tenant: Tenant, actor: Membership, project: UnitProject, content: bytes, filename: str
) -> int:
    """Replace the reference week with the file's; nothing changes if any row is bad."""
    UNIT_PROJECT.check_runner(tenant, actor, project.point_of_sale)
    week = flows_parse(content, filename)
    FlowSlot.objects.filter(tenant=tenant, project=project).delete()
    for day, slots in week.items():
        _write(tenant, project, day, slots)
    project_touched(tenant, project)
    return sum(len(slots) for slots in week.values())
