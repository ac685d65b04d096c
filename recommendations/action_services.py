"""Writes of the actions suggested to animators: the night's suggestions, and what the animators
make of them (accept, dismiss with a reason, done).

The night rewrites the open suggestions only; accepted, dismissed and done ones are the
feedback and stay. A suggestion accepted, or done in the last `DONE_QUIET_DAYS`, is not made
again to its zone (someone has it in hand). One dismissed stays away from the person who
dismissed it for `DISMISS_QUIET_DAYS` (action_selectors.zone_suggestions hides it from them);
the zone's other animators see it again from the next night, beside the `PER_KIND` best of its
kind, so the person who dismissed it sees the next best in its place. "Done" is recorded when
the action is taken: a challenge launched in the zone on the KPI, the module assigned, a
coaching day or a field visit recorded at the point of sale (by anyone), the others by whoever
accepted it, after they accepted it (`suggestions_done_reconcile`, called when the challenges',
learning's, the units' or the visits' data change); a visit may also be marked done by hand.
"""

import datetime as dt
import hashlib
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import pandas as pd
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from challenges import recommendation_reads as challenge_reads
from kpis import recommendation_reads as kpi_reads
from microlearning import recommendation_reads as learning_reads
from network_animation.audiences import Audience
from network_animation.data_versions import data_changed
from network_animation.models import Membership, Tenant
from network_animation.tenancy import tenant_scope

from . import errors, selectors
from .cache import ACTIONS
from .engine import challenge_reason, rank_actions
from .engine.reasons import percent
from .models import (
    ActionKind,
    ActionSuggestion,
    ContentKind,
    ContentRecommendation,
    DismissReason,
    KpiGap,
    SuggestionStatus,
)
from .models.actions import NOTE_MAX
from .permissions import can_act_on_zone_suggestions, can_dismiss_content
from .suggestions import PER_KIND, module_candidates, visit_candidates, weeks_since
from .underperformance import TREND_MONTHS

DISMISS_QUIET_DAYS = 60
# Ranked per zone and kind beyond the `PER_KIND` kept, so that what is quiet leaves room for
# the next best.
CANDIDATES = 3 * PER_KIND
DONE_QUIET_DAYS = 30
LANGUAGES = ("fr", "en")
NO_NAME = ("", "")

type Reasons = dict[str, str]  # language -> sentence


@dataclass(frozen=True)
class Candidate:
    zone: int
    kind: str
    key: str
    score: float
    reasons: Reasons
    kpi: int | None = None
    point_of_sale: int | None = None
    module: int | None = None
    titles: tuple[str, str] = ("", "")
    points: tuple[int, ...] = ()
    expected_uplift: float | None = None


@dataclass(frozen=True)
class Feedback:
    """What the zones made of earlier suggestions, as (zone, key) pairs: in hand (accepted, or
    done lately), and dismissed lately by someone."""

    in_hand: frozenset[tuple[int, str]]
    dismissed: frozenset[tuple[int, str]]


def suggestions_feedback(*, tenant: Tenant, now: dt.datetime) -> Feedback:
    """The suggestions accepted, done in the last `DONE_QUIET_DAYS` or dismissed in the last
    `DISMISS_QUIET_DAYS`. One query."""
    # Content dismissed on a point of sale's page is the page's business, not the night's.
    answered = ActionSuggestion.objects.filter(tenant=tenant).exclude(kind=ActionKind.CONTENT)
    answered = answered.filter(
        Q(status=SuggestionStatus.ACCEPTED)
        | Q(
            status=SuggestionStatus.DISMISSED,
            acted_at__gt=now - dt.timedelta(days=DISMISS_QUIET_DAYS),
        )
        | Q(status=SuggestionStatus.DONE, done_at__gt=now - dt.timedelta(days=DONE_QUIET_DAYS))
    )
    rows = set(answered.order_by().values_list("zone_id", "key", "status"))
    dismissed = frozenset((z, k) for z, k, status in rows if status == SuggestionStatus.DISMISSED)
    in_hand = frozenset((z, k) for z, k, status in rows if status != SuggestionStatus.DISMISSED)
    return Feedback(in_hand=in_hand, dismissed=dismissed - in_hand)


