import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .organisation import PointOfSale, Region, Role, Zone
from .tenancy import TenantOwnedModel


class Invitation(TenantOwnedModel):
    """An offer to join a tenant with a role, sent to an email address (CHECKLIST T10).

    People are global accounts: a brand never writes one. It invites an address; the person
    accepts (joining with their own account, or creating one) or declines. The names are the
    brand's suggestion for an account created on acceptance, and are never applied to an
    existing account. Only a digest of the link's token is stored.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for an answer")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        CANCELLED = "cancelled", _("Cancelled")

    email = models.EmailField(_("email"))
    first_name = models.CharField(_("first name"), max_length=150, blank=True)
    last_name = models.CharField(_("last name"), max_length=150, blank=True)
    language = models.CharField(_("language"), max_length=8, default="fr")
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    region = models.ForeignKey(Region, on_delete=models.CASCADE, null=True, blank=True)
    point_of_sale = models.ForeignKey(PointOfSale, on_delete=models.CASCADE, null=True, blank=True)
    zones = models.ManyToManyField(Zone, through="InvitationZone", blank=True)
    job_title = models.CharField(_("job title"), max_length=120, blank=True)
    token_digest = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    sent_at = models.DateTimeField(_("sent"))
    expires_at = models.DateTimeField(_("expires"))
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "email"],
                condition=models.Q(status="pending"),
                name="invitation_pending_unique",
            ),
        ]
        indexes = [models.Index(fields=["tenant", "status"])]

    def __str__(self) -> str:
        return f"{self.email} — {self.get_role_display()}"

    @staticmethod
    def digest(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()

    @staticmethod
    def new_token() -> str:
        return secrets.token_urlsafe(32)


class InvitationZone(TenantOwnedModel):
    invitation = models.ForeignKey(Invitation, on_delete=models.CASCADE)
    zone = models.ForeignKey(Zone, on_delete=models.CASCADE)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "invitation", "zone"], name="invitation_zone_unique"
            ),
        ]
