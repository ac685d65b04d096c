"""Celery tasks of learning: ids in, reload, call a service."""

import datetime as dt

from celery import shared_task

from network_animation.models import Tenant
from network_animation.tasks import JOB_TASK

from .services.certifications import certification_grant_everyone

__all__ = ["certification_grant_task"]


@shared_task(**JOB_TASK)
def certification_grant_task(tenant_id: int, run_id: int, certification_id: int, today: str) -> int:
    tenant = Tenant.objects.get(pk=tenant_id)
    return certification_grant_everyone(
        tenant=tenant,
        certification_id=certification_id,
        today=dt.date.fromisoformat(today),
        run_id=run_id,
    )
