"""Coaching (seed 004): a person meets a difficulty applying a practice, tells their coach, the
coach follows it up, then writes an anonymised lesson sheet the whole network learns from."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kpis.models import KpiDefinition
from network_animation.models import Membership, PointOfSale, Region, TenantOwnedModel, Zone

from .library import Document
from .posts import Post
from .threads import Thread

TEXT_MAX = 10_000


class CoachAssignment(TenantOwnedModel):
    """A coach assigned by head office to one point of sale, one zone or one region: the people
    of that place have this coach (the nearest assignment first)."""

    coach = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+")
    point_of_sale = models.ForeignKey(
        PointOfSale, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    zone = models.ForeignKey(
        Zone, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    region = models.ForeignKey(
        Region, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    assigned_by = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("coach assignment")
        verbose_name_plural = _("coach assignments")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(point_of_sale__isnull=False, zone__isnull=True, region__isnull=True)
                    | Q(point_of_sale__isnull=True, zone__isnull=False, region__isnull=True)
                    | Q(point_of_sale__isnull=True, zone__isnull=True, region__isnull=False)
                ),
                name="coach_assignment_one_place",
            ),
        ]
        indexes = [models.Index(fields=["tenant", "coach"])]

    def __str__(self) -> str:
        return str(self.place)

    @property
    def place(self) -> PointOfSale | Zone | Region | None:
        return self.point_of_sale or self.zone or self.region


class Difficulty(TenantOwnedModel):
    """A difficulty met while applying a practice, told to one's coaches. Read only by its
    reporter, their coaches and head office (and, unless private, the network's other coaches):
    communities/selectors/coaching.py decides, once."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    reporter = models.ForeignKey(Membership, on_delete=models.SET_NULL, null=True, related_name="+")
    # The reporter's place when they reported it: its coaches are theirs.
    point_of_sale = models.ForeignKey(
        PointOfSale, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    zone = models.ForeignKey(
        Zone, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    region = models.ForeignKey(
        Region, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    title = models.CharField(_("in a few words"), max_length=200)
    practice = models.CharField(_("the practice"), max_length=200, blank=True)
    practice_post = models.ForeignKey(
        Post, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    kpi = models.ForeignKey(
        KpiDefinition, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    tried = models.TextField(_("what you tried"), max_length=TEXT_MAX)
    happened = models.TextField(_("what happened"), max_length=TEXT_MAX)
    is_private = models.BooleanField(_("private to my coach"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    created_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("difficulty")
        verbose_name_plural = _("difficulties")
        indexes = [
            models.Index(fields=["tenant", "reporter", "-created_at"]),
            models.Index(
                fields=["tenant", "created_at"], condition=Q(status="open"), name="difficulty_open"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class FollowUp(TenantOwnedModel):
    """What a coach did about a difficulty: a call, a meeting, advice given."""

    class Kind(models.TextChoices):
        CALL = "call", _("Called")
        MEETING = "meeting", _("Met")
        ADVICE = "advice", _("Advice given")

    difficulty = models.ForeignKey(Difficulty, on_delete=models.CASCADE, related_name="follow_ups")
    coach = models.ForeignKey(Membership, on_delete=models.SET_NULL, null=True, related_name="+")
    kind = models.CharField(_("what you did"), max_length=10, choices=Kind.choices)
    date = models.DateField(_("date"))
    note = models.TextField(_("note"), max_length=TEXT_MAX, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["date", "pk"]
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date}"


class LessonSheet(TenantOwnedModel):
    """What the network learns from a closed difficulty, anonymised: checked against its
    reporter's identity before review and at publication, then published to the communities
    concerned and the library. Its page never names the difficulty it came from."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_REVIEW = "in_review", _("In review")
        SENT_BACK = "sent_back", _("Sent back")
        PUBLISHED = "published", _("Published")

    # RESTRICT, not PROTECT: a difficulty with its sheet is kept, but deleting a whole brand
    # (seed_demo --reset) takes both with it.
    difficulty = models.OneToOneField(
        Difficulty, on_delete=models.RESTRICT, related_name="lesson_sheet"
    )
    author = models.ForeignKey(Membership, on_delete=models.SET_NULL, null=True, related_name="+")
    title = models.CharField(_("title"), max_length=200)
    difficulty_text = models.TextField(_("the difficulty"), max_length=TEXT_MAX)
    happened = models.TextField(_("what happened"), max_length=TEXT_MAX)
    how_to_succeed = models.TextField(_("how to succeed"), max_length=TEXT_MAX)
    kpis = models.ManyToManyField(KpiDefinition, through="LessonSheetKpi", related_name="+")
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    reviewer = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    review_comment = models.TextField(_("comment"), max_length=TEXT_MAX, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    # Where it was published: the library's document and the communities' threads.
    document = models.ForeignKey(
        Document, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    zone_thread = models.ForeignKey(
        Thread, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    type_thread = models.ForeignKey(
        Thread, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-updated_at", "-pk"]
        verbose_name = _("lesson sheet")
        verbose_name_plural = _("lesson sheets")
        indexes = [
            models.Index(fields=["tenant", "author", "status"]),
            models.Index(fields=["tenant", "status", "-published_at"]),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_editable(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.SENT_BACK)


class LessonSheetKpi(TenantOwnedModel):
    sheet = models.ForeignKey(LessonSheet, on_delete=models.CASCADE, related_name="kpi_links")
    kpi = models.ForeignKey(KpiDefinition, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["sheet", "kpi"], name="lesson_sheet_kpi_unique")
        ]
