"""Reads of the organisation. Every selector takes `tenant=` and filters on it explicitly."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypedDict, cast

from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.db.models import Count, Q, QuerySet
from django.http import Http404

from .data_versions import switcher_key
from .models import (
    Channel,
    GeneratedFile,
    Invitation,
    JobRun,
    Membership,
    Notification,
    PointOfSale,
    Region,
    Role,
    ServiceToken,
    Tenant,
    User,
    Zone,
)
from .notifications import KINDS, UNREAD_SECONDS, frequency_of, preferences_of, unread_key
from .permissions import membership_zone_ids
from .read_ahead import cache_get, cache_get_many
from .request import TenantRequest
from .tenancy import person_scope, token_scope

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


class PointOfSaleCount(TypedDict):
    point_of_sale_count: int


type CountedZone = WithAnnotations[Zone, PointOfSaleCount]


def tenant_get_by_slug(*, slug: str) -> Tenant:
    # The slug is unique: no ordering (`first()` would sort by name for nothing).
    tenant = next(iter(Tenant.objects.filter(slug=slug, is_active=True).order_by()[:1]), None)
    if tenant is None:
        raise Http404
    return tenant


ADMIN_TENANT_KEY = "admin_tenant_id"  # in platform staff's session


def admin_tenant_get(*, user: User | AnonymousUser, chosen_id: object) -> Tenant | None:
    """The tenant platform staff work on in the admin: the one they chose, else the first."""
    if not (user.is_authenticated and user.is_staff):
        return None
    tenants = Tenant.objects.order_by("name")
    chosen = str(chosen_id or "")
    return (tenants.filter(pk=int(chosen)).first() if chosen.isdigit() else None) or tenants.first()


def membership_get_for_user(*, tenant: Tenant, user: User) -> Membership | None:
    """A person's membership in a tenant, read on every request. One per tenant and user: no
    ordering, which `first()` would take from the model's (a join on the users to sort one row)."""
    found = (
        Membership.objects.filter(tenant=tenant, user=user, is_active=True)
        .select_related("region", "point_of_sale__zone")
        .order_by()[:1]
    )
    return next(iter(found), None)


def _memberships_across_tenants(user: User) -> QuerySet[Membership]:
    """A person's active memberships in active tenants; callers enter `person_scope(user)`."""
    return Membership.objects.filter(user=user, is_active=True, tenant__is_active=True)


def membership_list_across_tenants(*, user: User) -> list[Membership]:
    """A person's memberships in every tenant: the tenant switcher spans tenants by nature."""
    with person_scope(user):
        return list(
            _memberships_across_tenants(user).select_related("tenant").order_by("tenant__name")
        )


SWITCHER_SECONDS = 300


def belongs_to_several_tenants(*, user: User) -> bool:
    """Whether to offer the tenant switcher, on every page: two ids at most, nothing built.

    Kept in the cache for a few minutes (three queries fewer on every page): the services that
    change a person's memberships forget it (`data_versions.person_memberships_changed`); a write
    that did not would show within `SWITCHER_SECONDS`. It is only a link: what a person may open
    is checked on every request."""
    several = cache_get(switcher_key(user.pk))
    return _several_tenants_count(user) if several is None else several


def _several_tenants_count(user: User) -> bool:
    with person_scope(user):
        several = len(_memberships_across_tenants(user).values_list("pk", flat=True)[:2]) > 1
    cache.set(switcher_key(user.pk), several, SWITCHER_SECONDS)
    return several


def region_list(*, tenant: Tenant) -> QuerySet[Region]:
    return Region.objects.filter(tenant=tenant).annotate(
        zone_count=Count("zones", distinct=True),
        point_of_sale_count=Count("zones__points_of_sale", distinct=True),
    )


def region_get(*, tenant: Tenant, id: int) -> Region:
    region = Region.objects.filter(tenant=tenant, pk=id).first()
    if region is None:
        raise Http404
    return region


def zone_list(*, tenant: Tenant, region: Region | None = None) -> QuerySet[CountedZone]:
    zones = Zone.objects.filter(tenant=tenant).select_related("region")
    if region is not None:
        zones = zones.filter(region=region)
    return zones.annotate(point_of_sale_count=Count("points_of_sale"))


def zone_get(*, tenant: Tenant, id: int) -> Zone:
    zone = Zone.objects.filter(tenant=tenant, pk=id).select_related("region").first()
    if zone is None:
        raise Http404
    return zone


