from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .tenancy import TenantOwnedModel


class Region(TenantOwnedModel):
    code = models.CharField(_("code"), max_length=30)
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        ordering = ["name"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        constraints = [
            models.UniqueConstraint(fields=["tenant", "code"], name="region_code_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class Zone(TenantOwnedModel):
    region = models.ForeignKey(
        Region, on_delete=models.RESTRICT, related_name="zones", verbose_name=_("region")
    )
    code = models.CharField(_("code"), max_length=30)
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        ordering = ["name"]
        verbose_name = _("zone")
        verbose_name_plural = _("zones")
        constraints = [
            models.UniqueConstraint(fields=["tenant", "code"], name="zone_code_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class PointOfSale(TenantOwnedModel):
    class Type(models.TextChoices):
        DEALER = "dealer", _("Dealer")
        AGENT = "agent", _("Agent")
        STORE = "store", _("Store")
        CORNER = "corner", _("Corner")
        OUTLET = "outlet", _("Outlet")

    class SizeClass(models.TextChoices):
        SMALL = "S", _("Small")
        MEDIUM = "M", _("Medium")
        LARGE = "L", _("Large")
        EXTRA_LARGE = "XL", _("Extra large")

    zone = models.ForeignKey(
        Zone, on_delete=models.RESTRICT, related_name="points_of_sale", verbose_name=_("zone")
    )
    code = models.CharField(_("code"), max_length=30)
    name = models.CharField(_("name"), max_length=200)
    type = models.CharField(_("type"), max_length=20, choices=Type.choices, default=Type.DEALER)
    size_class = models.CharField(
        _("size class"), max_length=2, choices=SizeClass.choices, default=SizeClass.MEDIUM
    )
    brands = models.JSONField(_("brands"), default=list, blank=True)
    city = models.CharField(_("city"), max_length=120, blank=True)
    opening_date = models.DateField(_("opening date"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("point of sale")
        verbose_name_plural = _("points of sale")
        constraints = [
            models.UniqueConstraint(fields=["tenant", "code"], name="point_of_sale_code_unique"),
        ]
        indexes = [models.Index(fields=["tenant", "zone"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    @property
    def brands_display(self) -> str:
        return ", ".join(self.brands)


class Role(models.TextChoices):
    HEAD_OFFICE = "head_office", _("Head office")
    REGIONAL_DIRECTOR = "regional_director", _("Regional director")
    ANIMATOR = "animator", _("Network animator")
    COACH = "coach", _("Coach")
    POS_MANAGER = "pos_manager", _("Point of sale manager")
    POS_STAFF = "pos_staff", _("Point of sale staff")


class Membership(TenantOwnedModel):
    """A person's role in a tenant, and the part of the network it covers.

    The scope depends on the role: a region for a regional director, zones for an animator, one
    point of sale for its manager and staff, nothing for head office and coaches (the network).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    region = models.ForeignKey(
        Region,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="directors",
        verbose_name=_("region"),
    )
    point_of_sale = models.ForeignKey(
        PointOfSale,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="staff",
        verbose_name=_("point of sale"),
    )
    zones = models.ManyToManyField(
        Zone,
        through="MembershipZone",
        related_name="animators",
        blank=True,
        verbose_name=_("zones"),
    )
    job_title = models.CharField(_("job title"), max_length=120, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["user__last_name", "user__first_name"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["tenant", "user"], name="membership_user_unique"),
        ]
        indexes = [models.Index(fields=["tenant", "role"])]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()}"


class MembershipZone(TenantOwnedModel):
    membership = models.ForeignKey(Membership, on_delete=models.CASCADE)
    zone = models.ForeignKey(Zone, on_delete=models.CASCADE)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "membership", "zone"], name="membership_zone_unique"
            ),
        ]
