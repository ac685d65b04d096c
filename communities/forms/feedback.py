"""Forms of feedback: sending an idea or a problem up, answering it."""

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from network_animation.models import Membership, Role

from ..models import Feedback
from ..models.feedback import BODY_MAX as FEEDBACK_BODY_MAX


class FeedbackForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("It is"), choices=Feedback.Kind.choices, widget=forms.RadioSelect
    )
    sent_to = forms.ChoiceField(
        label=_("Send it to"), choices=Feedback.Recipient.choices, widget=forms.RadioSelect
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(
        label=_("Text"),
        max_length=FEEDBACK_BODY_MAX,
        widget=forms.Textarea,
        help_text=_("What you noticed, what you suggest. Markdown: **bold**, *italic*, lists."),
    )

    def __init__(self, *args: Any, membership: Membership, **kwargs: Any):
        super().__init__(*args, **kwargs)
        sent_to = cast(forms.ChoiceField, self.fields["sent_to"])
        if membership.role == Role.ANIMATOR:  # an animator writes to head office
            sent_to.choices = [
                (Feedback.Recipient.HEAD_OFFICE, Feedback.Recipient.HEAD_OFFICE.label)
            ]
            sent_to.initial = Feedback.Recipient.HEAD_OFFICE
        else:
            sent_to.initial = Feedback.Recipient.ANIMATOR
        self.fields["kind"].initial = Feedback.Kind.IDEA


class FeedbackAnswerForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Feedback.Status.choices)
    answer = forms.CharField(
        label=_("Your answer"),
        max_length=FEEDBACK_BODY_MAX,
        widget=forms.Textarea,
        required=False,
        help_text=_("Its sender is told. An answer marks it answered, unless you close it."),
    )
