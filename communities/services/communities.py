"""Communities made by hand (head office, or an animator for their zones), joining and leaving."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from network_animation.audit import audit_record
from network_animation.data_versions import data_changed
from network_animation.models import Membership, Role, Tenant, Zone
from network_animation.permissions import membership_zone_ids
from network_animation.services.notifications import notifications_withdraw

from .. import errors, permissions
from ..cache import COMMUNITIES, reader_changed
from ..models import Community, CommunityMember, Follow

COMMUNITY_CREATED = "community_created"


@transaction.atomic
def community_create(
    *,
    tenant: Tenant,
    actor: Membership,
    name: str,
    description: str = "",
    visibility: str = Community.Visibility.MEMBERS,
    zone: Zone | None = None,
) -> Community:
    """A community by hand; its creator is its first member and follows it. An animator makes
    one for one of their zones."""
    if not permissions.can_create_community(actor):
        raise PermissionDenied(errors.CANNOT_CREATE)
    if zone is not None and zone.tenant_id != tenant.pk:
        raise ValidationError(errors.ZONE_NOT_YOURS)
    if actor.role == Role.ANIMATOR and (zone is None or zone.pk not in membership_zone_ids(actor)):
        raise ValidationError(errors.ZONE_NOT_YOURS)
    community = Community.objects.create(
        tenant=tenant,
        name=name.strip(),
        description=description,
        visibility=visibility,
        zone=zone,
        region_id=zone.region_id if zone else None,
        created_by=actor,
    )
    CommunityMember.objects.create(
        tenant=tenant, community=community, membership=actor, source=CommunityMember.Source.ADDED
    )
    Follow.objects.create(tenant=tenant, membership=actor, community=community)
    data_changed(tenant=tenant, kinds=[COMMUNITIES])  # a new community in people's lists
    audit_record(
        tenant=tenant,
        actor=actor.user,
        action=COMMUNITY_CREATED,
        target=f"community:{community.pk}",
        after={"name": community.name, "visibility": visibility},
    )
    return community


def community_join(*, tenant: Tenant, actor: Membership, community: Community) -> CommunityMember:
    """Join an open community (or one you moderate)."""
    if community.visibility != Community.Visibility.OPEN and not permissions.can_moderate(
        actor, community
    ):
        raise PermissionDenied(errors.CANNOT_POST)
    member, _created = CommunityMember.objects.get_or_create(
        tenant=tenant,
        community=community,
        membership=actor,
        defaults={"source": CommunityMember.Source.JOINED},
    )
    reader_changed(tenant=tenant, membership_id=actor.pk)
    return member


@transaction.atomic
def community_leave(*, tenant: Tenant, actor: Membership, community: Community) -> None:
    """Leave a community you joined; one your role and place put you in stays yours (follow it
    less instead). What you were told about a private one leaves your inbox."""
    member = CommunityMember.objects.filter(
        tenant=tenant, community=community, membership=actor
    ).first()
    if member is None:
        return
    if member.source == CommunityMember.Source.AUTOMATIC:
        raise ValidationError(errors.CANNOT_LEAVE)
    member.delete()
    Follow.objects.filter(tenant=tenant, membership=actor, community=community).delete()
    reader_changed(tenant=tenant, membership_id=actor.pk)
    if community.visibility == Community.Visibility.MEMBERS:
        notifications_withdraw(tenant=tenant, membership_ids=[actor.pk], scope=community.scope)
