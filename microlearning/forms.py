"""Forms of learning's pages. Every queryset is scoped to the tenant (CHECKLIST T4)."""

from typing import Any, cast

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.forms import formset_factory
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from kpis.models import KpiDefinition
from network_animation.models import Membership, Role, Tenant, Zone
from network_animation.uploads_media import MEDIA_MAX_BYTES, ReencodedImage, image_reencode

from .models import Competence, Module, Step
from .models.modules import ALT_MAX, BODY_MAX, SUMMARY_MAX, Language
from .services import ChoiceData, ModuleData, StepData
from .services.checks import required_languages, step_data_errors

MARKDOWN_HELP = _("Markdown: **bold**, *italic*, lists, links.")
TAGS_HELP = _("Words that help find it, separated by commas.")
VIDEO_HELP = _("A YouTube or Vimeo video's address.")
SECONDS_HELP = _("How long most people need for this step. A module lasts 10 minutes at most.")
IMAGE_HELP = _(
    "A JPEG, PNG, GIF or WebP image of %(size)s at most. It is shrunk to fit a phone and "
    "stripped of its metadata (such as where a photo was taken)."
)
IMAGE_KEPT_HELP = _("Leave empty to keep the current image.")
ALT_HELP = _("What the image shows, read aloud to those who cannot see it.")
IMAGE_ACCEPT = "image/jpeg,image/png,image/gif,image/webp"
CHOICE_ROWS = 5


def _text(label: Any, required: bool = False, rows: int = 4) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=BODY_MAX,
        required=required,
        widget=forms.Textarea(attrs={"rows": rows}),
        help_text=MARKDOWN_HELP,
    )


class ModuleForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=Language.choices)
    title_fr = forms.CharField(label=_("Title (French)"), max_length=200, required=False)
    title_en = forms.CharField(label=_("Title (English)"), max_length=200, required=False)
    summary_fr = forms.CharField(
        label=_("What it teaches (French)"),
        max_length=SUMMARY_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    summary_en = forms.CharField(
        label=_("What it teaches (English)"),
        max_length=SUMMARY_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    pass_mark = forms.IntegerField(
        label=_("Pass mark (% of quiz questions right)"), min_value=0, max_value=100, initial=70
    )
    tags = forms.CharField(label=_("Tags"), max_length=500, required=False, help_text=TAGS_HELP)

    def __init__(self, *args: Any, tenant: Tenant, membership: Membership, **kwargs: Any):
        super().__init__(*args, **kwargs)
        zones = Zone.objects.filter(tenant=tenant).order_by("name")
        if membership.role == Role.ANIMATOR:
            zones = zones.filter(animators=membership)
        self.fields["zone"] = forms.ModelChoiceField(
            label=_("For"),
            queryset=zones,
            required=membership.role == Role.ANIMATOR,
            empty_label=_("The whole network"),
        )
        self.fields["kpis"] = forms.ModelMultipleChoiceField(
            label=_("KPIs it helps with"),
            queryset=KpiDefinition.objects.filter(tenant=tenant, is_active=True),
            required=False,
            widget=forms.CheckboxSelectMultiple,
        )
        self.fields["competences"] = forms.ModelMultipleChoiceField(
            label=_("Competences it builds"),
            queryset=Competence.objects.filter(tenant=tenant).order_by("name_fr", "pk"),
            required=False,
            widget=forms.CheckboxSelectMultiple,
            help_text=_("Training plans offer it to people below the proficient level in them."),
        )

    def clean_tags(self) -> list[str]:
        names = (name.strip() for name in self.cleaned_data["tags"].split(","))
        return list(dict.fromkeys(name[:60] for name in names if name))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for code in required_languages(data.get("language", "")):
            if not (data.get(f"title_{code}") or "").strip():
                self.add_error(f"title_{code}", forms.Field.default_error_messages["required"])
        return data

    def module_data(self) -> ModuleData:
        data = self.cleaned_data
        return ModuleData(**{name: data[name] for name in ModuleData.__dataclass_fields__})

    @staticmethod
    def initial_of(module: Module) -> dict[str, Any]:
        fields = ["language", "title_fr", "title_en", "summary_fr", "summary_en", "pass_mark"]
        initial: dict[str, Any] = {name: getattr(module, name) for name in fields}
        initial["zone"] = module.zone_id
        initial["kpis"] = [link.kpi_id for link in module.kpi_links.all()]
        initial["competences"] = [link.competence_id for link in module.competence_links.all()]
        initial["tags"] = ", ".join(link.tag.name for link in module.tag_links.all())
        return initial


class ChoiceForm(forms.Form):
    text_fr = forms.CharField(label=_("Answer (French)"), max_length=300, required=False)
    text_en = forms.CharField(label=_("Answer (English)"), max_length=300, required=False)
    is_correct = forms.BooleanField(label=_("This answer is right"), required=False)
    explanation_fr = forms.CharField(
        label=_("Why (French)"),
        max_length=1_000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    explanation_en = forms.CharField(
        label=_("Why (English)"),
        max_length=1_000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, languages: list[str], **kwargs: Any):
        super().__init__(*args, **kwargs)
        for code in {"fr", "en"} - set(languages):
            del self.fields[f"text_{code}"], self.fields[f"explanation_{code}"]


ChoiceFormSet = formset_factory(ChoiceForm, extra=0, max_num=CHOICE_ROWS, absolute_max=CHOICE_ROWS)


class ReencodedImageField(forms.FileField):
    """An image, decoded and re-encoded by the platform (uploads_media.image_reencode): the
    cleaned value is the re-encoded image, or None when no file was sent."""

    def __init__(self, **kwargs: Any):
        widget = forms.FileInput(attrs={"accept": IMAGE_ACCEPT})
        super().__init__(label=_("Image"), required=False, widget=widget, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> ReencodedImage | None:
        return image_reencode(data) if isinstance(data, UploadedFile) else None


def _alt(label: Any) -> forms.CharField:
    return forms.CharField(label=label, max_length=ALT_MAX, required=False, help_text=ALT_HELP)


class StepForm(forms.Form):
    body_fr = _text(_("Text (French)"))
    body_en = _text(_("Text (English)"))
    back_fr = _text(_("Back of the card (French)"), rows=3)
    back_en = _text(_("Back of the card (English)"), rows=3)
    video_url = forms.URLField(
        label=_("Video"),
        max_length=300,
        required=False,
        assume_scheme="https",
        help_text=VIDEO_HELP,
    )
    image = ReencodedImageField()
    image_alt_fr = _alt(_("Image description (French)"))
    image_alt_en = _alt(_("Image description (English)"))
    estimated_seconds = forms.IntegerField(
        label=_("Estimated time (seconds)"),
        min_value=5,
        max_value=600,
        initial=60,
        help_text=SECONDS_HELP,
    )

    LABELS = {
        Step.Kind.FLASHCARD: (_("Front of the card (French)"), _("Front of the card (English)")),
        Step.Kind.QUIZ: (_("Question (French)"), _("Question (English)")),
        Step.Kind.VIDEO: (_("Caption (French)"), _("Caption (English)")),
        Step.Kind.IMAGE: (_("Caption (French)"), _("Caption (English)")),
    }

    def __init__(
        self, *args: Any, kind: str, language: str, has_image: bool = False, **kwargs: Any
    ):
        super().__init__(*args, **kwargs)
        self.kind, self.language, self.has_image = kind, language, has_image
        self.languages = required_languages(language)
        for code in {"fr", "en"} - set(self.languages):
            del self.fields[f"body_{code}"], self.fields[f"back_{code}"]
            del self.fields[f"image_alt_{code}"]
        if kind != Step.Kind.FLASHCARD:
            for code in self.languages:
                del self.fields[f"back_{code}"]
        if kind != Step.Kind.VIDEO:
            del self.fields["video_url"]
        self._image_fields(kind)
        labels = self.LABELS.get(cast(Step.Kind, kind))
        for code in self.languages:
            self.fields[f"body_{code}"].required = kind not in (Step.Kind.VIDEO, Step.Kind.IMAGE)
            if labels:
                self.fields[f"body_{code}"].label = labels[0 if code == "fr" else 1]
        self.choices = ChoiceFormSet(
            args[0] if args else None,
            prefix="choices",
            initial=(kwargs.get("initial") or {}).get("choices"),
            form_kwargs={"languages": self.languages},
        )

    def _image_fields(self, kind: str) -> None:
        if kind != Step.Kind.IMAGE:
            del self.fields["image"]
            for code in self.languages:
                del self.fields[f"image_alt_{code}"]
            return
        help_text = IMAGE_HELP % {"size": filesizeformat(MEDIA_MAX_BYTES)}
        self.fields["image"].help_text = (
            f"{help_text} {IMAGE_KEPT_HELP}" if self.has_image else help_text
        )
        for code in self.languages:
            self.fields[f"image_alt_{code}"].required = True

    def is_valid(self) -> bool:
        valid = super().is_valid()
        if self.kind == Step.Kind.QUIZ:
            valid = self.choices.is_valid() and valid
        if valid:
            data, language = self.step_data(), self.language
            for name, messages in step_data_errors(data, language, self.has_image).items():
                self.add_error(None if name == "__all__" else name, messages)
        return valid and not self.errors

    def step_data(self) -> StepData:
        data = self.cleaned_data
        choices: tuple[ChoiceData, ...] = ()
        if self.kind == Step.Kind.QUIZ:
            choices = tuple(
                ChoiceData(
                    **{
                        name: row.get(name) or ""
                        for name in ("text_fr", "text_en", "explanation_fr", "explanation_en")
                    },
                    is_correct=bool(row.get("is_correct")),
                )
                for row in self.choices.cleaned_data
            )
        texts = {
            name: data.get(name) or ""
            for name in (
                "body_fr",
                "body_en",
                "back_fr",
                "back_en",
                "video_url",
                "image_alt_fr",
                "image_alt_en",
            )
        }
        return StepData(
            kind=self.kind,
            estimated_seconds=data["estimated_seconds"],
            choices=choices,
            image=data.get("image"),
            **texts,
        )

    @staticmethod
    def initial_of(step: Step) -> dict[str, Any]:
        fields = ["body_fr", "body_en", "back_fr", "back_en", "video_url", "estimated_seconds"]
        fields += ["image_alt_fr", "image_alt_en"]
        initial: dict[str, Any] = {name: getattr(step, name) for name in fields}
        choices = [
            {
                "text_fr": c.text_fr,
                "text_en": c.text_en,
                "is_correct": c.is_correct,
                "explanation_fr": c.explanation_fr,
                "explanation_en": c.explanation_en,
            }
            for c in step.choices.all()
        ]
        initial["choices"] = choices + [{}] * (CHOICE_ROWS - len(choices))
        return initial
