"""Writes on people: users, their memberships and roles."""

from collections.abc import Iterable

from django.db import transaction

from ..audit import Action, audit_record
from ..models import Membership, MembershipZone, PointOfSale, Region, Role, Tenant, User, Zone


class ScopeError(ValueError):
    """A role was given a scope that does not fit it."""


def _check_scope(
    *,
    tenant: Tenant,
    role: str,
    region: Region | None,
    zones: list[Zone],
    point_of_sale: PointOfSale | None,
) -> None:
    owned = [obj for obj in (region, point_of_sale, *zones) if obj is not None]
    if any(obj.tenant_id != tenant.pk for obj in owned):
        raise ScopeError("scope_other_tenant")
    if role == Role.REGIONAL_DIRECTOR and region is None:
        raise ScopeError("scope_region_required")
    if role == Role.ANIMATOR and not zones:
        raise ScopeError("scope_zones_required")
    if role in (Role.POS_MANAGER, Role.POS_STAFF) and point_of_sale is None:
        raise ScopeError("scope_point_of_sale_required")


def user_get_or_create(
    *, email: str, first_name: str = "", last_name: str = "", language: str = "fr"
) -> User:
    email = User.objects.normalize_email(email).lower()
    user = User.objects.filter(email__iexact=email).first()
    if user is not None:
        return user
    user = User(
        email=email, username=email, first_name=first_name, last_name=last_name, language=language
    )
    user.set_unusable_password()
    user.save()
    return user


@transaction.atomic
def membership_save(
    *,
    tenant: Tenant,
    actor: User | None,
    user: User,
    role: str,
    region: Region | None = None,
    zones: Iterable[Zone] = (),
    point_of_sale: PointOfSale | None = None,
    job_title: str = "",
    is_active: bool = True,
    membership: Membership | None = None,
) -> Membership:
    """Create or change a person's membership; role and scope changes are audited."""
    zones = list(zones) if role == Role.ANIMATOR else []
    region = region if role == Role.REGIONAL_DIRECTOR else None
    point_of_sale = point_of_sale if role in (Role.POS_MANAGER, Role.POS_STAFF) else None
    _check_scope(tenant=tenant, role=role, region=region, zones=zones, point_of_sale=point_of_sale)
    if membership is None:
        membership = Membership.objects.filter(tenant=tenant, user=user).first()
    created = membership is None
    if membership is None:
        membership = Membership(tenant=tenant, user=user)
    before = _scope_snapshot(membership) if not created else None
    membership.role = role
    membership.region = region
    membership.point_of_sale = point_of_sale
    membership.job_title = job_title
    membership.is_active = is_active
    membership.save()
    MembershipZone.objects.filter(tenant=tenant, membership=membership).exclude(
        zone__in=zones
    ).delete()
    existing = set(
        MembershipZone.objects.filter(tenant=tenant, membership=membership).values_list(
            "zone_id", flat=True
        )
    )
    MembershipZone.objects.bulk_create(
        [
            MembershipZone(tenant=tenant, membership=membership, zone=zone)
            for zone in zones
            if zone.pk not in existing
        ]
    )
    after = _scope_snapshot(membership, zone_ids=sorted(z.pk for z in zones))
    if created:
        audit_record(
            tenant=tenant,
            actor=actor,
            action=Action.MEMBERSHIP_CREATED,
            target=user.email,
            after=after,
        )
    elif before != after:
        audit_record(
            tenant=tenant,
            actor=actor,
            action=Action.ROLE_CHANGED,
            target=user.email,
            before=before,
            after=after,
        )
    return membership


def _scope_snapshot(membership: Membership, zone_ids: list[int] | None = None) -> dict:
    if zone_ids is None:
        zone_ids = sorted(
            MembershipZone.objects.filter(membership=membership).values_list("zone_id", flat=True)
        )
    return {
        "role": membership.role,
        "region": membership.region_id,
        "zones": zone_ids,
        "point_of_sale": membership.point_of_sale_id,
        "is_active": membership.is_active,
    }


@transaction.atomic
def person_save(
    *, tenant: Tenant, actor: User | None, membership: Membership | None, email: str,
    first_name: str, last_name: str, role: str, region: Region | None, zones: Iterable[Zone],
    point_of_sale: PointOfSale | None, job_title: str, is_active: bool,
) -> Membership:  # fmt: skip
    """A person as head office edits them: their names, then their role and scope."""
    user = membership.user if membership else user_get_or_create(email=email)
    user.first_name, user.last_name = first_name, last_name
    user.save(update_fields=["first_name", "last_name"])
    return membership_save(
        tenant=tenant, actor=actor, user=user, membership=membership, role=role, region=region,
        zones=zones, point_of_sale=point_of_sale, job_title=job_title, is_active=is_active,
    )  # fmt: skip
