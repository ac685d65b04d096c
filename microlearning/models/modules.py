"""Modules of micro-learning: what head office (or an animator, for their zones) writes.

A module's steps belong to a version. A published version is frozen: changing a published
module's steps makes a new draft version (services/authoring.py), so people in the middle of
the module finish the version they started while newcomers get the next one once published.
"""

import uuid

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kpis.models import KpiDefinition
from network_animation.models import Membership, TenantOwnedModel, Zone

from .translated import in_reader_language

MODULE_SECONDS_MAX = 10 * 60  # seed 000: at most ten minutes, between two customers
POINTS_BY_ATTEMPT = [10, 7, 5, 2]
SUMMARY_MAX = 1_000
BODY_MAX = 5_000


class Language(models.TextChoices):
    FRENCH = "fr", _("French")
    ENGLISH = "en", _("English")
    BOTH = "both", _("French and English")


class LearningSettings(TenantOwnedModel):
    """A tenant's rules of learning: the points a quiz question is worth at each attempt."""

    points_by_attempt = models.JSONField(default=list)

    class Meta:
        verbose_name = _("learning settings")
        constraints = [
            models.UniqueConstraint(fields=["tenant"], name="learning_settings_unique"),
        ]

    def points_for(self, attempt: int) -> int:
        """Points of a right answer at this attempt (the first is 1); past the scale, its last
        value."""
        scale = self.points_by_attempt or POINTS_BY_ATTEMPT
        return int(scale[min(attempt, len(scale)) - 1])


class Tag(TenantOwnedModel):
    """A tenant's own tag of modules (never shared across tenants)."""

    name = models.CharField(_("name"), max_length=60)

    class Meta:
        ordering = ["name"]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        constraints = [
            models.UniqueConstraint("tenant", Lower("name"), name="learning_tag_unique_per_tenant")
        ]

    def __str__(self) -> str:
        return self.name


class Module(TenantOwnedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        ARCHIVED = "archived", _("Archived")

    title_fr = models.CharField(_("title (French)"), max_length=200, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    summary_fr = models.TextField(_("summary (French)"), max_length=SUMMARY_MAX, blank=True)
    summary_en = models.TextField(_("summary (English)"), max_length=SUMMARY_MAX, blank=True)
    language = models.CharField(
        _("language"), max_length=4, choices=Language.choices, default=Language.FRENCH
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    # Whose module it is: head office's (no zone, for the whole network) or an animator's zone.
    zone = models.ForeignKey(
        Zone, on_delete=models.RESTRICT, null=True, blank=True, related_name="+"
    )
    pass_mark = models.PositiveSmallIntegerField(
        _("pass mark (% of quiz questions right)"),
        default=70,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    # The version newcomers start; people in progress keep theirs (Progress.version).
    published = models.ForeignKey(
        "microlearning.ModuleVersion",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_by = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-updated_at", "-pk"]
        verbose_name = _("module")
        verbose_name_plural = _("modules")
        indexes = [models.Index(fields=["tenant", "status", "-updated_at"])]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return in_reader_language(self.title_fr, self.title_en)

    @property
    def summary(self) -> str:
        return in_reader_language(self.summary_fr, self.summary_en)


class ModuleKpi(TenantOwnedModel):
    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="kpi_links")
    kpi = models.ForeignKey(KpiDefinition, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["tenant", "module", "kpi"], name="module_kpi_unique")
        ]
        indexes = [models.Index(fields=["tenant", "kpi"])]


class ModuleTag(TenantOwnedModel):
    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="tag_links")
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="module_links")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["tenant", "module", "tag"], name="module_tag_unique")
        ]


class ModuleVersion(TenantOwnedModel):
    """The steps of a module as one version; frozen once published."""

    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Set when published, read by every page that shows the module.
    step_count = models.PositiveSmallIntegerField(default=0)
    total_seconds = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-number"]
        verbose_name = _("version")
        verbose_name_plural = _("versions")
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "module", "number"], name="module_version_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.module_id} v{self.number}"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


