"""The rules of assessments, plans and certifications, pure (no ORM): the services load, call
these, and store.

- A score reaches the highest level of the scale whose threshold it attains (the lowest level
  when it attains none).
- A gap is a competence whose latest level is not a proficient one, or one a coach or manager
  observed the person short of at work (the unit project's skills axis), until they say the
  person meets the standard; the assessed gaps come first, the widest first.
- A plan gives each gap up to `MODULES_PER_GAP` open modules (not done, not removed), chosen
  among the modules linked to that competence that the person has not done, the shortest
  first. A module appears once in a plan. The n-th open module is due n weeks from the build.
- Building again (after a new assessment) drops the modules it chose for competences that are
  no longer gaps, unless done (kept as history) or touched by the manager; it never adds back a
  module the manager removed, and leaves the manager's additions and due dates alone.
- A certification is met when the person's latest level on each competence it requires is at
  least the level required, and none of those results is older than the validity period. It
  runs from the most recent of those results to the validity period after the oldest one.
"""

import calendar
import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

MODULES_PER_GAP = 2
DAYS_PER_MODULE = 7


def level_for(score: int, thresholds: Sequence[tuple[int, int]]) -> int:
    """The id of the level a score reaches, from (level id, min score) pairs."""
    ordered = sorted(thresholds, key=lambda pair: pair[1])
    reached = ordered[0][0]
    for level_id, min_score in ordered:
        if score >= min_score:
            reached = level_id
    return reached


def score_of(right: int, questions: int) -> int:
    return round(100 * right / questions) if questions else 0


@dataclass(frozen=True)
class Candidate:
    module_id: int
    seconds: int


@dataclass(frozen=True)
class ExistingItem:
    id: int
    module_id: int
    competence_id: int | None
    is_managers: bool  # added, re-dated or removed by the manager
    removed: bool
    done: bool


@dataclass(frozen=True)
class NewItem:
    competence_id: int
    module_id: int
    due_on: dt.date


@dataclass(frozen=True)
class PlanChanges:
    add: list[NewItem]
    drop: list[int]  # ids of existing items


def plan_changes(
    *,
    gaps: Sequence[int],
    candidates: Mapping[int, Sequence[Candidate]],
    existing: Sequence[ExistingItem],
    today: dt.date,
    per_gap: int = MODULES_PER_GAP,
) -> PlanChanges:
    """What building the plan changes, for the gaps in the order given (the widest first)."""
    gap_set = set(gaps)
    drop = [
        item.id
        for item in existing
        if not item.is_managers and not item.done and item.competence_id not in gap_set
    ]
    kept = [item for item in existing if item.id not in drop]
    in_plan = {item.module_id for item in kept}
    open_count = sum(1 for item in kept if not item.removed and not item.done)
    add: list[NewItem] = []
    for gap in gaps:
        held = sum(
            1 for item in kept if item.competence_id == gap and not item.removed and not item.done
        )
        ordered = sorted(candidates.get(gap, ()), key=lambda c: (c.seconds, c.module_id))
        for candidate in ordered:
            if held >= per_gap:
                break
            if candidate.module_id in in_plan:
                continue
            open_count += 1
            due = today + dt.timedelta(days=DAYS_PER_MODULE * open_count)
            add.append(NewItem(gap, candidate.module_id, due))
            in_plan.add(candidate.module_id)
            held += 1
    return PlanChanges(add, drop)


def add_months(day: dt.date, months: int) -> dt.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Reached:
    min_score: int  # the threshold of the level reached: levels compare by it
    on: dt.date


def certification_period(
    *,
    required: Mapping[int, int],
    latest: Mapping[int, Reached],
    today: dt.date,
    validity_months: int,
) -> tuple[dt.date, dt.date] | None:
    """(granted on, expires on) when the latest results meet every requirement (competence
    id -> the required level's threshold), else None."""
    if not required:
        return None
    dates = []
    for competence_id, threshold in required.items():
        reached = latest.get(competence_id)
        if reached is None or reached.min_score < threshold:
            return None
        if add_months(reached.on, validity_months) <= today:
            return None
        dates.append(reached.on)
    return max(dates), add_months(min(dates), validity_months)
