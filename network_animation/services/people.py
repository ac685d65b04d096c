"""Writes on people's memberships and roles in a tenant.

A person's identity (names, password, language) is theirs: nothing here changes it. A brand
invites an address (services/invitations.py) and changes the role and scope of its members.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.functional import Promise

from .. import errors
from ..audit import Action, AuditChange, audit_record, audit_record_many
from ..data_versions import ORGANISATION, data_changed, person_memberships_changed
from ..models import Membership, MembershipZone, PointOfSale, Region, Role, Tenant, User, Zone
from ..selectors import membership_list_across_tenants

# The one rule of which scope each role needs: forms, imports and services all apply it here.
ROLE_SCOPE_FIELD: dict[str, str] = {
    Role.REGIONAL_DIRECTOR: "region",
    Role.ANIMATOR: "zones",
    Role.POS_MANAGER: "point_of_sale",
    Role.POS_STAFF: "point_of_sale",
}
SCOPE_REQUIRED = {
    "region": errors.REGION_REQUIRED,
    "zones": errors.ZONES_REQUIRED,
    "point_of_sale": errors.POINT_OF_SALE_REQUIRED,
}


@dataclass(frozen=True)
class RoleScope:
    """A role and the part of the network it covers, checked to fit each other."""

    role: str
    region: Region | None = None
    zones: tuple[Zone, ...] = ()
    point_of_sale: PointOfSale | None = None


class RoleScopeInvalid(ValueError):
    """A role was given a scope that does not fit it; `field` says which, `message` why."""

    def __init__(self, field: str, message: Promise):
        super().__init__(str(message))
        self.field = field
        self.message = message


def role_scope_check(
    *,
    tenant: Tenant,
    role: str,
    region: Region | None = None,
    zones: Iterable[Zone] = (),
    point_of_sale: PointOfSale | None = None,
) -> RoleScope:
    """The scope the role needs and nothing more (what does not fit the role is dropped)."""
    needed = ROLE_SCOPE_FIELD.get(role, "")
    scope = RoleScope(
        role=role,
        region=region if needed == "region" else None,
        zones=tuple(zones) if needed == "zones" else (),
        point_of_sale=point_of_sale if needed == "point_of_sale" else None,
    )
    owned = [unit for unit in (scope.region, scope.point_of_sale, *scope.zones) if unit]
    if any(unit.tenant_id != tenant.pk for unit in owned):
        raise RoleScopeInvalid(needed, errors.SCOPE_OF_ANOTHER_NETWORK)
    if needed and not getattr(scope, needed):
        raise RoleScopeInvalid(needed, SCOPE_REQUIRED[needed])
    return scope


def user_get_or_create(*, email: str, first_name: str = "", last_name: str = "") -> User:
    """An account for platform staff and the demo; a brand invites instead (invitations.py)."""
    email = User.objects.normalize_email(email).lower()
    user = User.objects.filter(email__iexact=email).first()
    if user is not None:
        return user
    user = User(email=email, username=email, first_name=first_name, last_name=last_name)
    user.set_unusable_password()
    user.save()
    return user


def user_profile_update(*, user: User, first_name: str, last_name: str, language: str) -> User:
    """A person changes their own name and language (no brand can: they are theirs)."""
    user.first_name, user.last_name, user.language = first_name, last_name, language
    user.save(update_fields=["first_name", "last_name", "language"])
    for membership in membership_list_across_tenants(user=user):
        data_changed(tenant=membership.tenant_id, kinds=[ORGANISATION])
    return user


def user_language_set(*, user: User, language: str) -> User:
    user.language = language
    user.save(update_fields=["language"])
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
    scope = role_scope_check(
        tenant=tenant, role=role, region=region, zones=zones, point_of_sale=point_of_sale
    )
    if membership is None:
        membership = Membership.objects.filter(tenant=tenant, user=user).first()
    created = membership is None
    if membership is None:
        membership = Membership(tenant=tenant, user=user)
    before = None if created else _scope_snapshot(membership)
    _scope_apply(membership, scope, job_title, is_active)
    membership.save()
    _zones_set(tenant=tenant, membership=membership, zones=scope.zones)
    data_changed(tenant=tenant, kinds=[ORGANISATION])
    person_memberships_changed(user_ids=[user.pk])
    after = _scope_snapshot(membership, zone_ids=sorted(zone.pk for zone in scope.zones))
    if created or before != after:
        audit_record(
            tenant=tenant,
            actor=actor,
            action=Action.MEMBERSHIP_CREATED if created else Action.ROLE_CHANGED,
            target=user.email,
            before=before,
            after=after,
        )
    return membership


@dataclass(frozen=True)
class MembershipChange:
    """A member's new role and scope (checked: `role_scope_check`), job title and state."""

    membership: Membership
    scope: RoleScope
    job_title: str
    is_active: bool


