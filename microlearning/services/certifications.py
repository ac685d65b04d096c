"""Certifications: head office defines them; a person is certified when their latest levels meet
one (planning.py's rule), at once when they end an assessment, and by a background job for the
whole network when head office saves it; the holders are told, and told again a month before
it expires."""

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from network_animation.audit import audit_record
from network_animation.jobs import JobProgress, job_run_queue, tracked_job
from network_animation.models import JobRun, Membership, Tenant
from network_animation.services.notifications import notify

from .. import errors, permissions
from ..cache import certifications_changed
from ..models import (
    Certification,
    CertificationAward,
    CertificationRequirement,
    Competence,
    CompetenceResult,
    ScaleLevel,
)
from ..notifications import CERTIFICATION_EXPIRING, CERTIFIED
from ..planning import Reached, certification_period
from ..selectors.competences import latest_results
from ..selectors.plans import certifications_expiring

EXPIRY_NOTICE_DAYS = 30  # a month to find five minutes for the assessment
GRANT_JOB = "learning.certification_grant"
# People whose results are read, awards written and holders told together: the job's progress
# moves by this many, and a batch is written whole or not at all.
GRANT_BATCH = 500


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


@dataclass(frozen=True)
class CertificationSaved:
    certification: Certification
    grant_run: JobRun  # the job certifying those who meet it already, for the page to follow


@transaction.atomic
def certification_save(
    *,
    tenant: Tenant,
    actor: Membership,
    data: CertificationData,
    certification: Certification | None = None,
    today: dt.date | None = None,
) -> CertificationSaved:
    """A certification and what it requires; those who meet it already are certified by a job
    queued at commit."""
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
    certifications_changed(tenant=tenant)  # its name, in the recognition feed
    run = certification_grant_queue(
        tenant=tenant, certification=certification, today=today or timezone.localdate()
    )
    return CertificationSaved(certification=certification, grant_run=run)


def certification_grant_queue(
    *, tenant: Tenant, certification: Certification, today: dt.date
) -> JobRun:
    """Queue the certifying of everyone who meets it on `today`; the run shows its progress."""
    from ..tasks import certification_grant_task

    run = job_run_queue(tenant=tenant, job=GRANT_JOB)
    transaction.on_commit(
        lambda: certification_grant_task.delay(
            tenant.pk, run.pk, certification.pk, today.isoformat()
        )
    )
    return run


def certification_grant_everyone(
    *, tenant: Tenant, certification_id: int, today: dt.date, run_id: int | None = None
) -> int:
    """Certify everyone who meets the certification on `today` (the day it was saved, so that a
    rerun gives the same awards, and tells nobody twice); return how many hold it."""
    with tracked_job(tenant=tenant, job=GRANT_JOB, run_id=run_id) as progress:
        certification = Certification.objects.filter(
            tenant=tenant, pk=certification_id, is_active=True
        ).first()
        if certification is not None:  # not deleted or switched off meanwhile
            _grant_in_batches(tenant, certification, today, progress)
        return progress.counts.get("certified", 0)


def _grant_in_batches(
    tenant: Tenant, certification: Certification, today: dt.date, progress: JobProgress
) -> None:
    people = _assessed_for(tenant, certification)
    for start in range(0, len(people), GRANT_BATCH):
        batch = people[start : start + GRANT_BATCH]
        with transaction.atomic():
            awards = _grant(tenant, [certification], batch, today)
        progress.add("people", len(batch))
        progress.add("certified", len(awards))
        progress.report(100 * (start + len(batch)) // len(people))


def _assessed_for(tenant: Tenant, certification: Certification) -> list[int]:
    """The active people of its role with a result on one of the competences it requires."""
    people = Membership.objects.filter(tenant=tenant, is_active=True)
    if certification.role:
        people = people.filter(role=certification.role)
    required = CertificationRequirement.objects.filter(
        tenant=tenant, certification=certification
    ).values("competence_id")
    return list(
        CompetenceResult.objects.filter(
            tenant=tenant, competence_id__in=required, membership__in=people
        )
        .values_list("membership_id", flat=True)
        .distinct()
        .order_by("membership_id")
    )


def certifications_grant(
    *, tenant: Tenant, membership: Membership, today: dt.date
) -> list[CertificationAward]:
    """Certify the person for every active certification of their role they now meet."""
    certifications = Certification.objects.filter(tenant=tenant, is_active=True).filter(
        Q(role="") | Q(role=membership.role)
    )
    return _grant(tenant, list(certifications), [membership.pk], today)


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
    tenant: Tenant, membership_ids: Sequence[int], competence_ids: set[int]
) -> dict[int, dict[int, Reached]]:
    """By person: their latest level on these competences."""
    latest: dict[int, dict[int, Reached]] = {}
    found = latest_results(
        tenant=tenant, membership_ids=membership_ids, competence_ids=competence_ids
    )
    for (person_id, competence_id), result in found.items():
        reached = Reached(result.level.min_score, timezone.localdate(result.assessed_at))
        latest.setdefault(person_id, {})[competence_id] = reached
    return latest


