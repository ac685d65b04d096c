"""Learning's data versions (network_animation/data_versions.py).

- Learning's kind, tenant-wide: renewed by what the zone pages' training status and everyone's
  "next 5 minutes" show of the tenant: a module written, published or archived, an assignment
  made, people enrolled, a module started or finished (not each step: thousands pass steps at
  the same minute, and a step moves nothing on a zone's page).
- Each learner's own: renewed by their steps, their review answers and their enrolments, so
  their "next 5 minutes" is rendered again for them alone.
- Certifications', tenant-wide: renewed (with learning's) when people are certified or a
  certification is saved, for the zone's recognition feed (challenges' panel), which must not
  be rendered again each time someone starts or finishes a module.
- Assignments', tenant-wide: renewed (with learning's) when a module is assigned, for what
  follows assignments alone (recommendations mark a suggested module done), so that a learner
  finishing a module does not make them look.
"""

from network_animation.data_versions import data_changed, object_changed, register_data_kind
from network_animation.models import Tenant

LEARNING = register_data_kind("learning")
LEARNER = "learner"
ASSIGNMENTS = register_data_kind("learning-assignments")
CERTIFICATIONS = register_data_kind("learning-certifications")


def learning_changed(*, tenant: Tenant | int) -> None:
    data_changed(tenant=tenant, kinds=[LEARNING])


def assignments_changed(*, tenant: Tenant | int) -> None:
    data_changed(tenant=tenant, kinds=[LEARNING, ASSIGNMENTS])


def certifications_changed(*, tenant: Tenant | int) -> None:
    data_changed(tenant=tenant, kinds=[LEARNING, CERTIFICATIONS])


def learner_changed(*, tenant: Tenant | int, membership_id: int) -> None:
    object_changed(tenant=tenant, kind=LEARNER, object_id=membership_id)
