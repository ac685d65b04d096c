"""Communities follow the organisation: the automatic ones exist for each role, point-of-sale
type, zone, region and KPI family, and their members are who the rules say (communities/rules.py).

Run by the nightly chain and after every change of the organisation (at commit, as a task). A sync
never removes someone who joined an open community or was added by hand, and always removes
someone a rule no longer covers (a dealer who moved zone), withdrawing their notifications of it.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction

from kpis.models import KpiDefinition
from kpis.selectors import point_of_sale_families
from network_animation.audiences import people_of
from network_animation.data_versions import data_changed
from network_animation.jobs import JobProgress
from network_animation.models import (
    Membership,
    PointOfSale,
    Region,
    Role,
    Tenant,
    Zone,
)
from network_animation.services.notifications import notifications_withdraw

from .. import rules
from ..cache import COMMUNITIES, COMMUNITY_MEMBERS
from ..models import Community, CommunityMember

Visibility = Community.Visibility


@dataclass(frozen=True)
class SyncResult:
    communities: int
    added: int
    removed: int


def _wanted(tenant: Tenant) -> dict[rules.Key, dict]:
    """The automatic communities the organisation calls for, with what each one is about."""
    wanted: dict[rules.Key, dict] = {}
    roles = set(
        Membership.objects.filter(tenant=tenant, is_active=True).values_list("role", flat=True)
    )
    for role in roles:
        wanted[(rules.ROLE, role)] = {"name": str(Role(role).label)}
    types = set(
        PointOfSale.objects.filter(tenant=tenant, is_active=True).values_list("type", flat=True)
    )
    for point_type in types:
        wanted[(rules.POINT_OF_SALE_TYPE, point_type)] = {
            "name": str(PointOfSale.Type(point_type).label)
        }
    for zone in Zone.objects.filter(tenant=tenant):
        wanted[(rules.ZONE, str(zone.pk))] = {
            "name": zone.name,
            "zone": zone,
            "region_id": zone.region_id,
        }
    for region in Region.objects.filter(tenant=tenant):
        wanted[(rules.REGION, str(region.pk))] = {"name": region.name, "region": region}
    families = KpiDefinition.objects.filter(tenant=tenant, is_active=True).exclude(family="")
    for family in set(families.values_list("family", flat=True)):
        wanted[(rules.KPI_FAMILY, family)] = {"name": family, "visibility": Visibility.OPEN}
    return wanted


def communities_ensure(*, tenant: Tenant) -> tuple[dict[rules.Key, Community], bool]:
    """Create the automatic communities that are missing, keep their names in step with the
    organisation, and archive those no rule calls for any more (their threads stay); and say
    whether any of that changed a community."""
    wanted = _wanted(tenant)
    changed = False
    existing = {
        (c.kind, c.rule): c
        for c in Community.objects.filter(tenant=tenant).exclude(kind=Community.Kind.MANUAL)
    }
    for key, community in existing.items():
        archived = key not in wanted
        name = wanted.get(key, {}).get("name", community.name)
        if (community.is_archived, community.name) != (archived, name):
            community.is_archived, community.name = archived, name
            community.save(update_fields=["is_archived", "name"])
            changed = True
    created = [
        Community(
            tenant=tenant,
            kind=kind,
            rule=rule,
            name=about["name"],
            zone=about.get("zone"),
            region=about.get("region")
            or (Region(pk=about["region_id"]) if "region_id" in about else None),
            visibility=about.get("visibility", Visibility.MEMBERS),
        )
        for (kind, rule), about in wanted.items()
        if (kind, rule) not in existing
    ]
    for community in Community.objects.bulk_create(created):
        existing[(community.kind, community.rule)] = community
    kept = {key: community for key, community in existing.items() if key in wanted}
    return kept, changed or bool(created)


@transaction.atomic
def community_memberships_sync(*, tenant: Tenant) -> SyncResult:
    communities, changed = communities_ensure(tenant=tenant)
    wanted = rules.automatic_members(people_of(tenant), point_of_sale_families(tenant=tenant))
    rows = CommunityMember.objects.filter(tenant=tenant, community__in=communities.values())
    present: dict[int, dict[int, str]] = defaultdict(dict)
    for community_id, membership_id, source in rows.values_list(
        "community_id", "membership_id", "source"
    ):
        present[community_id][membership_id] = source
    to_add, removed = [], 0
    for key, community in communities.items():
        members = wanted.get(key, set())
        here = present[community.pk]
        to_add += [
            CommunityMember(
                tenant=tenant,
                community=community,
                membership_id=m,
                source=CommunityMember.Source.AUTOMATIC,
            )
            for m in members - set(here)
        ]
        gone = [
            m
            for m, source in here.items()
            if source == CommunityMember.Source.AUTOMATIC and m not in members
        ]
        if gone:
            rows.filter(community=community, membership_id__in=gone).delete()
            notifications_withdraw(tenant=tenant, membership_ids=gone, scope=community.scope)
            removed += len(gone)
    CommunityMember.objects.bulk_create(to_add, batch_size=1000)
    if changed or to_add or removed:
        # People's lists of communities; the threads' pages kept for their readers.
        data_changed(tenant=tenant, kinds=[COMMUNITIES, COMMUNITY_MEMBERS])
    return SyncResult(communities=len(communities), added=len(to_add), removed=removed)


def community_memberships_step(*, tenant: Tenant, progress: JobProgress) -> None:
    result = community_memberships_sync(tenant=tenant)
    progress.add("communities", result.communities)
    progress.add("members_added", result.added)
    progress.add("members_removed", result.removed)