# The night ------------------------------------------------------------------------------------


def action_suggestions_refresh(
    *, tenant: Tenant, today: dt.date, profiles: pd.DataFrame, months: pd.DataFrame
) -> int:
    """Rewrite the zones' open suggestions: challenges to launch (rank_actions on the closed
    `months` and the past challenges), modules to push (the content recommended tonight),
    points of sale to visit (lasting shortfalls that are falling, no visit for weeks). Never a
    point of sale held out this quarter; never what the zone has in hand or dismissed lately."""
    held_out = selectors.points_of_sale_held_out(tenant=tenant, on=today)
    names = kpi_reads.kpi_names(tenant=tenant)
    found = [
        *_challenges(tenant, profiles, months, held_out, names),
        *_modules(tenant, profiles, held_out, names),
        *_visits(tenant, today, held_out, names),
    ]
    now = timezone.now()
    feedback = suggestions_feedback(tenant=tenant, now=now)
    rows = [_row(tenant, candidate, now) for candidate in _kept(found, feedback)]
    with transaction.atomic():
        ActionSuggestion.objects.filter(tenant=tenant, status=SuggestionStatus.OPEN).delete()
        ActionSuggestion.objects.bulk_create(rows, batch_size=1000)
        data_changed(tenant=tenant, kinds=[ACTIONS])
    return len(rows)


def visit_suggestions_refresh(
    *, tenant: Tenant, today: dt.date, written: str
) -> tuple[int | None, str]:
    """The zones' visits alone, on a night whose other inputs did not change: a visit's reason
    counts the weeks since the last visit (a coaching day or a field visit), and a coaching day
    planned for today now counts, so they follow the calendar. Rewritten only when they differ
    from those written (`written`: their `visits_digest`). Returns the visits written (None:
    unchanged) and the digest of the zones' open visits. Six queries when unchanged."""
    held_out = selectors.points_of_sale_held_out(tenant=tenant, on=today)
    names = kpi_reads.kpi_names(tenant=tenant)
    now = timezone.now()
    feedback = suggestions_feedback(tenant=tenant, now=now)
    found = _kept(_visits(tenant, today, held_out, names), feedback)
    rows = [_row(tenant, candidate, now) for candidate in found]
    digest = visits_digest(rows)
    if digest == written:
        return None, digest
    with transaction.atomic():
        ActionSuggestion.objects.filter(
            tenant=tenant, status=SuggestionStatus.OPEN, kind=ActionKind.VISIT
        ).delete()
        ActionSuggestion.objects.bulk_create(rows, batch_size=1000)
        data_changed(tenant=tenant, kinds=[ACTIONS])
    return len(rows), digest


def visits_digest(rows: Iterable[ActionSuggestion]) -> str:
    """A digest of open visits as the zones read them (their points of sale, scores, reasons)."""
    seen = sorted(
        repr((row.zone_id, row.key, row.kpi_id, row.score, row.reason_fr, row.reason_en))
        for row in rows
        if row.kind == ActionKind.VISIT
    )
    return hashlib.sha256("\n".join(seen).encode()).hexdigest()


def open_visits_digest(*, tenant: Tenant) -> str:
    """`visits_digest` of the visits the night wrote. One query."""
    rows = ActionSuggestion.objects.filter(
        tenant=tenant, status=SuggestionStatus.OPEN, kind=ActionKind.VISIT
    ).only("zone_id", "key", "kind", "kpi_id", "score", "reason_fr", "reason_en")
    return visits_digest(rows)


def _kept(found: list[Candidate], feedback: Feedback) -> list[Candidate]:
    """The best `PER_KIND` of each kind per zone (the sources list them best first), once what
    the zone has in hand is left out. One dismissed lately by someone is kept beside them when
    it ranks among them, without taking a place: its others see it, the one who dismissed it
    sees the next best."""
    kept, counts = [], Counter[tuple[int, str]]()
    for candidate in found:
        pair, slot = (candidate.zone, candidate.key), (candidate.zone, candidate.kind)
        if pair in feedback.in_hand or counts[slot] >= PER_KIND:
            continue
        if pair not in feedback.dismissed:
            counts[slot] += 1
        kept.append(candidate)
    return kept


