"""Assessments: multiple-choice questions, each tagged with the competence it measures. A
person's attempt records each answer (checked on the server, never in the page); once the
last question is answered, each competence gets a result: a score and the scale's level."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from network_animation.models import Membership, TenantOwnedModel

from .competences import Competence, ScaleLevel
from .translated import in_reader_language

QUESTION_MAX = 1_000
ANSWER_MAX = 300


class Assessment(TenantOwnedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        ARCHIVED = "archived", _("Archived")

    title_fr = models.CharField(_("title (French)"), max_length=200, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    summary_fr = models.TextField(_("summary (French)"), max_length=1_000, blank=True)
    summary_en = models.TextField(_("summary (English)"), max_length=1_000, blank=True)
    # A published assessment is frozen: results compare people on the same questions.
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    question_count = models.PositiveSmallIntegerField(default=0)  # set when published
    created_by = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        indexes = [models.Index(fields=["tenant", "status"])]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return in_reader_language(self.title_fr, self.title_en)

    @property
    def summary(self) -> str:
        return in_reader_language(self.summary_fr, self.summary_en)


class AssessmentQuestion(TenantOwnedModel):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="questions")
    competence = models.ForeignKey(Competence, on_delete=models.RESTRICT, related_name="+")
    position = models.PositiveSmallIntegerField(default=0)
    body_fr = models.TextField(_("question (French)"), max_length=QUESTION_MAX, blank=True)
    body_en = models.TextField(_("question (English)"), max_length=QUESTION_MAX, blank=True)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        indexes = [models.Index(fields=["tenant", "assessment", "position"])]

    def __str__(self) -> str:
        return self.body

    @property
    def body(self) -> str:
        return in_reader_language(self.body_fr, self.body_en)


class AssessmentChoice(TenantOwnedModel):
    """An answer of a question; whether it is right never reaches a page before it is
    submitted (views/assessments.py sends ids and texts only)."""

    question = models.ForeignKey(
        AssessmentQuestion, on_delete=models.CASCADE, related_name="choices"
    )
    position = models.PositiveSmallIntegerField(default=0)
    text_fr = models.CharField(_("answer (French)"), max_length=ANSWER_MAX, blank=True)
    text_en = models.CharField(_("answer (English)"), max_length=ANSWER_MAX, blank=True)
    is_correct = models.BooleanField(_("right answer"), default=False)

    class Meta:
        ordering = ["position", "pk"]
        indexes = [models.Index(fields=["tenant", "question"])]

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        return in_reader_language(self.text_fr, self.text_en)


class AssessmentAttempt(TenantOwnedModel):
    """One person's way through an assessment: the question to answer next (saved at each
    answer, so it resumes on any device), finished when `submitted_at` is set."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="attempts")
    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+")
    position = models.PositiveSmallIntegerField(default=0)
    started_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)
    score = models.PositiveSmallIntegerField(null=True, blank=True)  # % right overall

    class Meta:
        ordering = ["-started_at", "-pk"]
        indexes = [models.Index(fields=["tenant", "membership", "assessment"])]
        constraints = [
            # One attempt in progress per person and assessment (two taps on "Start").
            models.UniqueConstraint(
                fields=["tenant", "assessment", "membership"],
                condition=models.Q(submitted_at__isnull=True),
                name="assessment_attempt_one_running",
            )
        ]

    @property
    def is_running(self) -> bool:
        return self.submitted_at is None


class AssessmentAnswer(TenantOwnedModel):
    attempt = models.ForeignKey(AssessmentAttempt, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(AssessmentQuestion, on_delete=models.CASCADE, related_name="+")
    chosen = models.JSONField(default=list)  # the choices' ids
    correct = models.BooleanField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "attempt", "question"], name="assessment_answer_unique"
            )
        ]


class CompetenceResult(TenantOwnedModel):
    """A person's level on a competence from one attempt; their latest is their level."""

    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+")
    competence = models.ForeignKey(Competence, on_delete=models.CASCADE, related_name="results")
    attempt = models.ForeignKey(AssessmentAttempt, on_delete=models.CASCADE, related_name="results")
    score = models.PositiveSmallIntegerField()  # % of the competence's questions right
    level = models.ForeignKey(ScaleLevel, on_delete=models.RESTRICT, related_name="+")
    assessed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-assessed_at", "-pk"]
        indexes = [models.Index(fields=["tenant", "membership", "competence", "-assessed_at"])]
