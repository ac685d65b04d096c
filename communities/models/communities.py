from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from network_animation.models import Membership, Region, TenantOwnedModel, Zone


class Community(TenantOwnedModel):
    """People who share the same stakes, and their threads (docs/communities.md).

    Automatic communities follow the organisation: one per KPI family, role, point-of-sale
    type, zone and region (`kind` and `rule` say which). Manual ones are made by head office, or
    by an animator for their zones.
    """

    class Kind(models.TextChoices):
        KPI_FAMILY = "kpi_family", _("KPI family")
        ROLE = "role", _("Role")
        POINT_OF_SALE_TYPE = "point_of_sale_type", _("Type of point of sale")
        ZONE = "zone", _("Zone")
        REGION = "region", _("Region")
        MANUAL = "manual", _("Made by hand")

    class Visibility(models.TextChoices):
        MEMBERS = "members", _("Members only")
        OPEN = "open", _("Open to the whole network")

    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), max_length=2000, blank=True)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices, default=Kind.MANUAL)
    # The value of an automatic kind: the family, the role, the type, the zone's or region's id.
    rule = models.CharField(max_length=60, blank=True)
    visibility = models.CharField(
        _("who sees it"), max_length=20, choices=Visibility.choices, default=Visibility.MEMBERS
    )
    zone = models.ForeignKey(
        Zone, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    region = models.ForeignKey(
        Region, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    is_archived = models.BooleanField(_("archived"), default=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("community")
        verbose_name_plural = _("communities")
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "kind", "rule"],
                condition=~Q(kind="manual"),
                name="community_automatic_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_automatic(self) -> bool:
        return self.kind != self.Kind.MANUAL

    @property
    def scope(self) -> str:
        """What notifications about it depend on: withdrawn from those who leave it."""
        return f"community:{self.pk}"


class CommunityMember(TenantOwnedModel):
    """A person in a community, and why: a rule of the organisation, their choice, or a hand."""

    class Source(models.TextChoices):
        AUTOMATIC = "automatic", _("By their role and place")
        JOINED = "joined", _("Joined")
        ADDED = "added", _("Added")

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="members")
    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+")
    source = models.CharField(max_length=20, choices=Source.choices)
    joined_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("community member")
        verbose_name_plural = _("community members")
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "community", "membership"], name="community_member_unique"
            ),
        ]
        indexes = [models.Index(fields=["tenant", "membership"])]

    def __str__(self) -> str:
        return f"{self.membership_id} in {self.community_id}"