def _row(tenant: Tenant, candidate: Candidate, now: dt.datetime) -> ActionSuggestion:
    return ActionSuggestion(
        tenant=tenant,
        zone_id=candidate.zone,
        kind=candidate.kind,
        key=candidate.key,
        kpi_id=candidate.kpi,
        point_of_sale_id=candidate.point_of_sale,
        module_id=candidate.module,
        title_fr=candidate.titles[0][:200],
        title_en=candidate.titles[1][:200],
        points_of_sale=list(candidate.points),
        expected_uplift=candidate.expected_uplift,
        score=round(candidate.score, 6),
        reason_fr=candidate.reasons["fr"],
        reason_en=candidate.reasons["en"],
        computed_at=now,
    )


def _in_languages(word: Callable[..., str], kpi: tuple[str, str], **values: object) -> Reasons:
    """The sentence `word(at, kpi_name, **values)` in each language (at: 0 French, 1 English),
    the KPI named in that language."""
    reasons = {}
    for at, language in enumerate(LANGUAGES):
        with translation.override(language):
            reasons[language] = word(at, kpi[at], **values)
    return reasons


def _challenge_words(at: int, kpi: str, **values: Any) -> str:
    return challenge_reason(kpi_name=kpi, **values)


def _challenges(
    tenant: Tenant,
    profiles: pd.DataFrame,
    months: pd.DataFrame,
    held_out: set[int],
    names: dict[int, tuple[str, str]],
) -> list[Candidate]:
    rows = challenge_reads.challenge_participations(tenant=tenant)
    past = pd.DataFrame(rows, columns=["challenge", "kpi", "point_of_sale", "start"])
    # Held-out points of sale's history is evidence like any other; they are never invited.
    actions = rank_actions(profiles=profiles, kpi_months=months, challenges=past, k=CANDIDATES)
    found = []
    for action in actions.to_dict("records"):
        points = tuple(int(p) for p in action["points_of_sale"] if int(p) not in held_out)
        if not points:
            continue
        kpi, expected = int(action["kpi"]), float(action["expected_uplift"])
        reasons = _in_languages(
            _challenge_words,
            names.get(kpi, NO_NAME),
            gained=float(action["gained"]),
            took_part=int(action["took_part"]),
            expected=expected,
            points=len(points),
            across_network=bool(action["across_network"]),
        )
        found.append(
            Candidate(
                zone=int(action["zone"]),
                kind=ActionKind.CHALLENGE,
                key=f"challenge:{kpi}",
                score=expected * len(points),
                reasons=reasons,
                kpi=kpi,
                points=points,
                expected_uplift=expected,
            )
        )
    return found


def _module_words(at: int, kpi: str, *, count: int, expected: float, quoted: Reasons) -> str:
    return _(
        "%(count)s points of sale of this zone below target on %(kpi)s have not done this "
        "module; it is expected to lift them by %(expected)s%% on average. The evidence, as "
        "their pages give it: “%(evidence)s”"
    ) % {
        "count": count,
        "kpi": kpi,
        "expected": percent(expected),
        "evidence": quoted[LANGUAGES[at]],
    }


