from django.db import models
from django.utils.translation import gettext_lazy as _

from network_animation.models import TenantOwnedModel


class NightInputs(TenantOwnedModel):
    """What the tenant's last successful nightly step read, as digests (night_inputs.py): a
    night that reads the same skips its work. One row per tenant, removed when a full run
    starts, so a run that fails half-way is never taken for a success."""

    digest = models.CharField(max_length=64)  # everything the ranking reads
    # All of it but the month in progress's rollups: the same, only the gaps and visits change.
    closed_digest = models.CharField(max_length=64, blank=True)
    visits_digest = models.CharField(max_length=64, blank=True)  # the open visits, as written
    day = models.DateField(_("day of the last full run"))
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        verbose_name = _("inputs of the last night")
        verbose_name_plural = _("inputs of the last nights")
        constraints = [
            models.UniqueConstraint(fields=["tenant"], name="night_inputs_tenant_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.day}: {self.digest[:12]}"