def point_of_sale_list(
    *,
    tenant: Tenant,
    zone: Zone | None = None,
    region: Region | None = None,
    search: str = "",
) -> QuerySet[PointOfSale]:
    points = PointOfSale.objects.filter(tenant=tenant).select_related("zone__region")
    if zone is not None:
        points = points.filter(zone=zone)
    if region is not None:
        points = points.filter(zone__region=region)
    if search:
        points = points.filter(
            Q(name__icontains=search) | Q(code__icontains=search) | Q(city__icontains=search)
        )
    return points


def point_of_sale_get(*, tenant: Tenant, id: int) -> PointOfSale:
    point = PointOfSale.objects.filter(tenant=tenant, pk=id).select_related("zone__region").first()
    if point is None:
        raise Http404
    return point


def point_of_sale_list_visible(*, tenant: Tenant, membership: Membership) -> QuerySet[PointOfSale]:
    """The points of sale a person is responsible for (their peers appear in rankings only)."""
    points = point_of_sale_list(tenant=tenant)
    if membership.role in (Role.HEAD_OFFICE, Role.COACH):
        return points
    if membership.role == Role.REGIONAL_DIRECTOR:
        return points.filter(zone__region_id=membership.region_id or 0)
    if membership.role == Role.ANIMATOR:
        return points.filter(zone_id__in=membership_zone_ids(membership))
    return points.filter(pk=membership.point_of_sale_id or 0)


def zone_list_visible(*, tenant: Tenant, membership: Membership) -> QuerySet[Zone]:
    zones = zone_list(tenant=tenant)
    if membership.role in (Role.HEAD_OFFICE, Role.COACH):
        return zones
    if membership.role == Role.REGIONAL_DIRECTOR:
        return zones.filter(region_id=membership.region_id or 0)
    if membership.role == Role.ANIMATOR:
        return zones.filter(pk__in=membership_zone_ids(membership))
    return zones.none()


def membership_list(
    *, tenant: Tenant, role: str = "", search: str = "", point_of_sale: PointOfSale | None = None
) -> QuerySet[Membership]:
    memberships = Membership.objects.filter(tenant=tenant).select_related(
        "user", "region", "point_of_sale"
    )
    if role:
        memberships = memberships.filter(role=role)
    if point_of_sale is not None:
        memberships = memberships.filter(point_of_sale=point_of_sale)
    if search:
        memberships = memberships.filter(
            Q(user__email__icontains=search)
            | Q(user__first_name__icontains=search)
            | Q(user__last_name__icontains=search)
        )
    return memberships.prefetch_related("zones")


def membership_get(*, tenant: Tenant, id: int) -> Membership:
    membership = (
        Membership.objects.filter(tenant=tenant, pk=id)
        .select_related("user", "region", "point_of_sale")
        .first()
    )
    if membership is None:
        raise Http404
    return membership


def invitation_list_pending(*, tenant: Tenant) -> QuerySet[Invitation]:
    return (
        Invitation.objects.filter(tenant=tenant, status=Invitation.Status.PENDING)
        .select_related("region", "point_of_sale", "invited_by")
        .prefetch_related("zones")
        .order_by("email")
    )


def invitation_get(*, tenant: Tenant, id: int) -> Invitation:
    invitation = Invitation.objects.filter(tenant=tenant, pk=id).first()
    if invitation is None:
        raise Http404
    return invitation


def invitation_get_by_token(*, token: str) -> Invitation | None:
    """The invitation a link names, whatever its tenant: the token is what names it."""
    digest = Invitation.digest(token)
    with token_scope(digest):
        return (
            Invitation.objects.filter(token_digest=digest)
            .select_related("tenant", "invited_by", "region", "point_of_sale")
            .first()
        )


def animators_of_zone(*, tenant: Tenant, zone: Zone) -> QuerySet[Membership]:
    return Membership.objects.filter(
        tenant=tenant, role=Role.ANIMATOR, is_active=True, membershipzone__zone=zone
    ).select_related("user")


def job_run_list(*, tenant: Tenant) -> QuerySet[JobRun]:
    return JobRun.objects.filter(tenant=tenant)


def job_run_get(*, tenant: Tenant, id: int) -> JobRun:
    run = JobRun.objects.filter(tenant=tenant, pk=id).first()
    if run is None:
        raise Http404
    return run


def service_token_list(*, tenant: Tenant) -> QuerySet[ServiceToken]:
    return ServiceToken.objects.filter(tenant=tenant, revoked_at__isnull=True)


def service_token_get(*, tenant: Tenant, id: int) -> ServiceToken:
    token = ServiceToken.objects.filter(tenant=tenant, pk=id).first()
    if token is None:
        raise Http404
    return token


