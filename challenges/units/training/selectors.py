"""Reads of the skills axis's training: each person's competences named and plan progress,
through learning's selectors."""

import datetime as dt
from dataclasses import dataclass

from microlearning.models import Competence
from microlearning.selectors.plans import PersonPlan, observed_gaps_of, plans_summary
from network_animation.models import Membership, Tenant

from ...models import SkillAssessment, UnitProject


@dataclass(frozen=True)
class PersonTraining:
    competences: list[Competence]  # the gaps observed at work, named on the skills axis
    plan: PersonPlan  # modules in the plan, done, late; reviewed by the manager


def training_of(
    *, tenant: Tenant, people: list[Membership], today: dt.date
) -> dict[int, PersonTraining]:
    """Each person's competences to work on and their plan's progress, by membership id
    (four queries whatever the number of people)."""
    if not people:
        return {}
    gaps = observed_gaps_of(tenant=tenant, membership_ids=[person.pk for person in people])
    plans = plans_summary(tenant=tenant, people=people, today=today)
    return {row.membership.pk: PersonTraining(gaps[row.membership.pk], row) for row in plans}


def skill_assessment_of(
    *, tenant: Tenant, project: UnitProject, person: Membership
) -> SkillAssessment | None:
    return SkillAssessment.objects.filter(tenant=tenant, project=project, person=person).first()
