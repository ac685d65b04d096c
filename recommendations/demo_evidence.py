"""The demo history's past challenges and first reads, beside its learning history
(recommendations/demo.py writes them together and loads the lifted KPI facts once).

- Challenges (`CHALLENGES`): months ago, a challenge on one KPI in several of the brand's zones
  (never the demo accounts' one); the points of sale that took part did better on it from then
  on. The engine measures that against comparable points of sale (`rank_actions`) and suggests
  a challenge on that KPI to the zones whose points of sale fall short on it.
- First reads (`READINGS`): the managers of many points of sale first read library documents of
  the communities' demo (communities/demo/library.py) months ago. One document really helped
  the kinds of point of sale it suits, another is read as often and changes nothing; the one
  that helps is not always tagged with the KPI it moves. Without the communities' demo (no such
  document), there are no first reads.

Each returns its lifts as `demo._lifts` does: point_of_sale_id, kpi_id, since, gain.
"""

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
from django.utils import timezone

from challenges.models import Challenge
from challenges.services import ChallengeSpec, KpiChoice, challenge_close, challenge_launch
from communities.models import Document, DocumentVersion, FirstRead
from kpis.models import KpiDefinition
from network_animation import selectors as organisation
from network_animation.models import Tenant, Zone

from .frames import months_before

LIFT_COLUMNS = ["point_of_sale_id", "kpi_id", "since", "gain"]
READ_TRIES = 6  # dates drawn for a reader before giving up (a hold-out quarter, a module near)
EVERY_SIZE = ("S", "M", "L", "XL")


def _every_size(gain: float) -> dict[str, float]:
    return dict.fromkeys(EVERY_SIZE, gain)


@dataclass(frozen=True)
class DemoChallenges:
    kpi: str  # its code
    gain: float  # the participants' relative rise on it, from the challenge's start
    months_ago: tuple[int, ...]  # each challenge's first month, before the month in progress
    months: int = 2  # how long each lasted


CHALLENGES = {
    "autonova": DemoChallenges("leads", 0.12, (8, 6, 4)),
    "belle-allure": DemoChallenges("visiteurs", 0.1, (8, 6, 4)),
}


@dataclass(frozen=True)
class DemoReading:
    title: str  # a library document, as the communities' demo names it
    share: float  # of the points of sale whose manager read it
    gains: dict[str, dict[str, float]]  # KPI code -> size class -> its relative rise after


READINGS = {
    "autonova": [
        # Tagged used cars, and it sells them.
        DemoReading(
            "Reprise d’un véhicule d’occasion : grille d’estimation", 0.3, {"vo": _every_size(0.12)}
        ),
        # Read by many, changing nothing: on the test's network of 48 points of sale, the engine
        # once credited it with more than 2 % on new car sales, by chance and by the seasons of
        # the kinds of dealers that read it (issue 17); it must not be recommended.
        DemoReading("Check-list de livraison d’un véhicule neuf", 0.45, {}),
    ],
    "belle-allure": [
        # Tagged conversion; the small shops serve more customers (the transactions rise).
        DemoReading("Répondre à une cliente pressée", 0.3, {"tickets": {"S": 0.12, "M": 0.1}}),
        DemoReading("Le programme fidélité expliqué aux clientes", 0.45, {}),  # no effect
    ],
}


def _month_end(first: dt.date, months: int) -> dt.date:
    return months_before(first, -months) - dt.timedelta(days=1)


