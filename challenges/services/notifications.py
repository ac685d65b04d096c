from django.utils import timezone

from network_animation.data_versions import data_changed
from network_animation.models import Tenant

from ..cache import CHALLENGES
from ..models import Notification


def notification_mark_read(*, tenant: Tenant, notification: Notification) -> None:
    """A person read a notification: their panel shows it no more."""
    Notification.objects.filter(tenant=tenant, pk=notification.pk).update(read_at=timezone.now())
    data_changed(tenant=tenant, kinds=[CHALLENGES])
