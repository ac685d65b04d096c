"""Writes of recommendations: the nightly peer groups, KPI gaps, hold-out draw and content.

Each service loads frames (frames.py), calls a pure function and stores its result. Each is
idempotent: run twice the same day on the same data, it leaves the same rows (a grouping per
day, a gap per point of sale and KPI, a draw per quarter).
"""

import datetime as dt
import itertools
import math
import warnings
from dataclasses import dataclass
from typing import Any

import pandas as pd
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from communities import recommendation_reads as community_reads
from kpis import recommendation_reads as kpi_reads
from network_animation.audit import audit_record
from network_animation.bulk import rows_insert
from network_animation.data_versions import data_changed
from network_animation.jobs import JobProgress
from network_animation.models import Membership, PointOfSale, Tenant

from . import errors, selectors
from .action_services import (
    action_suggestions_refresh,
    open_visits_digest,
    visit_suggestions_refresh,
)
from .cache import DIAGNOSTICS
from .content import exposures_frame, item_of_key, items_frame
from .engine import rank_content
from .frames import kpi_months_frame, months_before, profiles_frame
from .holdout import draw_seed, holdout_draw, quarter_start
from .models import (
    ContentRecommendation,
    HoldoutPoint,
    HoldoutQuarter,
    HoldoutSettings,
    KpiGap,
    NightInputs,
    PeerGrouping,
    PeerMembership,
)
from .night_inputs import (
    night_inputs_digest,
    night_inputs_forget,
    night_inputs_last,
    night_inputs_save,
    night_inputs_visits_save,
)
from .peers import CURVE_MONTHS, derived_size_classes, input_digest, peer_features, peer_groups
from .permissions import can_manage_holdout
from .underperformance import COLUMNS as GAP_COLUMNS
from .underperformance import HISTORY, kpi_gaps

HOLDOUT_SHARE_CHANGED = "holdout_share_changed"


def recommendations_nightly_step(
    *, tenant: Tenant, progress: JobProgress, today: dt.date | None = None
) -> None:
    """After the KPI aggregation, challenges and labels: the quarter's hold-out group, the peer
    groups, then each point of sale's KPI gaps (which read the groups), then the content
    recommended to the points of sale not held out, then the actions suggested to animators.
    Skipped when nothing it reads changed since its last successful run (night_inputs.py):
    recorded so, with the visits rewritten alone if the calendar changed them. When only the
    month in progress moved, only the gaps and the visits are rewritten."""
    today = today or timezone.localdate()
    current = _current_month(tenant, today)
    read = night_inputs_digest(tenant=tenant, today=today, current=current)
    held_out = selectors.points_of_sale_held_out(tenant=tenant, on=today)
    digests = read.with_held_out(held_out)
    last = night_inputs_last(tenant=tenant)
    if last is not None and last.digest == digests.full:
        _skipped(tenant, today, last, progress)
        return
    night_inputs_forget(tenant=tenant)
    if last is not None and last.closed_digest == digests.closed:
        visits_digest = _month_in_progress_run(tenant, today, current, last, progress)
    else:
        held_out = _night_run(tenant, today, _figures(tenant, today, current), progress)
        digests = read.with_held_out(held_out)  # drawn by the run on a quarter's first night
        visits_digest = open_visits_digest(tenant=tenant)
    night_inputs_save(tenant=tenant, digests=digests, visits_digest=visits_digest, today=today)
    data_changed(tenant=tenant, kinds=[DIAGNOSTICS])