def past_challenges_launch(
    *, tenant: Tenant, demo_zone: int, kpis: dict[str, int]
) -> tuple[list[Challenge], pd.DataFrame]:
    """Launch the brand's past challenges (`CHALLENGES`), one per zone but the demo accounts'
    one, by the zone's animator, as on their first day; return them and their participants'
    lifts."""
    plan = CHALLENGES.get(tenant.slug)
    if plan is None or plan.kpi not in kpis:
        return [], pd.DataFrame(columns=LIFT_COLUMNS)
    kpi = KpiDefinition.objects.get(tenant=tenant, pk=kpis[plan.kpi])
    current = timezone.localdate().replace(day=1)
    zones = Zone.objects.filter(tenant=tenant).exclude(pk=demo_zone).order_by("pk")
    launched, rows = [], []
    for zone, months_ago in zip(zones, plan.months_ago, strict=False):
        start = months_before(current, months_ago)
        spec = ChallengeSpec(
            name=f"Challenge {kpi.name_fr} {zone.name}",
            start=start,
            end=_month_end(start, plan.months),
            zone=zone,
            kpis=[KpiChoice(kpi)],
        )
        animator = organisation.animators_of_zone(tenant=tenant, zone=zone).first()
        challenge = challenge_launch(tenant=tenant, actor=animator, spec=spec, today=start)
        local = timezone.get_current_timezone()
        launched_at = dt.datetime(start.year, start.month, start.day, 9, tzinfo=local)
        Challenge.objects.filter(pk=challenge.pk).update(created_at=launched_at)
        launched.append(challenge)
        since = start - dt.timedelta(days=1)  # its first day counts
        points = challenge.participants.values_list("point_of_sale_id", flat=True).distinct()
        rows += [(point, kpi.pk, since, plan.gain) for point in points]
    return launched, pd.DataFrame(rows, columns=LIFT_COLUMNS)


def past_challenges_close(*, tenant: Tenant, challenges: list[Challenge]) -> None:
    """Close them, their standings read from the rollups of the lifted facts."""
    for challenge in challenges:
        challenge_close(tenant=tenant, challenge=challenge, today=timezone.localdate())


@dataclass(frozen=True)
class Reading:
    membership: int
    point_of_sale: int
    size_class: str
    document: int
    gains: dict[str, dict[str, float]]
    at: dt.datetime


def first_reads_write(
    *,
    tenant: Tenant,
    managers: list[tuple[int, int, str]],
    kpis: dict[str, int],
    when: Callable[[random.Random], dt.datetime],
    kept: Callable[[int, dt.datetime], bool],
    rng: random.Random,
) -> pd.DataFrame:
    """The managers' first reads of the brand's documents (`READINGS`), dated by `when` at a
    date `kept` allows (not while the point of sale was held out, nor next to one of its
    modules), drawn again a few times before the read is left out; the documents were there a
    year before. Returns the lifts of those that helped."""
    readings = READINGS.get(tenant.slug, [])
    titles = [reading.title for reading in readings]
    documents = dict(
        Document.objects.filter(tenant=tenant, title__in=titles).values_list("title", "pk")
    )
    already = set(
        FirstRead.objects.filter(
            tenant=tenant, document_id__in=list(documents.values())
        ).values_list("membership_id", "document_id")
    )
    found = []
    for reading in readings:
        if reading.title not in documents:
            continue
        document = documents[reading.title]
        wanted = round(reading.share * len(managers))
        # The share of readers is the design's: managers are asked in a random order, each
        # reading at the first of a few dates `kept` allows (a manager who read it already, or
        # whose modules leave no such date, is passed over).
        for membership, point, size in rng.sample(managers, len(managers)):
            if wanted == 0:
                break
            if (membership, document) in already:
                continue
            dates = (when(rng) for _try in range(READ_TRIES))
            at = next((date for date in dates if kept(point, date)), None)
            if at is not None:
                found.append(Reading(membership, point, size, document, reading.gains, at))
                wanted -= 1
    _documents_published_earlier(tenant, set(documents.values()))
    FirstRead.objects.bulk_create(
        [
            FirstRead(
                tenant=tenant, membership_id=r.membership, document_id=r.document, read_at=r.at
            )
            for r in found
        ],
        ignore_conflicts=True,
    )
    rows = [
        (r.point_of_sale, kpis[code], timezone.localdate(r.at), gains[r.size_class])
        for r in found
        for code, gains in r.gains.items()
        if code in kpis and r.size_class in gains
    ]
    return pd.DataFrame(rows, columns=LIFT_COLUMNS)


def _documents_published_earlier(tenant: Tenant, ids: set[int]) -> None:
    """The documents read were there before the reads: a year ago, as the modules."""
    when = timezone.now() - dt.timedelta(days=365)
    Document.objects.filter(tenant=tenant, pk__in=ids).update(created_at=when)
    DocumentVersion.objects.filter(tenant=tenant, document_id__in=ids, number=1).update(
        created_at=when
    )