def service_token_authenticate(*, key: str) -> ServiceToken | None:
    """Find the token for an API key, whatever its tenant: the key is what names the tenant."""
    digest = ServiceToken.digest(key)
    with token_scope(digest):
        return (
            ServiceToken.objects.filter(
                key_digest=digest,
                revoked_at__isnull=True,
                tenant__is_active=True,
            )
            .select_related("tenant")
            .first()
        )


@dataclass
class RegionSummary:
    region: Region
    zones: list[CountedZone] = field(default_factory=list)

    @property
    def point_of_sale_count(self) -> int:
        return sum(zone.point_of_sale_count for zone in self.zones)


def network_summary(*, tenant: Tenant) -> list[RegionSummary]:
    """Regions with their zones and point-of-sale counts, in two queries."""
    summaries = {
        region.pk: RegionSummary(region) for region in Region.objects.filter(tenant=tenant)
    }
    for zone in zone_list(tenant=tenant).order_by("name"):
        summaries[zone.region_id].zones.append(zone)
    return list(summaries.values())


def generated_file_list(*, tenant: Tenant, kind: str = "") -> QuerySet[GeneratedFile]:
    files = GeneratedFile.objects.filter(tenant=tenant).select_related("requested_by")
    return files.filter(kind=kind) if kind else files


def generated_file_get(*, tenant: Tenant, id: int) -> GeneratedFile:
    generated = GeneratedFile.objects.filter(tenant=tenant, pk=id).first()
    if generated is None:
        raise Http404
    return generated


def notification_list(*, tenant: Tenant, membership: Membership) -> QuerySet[Notification]:
    """A person's notifications, newest first."""
    return Notification.objects.filter(tenant=tenant, recipient=membership).select_related(
        "actor__user"
    )


def notification_get(*, tenant: Tenant, membership: Membership, id: int) -> Notification:
    """One of a person's own notifications; anyone else's answers as missing."""
    notification = notification_list(tenant=tenant, membership=membership).filter(pk=id).first()
    if notification is None:
        raise Http404
    return notification


def notification_unread_count(*, tenant: Tenant, membership: Membership) -> int:
    """The bell's number, kept in the cache until the person's notifications change
    (services/notifications.py forgets it)."""
    count = cache_get(unread_key(membership.pk))
    return _unread_count(tenant, membership) if count is None else int(count)


def _unread_count(tenant: Tenant, membership: Membership) -> int:
    count = Notification.objects.filter(
        tenant=tenant, recipient=membership, read_at__isnull=True
    ).count()
    cache.set(unread_key(membership.pk), count, UNREAD_SECONDS)
    return count


@dataclass(frozen=True)
class LayoutCounts:
    several_tenants: bool  # offer the tenant switcher
    unread_notifications: int  # the bell's number


def layout_keys(*, user: User, membership: Membership) -> tuple[str, str]:
    """The cache keys of what the layout shows beside its menu (see `layout_counts`)."""
    return switcher_key(user.pk), unread_key(membership.pk)


def layout_request_keys(request: TenantRequest) -> tuple[str, ...]:
    """The layout's keys for the person a tenant page is drawn for (none for the API's)."""
    membership: Membership | None = getattr(request, "membership", None)
    return layout_keys(user=request.user, membership=membership) if membership else ()


def layout_counts(
    *, user: User, tenant: Tenant, membership: Membership, found: Mapping[str, object] | None = None
) -> LayoutCounts:
    """What every page's layout shows beside its menu, `belongs_to_several_tenants` and
    `notification_unread_count`, read from the cache in one round trip instead of two (or
    `found` already, with the tenant's versions: data_versions.request_companions)."""
    keys = layout_keys(user=user, membership=membership)
    if found is None:
        found = cache_get_many(keys)
    several, count = found.get(keys[0]), cast(int | None, found.get(keys[1]))
    return LayoutCounts(
        several_tenants=_several_tenants_count(user) if several is None else bool(several),
        unread_notifications=_unread_count(tenant, membership) if count is None else int(count),
    )


def notification_preferences(
    *, tenant: Tenant, membership: Membership
) -> dict[tuple[str, str], str]:
    """{(kind, channel): frequency} for every registered kind, the person's choice or default."""
    chosen = preferences_of(tenant=tenant, membership_ids=[membership.pk], kinds=KINDS)
    return {
        (kind, channel): frequency_of(chosen, membership.pk, kind, channel)
        for kind in KINDS
        for channel in Channel.values
    }


def notification_sent_once(
    *, tenant: Tenant, membership: Membership, kind: str, once_key: str
) -> bool:
    """Whether a person was already told of an event notified once (`notify(once_key=)`)."""
    return Notification.objects.filter(
        tenant=tenant, recipient=membership, kind=kind, once_key=once_key
    ).exists()
