"""Head office's view of training: completion by region and by module, as the zone page counts
it (a person with a module assigned: started, done, late), in four queries whatever the size of
the network."""

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Avg, Count, Exists, F, OuterRef, Q

from network_animation.models import Membership, Region, Tenant

from .. import permissions
from ..models import Enrolment, Module, Progress
from ..models.translated import in_reader_language

SORTS = ("name", "assigned", "started", "done", "late", "rate")


@dataclass(frozen=True)
class Completion:
    """People × modules assigned (a person assigned a module twice counts once), how many of
    those are started (not finished), done (finished once) and late (not done, a due date
    passed)."""

    id: int
    name: str
    assigned: int = 0
    started: int = 0
    done: int = 0
    late: int = 0
    finished_by: int = 0  # modules: everyone who finished it, assigned or not
    average_score: int | None = None  # modules: the finishers' best scores, averaged

    @property
    def rate(self) -> int | None:
        """Done, as a share of assigned (%); none when nothing is assigned."""
        return round(100 * self.done / self.assigned) if self.assigned else None

    def __add__(self, other: "Completion") -> "Completion":
        return replace(
            self,
            assigned=self.assigned + other.assigned,
            started=self.started + other.started,
            done=self.done + other.done,
            late=self.late + other.late,
        )


@dataclass(frozen=True)
class NetworkCompletion:
    total: Completion
    regions: list[Completion]
    modules: list[Completion]


def completion_sorted(rows: Sequence[Completion], sort: str) -> list[Completion]:
    """Rows by a column of `SORTS` (`-rate`: descending); by name otherwise, and within ties.
    Rows without a rate come last either way."""
    descending, column = sort.startswith("-"), sort.lstrip("-")
    by_name = sorted(rows, key=lambda row: (row.name.casefold(), row.id))
    if column not in SORTS or column == "name":
        return by_name[::-1] if descending and column == "name" else by_name
    known = [row for row in by_name if getattr(row, column) is not None]
    unknown = [row for row in by_name if getattr(row, column) is None]
    return sorted(known, key=lambda row: getattr(row, column), reverse=descending) + unknown


def _counts(tenant: Tenant, today: dt.date) -> list[Mapping[str, Any]]:
    """(region, module) → distinct people assigned, started, done, late: one query."""
    progress = Progress.objects.filter(
        tenant=tenant, membership_id=OuterRef("membership_id"), module_id=OuterRef("module_id")
    )
    done = Exists(progress.filter(times_completed__gt=0))
    started = Exists(progress.filter(times_completed=0))
    person = "membership_id"
    return list(
        Enrolment.objects.filter(
            tenant=tenant,
            membership__is_active=True,
            membership__point_of_sale__isnull=False,
        )
        .annotate(
            region_id=F("membership__point_of_sale__zone__region_id"),
            module_id=F("assignment__module_id"),
        )
        .values("region_id", "module_id")
        .annotate(
            assigned=Count(person, distinct=True),
            started=Count(person, distinct=True, filter=Q(started)),
            done=Count(person, distinct=True, filter=Q(done)),
            late=Count(person, distinct=True, filter=~Q(done) & Q(assignment__due_on__lt=today)),
        )
        .order_by()
    )


def _finishers(tenant: Tenant) -> dict[int, tuple[int, float | None]]:
    """By module: how many finished it (anyone), their best scores averaged: one query."""
    rows = (
        Progress.objects.filter(tenant=tenant, times_completed__gt=0, membership__is_active=True)
        .values("module_id")
        .annotate(people=Count("membership_id"), score=Avg("best_score"))
        .order_by()
    )
    return {row["module_id"]: (row["people"], row["score"]) for row in rows}


def network_completion(*, tenant: Tenant, viewer: Membership, today: dt.date) -> NetworkCompletion:
    """Every region and every module published or assigned, with its figures (four queries)."""
    if not permissions.may_view_completion(viewer):
        raise PermissionDenied
    counts = _counts(tenant, today)
    finishers = _finishers(tenant)
    regions = {
        pk: Completion(pk, name)
        for pk, name in Region.objects.filter(tenant=tenant).values_list("pk", "name")
    }
    assigned = {row["module_id"] for row in counts}
    shown = Module.objects.filter(tenant=tenant).filter(
        Q(status=Module.Status.PUBLISHED) | Q(pk__in=assigned)
    )
    modules = {}
    for pk, title_fr, title_en in shown.values_list("pk", "title_fr", "title_en"):
        people, score = finishers.get(pk, (0, None))
        average = round(score) if score is not None else None
        modules[pk] = Completion(
            pk, in_reader_language(title_fr, title_en), 0, 0, 0, 0, people, average
        )
    total = Completion(0, "")
    for row in counts:
        figures = Completion(0, "", row["assigned"], row["started"], row["done"], row["late"])
        total += figures
        if row["region_id"] in regions:
            regions[row["region_id"]] += figures
        if row["module_id"] in modules:
            modules[row["module_id"]] += figures
    return NetworkCompletion(total, list(regions.values()), list(modules.values()))
