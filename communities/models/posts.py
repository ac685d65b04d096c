import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kpis.models import KpiDefinition
from network_animation.models import Membership, TenantOwnedModel

from .threads import Thread

BODY_MAX = 20_000


class Post(TenantOwnedModel):
    """A thread's opening post or a reply: Markdown, rendered safe when shown (text.py)."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(Membership, on_delete=models.SET_NULL, null=True, related_name="+")
    body = models.TextField(_("text"), max_length=BODY_MAX)
    quote_of = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_reason = models.CharField(_("why it is hidden"), max_length=300, blank=True)
    hidden_by = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    is_best_practice = models.BooleanField(_("best practice"), default=False)
    # A best practice the platform prefilled for its author: never shown until they publish it.
    is_draft = models.BooleanField(default=False)
    like_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        indexes = [
            models.Index(fields=["tenant", "thread", "created_at"]),
            models.Index(fields=["tenant", "is_best_practice"]),
        ]

    def __str__(self) -> str:
        return f"{self.thread_id}: {self.body[:40]}"

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None


class PostRevision(TenantOwnedModel):
    """A post's text before an edit: moderators see the history."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="revisions")
    body = models.TextField(max_length=BODY_MAX)
    edited_by = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    edited_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-edited_at"]


class PostLike(TenantOwnedModel):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="+")
    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "post", "membership"], name="post_like_unique"
            ),
        ]


class PostKpi(TenantOwnedModel):
    """A best practice's KPI: shown to points of sale off target on it."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="kpi_links")
    kpi = models.ForeignKey(KpiDefinition, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["tenant", "post", "kpi"], name="post_kpi_unique"),
        ]
        indexes = [models.Index(fields=["tenant", "kpi"])]


def attachment_path(instance: "PostAttachment", filename: str) -> str:
    """Stored names are generated: nothing a person typed reaches a path (CHECKLIST U5)."""
    return f"communities/{instance.tenant_id}/{uuid.uuid4().hex}.{instance.extension}"


class PostAttachment(TenantOwnedModel):
    """An image (re-encoded) or a file (type checked by content) of a post."""

    class Kind(models.TextChoices):
        IMAGE = "image", _("Image")
        FILE = "file", _("File")

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    file = models.FileField(upload_to=attachment_path, max_length=200)
    filename = models.CharField(_("file name"), max_length=200)
    extension = models.CharField(max_length=8)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(default=0)
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
