"""Recording a visit: an answer per criterion of the grid's version, a comment, photos. The
score is computed here from the weights (challenges/visits/scoring.py), never typed."""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from communities.services.attachments import files_removed_on_failure
from kpis.services.computed import computed_facts_write
from network_animation.audit import audit_record
from network_animation.data_versions import data_changed
from network_animation.models import Membership, PointOfSale, Tenant
from network_animation.uploads_media import ReencodedImage

from ...models import Visit, VisitAnswer, VisitCriterion, VisitGridVersion, VisitPhoto
from .. import errors, rights, scoring
from ..cache import VISITS
from ..kpi_facts import VISIT_FACTS

PHOTOS_MAX = 6
VISIT_RECORDED = "visit_recorded"


@dataclass(frozen=True)
class VisitSpec:
    date: dt.date
    answers: dict[int, int]  # criterion id -> value
    comment: str = ""


def _criteria(tenant: Tenant, version: VisitGridVersion) -> list[VisitCriterion]:
    return list(VisitCriterion.objects.filter(tenant=tenant, version=version))


def _scored(criteria: list[VisitCriterion], spec: VisitSpec, today: dt.date) -> float:
    """The visit's score, once every criterion has an answer in its range."""
    if spec.date > today:
        raise ValidationError(errors.FUTURE_DATE)
    if set(spec.answers) != {c.pk for c in criteria}:
        raise ValidationError(errors.ANSWER_MISSING)
    for criterion in criteria:
        if not 0 <= spec.answers[criterion.pk] <= criterion.top:
            raise ValidationError(errors.ANSWER_RANGE, params={"top": criterion.top})
    return scoring.visit_score(
        scoring.ScoredAnswer(c.weight, spec.answers[c.pk], c.top) for c in criteria
    )


def _photos_save(
    tenant: Tenant, visit: Visit, photos: Sequence[ReencodedImage], written: list[str]
) -> None:
    if len(photos) > PHOTOS_MAX:
        raise ValidationError(errors.PHOTOS_MAX, params={"count": PHOTOS_MAX})
    rows = []
    for image in photos:
        photo = VisitPhoto(
            tenant=tenant,
            visit=visit,
            filename=image.filename,
            extension=image.extension,
            content_type=image.content_type,
            size=image.size,
            width=image.width,
            height=image.height,
        )
        photo.file.save(image.filename, ContentFile(image.content), save=False)
        written.append(str(photo.file.name))
        rows.append(photo)
    VisitPhoto.objects.bulk_create(rows)


def _answers_write(tenant: Tenant, visit: Visit, answers: dict[int, int]) -> None:
    VisitAnswer.objects.filter(tenant=tenant, visit=visit).delete()
    VisitAnswer.objects.bulk_create(
        VisitAnswer(tenant=tenant, visit=visit, criterion_id=criterion_id, value=value)
        for criterion_id, value in answers.items()
    )


def visit_record(
    *,
    tenant: Tenant,
    actor: Membership,
    point_of_sale: PointOfSale,
    version: VisitGridVersion,
    spec: VisitSpec,
    photos: Sequence[ReencodedImage] = (),
    today: dt.date,
) -> Visit:
    """A visit on the grid's latest version; its photos are removed again if it fails."""
    if not rights.can_record(tenant=tenant, membership=actor, point=point_of_sale):
        raise PermissionDenied(errors.CANNOT_RECORD)
    if not version.grid.is_active:
        raise ValidationError(errors.GRID_INACTIVE)
    score = _scored(_criteria(tenant, version), spec, today)
    with files_removed_on_failure() as written, transaction.atomic():
        visit = Visit.objects.create(
            tenant=tenant,
            point_of_sale=point_of_sale,
            version=version,
            visitor=actor,
            date=spec.date,
            comment=spec.comment,
            score=score,
        )
        _answers_write(tenant, visit, spec.answers)
        _photos_save(tenant, visit, photos, written)
        data_changed(tenant=tenant, kinds=[VISITS])
        audit_record(
            tenant=tenant,
            actor=actor.user,
            action=VISIT_RECORDED,
            target=f"visit:{visit.pk}",
            after={"point_of_sale": point_of_sale.pk, "date": str(spec.date), "score": score},
        )
    return visit


def visit_update(
    *,
    tenant: Tenant,
    actor: Membership,
    visit: Visit,
    spec: VisitSpec,
    photos: Sequence[ReencodedImage] = (),
    today: dt.date,
) -> Visit:
    """New answers, date or comment, on the version the visit answered; photos are added."""
    if not rights.can_edit_visit(actor, visit):
        raise PermissionDenied(errors.NOT_THE_VISITOR)
    score = _scored(_criteria(tenant, visit.version), spec, today)
    kept = VisitPhoto.objects.filter(tenant=tenant, visit=visit).count()
    if kept + len(photos) > PHOTOS_MAX:
        raise ValidationError(errors.PHOTOS_MAX, params={"count": PHOTOS_MAX})
    with files_removed_on_failure() as written, transaction.atomic():
        moved_from = visit.date if visit.date != spec.date else None
        visit.date, visit.comment, visit.score = spec.date, spec.comment, score
        visit.updated_at = timezone.now()
        visit.save(update_fields=["date", "comment", "score", "updated_at"])
        _answers_write(tenant, visit, spec.answers)
        _photos_save(tenant, visit, photos, written)
        if moved_from is not None:
            # The nightly step rewrites the days changed since its last run from the visits'
            # dates: the day the visit left is rewritten now.
            computed_facts_write(
                tenant=tenant, producer=VISIT_FACTS, start=moved_from, end=moved_from, today=today
            )
        data_changed(tenant=tenant, kinds=[VISITS])
    return visit
