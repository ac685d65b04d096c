"""Forms of the communities' pages. Every queryset is scoped to the tenant (CHECKLIST T4)."""

from typing import Any, cast

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from kpis.models import KpiDefinition
from network_animation.audiences import CRITERIA, Audience, point_of_sale_type_choices
from network_animation.models import Membership, Region, Role, Tenant, Zone
from network_animation.permissions import membership_zone_ids
from network_animation.uploads_media import MEDIA_MAX_BYTES, filename_shown, media_check

from .models import Community, Feedback, Thread
from .models.announcements import BODY_MAX as ANNOUNCEMENT_BODY_MAX
from .models.feedback import BODY_MAX as FEEDBACK_BODY_MAX
from .models.posts import BODY_MAX
from .services.attachments import ATTACHMENTS_MAX, TOO_MANY, CheckedMedia

MARKDOWN_HELP = _("Markdown: **bold**, *italic*, lists, links. @First Last tells a member.")
ATTACHMENTS_HELP = _(
    "Up to %(count)s images or files (JPEG, PNG, GIF, WebP, PDF, Word, Excel, PowerPoint, "
    "text), %(size)s each and %(total)s in all."
)
FILE_REFUSED = _("%(name)s: %(reason)s")
ACCEPTED = ".jpg,.jpeg,.png,.gif,.webp,.pdf,.docx,.xlsx,.pptx,.txt,.csv,.md"


