"""Reads of the actions suggested to animators: a zone's, ranked for the person reading with their
own prior on kinds; one suggestion by id; head office's acceptance rates. Each takes `tenant=`
and the reader, and answers nothing to whoever may not see them."""

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, Q
from django.http import Http404
from django.utils import timezone

from network_animation.models import Membership, PointOfSale, Tenant, Zone

from . import errors
from .action_services import DISMISS_QUIET_DAYS
from .holdout import quarter_start
from .models import (
    ActionKind,
    ActionSuggestion,
    ContentRecommendation,
    DismissReason,
    HoldoutPoint,
    SuggestionStatus,
)
from .permissions import can_act_on_zone_suggestions, can_dismiss_content, can_manage_holdout
from .suggestions import kind_prior

SUGGESTIONS_SHOWN = 5
DONE_SHOWN_DAYS = 14  # a done suggestion stays on the panel, marked done, this long
RECENT_DISMISSALS = 10
TAKEN = [SuggestionStatus.ACCEPTED, SuggestionStatus.DONE]  # what counts as taken up


def suggestion_get(*, tenant: Tenant, membership: Membership, id: int) -> ActionSuggestion:
    """The suggestion, if it is of this tenant (404 otherwise, as for a missing one); refused
    to whoever may not act on its zone."""
    found = ActionSuggestion.objects.filter(tenant=tenant, pk=id).select_related("kpi").first()
    if found is None:
        raise Http404
    if not can_act_on_zone_suggestions(membership, found.zone_id):
        raise PermissionDenied(errors.NOT_YOUR_ZONE)
    return found


def content_recommendation_get(
    *, tenant: Tenant, membership: Membership, id: int, on: dt.date | None = None
) -> ContentRecommendation:
    """A piece of content recommended to a point of sale, if it is of this tenant and its point
    of sale is not held out (404 otherwise, as for a missing one); refused to whoever may not
    read the point of sale's page."""
    held = HoldoutPoint.objects.filter(
        tenant=tenant, quarter__quarter_start=quarter_start(on or timezone.localdate())
    )
    found = (
        ContentRecommendation.objects.filter(tenant=tenant, pk=id)
        .exclude(point_of_sale_id__in=held.values("point_of_sale_id"))
        .select_related("point_of_sale__zone", "kpi")
        .first()
    )
    if found is None:
        raise Http404
    if not can_dismiss_content(membership, found.point_of_sale):
        raise PermissionDenied(errors.NOT_YOUR_POINT_OF_SALE)
    return found


def content_dismissed(
    *, tenant: Tenant, membership: Membership, point_of_sale: PointOfSale
) -> set[tuple[str, int]]:
    """The pieces of content (kind, id) this person dismissed on this point of sale's page in
    the last `DISMISS_QUIET_DAYS`. One query."""
    keys = ActionSuggestion.objects.filter(
        tenant=tenant,
        kind=ActionKind.CONTENT,
        status=SuggestionStatus.DISMISSED,
        acted_by=membership,
        point_of_sale=point_of_sale,
        acted_at__gt=timezone.now() - dt.timedelta(days=DISMISS_QUIET_DAYS),
    ).values_list("key", flat=True)
    found = set()
    for key in keys:
        _content, kind, pk = key.split(":", 2)
        found.add((kind, int(pk)))
    return found


@dataclass(frozen=True)
class ShownSuggestion:
    suggestion: ActionSuggestion
    points: list[PointOfSale]  # the points of sale it concerns, by name
    prior: float  # the reader's own weight on its kind (1.0 without feedback)


@dataclass(frozen=True)
class ZoneSuggestions:
    open: list[ShownSuggestion] = field(default_factory=list)  # the best first
    accepted: list[ShownSuggestion] = field(default_factory=list)  # waiting for their action
    done: list[ShownSuggestion] = field(default_factory=list)  # done lately
    more: int = 0  # open suggestions not shown


def kind_priors(*, tenant: Tenant, membership: Membership) -> dict[str, float]:
    """The person's prior on each kind, from what they accepted (or did) and dismissed."""
    rows = (
        ActionSuggestion.objects.filter(tenant=tenant, acted_by=membership)
        .order_by()
        .values("kind")
        .annotate(
            taken=Count("pk", filter=Q(status__in=TAKEN)),
            dismissed=Count("pk", filter=Q(status=SuggestionStatus.DISMISSED)),
        )
    )
    counts = {row["kind"]: (row["taken"], row["dismissed"]) for row in rows}
    return {kind: kind_prior(*counts.get(kind, (0, 0))) for kind in ActionKind.values}


