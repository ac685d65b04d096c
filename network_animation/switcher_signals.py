"""The tenant switcher's cached answer (selectors.belongs_to_several_tenants) is forgotten when
one of the person's memberships, or a tenant they belong to, is saved or deleted: at once, and
again when the transaction commits (a page read in between may have cached the old answer)."""

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import Membership, Tenant
from .selectors import switcher_key
from .tenancy import all_tenants


def _forget(user_ids: list[int]) -> None:
    keys = [switcher_key(user_id) for user_id in user_ids]
    cache.delete_many(keys)
    transaction.on_commit(lambda: cache.delete_many(keys))


@receiver([post_save, post_delete], sender=Membership, dispatch_uid="switcher_membership")
def membership_changed(sender, instance: Membership, **kwargs) -> None:
    _forget([instance.user_id])


@receiver(post_save, sender=Tenant, dispatch_uid="switcher_tenant")
def tenant_changed(sender, instance: Tenant, created: bool = False, **kwargs) -> None:
    if created:
        return
    with all_tenants():
        users = list(Membership.objects.filter(tenant=instance).values_list("user_id", flat=True))
    _forget(users)