def _night_run(
    tenant: Tenant, today: dt.date, figures: "Figures", progress: JobProgress
) -> set[int]:
    """The night's work, on the figures read once for all; returns the points of sale held
    out this quarter."""
    quarter = holdout_quarter_ensure(tenant=tenant, today=today, figures=figures)
    held_out = set(quarter.points.values_list("point_of_sale_id", flat=True))
    progress.add("held_out", len(held_out))
    grouping = peer_groups_refresh(tenant=tenant, today=today, figures=figures)
    progress.add("peer_groups", grouping.group_count)
    progress.add("peer_moves", grouping.moved)
    if grouping.silhouette is not None:  # counts are whole numbers: the silhouette in ‰
        progress.add("peer_silhouette_permille", round(grouping.silhouette * 1000))
    progress.add("kpi_gaps", kpi_gaps_refresh(tenant=tenant, today=today, figures=figures))
    progress.add(
        "content_recommendations",
        content_recommendations_refresh(tenant=tenant, today=today, figures=figures),
    )
    progress.add(
        "action_suggestions",
        action_suggestions_nightly(tenant=tenant, today=today, figures=figures),
    )
    return held_out


def _skipped(tenant: Tenant, today: dt.date, last: NightInputs, progress: JobProgress) -> None:
    """The last successful night read the same: the night is recorded as skipped, and only the
    visits are rewritten, if the calendar changed them."""
    progress.add("skipped_unchanged")
    visits_digest = _visits_rewritten(tenant, today, last, progress)
    if visits_digest is not None:
        night_inputs_visits_save(tenant=tenant, visits_digest=visits_digest)


def _month_in_progress_run(
    tenant: Tenant, today: dt.date, current: dt.date, last: NightInputs, progress: JobProgress
) -> str:
    """Only the month in progress's figures moved since the last successful night: the KPI
    gaps, and the visits that read them, are rewritten; the hold-out group, the peers, the
    content and the challenges and modules suggested, all read from closed months, stand.
    Returns the open visits' digest as written."""
    progress.add("month_in_progress_only")
    figures = _figures(tenant, today, current)
    progress.add("kpi_gaps", kpi_gaps_refresh(tenant=tenant, today=today, figures=figures))
    return _visits_rewritten(tenant, today, last, progress) or last.visits_digest


def _visits_rewritten(
    tenant: Tenant, today: dt.date, last: NightInputs, progress: JobProgress
) -> str | None:
    """The zones' visits rewritten if they differ from the last night's (the calendar or the
    gaps moved them): their new digest, or None when they stand."""
    visits, visits_digest = visit_suggestions_refresh(
        tenant=tenant, today=today, written=last.visits_digest
    )
    if visits is None:
        return None
    progress.add("visit_suggestions", visits)
    return visits_digest


@dataclass(frozen=True)
class Figures:
    """The month rollups the night reads: the month in progress and the closed months before
    it that the curves and the gaps use."""

    current: dt.date
    months: pd.DataFrame  # frames.kpi_months_frame's columns

    def closed(self, count: int) -> pd.DataFrame:
        first = months_before(self.current, count)
        month = self.months["month"]
        return self.months[(month >= first) & (month < self.current)]


def _figures(tenant: Tenant, today: dt.date, current: dt.date | None = None) -> Figures:
    current = current or _current_month(tenant, today)
    start = months_before(current, max(HISTORY, CURVE_MONTHS))
    return Figures(current, kpi_months_frame(tenant=tenant, start=start, end=current))


# The hold-out group -------------------------------------------------------------------------


def holdout_quarter_ensure(
    *, tenant: Tenant, today: dt.date, figures: Figures | None = None
) -> HoldoutQuarter:
    """The quarter's hold-out draw, made on its first night and never again."""
    start = quarter_start(today)
    existing = HoldoutQuarter.objects.filter(tenant=tenant, quarter_start=start).first()
    if existing is not None:
        return existing
    share = selectors.holdout_settings_get(tenant=tenant).share_percent
    profiles, _curves = _profiles_and_curves(tenant, figures or _figures(tenant, today))
    points = profiles[["point_of_sale", "zone", "size_class"]]
    seed = draw_seed(tenant.slug, start)
    held = set(holdout_draw(points, share / 100, seed))
    try:
        with transaction.atomic():
            quarter = HoldoutQuarter.objects.create(
                tenant=tenant,
                quarter_start=start,
                share_percent=share,
                seed=seed,
                network_size=len(points),
                drawn_at=timezone.now(),
            )
            HoldoutPoint.objects.bulk_create(
                HoldoutPoint(
                    tenant=tenant,
                    quarter=quarter,
                    point_of_sale_id=row.point_of_sale,
                    zone_id_drawn=row.zone,
                    size_class_drawn=row.size_class,
                )
                for row in points.itertuples()
                if row.point_of_sale in held
            )
    except IntegrityError:  # drawn meanwhile by another run: that draw stands
        return HoldoutQuarter.objects.get(tenant=tenant, quarter_start=start)
    return quarter


