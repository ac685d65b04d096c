"""Forms of the communities' pages. Every queryset is scoped to the tenant (CHECKLIST T4)."""

from typing import Any, cast

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from kpis.models import KpiDefinition
from network_animation.models import Membership, Role, Tenant, Zone
from network_animation.permissions import membership_zone_ids
from network_animation.uploads_media import MEDIA_MAX_BYTES, filename_shown, media_check

from ..models import Community, Thread
from ..models.posts import BODY_MAX
from ..services.attachments import ATTACHMENTS_MAX, TOO_MANY, CheckedMedia

MARKDOWN_HELP = _("Markdown: **bold**, *italic*, lists, links. @First Last tells a member.")
ATTACHMENTS_HELP = _(
    "Up to %(count)s images or files (JPEG, PNG, GIF, WebP, PDF, Word, Excel, PowerPoint, "
    "text), %(size)s each and %(total)s in all."
)
FILE_REFUSED = _("%(name)s: %(reason)s")
ACCEPTED = ".jpg,.jpeg,.png,.gif,.webp,.pdf,.docx,.xlsx,.pptx,.txt,.csv,.md"


def kpis_field(tenant: Tenant) -> forms.ModelMultipleChoiceField:
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
        self.fields["kpis"] = kpis_field(tenant)
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
        self.fields["kpis"] = kpis_field(tenant)
