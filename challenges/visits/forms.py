"""Forms of visits and campaigns. Every choice is scoped to the tenant and the viewer: a point
of sale is one the viewer may record a visit at, or one of the network (CHECKLIST T4)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from communities.forms.threads import MultipleFileInput
from network_animation.models import PointOfSale
from network_animation.uploads_media import ReencodedImage, filename_shown, image_reencode

from ..models import AnswerKind, CampaignKind, VisitCriterion
from ..models.visits import SCALE_MAX, TEXT_MAX
from . import errors
from .services import PHOTOS_MAX, CriterionSpec, VisitSpec

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MARKDOWN_HELP = _("Markdown: **bold**, lists with -, links.")
PHOTO_ACCEPT = ".jpg,.jpeg,.png,.gif,.webp"


class GridForm(forms.Form):
    name = forms.CharField(label=_("Name of the grid"), max_length=120)
    is_active = forms.BooleanField(label=_("Offered for new visits"), required=False, initial=True)


class CriterionForm(forms.Form):
    text = forms.CharField(label=_("Criterion"), max_length=300)
    weight = forms.IntegerField(label=_("Weight"), min_value=1, max_value=100, initial=1)
    kind = forms.ChoiceField(
        label=_("Answer"), choices=AnswerKind.choices, initial=AnswerKind.YES_NO
    )
    scale_max = forms.IntegerField(
        label=_("Scale up to"), min_value=2, max_value=SCALE_MAX, initial=5, required=False
    )

    def spec(self) -> CriterionSpec:
        data = self.cleaned_data
        return CriterionSpec(data["text"], data["weight"], data["kind"], data["scale_max"] or 5)


CriterionFormSet = forms.formset_factory(CriterionForm, extra=3, can_delete=True)


class PhotosField(forms.FileField):
    """Photos of a visit, each re-encoded without its metadata (uploads_media.image_reencode):
    the cleaned value is the list of re-encoded images."""

    def __init__(self, **kwargs: Any):
        widget = MultipleFileInput(
            attrs={"multiple": True, "accept": PHOTO_ACCEPT, "capture": "environment"}
        )
        super().__init__(label=_("Photos"), required=False, widget=widget, **kwargs)
        self.help_text = _("Up to %(count)s photos.") % {"count": PHOTOS_MAX}

    def clean(self, data: Any, initial: Any = None) -> list[ReencodedImage]:
        uploads = [upload for upload in (data or []) if isinstance(upload, UploadedFile)]
        if len(uploads) > PHOTOS_MAX:
            raise ValidationError(errors.PHOTOS_MAX, params={"count": PHOTOS_MAX})
        images, refusals = [], []
        for upload in uploads:
            try:
                images.append(image_reencode(upload))
            except ValidationError as refused:
                name = filename_shown(upload.name or "")
                reason = " ".join(refused.messages)
                refusals.append(
                    ValidationError(errors.PHOTO_REFUSED, params={"name": name, "reason": reason})
                )
        if refusals:
            raise ValidationError(refusals)
        return images


def _answer_field(criterion: VisitCriterion) -> forms.TypedChoiceField:
    choices: list[tuple[int, Any]]
    if criterion.kind == AnswerKind.YES_NO:
        choices = [(1, _("Yes")), (0, _("No"))]
    else:
        choices = [(n, str(n)) for n in range(criterion.scale_max + 1)]
    return forms.TypedChoiceField(
        label=criterion.text, choices=choices, coerce=int, widget=forms.RadioSelect
    )


class VisitForm(forms.Form):
    """The date, an answer per criterion of the grid's version, a comment and photos."""

    date = forms.DateField(label=_("Date of the visit"), widget=DATE)
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=MARKDOWN_HELP,
    )
    photos = PhotosField()

    def __init__(self, *args: Any, criteria: list[VisitCriterion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            self.fields[f"answer_{criterion.pk}"] = _answer_field(criterion)
        # The answers first, then the comment and photos, as on the paper grid.
        order = ["date", *(f"answer_{c.pk}" for c in criteria), "comment", "photos"]
        self.order_fields(order)

    def spec(self) -> VisitSpec:
        data = self.cleaned_data
        answers = {c.pk: data[f"answer_{c.pk}"] for c in self.criteria}
        return VisitSpec(data["date"], answers, data["comment"])


class CampaignForm(forms.Form):
    name = forms.CharField(label=_("Name of the campaign"), max_length=120)
    kind = forms.ChoiceField(label=_("Kind"), choices=CampaignKind.choices)
    firm = forms.CharField(label=_("Firm"), max_length=120, required=False)


class CampaignImportForm(forms.Form):
    file = forms.FileField(
        label=_("A CSV or Excel file"),
        help_text=_(
            "Columns: point_of_sale (its code), date, score (0 to 100). A file with a bad row "
            "imports nothing."
        ),
    )


class ResultForm(forms.Form):
    point_of_sale: forms.ModelChoiceField[PointOfSale] = forms.ModelChoiceField(
        label=_("Point of sale"), queryset=PointOfSale.objects.none()
    )
    date = forms.DateField(label=_("Date"), widget=DATE)
    score = forms.FloatField(label=_("Score (0 to 100)"), min_value=0, max_value=100)

    def __init__(self, *args: Any, points: QuerySet[PointOfSale], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: dict[str, Any] = self.fields
        fields["point_of_sale"].queryset = points
        fields["point_of_sale"].label_from_instance = lambda p: f"{p.name} ({p.code})"