def _modules(
    tenant: Tenant,
    profiles: pd.DataFrame,
    held_out: set[int],
    names: dict[int, tuple[str, str]],
) -> list[Candidate]:
    stored = ContentRecommendation.objects.filter(tenant=tenant, item_kind=ContentKind.MODULE)
    rows = stored.values_list(
        "pk", "point_of_sale_id", "kpi_id", "item_id", "expected_uplift", "reason_fr", "reason_en"
    )
    recommended = pd.DataFrame(
        list(rows),
        columns=["item", "point_of_sale", "kpi", "module", "expected_uplift", "fr", "en"],
    )
    recommended = recommended[~recommended["point_of_sale"].isin(held_out)]
    zones = profiles.set_index("point_of_sale")["zone"]
    recommended = recommended.assign(zone=recommended["point_of_sale"].map(zones))
    chosen = module_candidates(recommended.dropna(subset=["zone"]), k=CANDIDATES)
    if chosen.empty:
        return []
    evidence = recommended.set_index("item")[["fr", "en"]].to_dict("index")
    titles = learning_reads.module_titles(tenant=tenant, ids={int(m) for m in chosen["module"]})
    found = []
    for module in chosen.to_dict("records"):
        kpi, module_id = int(module["kpi"]), int(module["module"])
        points = tuple(int(p) for p in module["points_of_sale"])
        expected = float(module["expected_uplift"])
        reasons = _in_languages(
            _module_words,
            names.get(kpi, NO_NAME),
            count=len(points),
            expected=expected,
            quoted=evidence.get(module["item"], {"fr": "", "en": ""}),
        )
        found.append(
            Candidate(
                zone=int(module["zone"]),
                kind=ActionKind.MODULE,
                key=f"module:{module_id}",
                score=float(module["score"]),
                reasons=reasons,
                kpi=kpi,
                module=module_id,
                titles=titles.get(module_id, ("", "")),
                points=points,
                expected_uplift=expected,
            )
        )
    return found


def _visits(
    tenant: Tenant, today: dt.date, held_out: set[int], names: dict[int, tuple[str, str]]
) -> list[Candidate]:
    gaps = KpiGap.objects.filter(tenant=tenant, off_target=True).exclude(
        point_of_sale_id__in=held_out
    )
    columns = ["zone", "point_of_sale", "kpi", "gap_to_target", "confidence", "off_target"]
    rows = gaps.values_list(
        "zone_id",
        "point_of_sale_id",
        "kpi_id",
        "gap_to_target",
        "confidence",
        "off_target",
        "trend",
    )
    frame = pd.DataFrame(list(rows), columns=[*columns, "trend"]).dropna(subset=["gap_to_target"])
    last_days = challenge_reads.last_visit_days(tenant=tenant, on=today)
    found = []
    for visit in visit_candidates(frame, last_days, today, k=CANDIDATES).to_dict("records"):
        point, kpi = int(visit["point_of_sale"]), int(visit["kpi"])
        reasons = _in_languages(
            _visit_words,
            names.get(kpi, NO_NAME),
            weeks=weeks_since(visit["last_day"], today),
            shortfall=float(visit["shortfall"]),
            confidence=float(visit["confidence"]),
            fall=-float(visit["trend"]),
        )
        found.append(
            Candidate(
                zone=int(visit["zone"]),
                kind=ActionKind.VISIT,
                key=f"visit:{point}",
                score=float(visit["score"]),
                reasons=reasons,
                kpi=kpi,
                point_of_sale=point,
                points=(point,),
            )
        )
    return found


def _visit_words(
    at: int, kpi: str, *, weeks: int | None, shortfall: float, confidence: float, fall: float
) -> str:
    values = {
        "kpi": kpi,
        "weeks": weeks,
        "shortfall": percent(shortfall),
        "confidence": percent(confidence),
        "fall": percent(fall),
        "months": TREND_MONTHS,
    }
    if weeks is None:
        return (
            _(
                "No coaching day or field visit recorded at this point of sale yet, and %(kpi)s "
                "is %(shortfall)s%% below target over the last three closed months "
                "(%(confidence)s%% sure it is a lasting shortfall, not noise) and falling: "
                "%(fall)s points of achievement lost a month over the last %(months)s closed "
                "months."
            )
            % values
        )
    return (
        _(
            "No coaching day or field visit at this point of sale for %(weeks)s weeks, and "
            "%(kpi)s is %(shortfall)s%% below target over the last three closed months "
            "(%(confidence)s%% sure it is a lasting shortfall, not noise) and falling: "
            "%(fall)s points of achievement lost a month over the last %(months)s closed months."
        )
        % values
    )


