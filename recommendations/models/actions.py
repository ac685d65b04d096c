from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kpis.models import KpiDefinition
from microlearning.models.translated import in_reader_language
from network_animation.models import Membership, PointOfSale, TenantOwnedModel, Zone

NOTE_MAX = 1000


class ActionKind(models.TextChoices):
    CHALLENGE = "challenge", _("Launch a challenge")
    MODULE = "module", _("Push a module")
    VISIT = "visit", _("Visit a point of sale")
    # Not suggested by the night: a piece of content recommended on a point of sale's page,
    # dismissed there by someone (recommendations/content_feedback.py).
    CONTENT = "content", _("Recommended content")


class SuggestionStatus(models.TextChoices):
    OPEN = "open", _("Suggested")
    ACCEPTED = "accepted", _("Accepted")
    DISMISSED = "dismissed", _("Dismissed")
    DONE = "done", pgettext_lazy("suggestion", "Done")


class DismissReason(models.TextChoices):
    ALREADY_PLANNED = "already_planned", _("Already planned or done another way")
    NOT_RELEVANT = "not_relevant", _("Not relevant for these points of sale")
    BAD_TIMING = "bad_timing", _("Not the right time")
    TOO_COSTLY = "too_costly", _("Too much effort for the expected gain")
    OTHER = "other", _("Another reason")


class ActionSuggestion(TenantOwnedModel):
    """An action suggested to a zone's animators (launch a challenge, push a module, visit a
    point of sale), with its evidence in both languages, and what they made of it.

    Suggested rows (status open) are rewritten each night; the others are the feedback and stay:
    an accepted one waits for its action, a done one names it (`done_target`), a dismissed one
    keeps the same suggestion (`key`) away from the zone for a quiet period. `points_of_sale`
    never holds a point of sale of the quarter's hold-out group."""

    zone = models.ForeignKey(Zone, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind of action"), max_length=12, choices=ActionKind.choices)
    # What the suggestion is, the same from night to night: "challenge:<kpi>",
    # "module:<module>", "visit:<point of sale>", "content:<kind>:<id>".
    key = models.CharField(max_length=60)
    kpi = models.ForeignKey(
        KpiDefinition, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    point_of_sale = models.ForeignKey(  # the one to visit, or the content was recommended to
        PointOfSale, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    module_id = models.PositiveBigIntegerField(null=True, blank=True)
    title_fr = models.CharField(max_length=200, blank=True)  # the module's, when pushed
    title_en = models.CharField(max_length=200, blank=True)
    points_of_sale = models.JSONField(default=list, blank=True)  # ids, for a challenge or module
    expected_uplift = models.FloatField(null=True, blank=True)
    score = models.FloatField(default=0.0)  # what ranks it, before the reader's own prior
    reason_fr = models.TextField(blank=True)
    reason_en = models.TextField(blank=True)
    computed_at = models.DateTimeField()
    status = models.CharField(
        _("status"), max_length=10, choices=SuggestionStatus.choices, default=SuggestionStatus.OPEN
    )
    acted_by = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    acted_at = models.DateTimeField(null=True, blank=True)
    dismiss_reason = models.CharField(max_length=20, choices=DismissReason.choices, blank=True)
    dismiss_note = models.TextField(max_length=NOTE_MAX, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    done_target = models.CharField(max_length=40, blank=True)  # "challenge:12", ...

    class Meta:
        ordering = ["-score", "pk"]
        verbose_name = _("suggested action")
        verbose_name_plural = _("suggested actions")
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "zone", "key"],
                condition=Q(status="open"),
                name="action_suggestion_open_unique",
            ),
        ]
        indexes = [
            models.Index(fields=["tenant", "zone", "status"], name="action_suggestion_zone"),
            models.Index(fields=["tenant", "acted_by", "kind"], name="action_suggestion_actor"),
        ]

    def __str__(self) -> str:
        return f"{self.zone_id} {self.key}: {self.status}"

    @property
    def reason(self) -> str:
        return in_reader_language(self.reason_fr, self.reason_en)

    @property
    def title(self) -> str:
        return in_reader_language(self.title_fr, self.title_en)

    @property
    def done_challenge_id(self) -> int | None:
        """The challenge launched from it, when that is what made it done."""
        kind, _sep, pk = self.done_target.partition(":")
        return int(pk) if kind == "challenge" and pk.isdigit() else None