@transaction.atomic
def holdout_settings_update(
    *, tenant: Tenant, actor: Membership, share_percent: int
) -> HoldoutSettings:
    """Change the hold-out share (head office only); the current quarter's group stays as
    drawn, the next quarter's draw uses the new share."""
    if actor.tenant_id != tenant.pk or not can_manage_holdout(actor):
        raise PermissionDenied(errors.HEAD_OFFICE_ONLY)
    settings, _created = HoldoutSettings.objects.get_or_create(tenant=tenant)
    before = settings.share_percent
    settings.share_percent = share_percent
    settings.full_clean()
    settings.save(update_fields=["share_percent"])
    audit_record(
        tenant=tenant,
        actor=actor.user,
        action=HOLDOUT_SHARE_CHANGED,
        target="holdout_settings",
        before={"share_percent": before},
        after={"share_percent": share_percent},
    )
    return settings


# Peers --------------------------------------------------------------------------------------


def peer_groups_refresh(
    *, tenant: Tenant, today: dt.date, figures: Figures | None = None
) -> PeerGrouping:
    """Group the tenant's points of sale with their peers; the same input as the last grouping
    keeps its groups as they are."""
    figures = figures or _figures(tenant, today)
    profiles, curves = _profiles_and_curves(tenant, figures)
    features = peer_features(profiles, curves, figures.current)
    digest = input_digest(features)
    previous = selectors.peer_groups(tenant=tenant)
    last = selectors.peer_grouping_latest(tenant=tenant)
    if (
        last is not None
        and last.input_digest == digest
        and set(previous.index) == set(features.index)
    ):
        return _grouping_save(tenant, today, last, previous, previous, digest)
    found = peer_groups(features, previous if len(previous) else None)
    grouping = PeerGrouping(silhouette=found.silhouette, tried=found.tried)
    return _grouping_save(tenant, today, grouping, found.groups, previous, digest)


def _current_month(tenant: Tenant, today: dt.date) -> dt.date:
    return kpi_reads.latest_point_of_sale_month(tenant=tenant) or today.replace(day=1)


def _profiles_and_curves(tenant: Tenant, figures: Figures) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The active points of sale's profiles (their size classes as peers compare them) and
    their twelve closed months before the month in progress."""
    profiles = profiles_frame(tenant=tenant)
    curves = figures.closed(CURVE_MONTHS)[["point_of_sale", "kpi", "month", "value"]]
    profiles["size_class"] = derived_size_classes(
        profiles.set_index("point_of_sale")["size_class"], _volumes(curves)
    ).to_numpy()
    return profiles, curves


def _volumes(curves: pd.DataFrame) -> pd.Series:
    """Each point of sale's mean month of its first KPI (by id): its volume."""
    if curves.empty:
        return pd.Series(dtype=float)
    first = curves[curves["kpi"] == curves["kpi"].min()]
    return first.groupby("point_of_sale")["value"].mean()