IMAGE_EXTENSIONS = {"image/png": "png", "image/jpeg": "jpg"}  # what uploads_media re-encodes to
ALT_MAX = 300


def step_image_path(instance: "Step", filename: str) -> str:
    """Stored names are generated: nothing a person typed reaches a path (CHECKLIST U5)."""
    extension = IMAGE_EXTENSIONS.get(instance.image_type, "jpg")
    return f"learning/{instance.tenant_id}/{uuid.uuid4().hex}.{extension}"


class Step(TenantOwnedModel):
    class Kind(models.TextChoices):
        TEXT = "text", _("Text")
        FLASHCARD = "flashcard", _("Flashcard")
        QUIZ = "quiz", _("Quiz question")
        VIDEO = "video", _("Video link")
        IMAGE = "image", _("Image")

    version = models.ForeignKey(ModuleVersion, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField()  # from 0, without gaps
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    # Markdown: the text, a flashcard's front, a quiz's question, a video's caption.
    body_fr = models.TextField(_("text (French)"), max_length=BODY_MAX, blank=True)
    body_en = models.TextField(_("text (English)"), max_length=BODY_MAX, blank=True)
    back_fr = models.TextField(_("back of the card (French)"), max_length=BODY_MAX, blank=True)
    back_en = models.TextField(_("back of the card (English)"), max_length=BODY_MAX, blank=True)
    # The host's embed address (video.py turned the link the author gave into it).
    video_url = models.URLField(_("video"), max_length=300, blank=True)
    # An image step's picture, re-encoded (network_animation/uploads_media.py); the versions of
    # a module share the file. Its description for those who cannot see it is required.
    image = models.FileField(_("image"), upload_to=step_image_path, max_length=200, blank=True)
    image_type = models.CharField(max_length=20, blank=True)
    image_width = models.PositiveIntegerField(null=True, blank=True)
    image_height = models.PositiveIntegerField(null=True, blank=True)
    image_alt_fr = models.CharField(_("image description (French)"), max_length=ALT_MAX, blank=True)
    image_alt_en = models.CharField(
        _("image description (English)"), max_length=ALT_MAX, blank=True
    )
    estimated_seconds = models.PositiveSmallIntegerField(
        _("estimated time (seconds)"), default=60, validators=[MinValueValidator(5)]
    )

    class Meta:
        ordering = ["position"]
        verbose_name = _("step")
        verbose_name_plural = _("steps")
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "version", "position"], name="step_position_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.version_id}#{self.position}"

    @property
    def body(self) -> str:
        return in_reader_language(self.body_fr, self.body_en)

    @property
    def back(self) -> str:
        return in_reader_language(self.back_fr, self.back_en)

    @property
    def image_alt(self) -> str:
        return in_reader_language(self.image_alt_fr, self.image_alt_en)

    @property
    def number(self) -> int:
        return self.position + 1


class Choice(TenantOwnedModel):
    """An answer of a quiz question. Whether it is right is never sent to a page before the
    person answered (views/learning.py)."""

    step = models.ForeignKey(Step, on_delete=models.CASCADE, related_name="choices")
    position = models.PositiveSmallIntegerField(default=0)
    text_fr = models.CharField(_("answer (French)"), max_length=300, blank=True)
    text_en = models.CharField(_("answer (English)"), max_length=300, blank=True)
    is_correct = models.BooleanField(_("right answer"), default=False)
    explanation_fr = models.TextField(_("explanation (French)"), max_length=1_000, blank=True)
    explanation_en = models.TextField(_("explanation (English)"), max_length=1_000, blank=True)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        indexes = [models.Index(fields=["tenant", "step"])]

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        return in_reader_language(self.text_fr, self.text_en)

    @property
    def explanation(self) -> str:
        return in_reader_language(self.explanation_fr, self.explanation_en)
