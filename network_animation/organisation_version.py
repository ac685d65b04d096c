"""The version of a tenant's organisation, which cached fragments showing it key on.

The core pages show the organisation: a point of sale's details and team, a zone's points of sale
and animators, the network's regions and zones with their counts, what is left to complete; the
heat maps and challenge panels show the names of points of sale, zones, regions and people. Their
rendered HTML (fragments.py) is kept under a key holding this version, which changes:

- at every save or deletion of a region, zone, point of sale, membership, zone assignment or of
  the tenant, whoever makes it (services, imports, the admin), through the signals below;
- at every save of a person (their name, their e-mail), except signing in;
- after the demo's bulk creations, which send no signal (`organisation_changed` by hand).

The new version is set when the transaction commits (`fragments.tenant_version_renew`). A write
that bypassed all of these would show at the latest when the fragments expire
(`fragments.FRAGMENT_SECONDS`).
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .fragments import register_tenant_version, request_version, tenant_version_renew
from .models import Membership, MembershipZone, PointOfSale, Region, Tenant, User, Zone
from .tenancy import all_tenants

ORGANISATION = register_tenant_version("organisation")


def request_organisation_version(request) -> str:
    return request_version(request, ORGANISATION)


def organisation_changed(tenant_id: int) -> None:
    """What the tenant's pages show of its organisation changed (when the transaction commits)."""
    tenant_version_renew(ORGANISATION, tenant_id)


def _row_changed(sender, instance, **kwargs) -> None:
    organisation_changed(instance.tenant_id)


for _model in (Region, Zone, PointOfSale, Membership, MembershipZone):
    for _signal in (post_save, post_delete):
        _signal.connect(_row_changed, sender=_model, dispatch_uid=f"organisation_version_{_model}")


@receiver(post_save, sender=Tenant, dispatch_uid="organisation_version_tenant")
def _tenant_changed(sender, instance: Tenant, **kwargs) -> None:
    organisation_changed(instance.pk)


@receiver(post_save, sender=User, dispatch_uid="organisation_version_user")
def _user_changed(sender, instance: User, update_fields=None, **kwargs) -> None:
    if update_fields is not None and set(update_fields) <= {"last_login", "password"}:
        return  # signing in changes nothing the pages show
    with all_tenants():
        tenants = set(Membership.objects.filter(user=instance).values_list("tenant_id", flat=True))
    for tenant_id in tenants:
        organisation_changed(tenant_id)