@transaction.atomic
def memberships_update(
    *, tenant: Tenant, actor: User | None, changes: list[MembershipChange]
) -> int:
    """Change members' roles and scopes in one batch whatever their number (an import); a
    member whose row says what they already have is not written, nor audited."""
    assigned: dict[int, list[int]] = defaultdict(list)
    links = MembershipZone.objects.filter(
        tenant=tenant, membership__in=[change.membership for change in changes]
    )
    for membership_id, zone_id in links.values_list("membership_id", "zone_id"):
        assigned[membership_id].append(zone_id)
    written, audit = [], []
    for change in changes:
        membership = change.membership
        before = _scope_snapshot(membership, zone_ids=sorted(assigned[membership.pk]))
        _scope_apply(membership, change.scope, change.job_title, change.is_active)
        after = _scope_snapshot(membership, zone_ids=sorted(zone.pk for zone in change.scope.zones))
        if before != after:
            written.append(change)
            audit.append(AuditChange(membership.user.email, before=before, after=after))
    _memberships_write(tenant=tenant, changes=written)
    audit_record_many(tenant=tenant, actor=actor, action=Action.ROLE_CHANGED, changes=audit)
    return len(written)


def _scope_apply(membership: Membership, scope: RoleScope, job_title: str, is_active: bool) -> None:
    membership.role, membership.region = scope.role, scope.region
    membership.point_of_sale, membership.job_title = scope.point_of_sale, job_title
    membership.is_active = is_active


def _memberships_write(*, tenant: Tenant, changes: list[MembershipChange]) -> None:
    if not changes:
        return
    members = [change.membership for change in changes]
    fields = ["role", "region", "point_of_sale", "job_title", "is_active"]
    Membership.objects.bulk_update(members, fields=fields)
    MembershipZone.objects.filter(tenant=tenant, membership__in=members).delete()
    MembershipZone.objects.bulk_create(
        MembershipZone(tenant=tenant, membership=change.membership, zone=zone)
        for change in changes
        for zone in change.scope.zones
    )
    data_changed(tenant=tenant, kinds=[ORGANISATION])
    person_memberships_changed(user_ids=[membership.user_id for membership in members])


def _zones_set(*, tenant: Tenant, membership: Membership, zones: tuple[Zone, ...]) -> None:
    assigned = MembershipZone.objects.filter(tenant=tenant, membership=membership)
    assigned.exclude(zone__in=zones).delete()
    existing = set(assigned.values_list("zone_id", flat=True))
    MembershipZone.objects.bulk_create(
        [
            MembershipZone(tenant=tenant, membership=membership, zone=zone)
            for zone in zones
            if zone.pk not in existing
        ]
    )


def _scope_snapshot(membership: Membership, zone_ids: list[int] | None = None) -> dict[str, Any]:
    if zone_ids is None:
        zone_ids = sorted(
            MembershipZone.objects.filter(membership=membership).values_list("zone_id", flat=True)
        )
    return {
        "role": membership.role,
        "region": membership.region_id,
        "zones": zone_ids,
        "point_of_sale": membership.point_of_sale_id,
        "job_title": membership.job_title,
        "is_active": membership.is_active,
    }
