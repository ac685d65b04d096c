from django.utils import timezone

from network_animation.models import Tenant

from ..cache import challenges_changed
from ..models import Notification


def notification_mark_read(*, tenant: Tenant, notification: Notification) -> None:
    """A person read a notification: their panel shows it no more."""
    Notification.objects.filter(tenant=tenant, pk=notification.pk).update(read_at=timezone.now())
    challenges_changed(tenant.pk)
