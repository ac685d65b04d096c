"""Writing modules: their catalogue fields, their steps (added, changed, moved, removed) and
publishing. Steps are only ever changed in a draft version: changing a step of a published
module first copies the published version into a new draft (`version_draft`), so the people in
the middle of the module keep theirs, frozen."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.http import HttpRequest
from django.utils import timezone

from kpis.models import KpiDefinition
from network_animation.audit import audit_record
from network_animation.models import Membership, Role, Tenant, Zone
from network_animation.permissions import membership_zone_ids
from network_animation.uploads_media import ReencodedImage

from .. import errors, permissions
from ..cache import learning_changed
from ..durations import duration_text
from ..models import (
    Choice,
    Competence,
    Module,
    ModuleCompetence,
    ModuleKpi,
    ModuleTag,
    ModuleVersion,
    Step,
    Tag,
)
from ..models.modules import MODULE_SECONDS_MAX, Language
from ..video import video_embed_url
from .checks import CAPTIONED, required_languages, step_data_errors, written_choices

MODULE_PUBLISHED = "learning_module_published"  # the audit trail's action
MOVING = 32_000  # a free position while two steps swap theirs
IMAGE_FIELDS = ("image", "image_type", "image_width", "image_height")
IMAGE_ALTS = ("image_alt_fr", "image_alt_en")


@dataclass(frozen=True)
class ModuleData:
    title_fr: str = ""
    title_en: str = ""
    summary_fr: str = ""
    summary_en: str = ""
    language: str = Language.FRENCH
    zone: Zone | None = None
    pass_mark: int = 70
    kpis: Sequence[KpiDefinition] = ()
    tags: Sequence[str] = ()
    competences: Sequence[Competence] = ()


@dataclass(frozen=True)
class ChoiceData:
    text_fr: str = ""
    text_en: str = ""
    is_correct: bool = False
    explanation_fr: str = ""
    explanation_en: str = ""


@dataclass(frozen=True)
class StepData:
    kind: str
    body_fr: str = ""
    body_en: str = ""
    back_fr: str = ""
    back_en: str = ""
    video_url: str = ""  # the link the author gave; stored as its embed address
    estimated_seconds: int = 60
    choices: Sequence[ChoiceData] = field(default_factory=tuple)
    image: ReencodedImage | None = None  # none: an image step keeps the one it has
    image_alt_fr: str = ""
    image_alt_en: str = ""


def _check_author(actor: Membership, module: Module) -> None:
    if not permissions.can_author(actor, module):
        raise PermissionDenied(errors.CANNOT_AUTHOR)


def _check_zone(tenant: Tenant, actor: Membership, zone: Zone | None) -> None:
    if zone is not None and zone.tenant_id != tenant.pk:
        raise ValidationError({"zone": errors.ZONE_NOT_YOURS})
    if actor.role == Role.ANIMATOR and (zone is None or zone.pk not in membership_zone_ids(actor)):
        raise ValidationError({"zone": errors.ZONE_NOT_YOURS})


def _tags(tenant: Tenant, names: Iterable[str]) -> list[Tag]:
    """The tenant's tags of these names (any case), made when new; the first spelling wins."""
    wanted: dict[str, str] = {}
    for name in names:
        wanted.setdefault(name.lower(), name)
    # The same spelling too: SQLite's lower() leaves accented capitals ("Électrique") as they are.
    same = Q(lower__in=wanted) | Q(name__in=wanted.values())
    existing = Tag.objects.annotate(lower=Lower("name")).filter(same, tenant=tenant)
    found: dict[str, Tag] = {tag.name.lower(): tag for tag in existing}
    for key, name in wanted.items():
        if key not in found:
            found[key] = Tag.objects.create(tenant=tenant, name=name)
    return list(found.values())


def _facets(tenant: Tenant, module: Module, data: ModuleData) -> None:
    kpis = [kpi for kpi in data.kpis if kpi.tenant_id == tenant.pk]
    ModuleKpi.objects.filter(tenant=tenant, module=module).delete()
    ModuleKpi.objects.bulk_create([ModuleKpi(tenant=tenant, module=module, kpi=k) for k in kpis])
    ModuleTag.objects.filter(tenant=tenant, module=module).delete()
    ModuleTag.objects.bulk_create(
        [ModuleTag(tenant=tenant, module=module, tag=t) for t in _tags(tenant, data.tags)]
    )
    competences = [c for c in data.competences if c.tenant_id == tenant.pk]
    ModuleCompetence.objects.filter(tenant=tenant, module=module).delete()
    ModuleCompetence.objects.bulk_create(
        [ModuleCompetence(tenant=tenant, module=module, competence=c) for c in competences]
    )


def _fields(data: ModuleData) -> dict[str, object]:
    return {
        "title_fr": data.title_fr.strip(),
        "title_en": data.title_en.strip(),
        "summary_fr": data.summary_fr,
        "summary_en": data.summary_en,
        "language": data.language,
        "zone": data.zone,
        "pass_mark": data.pass_mark,
    }


