"""Celery tasks of the KPIs: ids in, reload, call a service."""

from celery import shared_task

from network_animation.models import Tenant, User
from network_animation.tasks import TRANSIENT_ERRORS
from network_animation.tenancy import tenant_scope

from .services.facts_background import kpi_facts_import_kept


@shared_task(
    acks_late=True, reject_on_worker_lost=True, autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=True, max_retries=5,
)  # fmt: skip
def kpi_facts_import_task(tenant_id: int, run_id: int, token: str, user_id: int | None) -> None:
    tenant = Tenant.objects.get(pk=tenant_id)
    actor = User.objects.filter(pk=user_id).first() if user_id else None
    with tenant_scope(tenant):
        kpi_facts_import_kept(tenant=tenant, run_id=run_id, token=token, actor=actor)
