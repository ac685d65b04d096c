"""network_animation/data_versions.py: each service that writes renews exactly the versions of
what it changes, once per transaction, when it commits; nothing renews them behind its back."""

from functools import partial

import pytest
from django.db import transaction

from challenges.cache import CHALLENGES
from challenges.services import CriterionSpec, label_grid_save
from communities.cache import COMMUNITIES, COMMUNITY_MEMBERS
from communities.services import community_memberships_sync
from kpis.aggregation import kpi_rollups_refresh
from kpis.cache import KPI_DEFINITIONS, ROLLUPS
from kpis.services.definitions import kpi_definition_save
from network_animation.data_versions import (
    KINDS,
    ORGANISATION,
    data_changed,
    tenant_version,
    version_key,
)
from network_animation.models import Role
from network_animation.services.imports import people_import, points_of_sale_import
from network_animation.services.invitations import invitation_send
from network_animation.services.organisation import point_of_sale_save, region_save, zone_save
from network_animation.services.people import (
    membership_save,
    user_language_set,
    user_profile_update,
)
from network_animation.tenancy import tenant_scope

from ..kpis.conftest import build_kpis

pytestmark = pytest.mark.django_db


@pytest.fixture
def kpis_a(network_a):
    return build_kpis(network_a)


def versions(tenant) -> dict[str, str]:
    return {kind: tenant_version(kind, tenant.pk) for kind in KINDS}


def renewed_by(network, committed, write) -> set[str]:
    """The kinds whose version a committed write renewed."""
    before = versions(network.tenant)
    with tenant_scope(network.tenant):
        committed(write)
    after = versions(network.tenant)
    return {kind for kind in KINDS if after[kind] != before[kind]}


def organisation_writes(network):
    tenant, zone, point = network.tenant, network.zone, network.point_of_sale
    animator = network.members[Role.ANIMATOR]
    points_file = b"code;nom;zone\nD900;Garage Neuf;" + zone.code.encode() + b"\n"
    return {
        "region": lambda: region_save(
            tenant=tenant, actor=None, region=network.region, code="R1", name="Sud"
        ),
        "zone": lambda: zone_save(
            tenant=tenant, actor=None, zone=zone, code=zone.code, name="Lyon", region=zone.region
        ),
        "point of sale": lambda: point_of_sale_save(
            tenant=tenant, actor=None, zone=zone, point_of_sale=point, name="Renamed"
        ),
        "points of sale import": lambda: points_of_sale_import(
            tenant=tenant, actor=None, filename="points.csv", content=points_file
        ),
        "membership": lambda: membership_save(
            tenant=tenant,
            actor=None,
            user=animator.user,
            membership=animator,
            role=Role.ANIMATOR,
            zones=[zone, network.other_zone],
        ),
        "own name": lambda: user_profile_update(
            user=animator.user, first_name="Camille", last_name="Roux", language="fr"
        ),
    }


@pytest.mark.parametrize(
    "write",
    ["region", "zone", "point of sale", "points of sale import", "membership", "own name"],
)
def test_organisation_writes_renew_the_organisation_only(network_a, committed, write):
    """And the communities' (and who is in them), when the communities that follow the
    organisation changed (a region renamed renames its community; an animator given a zone
    joins its community)."""
    with tenant_scope(network_a.tenant):
        committed(lambda: community_memberships_sync(tenant=network_a.tenant))
    renewed = renewed_by(network_a, committed, organisation_writes(network_a)[write])
    followed = {"region", "zone", "membership"}
    synced = {ORGANISATION, COMMUNITIES, COMMUNITY_MEMBERS}
    assert renewed == (synced if write in followed else {ORGANISATION})


def test_an_invitation_or_a_language_renews_nothing(network_a, committed):
    invite = partial(
        invitation_send,
        tenant=network_a.tenant,
        actor=None,
        email="new@example.com",
        role=Role.COACH,
    )
    assert renewed_by(network_a, committed, invite) == set()
    user = network_a.members[Role.COACH].user
    language = partial(user_language_set, user=user, language="en")
    assert renewed_by(network_a, committed, language) == set()


