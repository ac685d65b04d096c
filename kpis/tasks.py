"""Celery tasks of the KPIs: ids in, reload, call a service.

Celery discovers this module only: the tasks of the app's sub-packages are imported here, or a
worker would not know them and would drop them.
"""

from celery import shared_task

from network_animation.models import Tenant, User
from network_animation.tasks import JOB_TASK
from network_animation.tenancy import tenant_scope

from .reports.tasks import monthly_report_build_task
from .services.facts_background import kpi_facts_import_kept

__all__ = ["kpi_facts_import_task", "monthly_report_build_task"]


@shared_task(**JOB_TASK)
def kpi_facts_import_task(tenant_id: int, run_id: int, token: str, user_id: int | None) -> None:
    tenant = Tenant.objects.get(pk=tenant_id)
    actor = User.objects.filter(pk=user_id).first() if user_id else None
    with tenant_scope(tenant):
        kpi_facts_import_kept(tenant=tenant, run_id=run_id, token=token, actor=actor)
