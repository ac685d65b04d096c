"""Celery tasks of the communities: ids in, reload, call a service."""

from celery import shared_task

from network_animation.models import Tenant
from network_animation.tasks import JOB_TASK
from network_animation.tenancy import tenant_scope

from .services import community_memberships_sync


@shared_task(**JOB_TASK)
def community_memberships_sync_task(tenant_id: int) -> int:
    """After the organisation changed: the automatic communities follow it."""
    tenant = Tenant.objects.get(pk=tenant_id)
    with tenant_scope(tenant):
        return community_memberships_sync(tenant=tenant).added