@transaction.atomic
def _grouping_save(
    tenant: Tenant,
    today: dt.date,
    grouping: PeerGrouping,
    groups: pd.Series,
    previous: pd.Series,
    digest: str,
) -> PeerGrouping:
    moved = _memberships_save(tenant, today, groups, previous)
    saved, _created = PeerGrouping.objects.update_or_create(
        tenant=tenant,
        day=today,
        defaults={
            "computed_at": timezone.now(),
            "point_count": len(groups),
            "group_count": int(groups.nunique()),
            "silhouette": grouping.silhouette,
            "tried": grouping.tried,
            "moved": moved,
            "input_digest": digest,
        },
    )
    return saved


def _memberships_save(
    tenant: Tenant, today: dt.date, groups: pd.Series, previous: pd.Series
) -> int:
    """Store the groups; return how many points of sale changed group (or joined one)."""
    memberships = PeerMembership.objects.filter(tenant=tenant)
    memberships.exclude(point_of_sale_id__in=[int(p) for p in groups.index]).delete()
    changed = {
        int(point): int(group)
        for point, group in groups.items()
        if previous.get(point) is None or int(previous[point]) != int(group)
    }
    memberships.filter(point_of_sale_id__in=list(changed)).delete()
    PeerMembership.objects.bulk_create(
        [
            PeerMembership(tenant=tenant, point_of_sale_id=point, group=group, since=today)
            for point, group in changed.items()
        ],
        batch_size=2000,
    )
    return len(changed)


# Under-performance --------------------------------------------------------------------------


def kpi_gaps_refresh(
    *, tenant: Tenant, today: dt.date | None = None, figures: Figures | None = None
) -> int:
    """Rewrite every point of sale's KPI gaps from the month rollups and the peer groups."""
    figures = figures or _figures(tenant, today or timezone.localdate())
    months = figures.months[figures.months["month"] >= months_before(figures.current, HISTORY)]
    gaps = kpi_gaps(months, selectors.peer_groups(tenant=tenant), current=figures.current)
    profiles = profiles_frame(tenant=tenant)
    zones = dict(zip(profiles["point_of_sale"], profiles["zone"], strict=True))
    gaps = gaps[gaps["point_of_sale"].isin(zones)]
    rows = {
        (int(row.point_of_sale), int(row.kpi)): (
            int(zones[row.point_of_sale]),
            row.month,
            _number(row.achievement),
            _number(row.gap_to_target),
            _number(row.confidence),
            _number(row.z),
            _number(row.gap_to_peers),
            _number(row.peer_confidence),
            max(int(row.peers), 0),
            bool(row.off_target),
            _number(row.trend),
        )
        for row in gaps.itertuples()
    }
    return _gaps_write(tenant, rows)


# A gap's figures, after its point of sale and KPI (the engine's columns, with the zone);
# `computed_at` says when they last changed.
GAP_FIGURES = ("zone", *GAP_COLUMNS[2:])


@transaction.atomic
def _gaps_write(tenant: Tenant, rows: dict[tuple[int, int], tuple[Any, ...]]) -> int:
    """Write the gaps whose figures changed, remove those gone: most nights only the month in
    progress moved, and with it a few points of sale's `off_target`. Returns the gaps found."""
    found = len(rows)
    written = KpiGap.objects.filter(tenant=tenant)
    stale = []
    for pk, point, kpi, *figures in written.values_list(
        "pk", "point_of_sale_id", "kpi_id", *GAP_FIGURES
    ):
        if rows.get((point, kpi)) == tuple(figures):
            del rows[(point, kpi)]
        else:
            stale.append(pk)
    for chunk in itertools.batched(stale, 5000):
        written.filter(pk__in=chunk).delete()
    now = timezone.now()
    rows_insert(
        KpiGap,
        ("tenant", "point_of_sale", "kpi", *GAP_FIGURES, "computed_at"),
        ((tenant.pk, *key, *figures, now) for key, figures in rows.items()),
    )
    return found


def _number(value: object) -> float | None:
    if value is None:
        return None
    number = float(value)  # type: ignore[arg-type]  # numpy and pandas scalars
    return None if math.isnan(number) or math.isinf(number) else round(number, 6)


