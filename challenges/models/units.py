"""Unit excellence projects (seed 004): each point of sale's diagnostic on four axes (the voice
of the customer, the sensory walk, customer flows, skills), its action plan, and the coaching
days a coach spends there, rated by the unit manager.

Who reads and writes what is decided once, in challenges/units/rights.py."""

import datetime as dt

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from network_animation.models import Membership, PointOfSale, TenantOwnedModel

from .plans import TEXT_MAX, ExcellenceProject, PlanAction, PlanActionComment


class UnitProject(ExcellenceProject):
    """A point of sale's customer-excellence project: its diagnostic (the texts below, the flow
    grid and the skills) and, through its actions, its plan. The coach or the unit manager
    marks the diagnostic done and the plan written: those dates are the board's stages."""

    point_of_sale = models.ForeignKey(PointOfSale, on_delete=models.CASCADE, related_name="+")
    sense_sight = models.TextField(_("sight"), max_length=TEXT_MAX, blank=True)
    sense_touch = models.TextField(_("touch"), max_length=TEXT_MAX, blank=True)
    sense_smell = models.TextField(_("smell"), max_length=TEXT_MAX, blank=True)
    sense_hearing = models.TextField(_("hearing"), max_length=TEXT_MAX, blank=True)
    opens_at = models.PositiveSmallIntegerField(_("opens at (hour)"), default=9)
    closes_at = models.PositiveSmallIntegerField(_("closes at (hour)"), default=19)

    class Meta(ExcellenceProject.Meta):
        verbose_name = _("unit excellence project")
        verbose_name_plural = _("unit excellence projects")
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "point_of_sale"], name="unit_project_point_of_sale_unique"
            ),
            models.CheckConstraint(
                condition=Q(opens_at__lt=models.F("closes_at"), closes_at__lte=24),
                name="unit_project_opening_hours",
            ),
        ]

    def __str__(self) -> str:
        return str(self.point_of_sale_id)

    @property
    def hours(self) -> range:
        """The hour slots of the reference week, each starting at its hour."""
        return range(self.opens_at, self.closes_at)


class FlowSlot(TenantOwnedModel):
    """One hour of the reference week: customers counted, staff needed for them, staff planned.
    Needed is what the flow calls for, not what seems possible to plan (seed 004)."""

    project = models.ForeignKey(UnitProject, on_delete=models.CASCADE, related_name="flow_slots")
    weekday = models.PositiveSmallIntegerField(_("day"))  # 0 Monday … 6 Sunday
    hour = models.PositiveSmallIntegerField(_("hour"))
    traffic = models.PositiveIntegerField(_("customers"), default=0)
    staff_needed = models.PositiveSmallIntegerField(_("staff needed"), default=0)
    staff_planned = models.PositiveSmallIntegerField(_("staff planned"), default=0)

    class Meta:
        ordering = ["weekday", "hour"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "project", "weekday", "hour"], name="flow_slot_unique"
            ),
            models.CheckConstraint(
                condition=Q(weekday__lte=6, hour__lte=23), name="flow_slot_in_week"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.weekday} {self.hour}h"

    @property
    def staff_gap(self) -> int:
        """Planned minus needed: negative when the slot lacks people."""
        return self.staff_planned - self.staff_needed


class SkillLevel(models.IntegerChoices):
    FAR = 1, _("Far from the standard")
    PARTLY = 2, _("Partly there")
    MEETS = 3, _("Meets the standard")
    MODEL = 4, _("A model for the others")


class SkillAssessment(TenantOwnedModel):
    """A person's gap against the brand's service standard, measured individually so that
    their training plan can follow (seed 004)."""

    project = models.ForeignKey(UnitProject, on_delete=models.CASCADE, related_name="skills")
    person = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+")
    level = models.PositiveSmallIntegerField(_("level"), choices=SkillLevel.choices)
    notes = models.TextField(_("gaps observed"), max_length=TEXT_MAX, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "project", "person"], name="skill_assessment_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_id}: {self.level}"

    @property
    def gap(self) -> int:
        return max(SkillLevel.MEETS - self.level, 0)


class Axis(models.TextChoices):
    CUSTOMER_VOICE = "customer_voice", _("Voice of the customer")
    SENSES = "senses", _("Sensory walk")
    FLOWS = "flows", _("Customer flows")
    SKILLS = "skills", _("Skills")


class UnitAction(PlanAction):
    """An action of the unit's plan (plans.py holds what every plan's action has)."""

    project = models.ForeignKey(UnitProject, on_delete=models.CASCADE, related_name="actions")
    axis = models.CharField(_("axis"), max_length=20, choices=Axis.choices)

    class Meta(PlanAction.Meta):
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        indexes = [
            models.Index(fields=["tenant", "project", "status"]),
            models.Index(fields=["tenant", "owner", "status"]),
        ]


class ActionComment(PlanActionComment):
    action = models.ForeignKey(UnitAction, on_delete=models.CASCADE, related_name="comments")

    def __str__(self) -> str:
        return f"{self.action_id} {self.created_at}"


class CoachingDay(TenantOwnedModel):
    """A day a coach spends at a point of sale. Planned until the coach writes what was done,
    on the day or after; then held, and the unit manager is asked to rate it."""

    point_of_sale = models.ForeignKey(
        PointOfSale, on_delete=models.CASCADE, related_name="+", verbose_name=_("point of sale")
    )
    coach = models.ForeignKey(Membership, on_delete=models.SET_NULL, null=True, related_name="+")
    date = models.DateField(_("date"))
    objectives = models.TextField(_("objectives"), max_length=TEXT_MAX)
    work_done = models.TextField(_("what was done"), max_length=TEXT_MAX, blank=True)
    next_steps = models.TextField(_("next steps"), max_length=TEXT_MAX, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("coaching day")
        verbose_name_plural = _("coaching days")
        indexes = [
            models.Index(fields=["tenant", "coach", "-date"]),
            models.Index(fields=["tenant", "point_of_sale", "-date"]),
        ]

    def __str__(self) -> str:
        return f"{self.point_of_sale_id} {self.date}"

    def is_held(self, today: dt.date) -> bool:
        """Held: its day has come and the coach wrote what was done."""
        return bool(self.work_done.strip()) and self.date <= today


class CoachRating(TenantOwnedModel):
    """The unit manager's rating of a coaching day, once per day. The coach reads only their
    average; head office reads each rating."""

    coaching_day = models.ForeignKey(CoachingDay, on_delete=models.CASCADE, related_name="+")
    coach = models.ForeignKey(Membership, on_delete=models.SET_NULL, null=True, related_name="+")
    rater = models.ForeignKey(Membership, on_delete=models.SET_NULL, null=True, related_name="+")
    score = models.PositiveSmallIntegerField(_("rating"))
    comment = models.TextField(_("comment"), max_length=TEXT_MAX, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "coaching_day"], name="coach_rating_once_per_day"
            ),
            models.CheckConstraint(
                condition=Q(score__gte=1, score__lte=5), name="coach_rating_one_to_five"
            ),
        ]
        indexes = [models.Index(fields=["tenant", "coach"])]

    def __str__(self) -> str:
        return f"{self.coaching_day_id}: {self.score}"
