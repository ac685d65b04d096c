"""Labels: head office's yearly grid, and the yearly evaluation of every point of sale."""

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from kpis import challenge_reads as reads
from kpis.models import Direction, KpiDefinition
from microlearning.models import Certification
from microlearning.selectors.certifications import certified_shares
from network_animation.audit import Action, AuditChange, audit_record, audit_record_many
from network_animation.data_versions import data_changed
from network_animation.jobs import JobProgress
from network_animation.models import Membership, PointOfSale, Tenant

from .. import errors, scoring
from ..cache import CHALLENGES
from ..models import KPI_MEASURES, LabelAward, LabelCriterion, LabelGrid, LabelLevel, Measure
from ..visits.selectors import label_evidence


@dataclass(frozen=True)
class CriterionSpec:
    level: int
    kpi: KpiDefinition | None  # None for the project's and visits' evidence
    measure: str
    threshold: float
    certification: Certification | None = None  # the share certified's only


def label_grid_save(
    *, tenant: Tenant, actor: Membership | None, year: int, criteria: list[CriterionSpec]
) -> LabelGrid:
    """Replace a year's criteria. A year whose labels are awarded keeps its grid."""
    keys = _criteria_keys(tenant, year, criteria)
    with transaction.atomic():
        grid, _ = LabelGrid.objects.get_or_create(tenant=tenant, year=year)
        LabelCriterion.objects.filter(tenant=tenant, grid=grid).delete()
        LabelCriterion.objects.bulk_create(
            [
                LabelCriterion(
                    tenant=tenant,
                    grid=grid,
                    level=c.level,
                    kpi=c.kpi,
                    measure=c.measure,
                    threshold=c.threshold,
                    certification=c.certification,
                )
                for c in criteria
            ]
        )
        grid.save(update_fields=["updated_at"])
        data_changed(tenant=tenant, kinds=[CHALLENGES])
        audit_record(
            tenant=tenant,
            actor=actor.user if actor else None,
            action=Action.LABEL_GRID_CHANGED,
            target=f"label_grid:{year}",
            after={"criteria": [list(k) for k in keys]},
        )
    return grid


def _criteria_keys(
    tenant: Tenant, year: int, criteria: list[CriterionSpec]
) -> list[tuple[int, int | None, str, int | None]]:
    """Each criterion's (level, KPI, measure, certification), once the grid may take them: a
    KPI for the KPI measures, a certification for the share certified, neither for the
    evidence of projects and visits."""
    if LabelAward.objects.filter(tenant=tenant, year=year).exists():
        raise ValidationError(errors.GRID_FROZEN, params={"year": year})
    for c in criteria:
        if (c.kpi is None) == (c.measure in KPI_MEASURES):
            raise ValidationError(errors.KPI_FOR_MEASURE)
        if (c.certification is None) == (c.measure == Measure.CERTIFIED_SHARE):
            raise ValidationError(errors.CERTIFICATION_FOR_MEASURE)
    keys = [
        (c.level, c.kpi.pk if c.kpi else None, c.measure, getattr(c.certification, "pk", None))
        for c in criteria
    ]
    if len(set(keys)) != len(keys):
        raise ValidationError(errors.SAME_CRITERION_TWICE)
    if any(c.kpi is not None and c.kpi.tenant_id != tenant.pk for c in criteria):
        raise ValidationError(errors.KPI_OF_ANOTHER_NETWORK)
    if any(c.certification and c.certification.tenant_id != tenant.pk for c in criteria):
        raise ValidationError(errors.CERTIFICATION_OF_ANOTHER_NETWORK)
    return keys


def label_grid_create(*, tenant: Tenant, actor: Membership | None, year: int) -> LabelGrid:
    """A year's grid, starting from the criteria of the latest earlier grid."""
    grid = LabelGrid.objects.filter(tenant=tenant, year=year).first()
    if grid is not None:
        return grid
    earlier = LabelGrid.objects.filter(tenant=tenant, year__lt=year).order_by("-year").first()
    criteria = [
        CriterionSpec(c.level, c.kpi, c.measure, c.threshold, c.certification)
        for c in (earlier.criteria.select_related("kpi", "certification") if earlier else [])
    ]
    return label_grid_save(tenant=tenant, actor=actor, year=year, criteria=criteria)


def grid_rules(*, tenant: Tenant, grid: LabelGrid) -> list[scoring.LabelRule]:
    criteria = LabelCriterion.objects.filter(tenant=tenant, grid=grid).select_related("kpi")
    return [
        scoring.LabelRule(
            c.level,
            c.kpi_id,
            c.kpi.code if c.kpi else c.measure,
            c.measure,
            c.threshold,
            c.kpi is None or c.kpi.direction == Direction.HIGHER,
            c.certification_id,
        )
        for c in criteria
    ]


