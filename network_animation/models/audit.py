from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .tenancy import Tenant, TenantOwnedModel


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise PermissionError("Audit events cannot be changed.")

    def delete(self) -> NoReturn:
        raise PermissionError("Audit events cannot be deleted.")


class AuditEvent(models.Model):
    """An append-only record of who did what (CHECKLIST L1, L2).

    Not scoped by django-scopes: a failed sign-in has no tenant. Reads go through
    `audit_event_list(tenant=...)`. On PostgreSQL a trigger refuses UPDATE and DELETE.
    """

    # No database constraints: the trail outlives the rows it speaks of.
    tenant = models.ForeignKey(
        Tenant,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_label = models.CharField(max_length=254, blank=True)
    action = models.CharField(_("action"), max_length=60)
    target = models.CharField(_("target"), max_length=200, blank=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["tenant", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_label} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("Audit events cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise PermissionError("Audit events cannot be deleted.")


class AccessDenial(TenantOwnedModel):
    """Refusals of one person in one tenant during one hour, counted (CHECKLIST T11).

    The first refusal of the hour also writes an audit event; the next ones only count here, so
    someone knocking at a brand's pages thousands of times cannot flood its audit trail.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    hour = models.DateTimeField(_("hour"))
    count = models.PositiveIntegerField(_("count"), default=1)
    first_path = models.CharField(_("first page asked"), max_length=200)
    last_path = models.CharField(_("last page asked"), max_length=200)

    class Meta:
        ordering = ["-hour"]
        verbose_name = _("access denial")
        verbose_name_plural = _("access denials")
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "user", "hour"], name="access_denial_per_hour_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.hour:%Y-%m-%d %H:00} {self.user_id} ×{self.count}"