# Feedback ------------------------------------------------------------------------------------


def _check(actor: Membership, suggestion: ActionSuggestion) -> None:
    if suggestion.kind == ActionKind.CONTENT:
        point = suggestion.point_of_sale
        if point is None or not can_dismiss_content(actor, point):
            raise PermissionDenied(errors.NOT_YOUR_POINT_OF_SALE)
    elif not can_act_on_zone_suggestions(actor, suggestion.zone_id):
        raise PermissionDenied(errors.NOT_YOUR_ZONE)


@transaction.atomic
def suggestion_accept(
    *, tenant: Tenant, actor: Membership, suggestion: ActionSuggestion
) -> ActionSuggestion:
    """The animator takes the suggestion up: recorded, and it waits for its action to be done.
    Accepting it again changes nothing."""
    _check(actor, suggestion)
    if suggestion.status in (SuggestionStatus.ACCEPTED, SuggestionStatus.DONE):
        return suggestion
    if suggestion.status != SuggestionStatus.OPEN:
        raise ValidationError(errors.NOT_OPEN)
    suggestion.status = SuggestionStatus.ACCEPTED
    suggestion.acted_by, suggestion.acted_at = actor, timezone.now()
    suggestion.save(update_fields=["status", "acted_by", "acted_at"])
    data_changed(tenant=tenant, kinds=[ACTIONS])
    return suggestion


@transaction.atomic
def suggestion_dismiss(
    *,
    tenant: Tenant,
    actor: Membership,
    suggestion: ActionSuggestion,
    reason: str,
    note: str = "",
) -> ActionSuggestion:
    """Not for this person now: kept away from them for `DISMISS_QUIET_DAYS` (the zone's other
    animators see it again from the next night), and counted against its kind in their own
    ranking. A piece of content recommended on a point of sale's page is dismissed here too,
    as a row of its own made at the click (`content_feedback.content_dismiss`)."""
    _check(actor, suggestion)
    if reason not in DismissReason.values:
        raise ValidationError({"reason": errors.REASON_REQUIRED})
    if len(note) > NOTE_MAX:
        raise ValidationError({"note": errors.NOTE_TOO_LONG % {"max": NOTE_MAX}})
    if reason == DismissReason.OTHER and not note.strip():
        raise ValidationError({"note": errors.SAY_WHY})
    if suggestion.status not in (SuggestionStatus.OPEN, SuggestionStatus.ACCEPTED):
        raise ValidationError(errors.NOT_OPEN)
    suggestion.status = SuggestionStatus.DISMISSED
    suggestion.acted_by, suggestion.acted_at = actor, timezone.now()
    suggestion.dismiss_reason, suggestion.dismiss_note = reason, note.strip()
    if suggestion.pk is None:
        suggestion.save()
    else:
        suggestion.save(
            update_fields=["status", "acted_by", "acted_at", "dismiss_reason", "dismiss_note"]
        )
    data_changed(tenant=tenant, kinds=[ACTIONS])
    return suggestion


@transaction.atomic
def suggestion_done(
    *, tenant: Tenant, actor: Membership, suggestion: ActionSuggestion, target: str = ""
) -> ActionSuggestion:
    """The action is taken (a visit said done by hand; the others are found by
    `suggestions_done_reconcile`)."""
    _check(actor, suggestion)
    if suggestion.status == SuggestionStatus.DONE:
        return suggestion
    if suggestion.status == SuggestionStatus.DISMISSED:
        raise ValidationError(errors.NOT_OPEN)
    now = timezone.now()
    if suggestion.status == SuggestionStatus.OPEN:
        suggestion.acted_by, suggestion.acted_at = actor, now
    suggestion.status, suggestion.done_at, suggestion.done_target = (
        SuggestionStatus.DONE,
        now,
        target,
    )
    suggestion.save(update_fields=["status", "acted_by", "acted_at", "done_at", "done_target"])
    data_changed(tenant=tenant, kinds=[ACTIONS])
    return suggestion