def year_figures(
    *,
    tenant: Tenant,
    year: int,
    rules: list[scoring.LabelRule],
    point_of_sale_ids: list[int] | None = None,
) -> dict[int, dict[int, scoring.YearFigure]]:
    """Point of sale -> KPI -> the year rollup's value and achievement rate."""
    figures: dict[int, dict[int, scoring.YearFigure]] = {}
    rollups = reads.year_rollups(
        tenant=tenant,
        year=year,
        kpi_ids=sorted({r.kpi_id for r in rules if r.kpi_id is not None}),
        point_of_sale_ids=point_of_sale_ids,
    ).values_list("scope_id", "kpi_id", "value", "achievement_rate")
    for point_id, kpi_id, value, rate in rollups:
        figures.setdefault(point_id, {})[kpi_id] = scoring.YearFigure(value, rate)
    return figures


def unit_evidence(
    *,
    tenant: Tenant,
    year: int,
    rules: list[scoring.LabelRule],
    point_of_sale_ids: list[int] | None = None,
) -> dict[int, scoring.UnitEvidence]:
    """Point of sale -> its project's and visits' evidence, read only when a rule needs it."""
    if not any(rule.measure in scoring.EVIDENCE_MEASURES for rule in rules):
        return {}
    return label_evidence(tenant=tenant, year=year, point_of_sale_ids=point_of_sale_ids)


def certified_figures(
    *,
    tenant: Tenant,
    year: int,
    rules: list[scoring.LabelRule],
    point_of_sale_ids: list[int] | None = None,
) -> dict[int, dict[int, scoring.CertifiedFigure]]:
    """Point of sale -> certification -> its people holding it on the year's last day (today,
    for the year being run), read from learning only when a rule needs it."""
    wanted = sorted({r.certification_id for r in rules if r.certification_id is not None})
    if not wanted:
        return {}
    on = min(dt.date(year, 12, 31), timezone.localdate())
    shares = certified_shares(
        tenant=tenant, certification_ids=wanted, on=on, point_of_sale_ids=point_of_sale_ids
    )
    return {
        point_id: {pk: scoring.CertifiedFigure(s.holders, s.people) for pk, s in by.items()}
        for point_id, by in shares.items()
    }


def labels_evaluate(*, tenant: Tenant, year: int) -> int:
    """Award every point of sale the level it reached in `year`, once: a year already awarded
    is left as it is. Returns the number of points of sale evaluated."""
    grid = LabelGrid.objects.filter(tenant=tenant, year=year).first()
    if grid is None or LabelAward.objects.filter(tenant=tenant, year=year).exists():
        return 0
    rules = grid_rules(tenant=tenant, grid=grid)
    if not rules:
        return 0
    figures = year_figures(tenant=tenant, year=year, rules=rules)
    units = unit_evidence(tenant=tenant, year=year, rules=rules)
    certified = certified_figures(tenant=tenant, year=year, rules=rules)
    awards = _awards(tenant, year, rules, figures, units, certified)
    with transaction.atomic():
        LabelAward.objects.bulk_create(awards, ignore_conflicts=True, batch_size=1000)
        data_changed(tenant=tenant, kinds=[CHALLENGES])
        audit_record_many(
            tenant=tenant,
            actor=None,
            action=Action.LABEL_AWARDED,
            actor_label="nightly",
            changes=[_award_change(award) for award in awards if award.level],
        )
    return len(awards)


def _awards(
    tenant: Tenant,
    year: int,
    rules: list[scoring.LabelRule],
    figures: dict[int, dict[int, scoring.YearFigure]],
    units: dict[int, scoring.UnitEvidence],
    certified: dict[int, dict[int, scoring.CertifiedFigure]],
) -> list[LabelAward]:
    """The level each active point of sale reached, with the evidence for it."""
    now = timezone.now()
    points = PointOfSale.objects.filter(tenant=tenant, is_active=True).values_list("pk", flat=True)
    awards = []
    for point_id in points:
        result = scoring.evaluate_label(
            rules, figures.get(point_id, {}), units.get(point_id), certified.get(point_id)
        )
        awards.append(
            LabelAward(
                tenant=tenant,
                point_of_sale_id=point_id,
                year=year,
                level=result.level,
                awarded_at=now,
                evidence=[e.as_dict() for e in result.evidence],
            )
        )
    return awards


def _award_change(award: LabelAward) -> AuditChange:
    level = LabelLevel(award.level).label if award.level else ""
    criteria_met = sum(1 for evidence in award.evidence if evidence["met"])
    return AuditChange(
        target=f"point_of_sale:{award.point_of_sale_id}",
        after={
            "year": award.year,
            "level": award.level,
            "label": str(level),
            "criteria_met": criteria_met,
        },
    )


def labels_nightly_step(*, tenant: Tenant, progress: JobProgress) -> None:
    """Labels are yearly: the first run of a year evaluates the year that just closed."""
    year = timezone.localdate().year - 1
    progress.add("evaluated", labels_evaluate(tenant=tenant, year=year))


def label_years(today: dt.date | None = None) -> tuple[int, int]:
    """The year being run (for previews) and the last closed one (for awards)."""
    today = today or timezone.localdate()
    return today.year, today.year - 1
