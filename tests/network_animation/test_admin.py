"""Platform staff's admin works on one tenant at a time, under row-level security like the rest."""

import pytest
from django.test import Client
from django.urls import reverse

from network_animation.models import Region
from network_animation.tenancy import tenant_scope
from tests.factories import UserFactory
from tests.roles import as_application_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client() -> Client:
    client = Client()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_staff_see_the_rows_of_the_tenant_they_chose_only(staff_client, network_a, network_b):
    with as_application_role():
        staff_client.post(reverse("admin:brand"), {"tenant": network_b.tenant.pk})
        page = staff_client.get(reverse("admin:network_animation_region_changelist"))
        assert page.status_code == 200
        assert network_b.region.name in page.content.decode()
        assert f">{network_a.region.name}<" not in page.content.decode()
        staff_client.post(reverse("admin:brand"), {"tenant": network_a.tenant.pk})
        page = staff_client.get(reverse("admin:network_animation_region_changelist"))
        assert f">{network_a.region.name}<" in page.content.decode()
        assert network_b.region.name not in page.content.decode()


def test_a_row_added_in_the_admin_belongs_to_the_chosen_tenant(staff_client, network_a, network_b):
    with as_application_role():
        staff_client.post(reverse("admin:brand"), {"tenant": network_b.tenant.pk})
        answer = staff_client.post(
            reverse("admin:network_animation_region_add"), {"code": "ADM", "name": "Added"}
        )
        assert answer.status_code == 302
    with tenant_scope(network_b.tenant):
        assert Region.objects.get(code="ADM").tenant == network_b.tenant


def test_people_and_tenants_are_never_deleted_in_the_admin(staff_client, network_a):
    user = network_a.members["coach"].user
    page = staff_client.get(reverse("admin:network_animation_user_delete", args=[user.pk]))
    assert page.status_code == 403
    tenant = network_a.tenant
    page = staff_client.get(reverse("admin:network_animation_tenant_delete", args=[tenant.pk]))
    assert page.status_code == 403


def test_people_who_are_not_staff_get_the_sign_in_page(network_a):
    answer = network_a.client().get(reverse("admin:index"))
    assert answer.status_code == 302
    assert "login" in answer.url