def suggestions_done_reconcile(*, tenant: Tenant) -> int:
    """Mark done the accepted suggestions whose action was taken since: a challenge launched in
    the zone on the KPI, the module assigned to the zone or its points of sale, a coaching day
    or a field visit recorded at the point of sale; by whoever accepted it (a visit, by
    anyone). Returns how many. One query when nothing waits, one more per kind that does."""
    waiting = list(ActionSuggestion.objects.filter(tenant=tenant, status=SuggestionStatus.ACCEPTED))
    if not waiting:
        return 0
    since = min(s.acted_at or timezone.now() for s in waiting)
    links: dict[int, str] = {}
    by_kind = {kind: [s for s in waiting if s.kind == kind] for kind in ActionKind.values}
    links |= _launched(tenant, since, by_kind[ActionKind.CHALLENGE])
    links |= _assigned(tenant, since, by_kind[ActionKind.MODULE])
    links |= _visited(tenant, since, by_kind[ActionKind.VISIT])
    now = timezone.now()
    for suggestion in waiting:
        if suggestion.pk in links:
            suggestion.status, suggestion.done_at = SuggestionStatus.DONE, now
            suggestion.done_target = links[suggestion.pk]
    done = [s for s in waiting if s.pk in links]
    ActionSuggestion.objects.bulk_update(done, ["status", "done_at", "done_target"])
    if done:
        data_changed(tenant=tenant, kinds=[ACTIONS])
    return len(done)


def _launched(
    tenant: Tenant, since: dt.datetime, waiting: list[ActionSuggestion]
) -> dict[int, str]:
    if not waiting:
        return {}
    rows = challenge_reads.challenges_launched_since(
        tenant=tenant, since=since, zone_ids={s.zone_id for s in waiting}
    )
    links = {}
    for suggestion in waiting:
        for challenge, zone, author, kpi, created in rows:
            wanted = (suggestion.zone_id, suggestion.acted_by_id, suggestion.kpi_id)
            if (zone, author, kpi) == wanted and created >= (suggestion.acted_at or since):
                links[suggestion.pk] = f"challenge:{challenge}"
                break
    return links


def _assigned(
    tenant: Tenant, since: dt.datetime, waiting: list[ActionSuggestion]
) -> dict[int, str]:
    if not waiting:
        return {}
    rows = learning_reads.assignments_made_since(
        tenant=tenant, since=since, module_ids={s.module_id for s in waiting if s.module_id}
    )
    links = {}
    for suggestion in waiting:
        for assignment, module, author, point, audience in rows:
            if (module, author) != (suggestion.module_id, suggestion.acted_by_id):
                continue
            if _reaches(Audience.from_json(audience), point, suggestion):
                links[suggestion.pk] = f"assignment:{assignment}"
                break
    return links


def _reaches(audience: Audience, point: int | None, suggestion: ActionSuggestion) -> bool:
    """Whether an assignment reaches the points of sale suggested: it names one of them, or
    their zone, or (head office) the whole network."""
    named = set(audience.points_of_sale) | ({point} if point else set())
    if named:
        return bool(named & set(suggestion.points_of_sale))
    return not audience.zones or suggestion.zone_id in audience.zones


def _visited(tenant: Tenant, since: dt.datetime, waiting: list[ActionSuggestion]) -> dict[int, str]:
    if not waiting:
        return {}
    points = {s.point_of_sale_id for s in waiting if s.point_of_sale_id}
    rows = challenge_reads.visits_recorded_since(
        tenant=tenant, since=since, point_of_sale_ids=points
    )
    links = {}
    for suggestion in waiting:
        for visit, point, created in rows:
            if point == suggestion.point_of_sale_id and created >= (suggestion.acted_at or since):
                links[suggestion.pk] = visit
                break
    return links


def suggestions_follow(tenant_id: int) -> None:
    """At commit of a change to challenges, learning or units: the suggestions it fulfils are
    done (registered in apps.py)."""
    tenant = Tenant.objects.get(pk=tenant_id)
    with tenant_scope(tenant):
        suggestions_done_reconcile(tenant=tenant)
