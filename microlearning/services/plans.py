"""Training plans (built from a person's gaps, adjusted by their manager) and certifications
(granted when a person's levels meet them). The rules themselves are in planning.py."""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from network_animation.audit import audit_record
from network_animation.jobs import JobProgress
from network_animation.models import Membership, Tenant
from network_animation.services.notifications import notify

from .. import errors, permissions
from ..cache import learner_changed, learning_changed
from ..models import (
    Certification,
    CertificationAward,
    CertificationRequirement,
    Competence,
    Module,
    ModuleCompetence,
    PlanItem,
    Progress,
    ScaleLevel,
    TrainingPlan,
)
from ..notifications import CERTIFICATION_EXPIRING, CERTIFIED
from ..notifications import PLAN_CHANGED as PLAN_CHANGED_KIND
from ..planning import (
    Candidate,
    ExistingItem,
    Reached,
    certification_period,
    plan_changes,
)
from ..selectors.competences import latest_results
from ..selectors.modules import modules_seen_by
from ..selectors.plans import certifications_expiring

PLAN_CHANGED = "learning_plan_changed"
EXPIRY_NOTICE_DAYS = 30  # a month to find five minutes for the assessment


def _done_module_ids(tenant: Tenant, membership: Membership) -> set[int]:
    return set(
        Progress.objects.filter(
            tenant=tenant, membership=membership, times_completed__gt=0
        ).values_list("module_id", flat=True)
    )


def _candidates(
    tenant: Tenant, membership: Membership, gaps: Sequence[int], done: set[int]
) -> dict[int, list[Candidate]]:
    seen = modules_seen_by(tenant=tenant, membership=membership)
    links = ModuleCompetence.objects.filter(
        tenant=tenant, competence_id__in=gaps, module__in=seen
    ).values_list("competence_id", "module_id", "module__published__total_seconds")
    candidates: dict[int, list[Candidate]] = {}
    for competence_id, module_id, seconds in links:
        if module_id not in done:
            candidates.setdefault(competence_id, []).append(Candidate(module_id, seconds or 0))
    return candidates


@transaction.atomic
def plan_build(*, tenant: Tenant, membership: Membership, today: dt.date) -> TrainingPlan:
    """Build (or build again) the person's plan from their latest levels (planning.py's
    rules): what their manager changed stays as they left it."""
    latest = latest_results(tenant=tenant, membership_ids=[membership.pk])
    behind = sorted(
        (result.score, competence_id)
        for (_m, competence_id), result in latest.items()
        if not result.level.proficient
    )
    gaps = [competence_id for _score, competence_id in behind]
    plan, _made = TrainingPlan.objects.select_for_update().get_or_create(
        tenant=tenant, membership=membership
    )
    done = _done_module_ids(tenant, membership)
    existing = [
        ExistingItem(
            item.pk,
            item.module_id,
            item.competence_id,
            is_managers=item.is_managers,
            removed=item.removed_at is not None,
            done=item.module_id in done,
        )
        for item in PlanItem.objects.filter(tenant=tenant, plan=plan)
    ]
    changes = plan_changes(
        gaps=gaps,
        candidates=_candidates(tenant, membership, gaps, done),
        existing=existing,
        today=today,
    )
    PlanItem.objects.filter(tenant=tenant, plan=plan, pk__in=changes.drop).delete()
    PlanItem.objects.bulk_create(
        PlanItem(
            tenant=tenant,
            plan=plan,
            module_id=new.module_id,
            competence_id=new.competence_id,
            due_on=new.due_on,
        )
        for new in changes.add
    )
    plan.built_at = timezone.now()
    plan.save(update_fields=["built_at"])
    learner_changed(tenant=tenant, membership_id=membership.pk)
    return plan


def _check_manager(actor: Membership, person: Membership) -> None:
    if not permissions.can_adjust_plan(actor, person):
        raise PermissionDenied(errors.NOT_YOUR_PERSON)


def _changed(
    tenant: Tenant, actor: Membership, plan: TrainingPlan, change: dict[str, object]
) -> None:
    plan.reviewed_by, plan.reviewed_at = actor, timezone.now()
    plan.save(update_fields=["reviewed_by", "reviewed_at"])
    audit_record(
        tenant=tenant,
        actor=actor.user,
        action=PLAN_CHANGED,
        target=f"membership:{plan.membership_id}",
        after=change,
    )
    learner_changed(tenant=tenant, membership_id=plan.membership_id)
    learning_changed(tenant=tenant)
    notify(
        tenant=tenant,
        kind=PLAN_CHANGED_KIND,
        recipients=[plan.membership],
        actor=actor,
        url=reverse("microlearning:my_plan", args=[tenant.slug]),
        # One line a day for a person, however many changes their manager makes.
        once_key=f"{PLAN_CHANGED_KIND}:{timezone.localdate().isoformat()}",
    )


