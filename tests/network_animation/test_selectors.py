"""network_animation/selectors.py: every read takes its tenant, and another tenant's rows are
invisible to it (a list leaves them out, a fetch by id answers the 404 of a missing row)."""

import pytest
from django.http import Http404

from network_animation import selectors
from network_animation.models import JobRun, Role, Tenant
from network_animation.services.files import generated_file_save
from network_animation.services.invitations import invitation_send
from network_animation.services.tokens import service_token_create
from network_animation.tenancy import tenant_scope
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def rows(network_a, network_b) -> dict[str, dict[int, object]]:
    """One row of each kind the selectors fetch by id, in each network."""
    from django.utils import timezone

    found: dict[str, dict[int, object]] = {}
    for network in (network_a, network_b):
        tenant = network.tenant
        with tenant_scope(tenant):
            made = {
                "job_run": JobRun.objects.create(tenant=tenant, job="j", started_at=timezone.now()),
                "service_token": service_token_create(tenant=tenant, actor=None, name="ERP")[0],
                "invitation": invitation_send(
                    tenant=tenant, actor=None, email="new@example.com", role=Role.COACH
                ),
                "generated_file": generated_file_save(
                    tenant=tenant,
                    kind="report",
                    title="t",
                    filename="r.csv",
                    content_type="text/csv",
                    content=b"x",
                ),
                "region": network.region,
                "zone": network.zone,
                "point_of_sale": network.point_of_sale,
                "membership": network.members[Role.COACH],
            }
        for kind, row in made.items():
            found.setdefault(kind, {})[tenant.pk] = row
    return found


GETTERS = [
    "region_get",
    "zone_get",
    "point_of_sale_get",
    "membership_get",
    "invitation_get",
    "job_run_get",
    "service_token_get",
    "generated_file_get",
]


@pytest.mark.parametrize("getter", GETTERS)
def test_a_fetch_by_id_answers_another_tenants_row_as_a_missing_one(
    network_a, network_b, rows, getter
):
    kind = getter.removesuffix("_get")
    fetch = getattr(selectors, getter)
    with tenant_scope(network_a.tenant):
        own = rows[kind][network_a.tenant.pk]
        assert fetch(tenant=network_a.tenant, id=own.pk) == own
        for missing in (rows[kind][network_b.tenant.pk].pk, 987654321):
            with pytest.raises(Http404):
                fetch(tenant=network_a.tenant, id=missing)


LISTS = [
    "region_list",
    "zone_list",
    "point_of_sale_list",
    "membership_list",
    "invitation_list_pending",
    "job_run_list",
    "service_token_list",
    "generated_file_list",
]


@pytest.mark.parametrize("lister", LISTS)
def test_a_list_holds_its_tenants_rows_only(network_a, network_b, rows, lister):
    with tenant_scope(network_a.tenant):
        listed = list(getattr(selectors, lister)(tenant=network_a.tenant))
    assert listed
    assert {row.tenant_id for row in listed} == {network_a.tenant.pk}


def test_the_network_summary_counts_its_own_points_of_sale(network_a, network_b):
    with tenant_scope(network_a.tenant):
        summary = selectors.network_summary(tenant=network_a.tenant)
    assert [s.region for s in summary] == [network_a.region]
    assert summary[0].point_of_sale_count == 2


@pytest.mark.parametrize(
    ("role", "visible"),
    [
        (Role.HEAD_OFFICE, {"point_of_sale", "other_point_of_sale"}),
        (Role.REGIONAL_DIRECTOR, {"point_of_sale", "other_point_of_sale"}),
        (Role.ANIMATOR, {"point_of_sale"}),
        (Role.POS_STAFF, {"point_of_sale"}),
    ],
)
def test_each_role_sees_the_points_of_sale_of_its_scope(network_a, network_b, role, visible):
    membership = network_a.members[role]
    with tenant_scope(network_a.tenant):
        points = set(
            selectors.point_of_sale_list_visible(tenant=network_a.tenant, membership=membership)
        )
    assert points == {getattr(network_a, name) for name in visible}


def test_a_person_has_no_membership_in_a_brand_they_do_not_belong_to(network_a, network_b):
    stranger = network_b.members[Role.HEAD_OFFICE].user
    with tenant_scope(network_a.tenant):
        assert selectors.membership_get_for_user(tenant=network_a.tenant, user=stranger) is None


def test_an_inactive_brand_is_answered_as_a_missing_one(network_a):
    Tenant.objects.filter(pk=network_a.tenant.pk).update(is_active=False)
    with pytest.raises(Http404):
        selectors.tenant_get_by_slug(slug=network_a.tenant.slug)


def test_only_platform_staff_get_a_brand_to_work_on_in_the_admin(network_a, network_b):
    staff = UserFactory(is_staff=True)
    person = network_a.members[Role.HEAD_OFFICE].user
    assert selectors.admin_tenant_get(user=person, chosen_id=network_a.tenant.pk) is None
    chosen = network_b.tenant.pk
    assert selectors.admin_tenant_get(user=staff, chosen_id=chosen) == network_b.tenant
    first = Tenant.objects.order_by("name").first()
    assert selectors.admin_tenant_get(user=staff, chosen_id="../1") == first


def test_an_invitation_is_found_by_its_token_only(network_a, network_b, rows):
    from network_animation.models import Invitation

    assert selectors.invitation_get_by_token(token="not-a-token") is None
    with tenant_scope(network_b.tenant):
        invitation = rows["invitation"][network_b.tenant.pk]
        token = "a-token-of-b"
        Invitation.objects.filter(pk=invitation.pk).update(token_digest=Invitation.digest(token))
    assert selectors.invitation_get_by_token(token=token) == invitation


def test_the_people_list_costs_the_same_queries_for_6_or_30_people(
    network_a, django_assert_max_num_queries
):
    """The people page shows each person's name, region, point of sale and zones."""
    from tests.factories import MembershipFactory

    def shown() -> list[tuple]:
        listed = selectors.membership_list(tenant=network_a.tenant)
        return [(str(m.user), m.region, m.point_of_sale, list(m.zones.all())) for m in listed]

    with tenant_scope(network_a.tenant), django_assert_max_num_queries(3) as few:
        assert len(shown()) == 6
    for _ in range(24):
        MembershipFactory(tenant=network_a.tenant, role=Role.ANIMATOR, zones=[network_a.zone])
    with tenant_scope(network_a.tenant), django_assert_max_num_queries(len(few)):
        assert len(shown()) == 30
