from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from network_animation.models import Membership, TenantOwnedModel

from .communities import Community


class Thread(TenantOwnedModel):
    """A discussion, or a question that one answer can settle."""

    class Kind(models.TextChoices):
        DISCUSSION = "discussion", _("Discussion")
        QUESTION = "question", _("Question")

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="threads")
    author = models.ForeignKey(Membership, on_delete=models.SET_NULL, null=True, related_name="+")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.DISCUSSION)
    title = models.CharField(_("title"), max_length=200)
    is_pinned = models.BooleanField(_("pinned"), default=False)
    is_locked = models.BooleanField(_("locked"), default=False)
    accepted_answer = models.ForeignKey(
        "communities.Post", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    last_post_at = models.DateTimeField(default=timezone.now)
    reply_count = models.PositiveIntegerField(default=0)
    # When the asker was reminded to accept an answer (once).
    reminded_at = models.DateTimeField(null=True, blank=True)
    # A best practice the platform prefilled: only its author sees it until they publish it.
    is_draft = models.BooleanField(default=False)

    class Meta:
        ordering = ["-is_pinned", "-last_post_at"]
        verbose_name = _("thread")
        verbose_name_plural = _("threads")
        indexes = [
            models.Index(fields=["tenant", "community", "-last_post_at"]),
            models.Index(
                fields=["tenant", "community", "created_at"],
                condition=Q(kind="question", accepted_answer__isnull=True),
                name="thread_question_open",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_question(self) -> bool:
        return self.kind == self.Kind.QUESTION

    @property
    def is_solved(self) -> bool:
        return self.accepted_answer_id is not None


class Follow(TenantOwnedModel):
    """A person watching a thread or a whole community: told of what is new there."""

    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+")
    thread = models.ForeignKey(
        Thread, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    community = models.ForeignKey(
        Community, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "membership", "thread"],
                condition=Q(thread__isnull=False),
                name="follow_thread_unique",
            ),
            models.UniqueConstraint(
                fields=["tenant", "membership", "community"],
                condition=Q(community__isnull=False),
                name="follow_community_unique",
            ),
            models.CheckConstraint(
                condition=Q(thread__isnull=True) ^ Q(community__isnull=True),
                name="follow_one_thing",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.membership_id} follows {self.thread_id or self.community_id}"


class ThreadRead(TenantOwnedModel):
    """How far a person read a thread: what came after is new to them."""

    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+")
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="+")
    read_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "membership", "thread"], name="thread_read_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.membership_id} read {self.thread_id} at {self.read_at}"
