from django.db import models
from django.utils.translation import gettext_lazy as _

from network_animation.models import PointOfSale, TenantOwnedModel


class PeerGrouping(TenantOwnedModel):
    """One night's grouping of a tenant's points of sale into peers, and its quality."""

    day = models.DateField(_("day"))
    computed_at = models.DateTimeField(_("computed at"))
    point_count = models.PositiveIntegerField(_("points of sale"), default=0)
    group_count = models.PositiveIntegerField(_("groups"), default=0)
    # The mean silhouette of the chosen grouping (-1 to 1): None with a single group.
    silhouette = models.FloatField(_("silhouette"), null=True, blank=True)
    # Silhouette of each number of groups tried, {"4": 0.21, ...}.
    tried = models.JSONField(default=dict, blank=True)
    moved = models.PositiveIntegerField(_("points of sale that changed group"), default=0)
    input_digest = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-day"]
        verbose_name = _("peer grouping")
        verbose_name_plural = _("peer groupings")
        constraints = [
            models.UniqueConstraint(fields=["tenant", "day"], name="peer_grouping_day_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.day}: {self.group_count} groups, silhouette {self.silhouette}"


class PeerMembership(TenantOwnedModel):
    """A point of sale's current peer group (ids stay the same from night to night)."""

    point_of_sale = models.ForeignKey(
        PointOfSale, on_delete=models.CASCADE, related_name="+", verbose_name=_("point of sale")
    )
    group = models.PositiveIntegerField(_("peer group"))
    since = models.DateField(_("in this group since"))

    class Meta:
        verbose_name = _("peer group membership")
        verbose_name_plural = _("peer group memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "point_of_sale"], name="peer_membership_point_unique"
            ),
        ]
        indexes = [models.Index(fields=["tenant", "group"], name="peer_membership_group")]

    def __str__(self) -> str:
        return f"{self.point_of_sale_id} in group {self.group}"
