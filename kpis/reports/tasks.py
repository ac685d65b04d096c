import datetime as dt

from celery import shared_task

from network_animation.models import Tenant, User
from network_animation.tasks import JOB_TASK

from .monthly import monthly_report_build


@shared_task(**JOB_TASK)
def monthly_report_build_task(
    tenant_id: int, run_id: int, month: str, export_format: str, user_id: int | None
) -> int:
    tenant = Tenant.objects.get(pk=tenant_id)
    user = User.objects.filter(pk=user_id).first() if user_id else None
    generated = monthly_report_build(
        tenant=tenant,
        month=dt.date.fromisoformat(month),
        export_format=export_format,
        run_id=run_id,
        requested_by=user,
    )
    return generated.pk