def _kpis_field(tenant: Tenant) -> forms.ModelMultipleChoiceField:
    return forms.ModelMultipleChoiceField(
        label=_("KPIs it helps with"),
        queryset=KpiDefinition.objects.filter(tenant=tenant, is_active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class AttachmentsField(forms.FileField):
    """Images and files of a post, each checked by its content (uploads_media.media_check): the
    cleaned value is the list of re-encoded images and checked files."""

    def __init__(self, **kwargs: Any):
        widget = MultipleFileInput(attrs={"multiple": True, "accept": ACCEPTED})
        super().__init__(label=_("Images and files"), required=False, widget=widget, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[CheckedMedia]:
        uploads = [upload for upload in (data or []) if isinstance(upload, UploadedFile)]
        if len(uploads) > ATTACHMENTS_MAX:
            raise ValidationError(TOO_MANY, code="too_many", params={"count": ATTACHMENTS_MAX})
        checked, refusals = [], []
        for upload in uploads:
            try:
                checked.append(media_check(upload))
            except ValidationError as refused:
                reason = " ".join(refused.messages)
                name = filename_shown(upload.name or "")
                refusals.append(
                    ValidationError(FILE_REFUSED, params={"name": name, "reason": reason})
                )
        if refusals:
            raise ValidationError(refusals)
        return checked


def _attachments_field() -> AttachmentsField:
    """Its help says the limits in the reader's language and units."""
    field = AttachmentsField()
    field.help_text = ATTACHMENTS_HELP % {
        "count": ATTACHMENTS_MAX,
        "size": filesizeformat(MEDIA_MAX_BYTES),
        "total": filesizeformat(settings.IMPORT_MAX_BYTES),
    }
    return field


class CommunityForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    description = forms.CharField(
        label=_("What it is for"), max_length=2000, required=False, widget=forms.Textarea
    )
    visibility = forms.ChoiceField(label=_("Who sees it"), choices=Community.Visibility.choices)
    zone: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Zone"), queryset=Zone.objects.none(), required=False
    )

    def __init__(self, *args: Any, tenant: Tenant, membership: Membership, **kwargs: Any):
        super().__init__(*args, **kwargs)
        zones = Zone.objects.filter(tenant=tenant)
        if membership.role == Role.ANIMATOR:
            zones = zones.filter(pk__in=membership_zone_ids(membership))
            self.fields["zone"].required = True
        cast(forms.ModelChoiceField, self.fields["zone"]).queryset = zones


class ThreadForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("It is"), choices=Thread.Kind.choices, initial=Thread.Kind.QUESTION
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(
        label=_("Text"), max_length=BODY_MAX, widget=forms.Textarea, help_text=MARKDOWN_HELP
    )
    best_practice = forms.BooleanField(
        label=_("This is a best practice I want to share"), required=False
    )

    def __init__(self, *args: Any, tenant: Tenant, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["kpis"] = _kpis_field(tenant)
        self.fields["attachments"] = _attachments_field()


class ReplyForm(forms.Form):
    body = forms.CharField(
        label=_("Your reply"), max_length=BODY_MAX, widget=forms.Textarea, help_text=MARKDOWN_HELP
    )
    quote_of = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["attachments"] = _attachments_field()


class PostEditForm(forms.Form):
    body = forms.CharField(label=_("Text"), max_length=BODY_MAX, widget=forms.Textarea)


class DraftForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(label=_("Text"), max_length=BODY_MAX, widget=forms.Textarea)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Why"), max_length=300, widget=forms.Textarea)


class BestPracticeForm(forms.Form):
    is_best_practice = forms.BooleanField(label=_("A best practice"), required=False)

    def __init__(self, *args: Any, tenant: Tenant, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["kpis"] = _kpis_field(tenant)


AUDIENCE_HELP = _("Tick nothing in a list to leave it open; within a list, any ticked value.")
REMIND_CHOICES = [
    ("", _("No reminder")),
    ("2", _("After 2 days")),
    ("3", _("After 3 days")),
    ("7", _("After a week")),
]


def _checkboxes(label: Any, choices: list[tuple[Any, Any]]) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label, choices=choices, required=False, widget=forms.CheckboxSelectMultiple
    )


class AnnouncementForm(forms.Form):
    """An announcement and its audience; the places offered are those the sender may address
    (the service checks it again: audiences.audience_within)."""

    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(
        label=_("Text"),
        max_length=ANNOUNCEMENT_BODY_MAX,
        widget=forms.Textarea,
        help_text=MARKDOWN_HELP,
    )

    def __init__(self, *args: Any, tenant: Tenant, membership: Membership, **kwargs: Any):
        super().__init__(*args, **kwargs)
        zones = Zone.objects.filter(tenant=tenant).order_by("name")
        if membership.role == Role.ANIMATOR:
            zones = zones.filter(pk__in=membership_zone_ids(membership))
        elif membership.role == Role.REGIONAL_DIRECTOR:
            region = membership.region_id
            zones = zones.filter(region_id=region) if region is not None else zones.none()
        else:
            regions = Region.objects.filter(tenant=tenant).order_by("name")
            self.fields["regions"] = _checkboxes(
                _("Regions"), [(str(r.pk), r.name) for r in regions]
            )
        self.fields["zones"] = _checkboxes(_("Zones"), [(str(z.pk), z.name) for z in zones])
        self.fields["roles"] = _checkboxes(_("Roles"), list(Role.choices))
        self.fields["point_of_sale_types"] = _checkboxes(
            _("Types of point of sale"), point_of_sale_type_choices()
        )
        for code, criterion in sorted(CRITERIA.items()):
            self.fields[f"criterion_{code}"] = _checkboxes(
                criterion.label, criterion.choices(tenant)
            )
        self.fields["roles"].help_text = AUDIENCE_HELP
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

    def audience_fields(self) -> list[forms.BoundField]:
        names = ["regions", "zones", "roles", "point_of_sale_types"]
        names += [name for name in self.fields if name.startswith("criterion_")]
        return [self[name] for name in names if name in self.fields]

    def other_fields(self) -> list[forms.BoundField]:
        shown = {field.name for field in self.audience_fields()}
        return [self[name] for name in self.fields if name not in shown]

    def audience(self) -> Audience:
        """The audience the ticked boxes name (from cleaned data, or from the raw data while
        the person composes: the live count runs before the text is written)."""
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}

        def ticked(name: str) -> list[str]:
            if name in data:
                return list(data[name])
            if name not in self.fields or not self.is_bound:
                return []
            field = self.fields[name]
            raw = field.widget.value_from_datadict(self.data, self.files, self.add_prefix(name))
            try:
                return list(field.clean(raw))
            except ValidationError:  # a value not offered: the count ignores the list
                return []

        criteria = {(code, value) for code in CRITERIA for value in ticked(f"criterion_{code}")}
        return Audience(
            regions=frozenset(int(pk) for pk in ticked("regions")),
            zones=frozenset(int(pk) for pk in ticked("zones")),
            roles=frozenset(ticked("roles")),
            point_of_sale_types=frozenset(ticked("point_of_sale_types")),
            criteria=frozenset(criteria),
        )


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