def _grant(
    tenant: Tenant,
    certifications: Sequence[Certification],
    membership_ids: Sequence[int],
    today: dt.date,
) -> list[CertificationAward]:
    """Awards for those of these people who meet the certifications (a handful of queries
    whatever their number)."""
    required = _required(tenant, certifications)
    latest = _reached(tenant, membership_ids, {c for wanted in required.values() for c in wanted})
    roles = dict(
        Membership.objects.filter(tenant=tenant, is_active=True, pk__in=list(latest)).values_list(
            "pk", "role"
        )
    )
    wanted = []
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
                wanted.append(
                    CertificationAward(
                        tenant=tenant,
                        certification=certification,
                        membership_id=person_id,
                        granted_on=period[0],
                        expires_on=period[1],
                    )
                )
    awards = _awards_save(tenant, wanted)
    if awards:
        certifications_changed(tenant=tenant)
        _tell_certified(tenant, awards)
    return awards


def _awards_save(tenant: Tenant, wanted: Sequence[CertificationAward]) -> list[CertificationAward]:
    """Write the awards: one per certification, person and first day; an award already there
    keeps its row and takes the new last day."""
    if not wanted:
        return []
    existing = {
        (award.certification_id, award.membership_id, award.granted_on): award
        for award in CertificationAward.objects.filter(
            tenant=tenant,
            certification_id__in={award.certification_id for award in wanted},
            membership_id__in={award.membership_id for award in wanted},
            granted_on__in={award.granted_on for award in wanted},
        )
    }
    new, moved, kept = [], [], []
    for award in wanted:
        found = existing.get((award.certification_id, award.membership_id, award.granted_on))
        if found is None:
            new.append(award)
        elif found.expires_on != award.expires_on:
            found.expires_on = award.expires_on
            moved.append(found)
        else:
            kept.append(found)
    CertificationAward.objects.bulk_create(new)
    CertificationAward.objects.bulk_update(moved, ["expires_on"])
    return new + moved + kept


def _tell_certified(
    tenant: Tenant, awards: Iterable[CertificationAward], kind: str = CERTIFIED
) -> None:
    """One notification call per certification and period, whoever holds it: each person is
    told once about each award, however many times it is granted again."""
    holders: dict[tuple[int, dt.date, dt.date], list[int]] = {}
    certifications: dict[int, Certification] = {}
    for award in awards:
        key = (award.certification_id, award.granted_on, award.expires_on)
        holders.setdefault(key, []).append(award.membership_id)
        if award.certification_id not in certifications:  # read once per certification
            certifications[award.certification_id] = award.certification
    for (certification_id, granted_on, expires_on), people in holders.items():
        certification = certifications[certification_id]
        notify(
            tenant=tenant,
            kind=kind,
            recipients=Membership.objects.filter(tenant=tenant, pk__in=people),
            url=reverse("microlearning:assessments", args=[tenant.slug]),
            params={
                "name_fr": certification.name_fr,
                "name_en": certification.name_en,
                "until": expires_on.isoformat(),
            },
            once_key=f"{kind}:{certification_id}:{granted_on.isoformat()}",
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
