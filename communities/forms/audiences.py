"""The announcement's form; its audience fields are the core's (network_animation.audience_forms),
as the documents' are."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from network_animation.audience_forms import AudienceForm
from network_animation.models import Membership, Tenant

from ..models.announcements import BODY_MAX as ANNOUNCEMENT_BODY_MAX
from .threads import MARKDOWN_HELP

REMIND_CHOICES = [
    ("", _("No reminder")),
    ("2", _("After 2 days")),
    ("3", _("After 3 days")),
    ("7", _("After a week")),
]


class AnnouncementForm(AudienceForm):
    """An announcement, its audience, and whether to ask for a confirmation and remind."""

    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(
        label=_("Text"),
        max_length=ANNOUNCEMENT_BODY_MAX,
        widget=forms.Textarea,
        help_text=MARKDOWN_HELP,
    )

    def __init__(self, *args: Any, tenant: Tenant, membership: Membership, **kwargs: Any):
        super().__init__(*args, tenant=tenant, membership=membership, **kwargs)
        self.fields["requires_acknowledgement"] = forms.BooleanField(
            label=_("Ask each person to confirm they have read it"), required=False
        )
        self.fields["remind_after_days"] = forms.TypedChoiceField(
            label=_("Remind those who have not read it"),
            choices=REMIND_CHOICES,
            coerce=int,
            empty_value=None,
            required=False,
        )