def _check_titles(data: ModuleData) -> None:
    for language in required_languages(data.language):
        if not getattr(data, f"title_{language}").strip():
            raise ValidationError({f"title_{language}": errors.NEEDS_TITLE})


@transaction.atomic
def module_create(*, tenant: Tenant, actor: Membership, data: ModuleData) -> Module:
    """A draft module and its first (draft) version. An animator writes one for their zones."""
    if not permissions.may_author(actor):
        raise PermissionDenied(errors.CANNOT_AUTHOR)
    _check_zone(tenant, actor, data.zone)
    _check_titles(data)
    module = Module.objects.create(tenant=tenant, created_by=actor, **_fields(data))
    ModuleVersion.objects.create(tenant=tenant, module=module, number=1)
    _facets(tenant, module, data)
    return module


@transaction.atomic
def module_update(*, tenant: Tenant, actor: Membership, module: Module, data: ModuleData) -> Module:
    """The catalogue fields (title, summary, language, facets, pass mark): shown at once."""
    _check_author(actor, module)
    _check_zone(tenant, actor, data.zone)
    _check_titles(data)
    for name, value in _fields(data).items():
        setattr(module, name, value)
    module.updated_at = timezone.now()
    module.save()
    _facets(tenant, module, data)
    learning_changed(tenant=tenant)  # its title on the panels
    return module


def version_draft(*, tenant: Tenant, module: Module) -> ModuleVersion:
    """The module's draft version: the latest if not published yet, or else a copy of the
    published one's steps and answers, numbered next."""
    latest = ModuleVersion.objects.filter(tenant=tenant, module=module).order_by("-number").first()
    if latest is not None and not latest.is_published:
        return latest
    draft = ModuleVersion.objects.create(
        tenant=tenant, module=module, number=(latest.number if latest else 0) + 1
    )
    if latest is not None:
        _copy_steps(tenant, latest, draft)
    return draft


def _copy_steps(tenant: Tenant, source: ModuleVersion, draft: ModuleVersion) -> None:
    steps = list(Step.objects.filter(tenant=tenant, version=source).prefetch_related("choices"))
    copies = Step.objects.bulk_create(
        [
            Step(
                tenant=tenant,
                version=draft,
                position=s.position,
                kind=s.kind,
                body_fr=s.body_fr,
                body_en=s.body_en,
                back_fr=s.back_fr,
                back_en=s.back_en,
                video_url=s.video_url,
                estimated_seconds=s.estimated_seconds,
                # The image file is shared by the versions.
                **{name: getattr(s, name) for name in (*IMAGE_FIELDS, *IMAGE_ALTS)},
            )
            for s in steps
        ]
    )
    by_position = {copy.position: copy for copy in copies}
    choices = []
    for step in steps:
        for c in step.choices.all():
            c.pk, c.step = None, by_position[step.position]
            choices.append(c)
    Choice.objects.bulk_create(choices)


def _in_draft(tenant: Tenant, step: Step) -> Step:
    """The step itself if it is a draft's, or its copy (same position) in the draft."""
    if not step.version.is_published:
        return step
    draft = version_draft(tenant=tenant, module=step.version.module)
    return Step.objects.get(tenant=tenant, version=draft, position=step.position)


def _checked(data: StepData, language: str, has_image: bool = False) -> StepData:
    """The step as stored: its video's embed address, its written answers only."""
    problems = step_data_errors(data, language, has_image)
    if problems:
        raise ValidationError(problems)
    video = video_embed_url(data.video_url) if data.kind == Step.Kind.VIDEO else None
    return replace(data, video_url=video or "", choices=tuple(written_choices(data)))


def _write_step(tenant: Tenant, step: Step, data: StepData) -> Step:
    texts = ("kind", "body_fr", "body_en", "back_fr", "back_en", "video_url")
    for name in (*texts, *IMAGE_ALTS):
        setattr(step, name, getattr(data, name))
    step.estimated_seconds = data.estimated_seconds
    if data.kind != Step.Kind.FLASHCARD:
        step.back_fr = step.back_en = ""
    if data.kind != Step.Kind.IMAGE:
        # The file stays: an earlier version of the module may show it.
        step.image, step.image_type, step.image_width, step.image_height = "", "", None, None
        step.image_alt_fr = step.image_alt_en = ""
    elif data.image is not None:
        _image_store(step, data.image)
    step.save()
    Choice.objects.filter(tenant=tenant, step=step).delete()
    if data.kind == Step.Kind.QUIZ:
        Choice.objects.bulk_create(
            [
                Choice(tenant=tenant, step=step, position=i, **choice.__dict__)
                for i, choice in enumerate(data.choices)
            ]
        )
    return step