@transaction.atomic
def plan_item_add(
    *, tenant: Tenant, actor: Membership, person: Membership, module: Module, due_on: dt.date
) -> PlanItem:
    """The manager adds a module (one the person may learn) to the plan, by a due date."""
    _check_manager(actor, person)
    if not modules_seen_by(tenant=tenant, membership=person).filter(pk=module.pk).exists():
        raise ValidationError({"module": errors.NOT_PUBLISHED})
    plan, _made = TrainingPlan.objects.get_or_create(tenant=tenant, membership=person)
    item = PlanItem.objects.filter(tenant=tenant, plan=plan, module=module).first()
    if item is not None and item.removed_at is None:
        raise ValidationError({"module": errors.MODULE_ALREADY_IN_PLAN})
    item = item or PlanItem(tenant=tenant, plan=plan, module=module)
    item.source, item.due_on, item.adjusted_by = PlanItem.Source.MANAGER, due_on, actor
    item.removed_at = item.removed_by = None
    item.save()
    _changed(tenant, actor, plan, {"added": module.pk, "due_on": due_on.isoformat()})
    return item


@transaction.atomic
def plan_item_remove(*, tenant: Tenant, actor: Membership, item: PlanItem) -> PlanItem:
    """The manager takes a module out of the plan: kept as removed, so that building the plan
    again does not bring it back."""
    _check_manager(actor, item.plan.membership)
    item.removed_at, item.removed_by = timezone.now(), actor
    item.save(update_fields=["removed_at", "removed_by"])
    _changed(tenant, actor, item.plan, {"removed": item.module_id})
    return item


@transaction.atomic
def plan_item_redate(
    *, tenant: Tenant, actor: Membership, item: PlanItem, due_on: dt.date
) -> PlanItem:
    _check_manager(actor, item.plan.membership)
    item.due_on, item.adjusted_by = due_on, actor
    item.save(update_fields=["due_on", "adjusted_by"])
    _changed(tenant, actor, item.plan, {"module": item.module_id, "due_on": due_on.isoformat()})
    return item


@transaction.atomic
def plan_review(*, tenant: Tenant, actor: Membership, person: Membership) -> TrainingPlan:
    """The manager has gone through the plan (and agrees with it as it is)."""
    _check_manager(actor, person)
    plan, _made = TrainingPlan.objects.get_or_create(tenant=tenant, membership=person)
    _changed(tenant, actor, plan, {"reviewed": True})
    return plan


@dataclass(frozen=True)
class CertificationData:
    name_fr: str = ""
    name_en: str = ""
    description_fr: str = ""
    description_en: str = ""
    role: str = ""
    validity_months: int = 24
    is_active: bool = True
    requirements: Sequence[tuple[Competence, ScaleLevel]] = ()


@transaction.atomic
def certification_save(
    *,
    tenant: Tenant,
    actor: Membership,
    data: CertificationData,
    certification: Certification | None = None,
    today: dt.date | None = None,
) -> Certification:
    """A certification and what it requires; those who meet it already are certified."""
    if not permissions.may_manage_competences(actor):
        raise PermissionDenied(errors.CANNOT_MANAGE_COMPETENCES)
    if not (data.name_fr.strip() or data.name_en.strip()):
        raise ValidationError({"name_fr": errors.NEEDS_NAME})
    requirements = [
        (c, level)
        for c, level in data.requirements
        if c.tenant_id == tenant.pk and level.tenant_id == tenant.pk
    ]
    if not requirements:
        raise ValidationError(errors.NEEDS_REQUIREMENT)
    certification = certification or Certification(tenant=tenant)
    for name in ("name_fr", "name_en", "description_fr", "description_en"):
        setattr(certification, name, getattr(data, name).strip())
    certification.role, certification.validity_months = data.role, data.validity_months
    certification.is_active = data.is_active
    certification.save()
    CertificationRequirement.objects.filter(tenant=tenant, certification=certification).delete()
    CertificationRequirement.objects.bulk_create(
        CertificationRequirement(
            tenant=tenant, certification=certification, competence=c, level=level
        )
        for c, level in dict(requirements).items()
    )
    audit_record(
        tenant=tenant,
        actor=actor.user,
        action="learning_certification_saved",
        target=f"certification:{certification.pk}",
        after={"requirements": len(requirements), "months": data.validity_months},
    )
    _grant(tenant, [certification], None, today or timezone.localdate())
    return certification


