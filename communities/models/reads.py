from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from network_animation.models import Membership, TenantOwnedModel

from .library import Document
from .threads import Thread


class FirstRead(TenantOwnedModel):
    """When a person first opened a thread (a best practice, a lesson sheet) or a library
    document: the dated exposure the recommendations learn from. ThreadRead keeps the latest
    read only; this row is written once and never moved."""

    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+")
    thread = models.ForeignKey(
        Thread, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    read_at = models.DateTimeField(_("first read"), default=timezone.now)

    class Meta:
        verbose_name = _("first read")
        verbose_name_plural = _("first reads")
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "membership", "thread"],
                condition=Q(thread__isnull=False),
                name="first_read_thread_unique",
            ),
            models.UniqueConstraint(
                fields=["tenant", "membership", "document"],
                condition=Q(document__isnull=False),
                name="first_read_document_unique",
            ),
            models.CheckConstraint(
                condition=Q(thread__isnull=True) ^ Q(document__isnull=True),
                name="first_read_one_thing",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.membership_id} first read {self.thread_id or self.document_id}"