def _image_store(step: Step, image: ReencodedImage) -> None:
    """Write the re-encoded image under a generated name (models.modules.step_image_path)."""
    step.image_type = image.content_type
    step.image_width, step.image_height = image.width, image.height
    step.image.save(image.filename, ContentFile(image.content), save=False)


def _touched(module: Module) -> None:
    module.updated_at = timezone.now()
    module.save(update_fields=["updated_at"])


@transaction.atomic
def step_add(*, tenant: Tenant, actor: Membership, module: Module, data: StepData) -> Step:
    _check_author(actor, module)
    checked = _checked(data, module.language)
    draft = version_draft(tenant=tenant, module=module)
    position = Step.objects.filter(tenant=tenant, version=draft).count()
    step = Step(tenant=tenant, version=draft, position=position)
    _touched(module)
    return _write_step(tenant, step, checked)


@transaction.atomic
def step_update(*, tenant: Tenant, actor: Membership, step: Step, data: StepData) -> Step:
    """Change a step; a published one's copy in the draft version is what changes."""
    module = step.version.module
    _check_author(actor, module)
    checked = _checked(data, module.language, has_image=bool(step.image))
    _touched(module)
    return _write_step(tenant, _in_draft(tenant, step), checked)


@transaction.atomic
def step_move(*, tenant: Tenant, actor: Membership, step: Step, offset: int) -> Step:
    """One place up (-1) or down (+1); at either end, nothing moves."""
    _check_author(actor, step.version.module)
    step = _in_draft(tenant, step)
    other = Step.objects.filter(
        tenant=tenant, version_id=step.version_id, position=step.position + offset
    ).first()
    if other is None:
        return step
    mine, theirs = step.position, other.position
    step.position = MOVING
    step.save(update_fields=["position"])
    other.position = mine
    other.save(update_fields=["position"])
    step.position = theirs
    step.save(update_fields=["position"])
    _touched(step.version.module)
    return step


@transaction.atomic
def step_delete(*, tenant: Tenant, actor: Membership, step: Step) -> None:
    module = step.version.module
    _check_author(actor, module)
    step = _in_draft(tenant, step)
    version_id = step.version_id
    step.delete()
    # One at a time, in order: each step moves into the place just freed.
    for position, later in enumerate(
        Step.objects.filter(tenant=tenant, version_id=version_id).order_by("position")
    ):
        if later.position != position:
            later.position = position
            later.save(update_fields=["position"])
    _touched(module)


def _publish_problems(module: Module, steps: list[Step]) -> list[str]:
    if not steps:
        return [str(errors.NO_STEP)]
    problems = []
    total = sum(step.estimated_seconds for step in steps)
    if total > MODULE_SECONDS_MAX:
        values = {
            "total": duration_text(total),
            "excess": duration_text(total - MODULE_SECONDS_MAX),
        }
        problems.append(errors.TOO_LONG % values)
    for step in steps:
        for language in required_languages(module.language):
            if step.kind not in CAPTIONED and not getattr(step, f"body_{language}").strip():
                problems.append(errors.STEP_WITHOUT[language] % {"number": step.number})
            if step.kind == Step.Kind.IMAGE and not getattr(step, f"image_alt_{language}"):
                problems.append(errors.STEP_WITHOUT_ALT[language] % {"number": step.number})
    return problems


@transaction.atomic
def module_publish(
    *, tenant: Tenant, actor: Membership, module: Module, request: HttpRequest | None = None
) -> ModuleVersion:
    """Publish the draft version: refused over ten minutes (saying by how much), without a
    step, or with a step missing one of the module's languages. Newcomers get this version;
    people in progress keep theirs."""
    _check_author(actor, module)
    draft = ModuleVersion.objects.filter(tenant=tenant, module=module, published_at=None).first()
    if draft is None:
        raise ValidationError(errors.NOTHING_TO_PUBLISH)
    steps = list(Step.objects.filter(tenant=tenant, version=draft))
    problems = _publish_problems(module, steps)
    if problems:
        raise ValidationError(problems)
    draft.published_at, draft.published_by = timezone.now(), actor
    draft.step_count = len(steps)
    draft.total_seconds = sum(step.estimated_seconds for step in steps)
    draft.save()
    module.published, module.status = draft, Module.Status.PUBLISHED
    module.updated_at = draft.published_at
    module.save(update_fields=["published", "status", "updated_at"])
    audit_record(
        tenant=tenant,
        actor=actor.user,
        action=MODULE_PUBLISHED,
        target=f"module:{module.pk}",
        after={"version": draft.number, "steps": len(steps), "seconds": draft.total_seconds},
        request=request,
    )
    learning_changed(tenant=tenant)
    return draft


@transaction.atomic
def module_archive(*, tenant: Tenant, actor: Membership, module: Module) -> Module:
    """Out of the list for newcomers; those in the middle of it may still finish it."""
    _check_author(actor, module)
    module.status = Module.Status.ARCHIVED
    module.save(update_fields=["status"])
    learning_changed(tenant=tenant)
    return module
