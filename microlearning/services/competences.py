"""Writing the competence framework: its scale's levels and its tree (head office only)."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from network_animation.audit import audit_record
from network_animation.models import Membership, Tenant

from .. import errors, permissions
from ..cache import learning_changed
from ..models import Competence, CompetenceFramework, ScaleLevel


@dataclass(frozen=True)
class CompetenceData:
    name_fr: str = ""
    name_en: str = ""
    description_fr: str = ""
    description_en: str = ""
    parent: Competence | None = None
    position: int = 0


@dataclass(frozen=True)
class LevelData:
    name_fr: str = ""
    name_en: str = ""
    min_score: int = 0
    proficient: bool = False


def _check(actor: Membership) -> None:
    if not permissions.may_manage_competences(actor):
        raise PermissionDenied(errors.CANNOT_MANAGE_COMPETENCES)


def framework_of(*, tenant: Tenant) -> CompetenceFramework:
    """The tenant's framework, made empty the first time it is needed."""
    framework, _made = CompetenceFramework.objects.get_or_create(tenant=tenant)
    return framework


def _check_parent(tenant: Tenant, competence: Competence | None, parent: Competence | None) -> None:
    if parent is None:
        return
    if parent.tenant_id != tenant.pk:
        raise ValidationError({"parent": errors.PARENT_LOOP})
    ancestor: Competence | None = parent
    while ancestor is not None and competence is not None:
        if ancestor.pk == competence.pk:
            raise ValidationError({"parent": errors.PARENT_LOOP})
        ancestor = ancestor.parent


@transaction.atomic
def competence_save(
    *, tenant: Tenant, actor: Membership, data: CompetenceData, competence: Competence | None = None
) -> Competence:
    """A new competence, or these changes to one: its parent may not be itself or below it."""
    _check(actor)
    if not (data.name_fr.strip() or data.name_en.strip()):
        raise ValidationError({"name_fr": errors.NEEDS_NAME})
    _check_parent(tenant, competence, data.parent)
    if competence is None:
        competence = Competence(tenant=tenant, framework=framework_of(tenant=tenant))
    before = {"name": competence.name, "parent": competence.parent_id}
    competence.name_fr, competence.name_en = data.name_fr.strip(), data.name_en.strip()
    competence.description_fr, competence.description_en = data.description_fr, data.description_en
    competence.parent, competence.position = data.parent, data.position
    competence.save()
    audit_record(
        tenant=tenant,
        actor=actor.user,
        action="learning_competence_saved",
        target=f"competence:{competence.pk}",
        before=before,
        after={"name": competence.name, "parent": competence.parent_id},
    )
    learning_changed(tenant=tenant)
    return competence


@transaction.atomic
def level_save(
    *, tenant: Tenant, actor: Membership, data: LevelData, level: ScaleLevel | None = None
) -> ScaleLevel:
    """A level of the scale, or these changes to one. Two levels never share a threshold."""
    _check(actor)
    if not (data.name_fr.strip() or data.name_en.strip()):
        raise ValidationError({"name_fr": errors.NEEDS_NAME})
    framework = framework_of(tenant=tenant)
    taken = ScaleLevel.objects.filter(tenant=tenant, framework=framework, min_score=data.min_score)
    if level is not None:
        taken = taken.exclude(pk=level.pk)
    if taken.exists():
        raise ValidationError({"min_score": errors.LEVEL_TAKEN})
    level = level or ScaleLevel(tenant=tenant, framework=framework)
    level.name_fr, level.name_en = data.name_fr.strip(), data.name_en.strip()
    level.min_score, level.proficient = data.min_score, data.proficient
    level.save()
    learning_changed(tenant=tenant)
    return level
