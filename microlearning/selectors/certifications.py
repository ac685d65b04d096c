"""Certifications as the other apps read them: the share of a point of sale's people who hold
one (a label criterion), and a person's own, valid or expired (their account page)."""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Count, Q

from network_animation.models import Membership, Tenant

from ..models import Certification, CertificationAward


@dataclass(frozen=True)
class CertifiedShare:
    holders: int  # the people of the role holding it that day
    people: int  # the point of sale's active people of the certification's role


def certified_shares(
    *,
    tenant: Tenant,
    certification_ids: Sequence[int],
    on: dt.date,
    point_of_sale_ids: Sequence[int] | None = None,
) -> dict[int, dict[int, CertifiedShare]]:
    """Point of sale -> certification -> how many of its active people of the certification's
    role (any role when it names none) hold it that day, out of how many: one query per
    certification, whatever the number of points of sale."""
    shares: dict[int, dict[int, CertifiedShare]] = {}
    for certification in Certification.objects.filter(tenant=tenant, pk__in=certification_ids):
        people = Membership.objects.filter(
            tenant=tenant, is_active=True, point_of_sale__isnull=False
        )
        if certification.role:
            people = people.filter(role=certification.role)
        if point_of_sale_ids is not None:
            people = people.filter(point_of_sale_id__in=point_of_sale_ids)
        held = CertificationAward.objects.filter(
            tenant=tenant, certification=certification, granted_on__lte=on, expires_on__gt=on
        ).values("membership_id")
        rows = (
            people.values("point_of_sale_id")
            .annotate(people=Count("pk"), holders=Count("pk", filter=Q(pk__in=held)))
            .values_list("point_of_sale_id", "people", "holders")
        )
        for point_id, count, holders in rows:
            shares.setdefault(point_id, {})[certification.pk] = CertifiedShare(holders, count)
    return shares


@dataclass(frozen=True)
class HeldCertification:
    award: CertificationAward
    expired: bool


def certifications_held(
    *, tenant: Tenant, membership: Membership, on: dt.date
) -> list[HeldCertification]:
    """The person's latest award of each certification they obtained, valid or expired that
    day (an expired one says the assessment must be passed again): the valid ones first."""
    latest: dict[int, CertificationAward] = {}
    awards = (
        CertificationAward.objects.filter(tenant=tenant, membership=membership, granted_on__lte=on)
        .select_related("certification")
        .order_by("-expires_on", "-pk")
    )
    for award in awards:
        latest.setdefault(award.certification_id, award)
    held = [HeldCertification(award, award.expires_on <= on) for award in latest.values()]
    return sorted(held, key=lambda h: (h.expired, h.award.certification.name))