# Content --------------------------------------------------------------------------------------

CONTENT_PER_KPI = 3


def content_recommendations_refresh(
    *, tenant: Tenant, today: dt.date | None = None, figures: Figures | None = None
) -> int:
    """Rewrite the content recommended to each point of sale for its off-target KPIs, from the
    closed months and the content done so far. The hold-out group's history is evidence like any
    other, but it receives nothing."""
    today = today or timezone.localdate()
    figures = figures or _figures(tenant, today)
    ranked = _content_ranked(tenant, figures)
    held_out = selectors.points_of_sale_held_out(tenant=tenant, on=today)
    ranked = ranked[~ranked["point_of_sale"].isin(held_out)]
    now = timezone.now()
    rows = []
    for row in ranked.itertuples():
        kind, item_id = item_of_key(str(row.item))
        rows.append(
            ContentRecommendation(
                tenant=tenant,
                point_of_sale_id=int(row.point_of_sale),
                kpi_id=int(row.kpi),
                item_kind=kind,
                item_id=item_id,
                rank=int(row.rank),
                expected_uplift=float(row.expected_uplift),
                reason_fr=str(row.reason_fr),
                reason_en=str(row.reason_en),
                computed_at=now,
            )
        )
    with transaction.atomic():
        ContentRecommendation.objects.filter(tenant=tenant).delete()
        ContentRecommendation.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


LANGUAGES = ("fr", "en")  # the order of the pairs `kpi_names` gives


def _content_ranked(tenant: Tenant, figures: Figures) -> pd.DataFrame:
    """The engine's rows with the reason in French and in English, from one ranking: the KPIs
    and the types of point of sale named in each language."""
    profiles, _curves = _profiles_and_curves(tenant, figures)
    months = _closed_months(figures)
    names = kpi_reads.kpi_names(tenant=tenant)
    pieces = community_reads.recommendable_content(tenant=tenant)
    for at, language in enumerate(LANGUAGES):
        months[f"kpi_name_{language}"] = months["kpi"].map(
            {pk: pair[at] for pk, pair in names.items()}
        )
        with translation.override(language):
            # The reasons name the kind of point of sale: its type's label, not its code.
            labels = {code: str(label).lower() for code, label in PointOfSale.Type.choices}
        profiles[f"type_name_{language}"] = profiles["type"].map(labels).fillna(profiles["type"])
    with warnings.catch_warnings():
        # A KPI without any figure in a month has no network mean: the engine means it (NaN),
        # numpy warns all the same, every night.
        warnings.filterwarnings("ignore", "Mean of empty slice", RuntimeWarning)
        ranked = rank_content(
            profiles=profiles,
            kpi_months=months,
            exposures=exposures_frame(tenant=tenant, pieces=pieces),
            items=items_frame(tenant=tenant, pieces=pieces),
            k=CONTENT_PER_KPI,
            languages=LANGUAGES,
        )
    return ranked.drop(columns="reason")


def _closed_months(figures: Figures) -> pd.DataFrame:
    """The closed months the engine ranks on (the month in progress is partial: it would read
    as a drop)."""
    months = figures.closed(max(HISTORY, CURVE_MONTHS)).copy()
    months["lower_is_better"] = ~months["higher_is_better"]
    return months


# Actions for animators ------------------------------------------------------------------------


def action_suggestions_nightly(
    *, tenant: Tenant, today: dt.date | None = None, figures: Figures | None = None
) -> int:
    """Rewrite the actions suggested to the zones' animators (action_services.py), after the
    night's gaps and content."""
    today = today or timezone.localdate()
    figures = figures or _figures(tenant, today)
    profiles, _curves = _profiles_and_curves(tenant, figures)
    return action_suggestions_refresh(
        tenant=tenant, today=today, profiles=profiles, months=_closed_months(figures)
    )
