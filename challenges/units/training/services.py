"""The skills axis names a person's competences to work on: learning records them as gaps
observed at work and builds the person's plan again (its own rules, the manager's choices
kept). Only the project's editors write it, for a person of the unit whose skills show a gap;
when the skills axis says the person meets the standard, the competences are cleared
(challenges/units/services/projects.py, `skills_save`)."""

import datetime as dt
from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from microlearning.models import Competence, TrainingPlan
from microlearning.services import observed_gaps_set
from network_animation.data_versions import data_changed
from network_animation.models import Membership, Tenant

from ...models import UnitProject
from .. import errors, rights
from ..cache import UNITS
from . import messages, selectors


@transaction.atomic
def skill_gap_train(
    *,
    tenant: Tenant,
    actor: Membership,
    project: UnitProject,
    person: Membership,
    competences: Sequence[Competence],
    today: dt.date,
) -> TrainingPlan:
    """The competences the person's gap names (none: clear them), and their plan built
    again for them."""
    if not rights.can_edit_project(tenant=tenant, membership=actor, point=project.point_of_sale):
        raise PermissionDenied(errors.CANNOT_EDIT)
    if person.point_of_sale_id != project.point_of_sale_id:
        raise ValidationError(errors.OWNER_OUTSIDE_UNIT)
    found = selectors.skill_assessment_of(tenant=tenant, project=project, person=person)
    if competences and (found is None or not found.gap):
        raise ValidationError(messages.NO_GAP)
    plan = observed_gaps_set(
        tenant=tenant, actor=actor, person=person, competences=competences, today=today
    )
    data_changed(tenant=tenant, kinds=[UNITS])
    return plan
