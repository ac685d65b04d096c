import datetime as dt

from celery import shared_task

from network_animation.models import Tenant, User
from network_animation.tasks import TRANSIENT_ERRORS

from .monthly import monthly_report_build


@shared_task(
    acks_late=True, reject_on_worker_lost=True, autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=True, max_retries=5,
)  # fmt: skip
def monthly_report_build_task(
    tenant_id: int, run_id: int, month: str, export_format: str, user_id: int | None
) -> int:
    tenant = Tenant.objects.get(pk=tenant_id)
    user = User.objects.filter(pk=user_id).first() if user_id else None
    generated = monthly_report_build(
        tenant=tenant, month=dt.date.fromisoformat(month), export_format=export_format,
        run_id=run_id, requested_by=user,
    )  # fmt: skip
    return generated.pk