def certifications_grant(
    *, tenant: Tenant, membership: Membership, today: dt.date
) -> list[CertificationAward]:
    """Certify the person for every active certification of their role they now meet."""
    certifications = Certification.objects.filter(tenant=tenant, is_active=True).filter(
        Q(role="") | Q(role=membership.role)
    )
    return _grant(tenant, list(certifications), membership, today)


def _required(tenant: Tenant, certifications: Sequence[Certification]) -> dict[int, dict[int, int]]:
    """By certification id: the threshold of the level each required competence needs."""
    required: dict[int, dict[int, int]] = {}
    for requirement in CertificationRequirement.objects.filter(
        tenant=tenant, certification__in=certifications
    ).select_related("level"):
        wanted = required.setdefault(requirement.certification_id, {})
        wanted[requirement.competence_id] = requirement.level.min_score
    return required


def _reached(
    tenant: Tenant, membership: Membership | None, competence_ids: set[int]
) -> dict[int, dict[int, Reached]]:
    """By person (one, or everyone with results): their latest level on these competences."""
    latest: dict[int, dict[int, Reached]] = {}
    found = latest_results(
        tenant=tenant,
        membership_ids=[membership.pk] if membership is not None else None,
        competence_ids=competence_ids,
    )
    for (person_id, competence_id), result in found.items():
        reached = Reached(result.level.min_score, timezone.localdate(result.assessed_at))
        latest.setdefault(person_id, {})[competence_id] = reached
    return latest


def _grant(
    tenant: Tenant,
    certifications: Sequence[Certification],
    membership: Membership | None,
    today: dt.date,
) -> list[CertificationAward]:
    """Awards for those who meet the certifications (one person, or everyone with results)."""
    required = _required(tenant, certifications)
    latest = _reached(tenant, membership, {c for wanted in required.values() for c in wanted})
    roles = dict(
        Membership.objects.filter(tenant=tenant, is_active=True, pk__in=list(latest)).values_list(
            "pk", "role"
        )
    )
    awards = []
    for certification in certifications:
        for person_id, levels in latest.items():
            if person_id not in roles or certification.role not in ("", roles[person_id]):
                continue
            period = certification_period(
                required=required.get(certification.pk, {}),
                latest=levels,
                today=today,
                validity_months=certification.validity_months,
            )
            if period is not None:
                award, _made = CertificationAward.objects.update_or_create(
                    tenant=tenant,
                    certification=certification,
                    membership_id=person_id,
                    granted_on=period[0],
                    defaults={"expires_on": period[1]},
                )
                awards.append(award)
    if awards:
        learning_changed(tenant=tenant)
        _tell_certified(tenant, awards)
    return awards


def _tell_certified(
    tenant: Tenant, awards: Sequence[CertificationAward], kind: str = CERTIFIED
) -> None:
    for award in awards:
        certification = award.certification
        notify(
            tenant=tenant,
            kind=kind,
            recipients=Membership.objects.filter(tenant=tenant, pk=award.membership_id),
            url=reverse("microlearning:assessments", args=[tenant.slug]),
            params={
                "name_fr": certification.name_fr,
                "name_en": certification.name_en,
                "until": award.expires_on.isoformat(),
            },
            once_key=f"{kind}:{award.pk}",
        )


def certification_expiries_send(*, tenant: Tenant, today: dt.date) -> int:
    """Tell each person whose certification expires within `EXPIRY_NOTICE_DAYS` (and who has
    not renewed it) to take the assessment again: once per award."""
    expiring = certifications_expiring(
        tenant=tenant, today=today, within=dt.timedelta(days=EXPIRY_NOTICE_DAYS)
    )
    _tell_certified(tenant, expiring, kind=CERTIFICATION_EXPIRING)
    return len(expiring)


def certification_expiries_step(*, tenant: Tenant, progress: JobProgress) -> None:
    sent = certification_expiries_send(tenant=tenant, today=timezone.localdate())
    progress.add("learning_certification_expiries", sent)
