"""Whether the nightly step has anything new to read: a digest of everything its ranking reads,
kept with its last successful run (`NightInputs`). A night that finds the same digest skips the
work (hold-out draw, peers, KPI gaps, content ranked, challenges and modules to suggest): it
would write the same rows.

The digest covers, a query or two each, whatever the size of the network: the quarter and its
hold-out group (`with_held_out`: the group as drawn on the quarter's first night); the active
points of sale's profiles; the KPIs (active ones, their names and directions); the month in
progress; the month rollups the step reads, by their number and when the last of them changed
(the aggregation writes a row only when its figures change, and stamps it then:
`computed_at`); the content that may be recommended with its KPIs, and the modules' titles;
which point of sale first did or read which content, and when; the past challenges'
participants; the suggestions the zones have in hand, did lately or dismissed lately.

Visits are apart: their reasons count the weeks since the last coaching day and a coaching day
planned for today counts from today, so they follow the calendar, not only the data. A skipped
night compares them with those written (`NightInputs.visits_digest`) and rewrites them alone
when they differ (`action_services.visit_suggestions_refresh`).

A night on which only the month in progress moved (a new day of figures: most nights) reads
the same closed months, content, learning and feedback as the last full run: the second digest
(`NightDigests.closed`, all but the month in progress's rollups) tells so, and that night
rewrites only the KPI gaps and the visits, which read the month in progress. The content
recommended and the challenges and modules suggested rank on closed months only: a full run
would write them again the same.

`ENGINE` stands for the code: change it when the same inputs would give other rows (a new
reason's wording, another ranking), so that the first night after the deploy runs in full.
"""

import datetime as dt
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils import timezone

from challenges import recommendation_reads as challenge_reads
from communities import recommendation_reads as community_reads
from kpis import recommendation_reads as kpi_reads
from microlearning import recommendation_reads as learning_reads
from network_animation.models import Tenant

from .action_services import suggestions_feedback
from .frames import months_before, profiles_frame
from .holdout import quarter_start
from .models import NightInputs
from .peers import CURVE_MONTHS
from .underperformance import HISTORY

# Changed with what the night computes, so that the first night after it runs in full
# (2026-12-01: the gaps' trend, which visits need).
ENGINE = "2026-12-01"


@dataclass(frozen=True)
class NightDigests:
    full: str  # everything the night reads
    closed: str  # all of it but the month in progress's rollups

    def with_held_out(self, held_out: Iterable[int]) -> "NightDigests":
        """The digests with the quarter's hold-out group: apart, since the night draws it on
        the quarter's first night, after reading the rest."""
        return NightDigests(
            with_held_out(self.full, held_out), with_held_out(self.closed, held_out)
        )


def night_inputs_digest(*, tenant: Tenant, today: dt.date, current: dt.date) -> NightDigests:
    """The digests of what the night would read for `today`, the month in progress being
    `current`. Fifteen queries."""
    start = months_before(current, max(HISTORY, CURVE_MONTHS))
    pieces = community_reads.recommendable_content(tenant=tenant)
    modules = learning_reads.published_module_kpis(tenant=tenant)
    feedback = suggestions_feedback(tenant=tenant, now=timezone.now())
    parts: dict[str, Iterable[object]] = {
        "engine": [ENGINE],
        "quarter": [quarter_start(today), current],
        "profiles": profiles_frame(tenant=tenant).itertuples(index=False, name=None),
        "kpi_names": kpi_reads.kpi_names(tenant=tenant).items(),
        "kpi_directions": kpi_reads.kpi_higher_is_better(tenant=tenant).items(),
        "rollups": [
            kpi_reads.point_of_sale_months_changed(
                tenant=tenant, start=start, end=months_before(current, 1)
            )
        ],
        "content": (
            (p.kind, p.id, sorted(p.kpis), sorted(p.threads), sorted(p.documents)) for p in pieces
        ),
        "modules": modules,
        "module_titles": learning_reads.module_titles(
            tenant=tenant, ids={module for module, _kpi in modules}
        ).items(),
        "modules_done": learning_reads.modules_done_by_points_of_sale(tenant=tenant),
        "first_reads": community_reads.first_reads_by_points_of_sale(tenant=tenant),
        "challenges": challenge_reads.challenge_participations(tenant=tenant),
        "in_hand": feedback.in_hand,
        "dismissed": feedback.dismissed,
    }
    digest = hashlib.sha256()
    for name, rows in parts.items():
        # Sorted: the same rows in another order (the database's) are the same inputs.
        digest.update(f"{name}:{sorted(map(repr, rows))!r};".encode())
    closed = digest.hexdigest()
    in_progress = kpi_reads.point_of_sale_months_changed(tenant=tenant, start=current, end=current)
    digest.update(f"rollups_in_progress:{in_progress!r};".encode())
    return NightDigests(full=digest.hexdigest(), closed=closed)


def with_held_out(digest: str, held_out: Iterable[int]) -> str:
    """The digest with the quarter's hold-out group: apart, since the night draws it on the
    quarter's first night, after reading the rest."""
    return hashlib.sha256(f"{digest}:{sorted(held_out)!r}".encode()).hexdigest()


def night_inputs_last(*, tenant: Tenant) -> NightInputs | None:
    return NightInputs.objects.filter(tenant=tenant).first()


def night_inputs_forget(*, tenant: Tenant) -> None:
    """A full run starts: until it succeeds, no night may take its inputs for done."""
    NightInputs.objects.filter(tenant=tenant).delete()


def night_inputs_save(
    *, tenant: Tenant, digests: NightDigests, visits_digest: str, today: dt.date
) -> NightInputs:
    """A run succeeded (its start forgot the last one's inputs)."""
    return NightInputs.objects.create(
        tenant=tenant,
        digest=digests.full,
        closed_digest=digests.closed,
        visits_digest=visits_digest,
        day=today,
        computed_at=timezone.now(),
    )


def night_inputs_visits_save(*, tenant: Tenant, visits_digest: str) -> None:
    """A skipped night rewrote the visits."""
    NightInputs.objects.filter(tenant=tenant).update(
        visits_digest=visits_digest, computed_at=timezone.now()
    )
