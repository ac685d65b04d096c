"""Training plans: built from a person's gaps, adjusted by their manager. The rules themselves
are in planning.py; certifications are in certifications.py."""

import datetime as dt
from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from network_animation.audit import audit_record
from network_animation.models import Membership, Tenant
from network_animation.services.notifications import notify

from .. import errors, permissions
from ..cache import learner_changed, learning_changed
from ..models import (
    Module,
    ModuleCompetence,
    ObservedGap,
    PlanItem,
    Progress,
    TrainingPlan,
)
from ..notifications import PLAN_CHANGED as PLAN_CHANGED_KIND
from ..planning import (
    Candidate,
    ExistingItem,
    plan_changes,
)
from ..selectors.competences import latest_results
from ..selectors.modules import modules_seen_by

PLAN_CHANGED = "learning_plan_changed"


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
    """Build (or build again) the person's plan from their latest levels and the gaps observed
    at work (planning.py's rules): what their manager changed stays as they left it."""
    latest = latest_results(tenant=tenant, membership_ids=[membership.pk])
    behind = sorted(
        (result.score, competence_id)
        for (_m, competence_id), result in latest.items()
        if not result.level.proficient
    )
    gaps = [competence_id for _score, competence_id in behind]
    # Then the gaps observed at work (models/gaps.py), the oldest first, whatever the last
    # assessment said: the person was seen short of the standard since.
    observed = ObservedGap.objects.filter(tenant=tenant, membership=membership)
    gaps += [pk for pk in observed.values_list("competence_id", flat=True) if pk not in gaps]
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
