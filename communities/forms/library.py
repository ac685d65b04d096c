"""Forms of the document library: folders, documents with their facets and audience, versions."""

from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from network_animation.models import Membership, PointOfSale, Tenant
from network_animation.uploads_media import MEDIA_MAX_BYTES, filename_shown, media_check

from ..models import Document, Folder
from ..models.library import DESCRIPTION_MAX
from ..services.attachments import CheckedMedia
from .audiences import AudienceForm
from .threads import ACCEPTED, FILE_REFUSED, MARKDOWN_HELP, kpis_field

FILE_HELP = _(
    "A PDF, a Word, Excel or PowerPoint document, an image or a text file, up to %(size)s."
)
TAGS_HELP = _("Words that help find it, separated by commas.")


class CheckedFileField(forms.FileField):
    """One file, checked by its content (uploads_media.media_check): the cleaned value is the
    checked file (an image re-encoded)."""

    def __init__(self, **kwargs: Any):
        super().__init__(widget=forms.ClearableFileInput(attrs={"accept": ACCEPTED}), **kwargs)

    def clean(self, data: Any, initial: Any = None) -> CheckedMedia | None:
        upload = super().clean(data, initial)
        if not isinstance(upload, UploadedFile):
            return None
        try:
            return media_check(upload)
        except ValidationError as refused:
            reason = " ".join(refused.messages)
            name = filename_shown(upload.name or "")
            raise ValidationError(FILE_REFUSED, params={"name": name, "reason": reason}) from None


def _file_field() -> CheckedFileField:
    field = CheckedFileField(label=_("File"))
    field.help_text = FILE_HELP % {"size": filesizeformat(MEDIA_MAX_BYTES)}
    return field


def _folders(tenant: Tenant) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=_("Folder"),
        queryset=Folder.objects.filter(tenant=tenant).order_by("name"),
        required=False,
        empty_label=_("The library's first level"),
    )


class FolderForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)

    def __init__(self, *args: Any, tenant: Tenant, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["parent"] = _folders(tenant)
        self.fields["parent"].label = _("Inside")


class DocumentForm(AudienceForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("What it is for"),
        max_length=DESCRIPTION_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=MARKDOWN_HELP,
    )
    language = forms.ChoiceField(label=_("Language"), choices=Document.Language.choices)
    point_of_sale_type = forms.ChoiceField(
        label=_("For the points of sale of type"),
        choices=[("", _("Every type")), *PointOfSale.Type.choices],
        required=False,
    )
    tags = forms.CharField(label=_("Tags"), max_length=500, required=False, help_text=TAGS_HELP)

    def __init__(self, *args: Any, tenant: Tenant, membership: Membership, **kwargs: Any):
        super().__init__(*args, tenant=tenant, membership=membership, **kwargs)
        self.fields["folder"] = _folders(tenant)
        self.fields["kpis"] = kpis_field(tenant)
        cast(forms.ModelMultipleChoiceField, self.fields["kpis"]).label = _("KPIs it is about")
        self.fields["file"] = _file_field()
        self.order_fields(["title", "file", "folder", "description", "language"])

    def clean_tags(self) -> list[str]:
        names = (name.strip() for name in self.cleaned_data["tags"].split(","))
        return list(dict.fromkeys(name[:60] for name in names if name))


class VersionForm(forms.Form):
    note = forms.CharField(label=_("What changed"), max_length=300, required=False)

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["file"] = _file_field()
        self.order_fields(["file", "note"])
