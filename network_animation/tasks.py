"""Celery tasks of the core: thin wrappers that take ids, reload, and call a service."""

from celery import shared_task
from django.core.cache import cache
from django.db import OperationalError
from redis.exceptions import ConnectionError as RedisConnectionError

from .jobs import nightly_chain_run
from .models import Tenant
from .tenancy import all_tenants

TRANSIENT_ERRORS = (OperationalError, RedisConnectionError)
LOCK_SECONDS = 3 * 3600


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=5,
)
def nightly_chain(self, tenant_id: int) -> dict:
    """The nightly chain for one tenant; a lock keeps two runs from overlapping."""
    tenant = Tenant.objects.get(pk=tenant_id)
    lock, owner = f"nightly-lock:{tenant_id}", self.request.id or "inline"
    # A task redelivered after its worker died keeps its id, and so its lock.
    if not cache.add(lock, owner, LOCK_SECONDS) and cache.get(lock) != owner:
        return {"skipped": "another nightly run holds the lock"}
    try:
        return nightly_chain_run(tenant=tenant, task_id=self.request.id or "")
    finally:
        cache.delete(lock)


@shared_task(acks_late=True)
def nightly_fan_out() -> int:
    """Send every active tenant's chain to the workers: the only job that spans tenants."""
    with all_tenants():
        tenant_ids = list(Tenant.objects.filter(is_active=True).values_list("pk", flat=True))
    for tenant_id in tenant_ids:
        nightly_chain.delay(tenant_id)
    return len(tenant_ids)
