"""Gaps observed at work (models/gaps.py): the competences a coach or a manager saw a person
fall short on, written by the unit project's skills axis (challenges/units/training), which
checks who may write them. The plan is built again at once (services/plans.py), so the modules
for those competences join it by the same rules as after an assessment: what the manager added,
removed or re-dated stays as they left it. A change of the gaps by anyone else than the manager
asks the manager to go through the plan again: its review is undone."""

import datetime as dt
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction

from network_animation.audit import audit_record
from network_animation.models import Membership, Tenant

from .. import errors
from ..models import Competence, ObservedGap, TrainingPlan
from .plans import plan_build

GAPS_OBSERVED = "learning_gaps_observed"  # the audit trail's action


@transaction.atomic
def observed_gaps_set(
    *,
    tenant: Tenant,
    actor: Membership,
    person: Membership,
    competences: Sequence[Competence],
    today: dt.date,
) -> TrainingPlan:
    """The competences the person falls short on, as observed at work (they replace those
    observed before; none: the person meets the standard), and their plan built again."""
    if any(competence.tenant_id != tenant.pk for competence in competences):
        raise ValidationError({"competences": errors.COMPETENCE_ELSEWHERE})
    wanted = {competence.pk for competence in competences}
    observed = ObservedGap.objects.filter(tenant=tenant, membership=person)
    dropped, _by_model = observed.exclude(competence_id__in=wanted).delete()
    known = set(observed.values_list("competence_id", flat=True))
    ObservedGap.objects.bulk_create(
        ObservedGap(tenant=tenant, membership=person, competence_id=pk, observed_by=actor)
        for pk in sorted(wanted - known)
    )
    plan = plan_build(tenant=tenant, membership=person, today=today)
    if dropped or wanted - known:
        audit_record(
            tenant=tenant,
            actor=actor.user,
            action=GAPS_OBSERVED,
            target=f"membership:{person.pk}",
            after={"competences": sorted(wanted)},
        )
        _review_again(plan, actor)
    return plan


def _review_again(plan: TrainingPlan, actor: Membership) -> None:
    if plan.reviewed_by_id is not None and plan.reviewed_by_id != actor.pk:
        plan.reviewed_by, plan.reviewed_at = None, None
        plan.save(update_fields=["reviewed_by", "reviewed_at"])
