from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kpis.models import KpiDefinition
from network_animation.models import Membership, Region, TenantOwnedModel, Zone

from .participants import ParticipantRow


class ScopeLevel(models.TextChoices):
    ZONE = "zone", _("Zone")
    REGION = "region", _("Region")
    NETWORK = "network", _("Network")


class ParticipantKind(models.TextChoices):
    POINT_OF_SALE = "point_of_sale", _("Points of sale")
    PERSON = "person", _("People (individual challenge)")


class ScoringRule(models.TextChoices):
    ACHIEVEMENT = "achievement", _("Achievement against each one's own objective")
    PROGRESS = "progress", _("Progress against the same period a year before")
    ABSOLUTE = "absolute", _("Absolute value")


class TieBreak(models.TextChoices):
    HEAVIEST_KPI = "heaviest_kpi", _("The better score on the heaviest KPI goes first")
    SHARED = "shared", _("Equal scores share the rank")


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SCHEDULED = "scheduled", _("Scheduled")
    RUNNING = "running", _("Running")
    CLOSED = "closed", _("Closed")


class Renewal(models.TextChoices):
    NONE = "", _("No renewal")
    WEEKLY = "weekly", _("Every week")
    MONTHLY = "monthly", _("Every month")
    QUARTERLY = "quarterly", _("Every quarter")


class Challenge(TenantOwnedModel):
    """A contest on KPIs among the points of sale (or people) of a zone, a region or the network.

    The scoring (KPIs, weights, rule, tie rule) is fixed once the challenge runs; standings are
    recomputed by the nightly chain and frozen when it closes. `previous` links a renewal to the
    challenge it renews: unique, so a renewal is created once however often the job runs.
    """

    name = models.CharField(_("name"), max_length=120)
    level = models.CharField(_("scope"), max_length=10, choices=ScopeLevel.choices)
    zone = models.ForeignKey(
        Zone, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    region = models.ForeignKey(
        Region, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    participant_kind = models.CharField(
        _("participants"),
        max_length=20,
        choices=ParticipantKind.choices,
        default=ParticipantKind.POINT_OF_SALE,
    )
    point_of_sale_type = models.CharField(_("type of point of sale"), max_length=20, blank=True)
    size_class = models.CharField(_("size class"), max_length=2, blank=True)
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"))
    scoring_rule = models.CharField(_("scoring rule"), max_length=20, choices=ScoringRule.choices)
    tie_break = models.CharField(
        _("ties"), max_length=20, choices=TieBreak.choices, default=TieBreak.HEAVIEST_KPI
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    winner_count = models.PositiveSmallIntegerField(_("winners"), default=3)
    winner_points = models.PositiveIntegerField(_("points for each winner"), default=100)
    winner_badge = models.CharField(_("badge for the winners"), max_length=60, blank=True)
    threshold = models.FloatField(_("score threshold"), null=True, blank=True)
    threshold_points = models.PositiveIntegerField(_("points above the threshold"), default=0)
    renewal = models.CharField(
        _("renewal"), max_length=10, choices=Renewal.choices, blank=True, default=Renewal.NONE
    )
    previous = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    standings_computed_at = models.DateTimeField(null=True, blank=True)
    data_through = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-start_date", "name"]
        verbose_name = _("challenge")
        verbose_name_plural = _("challenges")
        constraints = [
            models.UniqueConstraint(fields=["tenant", "previous"], name="challenge_renewed_once"),
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")), name="challenge_period_order"
            ),
            models.CheckConstraint(
                condition=(
                    Q(level=ScopeLevel.ZONE, zone__isnull=False, region__isnull=True)
                    | Q(level=ScopeLevel.REGION, zone__isnull=True, region__isnull=False)
                    | Q(level=ScopeLevel.NETWORK, zone__isnull=True, region__isnull=True)
                ),
                name="challenge_scope_matches_level",
            ),
        ]
        indexes = [
            models.Index(fields=["tenant", "status", "end_date"]),
            models.Index(fields=["tenant", "zone", "status"]),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_individual(self) -> bool:
        return self.participant_kind == ParticipantKind.PERSON

    @property
    def scope_name(self) -> str:
        if self.zone is not None:
            return self.zone.name
        if self.region is not None:
            return self.region.name
        return str(_("Network"))


class ChallengeKpi(TenantOwnedModel):
    """A KPI of a challenge, its weight in the score and an optional goal per participant."""

    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="kpis")
    kpi = models.ForeignKey(
        KpiDefinition, on_delete=models.RESTRICT, related_name="+", verbose_name=_("KPI")
    )
    weight = models.PositiveSmallIntegerField(_("weight"), default=1)
    target = models.FloatField(_("goal per participant"), null=True, blank=True)

    class Meta:
        ordering = ["-weight", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "challenge", "kpi"], name="challenge_kpi_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.challenge_id} {self.kpi_id} ×{self.weight}"


class ChallengeParticipant(ParticipantRow):
    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="participants")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "challenge", "point_of_sale", "person_key"],
                name="challenge_participant_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.challenge_id} {self.point_of_sale_id}:{self.person_key}"


class ChallengeStanding(ParticipantRow):
    """A participant's place on a challenge's leaderboard, as the last scoring left it.

    `details` keeps, per KPI id, the value, the reference it was compared with and the score.
    """

    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="standings")
    rank = models.PositiveIntegerField(_("rank"), null=True, blank=True)
    score = models.FloatField(_("score"), null=True, blank=True)
    gap_to_above = models.FloatField(null=True, blank=True)
    details = models.JSONField(default=dict, blank=True)
    computed_at = models.DateTimeField()

    class Meta:
        ordering = ["rank", "point_of_sale__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "challenge", "point_of_sale", "person_key"],
                name="challenge_standing_unique",
            ),
        ]
        indexes = [models.Index(fields=["tenant", "challenge", "rank"])]

    def __str__(self) -> str:
        return f"{self.challenge_id} #{self.rank} {self.point_of_sale_id}:{self.person_key}"