def test_a_kpi_definition_renews_the_definitions_only(network_a, kpis_a, committed):
    save = partial(
        kpi_definition_save,
        tenant=network_a.tenant,
        actor=None,
        kpi=kpis_a.sales,
        name_fr="Ventes VN",
    )
    assert renewed_by(network_a, committed, save) == {KPI_DEFINITIONS}


def test_an_aggregation_renews_the_rollups_only(network_a, kpis_a, committed):
    refresh = partial(kpi_rollups_refresh, tenant=network_a.tenant, full=True)
    assert renewed_by(network_a, committed, refresh) == {ROLLUPS}


def test_a_label_grid_renews_the_challenges_only(network_a, kpis_a, committed):
    criteria = [CriterionSpec(1, kpis_a.sales, "value", 1.0)]
    save = partial(
        label_grid_save, tenant=network_a.tenant, actor=None, year=2030, criteria=criteria
    )
    assert renewed_by(network_a, committed, save) == {CHALLENGES}


def test_another_tenants_writes_renew_nothing_here(network_a, network_b, committed):
    before = versions(network_a.tenant)
    for write in organisation_writes(network_b).values():
        with tenant_scope(network_b.tenant):
            committed(write)
    assert versions(network_a.tenant) == before


def test_a_batch_renews_each_version_once_at_commit(network_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
        for _ in range(50):
            data_changed(tenant=network_a.tenant, kinds=[ORGANISATION, ROLLUPS])
    planned = [callback.key for callback in callbacks]
    assert len(planned) == len(set(planned))  # each version (and each listener) once
    assert {version_key(kind, network_a.tenant.pk) for kind in (ORGANISATION, ROLLUPS)} <= set(
        planned
    )


def test_a_rolled_back_write_renews_nothing(network_a, django_capture_on_commit_callbacks):
    before = versions(network_a.tenant)
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        with transaction.atomic():
            data_changed(tenant=network_a.tenant, kinds=[ORGANISATION])
            transaction.set_rollback(True)
        data_changed(tenant=network_a.tenant, kinds=[ROLLUPS])
    after = versions(network_a.tenant)
    assert after[ORGANISATION] == before[ORGANISATION]
    assert after[ROLLUPS] != before[ROLLUPS]


def people_file(network, count: int, members: list, start: int = 0) -> bytes:
    """`count` newcomers, and members given another zone (a role change each)."""
    zone = network.other_zone.code
    rows = [f"p{start + i}@example.com;Prénom;Nom;animateur;{zone}" for i in range(count)]
    rows += [f"{member.user.email};;;animateur;{zone}" for member in members]
    return ("email;prenom;nom;role;perimetre\n" + "\n".join(rows) + "\n").encode()


def test_importing_people_costs_the_same_queries_for_10_or_40_rows(
    network_a, django_assert_max_num_queries
):
    """Newcomers are invited and members updated in batches: what a file costs does not grow
    with its rows (data versions and the switcher cost no query, once per import)."""
    tenant = network_a.tenant
    members = [network_a.members[role] for role in (Role.COACH, Role.ANIMATOR)]
    with tenant_scope(tenant), django_assert_max_num_queries(100) as small:
        people_import(
            tenant=tenant, actor=None, content=people_file(network_a, 10, members[:1]), filename="a"
        )
    with tenant_scope(tenant), django_assert_max_num_queries(len(small)):
        people_import(
            tenant=tenant,
            actor=None,
            content=people_file(network_a, 40, members, start=100),
            filename="b",
        )


def test_importing_points_of_sale_costs_the_same_queries_for_10_or_40_rows(
    network_a, django_assert_max_num_queries
):
    tenant, zone = network_a.tenant, network_a.zone.code

    def points(count: int, start: int) -> bytes:
        rows = [f"D{start + i};Garage {i};{zone}" for i in range(count)]
        return ("code;nom;zone\n" + "\n".join(rows) + "\n").encode()

    with tenant_scope(tenant), django_assert_max_num_queries(100) as small:
        points_of_sale_import(tenant=tenant, actor=None, content=points(10, 0), filename="a")
    with tenant_scope(tenant), django_assert_max_num_queries(len(small)):
        points_of_sale_import(tenant=tenant, actor=None, content=points(40, 100), filename="b")
    with tenant_scope(tenant), django_assert_max_num_queries(len(small)):
        points_of_sale_import(tenant=tenant, actor=None, content=points(40, 100), filename="b")