def zone_suggestions(
    *, tenant: Tenant, membership: Membership, zone: Zone, on: dt.date | None = None
) -> ZoneSuggestions:
    """The zone's suggestions for this reader: open ones ranked by score times their own prior
    on the kind (the first `SUGGESTIONS_SHOWN`), but those they dismissed lately; those
    accepted waiting for their action, and those done lately. Never a point of sale held out
    this quarter. Three queries at most, whatever the size of the zone; none for who may not
    see them."""
    if not can_act_on_zone_suggestions(membership, zone):
        return ZoneSuggestions()
    now = timezone.now()
    recent = now - dt.timedelta(days=DONE_SHOWN_DAYS)
    found = list(
        ActionSuggestion.objects.filter(tenant=tenant, zone=zone)
        .filter(
            Q(status__in=[SuggestionStatus.OPEN, SuggestionStatus.ACCEPTED])
            | Q(status=SuggestionStatus.DONE, done_at__gte=recent)
            | Q(
                status=SuggestionStatus.DISMISSED,
                acted_by=membership,
                acted_at__gt=now - dt.timedelta(days=DISMISS_QUIET_DAYS),
            )
        )
        .select_related("kpi")
    )
    dismissed = {row.key for row in found if row.status == SuggestionStatus.DISMISSED}
    rows = [
        row
        for row in found
        if row.status != SuggestionStatus.DISMISSED
        and not (row.status == SuggestionStatus.OPEN and row.key in dismissed)
    ]
    if not rows:
        return ZoneSuggestions()
    priors = kind_priors(tenant=tenant, membership=membership)
    points = _points_not_held_out(tenant, rows, on)
    shown = []
    for row in rows:
        named = [points[pk] for pk in row.points_of_sale if pk in points]
        if named or row.status != SuggestionStatus.OPEN:
            shown.append(ShownSuggestion(row, named, priors.get(row.kind, 1.0)))
    ranked = sorted(
        (s for s in shown if s.suggestion.status == SuggestionStatus.OPEN),
        key=lambda s: (-s.suggestion.score * s.prior, s.suggestion.pk),
    )
    by_date = sorted(shown, key=lambda s: s.suggestion.done_at or s.suggestion.acted_at or recent)
    return ZoneSuggestions(
        open=ranked[:SUGGESTIONS_SHOWN],
        accepted=[s for s in by_date if s.suggestion.status == SuggestionStatus.ACCEPTED],
        done=[s for s in reversed(by_date) if s.suggestion.status == SuggestionStatus.DONE],
        more=max(len(ranked) - SUGGESTIONS_SHOWN, 0),
    )


def suggestion_points(
    *, tenant: Tenant, suggestion: ActionSuggestion, on: dt.date | None = None
) -> list[PointOfSale]:
    """The points of sale one suggestion concerns, by name, none held out. One query."""
    points = _points_not_held_out(tenant, [suggestion], on)
    return [points[pk] for pk in suggestion.points_of_sale if pk in points]


def _points_not_held_out(
    tenant: Tenant, rows: list[ActionSuggestion], on: dt.date | None
) -> dict[int, PointOfSale]:
    """The points of sale the suggestions name, by id, without this quarter's held-out ones
    (the night's rows may predate a new quarter's draw). One query."""
    ids = {pk for row in rows for pk in row.points_of_sale}
    if not ids:
        return {}
    held = HoldoutPoint.objects.filter(
        tenant=tenant,
        quarter__quarter_start=quarter_start(on or timezone.localdate()),
        point_of_sale=OuterRef("pk"),
    )
    found = (
        PointOfSale.objects.filter(tenant=tenant, pk__in=ids)
        .annotate(held_out=Exists(held))
        .only("pk", "name", "zone_id")
        .order_by("name", "pk")
    )
    return {point.pk: point for point in found if not point.held_out}


@dataclass(frozen=True)
class KindRate:
    kind: str
    label: str
    accepted: int  # accepted, done included
    dismissed: int
    done: int

    @property
    def answered(self) -> int:
        return self.accepted + self.dismissed

    @property
    def acceptance(self) -> float | None:
        return self.accepted / self.answered if self.answered else None

    @property
    def done_rate(self) -> float | None:
        return self.done / self.accepted if self.accepted else None


@dataclass(frozen=True)
class AcceptanceRates:
    kinds: list[KindRate]
    reasons: list[tuple[str, int]]  # (reason's label, dismissals), the most frequent first
    recent: list[ActionSuggestion]  # the latest dismissals, with their notes
    content_dismissed: int = 0  # content dismissed on points of sale's pages (never accepted)


def acceptance_rates(*, tenant: Tenant, membership: Membership) -> AcceptanceRates:
    """Per kind of action, how many were accepted, dismissed and done (head office). Three
    queries."""
    if not can_manage_holdout(membership):
        raise PermissionDenied(errors.HEAD_OFFICE_ONLY)
    answered = ActionSuggestion.objects.filter(tenant=tenant).exclude(status=SuggestionStatus.OPEN)
    counts = {
        (row["kind"], row["status"]): row["count"]
        for row in answered.order_by().values("kind", "status").annotate(count=Count("pk"))
    }
    kinds = []
    for kind, label in ActionKind.choices:
        if kind == ActionKind.CONTENT:  # read, not accepted: its dismissals alone are counted
            continue
        done = counts.get((kind, SuggestionStatus.DONE), 0)
        accepted = counts.get((kind, SuggestionStatus.ACCEPTED), 0) + done
        dismissed = counts.get((kind, SuggestionStatus.DISMISSED), 0)
        kinds.append(KindRate(kind, str(label), accepted, dismissed, done))
    dismissals = answered.filter(status=SuggestionStatus.DISMISSED)
    labels = dict(DismissReason.choices)
    reasons = [
        (str(labels.get(row["dismiss_reason"], row["dismiss_reason"])), row["count"])
        for row in dismissals.order_by()
        .values("dismiss_reason")
        .annotate(count=Count("pk"))
        .order_by("-count", "dismiss_reason")
    ]
    recent = dismissals.select_related("zone", "acted_by__user", "kpi").order_by("-acted_at", "-pk")
    content = counts.get((ActionKind.CONTENT, SuggestionStatus.DISMISSED), 0)
    return AcceptanceRates(kinds, reasons, list(recent[:RECENT_DISMISSALS]), content)
