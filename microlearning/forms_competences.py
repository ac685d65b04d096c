"""Forms of competences, assessments, plans and certifications. Every queryset is scoped to
the tenant (CHECKLIST T4): another tenant's competence, level or module is not a choice."""

import datetime as dt
from typing import Any

from django import forms
from django.forms import formset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from network_animation.models import Membership, Role, Tenant

from . import errors
from .models import Competence, ScaleLevel
from .models.assessments import ANSWER_MAX, QUESTION_MAX
from .models.competences import DESCRIPTION_MAX, NAME_MAX
from .selectors.modules import modules_seen_by
from .services.assessments import AnswerData, AssessmentData, QuestionData
from .services.certifications import CertificationData
from .services.competences import CompetenceData, LevelData

ANSWER_ROWS = 5
REQUIREMENT_ROWS = 6


def _long(label: Any, max_length: int, rows: int = 3) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=False,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


def _competences(tenant: Tenant) -> Any:
    return Competence.objects.filter(tenant=tenant).order_by("name_fr", "name_en", "pk")


class _Named(forms.Form):
    """A form whose object needs a name in French or English (`NAMES`)."""

    NAMES = ("name_fr", "name_en")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not any((data.get(name) or "").strip() for name in self.NAMES):
            self.add_error(self.NAMES[0], errors.NEEDS_NAME)
        return data


class CompetenceForm(_Named):
    name_fr = forms.CharField(label=_("Name (French)"), max_length=NAME_MAX, required=False)
    name_en = forms.CharField(label=_("Name (English)"), max_length=NAME_MAX, required=False)
    description_fr = _long(_("Description (French)"), DESCRIPTION_MAX)
    description_en = _long(_("Description (English)"), DESCRIPTION_MAX)
    position = forms.IntegerField(label=_("Order"), min_value=0, max_value=999, initial=0)

    def __init__(self, *args: Any, tenant: Tenant, competence: Competence | None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        parents = _competences(tenant)
        if competence is not None:
            parents = parents.exclude(pk=competence.pk)
        self.fields["parent"] = forms.ModelChoiceField(
            label=_("Under"), queryset=parents, required=False, empty_label=_("(top level)")
        )

    def data_of(self) -> CompetenceData:
        return CompetenceData(
            **{n: self.cleaned_data[n] for n in CompetenceData.__dataclass_fields__}
        )

    @staticmethod
    def initial_of(competence: Competence) -> dict[str, Any]:
        names = ["name_fr", "name_en", "description_fr", "description_en", "position"]
        initial: dict[str, Any] = {name: getattr(competence, name) for name in names}
        initial["parent"] = competence.parent_id
        return initial


class LevelForm(_Named):
    name_fr = forms.CharField(label=_("Name (French)"), max_length=100, required=False)
    name_en = forms.CharField(label=_("Name (English)"), max_length=100, required=False)
    min_score = forms.IntegerField(
        label=_("From a score of (%)"),
        min_value=0,
        max_value=100,
        help_text=_("An assessment's score on a competence reaches the highest level it attains."),
    )
    proficient = forms.BooleanField(label=_("Counts as proficient"), required=False)

    def data_of(self) -> LevelData:
        return LevelData(**{n: self.cleaned_data[n] for n in LevelData.__dataclass_fields__})


class AssessmentForm(_Named):
    NAMES = ("title_fr", "title_en")
    title_fr = forms.CharField(label=_("Title (French)"), max_length=200, required=False)
    title_en = forms.CharField(label=_("Title (English)"), max_length=200, required=False)
    summary_fr = _long(_("What it measures (French)"), 1_000)
    summary_en = _long(_("What it measures (English)"), 1_000)

    def data_of(self) -> AssessmentData:
        return AssessmentData(**self.cleaned_data)


class AnswerForm(forms.Form):
    text_fr = forms.CharField(label=_("Answer (French)"), max_length=ANSWER_MAX, required=False)
    text_en = forms.CharField(label=_("Answer (English)"), max_length=ANSWER_MAX, required=False)
    is_correct = forms.BooleanField(label=_("This answer is right"), required=False)


AnswerFormSet = formset_factory(AnswerForm, extra=0, max_num=ANSWER_ROWS, absolute_max=ANSWER_ROWS)


class QuestionForm(forms.Form):
    body_fr = _long(_("Question (French)"), QUESTION_MAX)
    body_en = _long(_("Question (English)"), QUESTION_MAX)

    def __init__(self, *args: Any, tenant: Tenant, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["competence"] = forms.ModelChoiceField(
            label=_("Competence it measures"), queryset=_competences(tenant)
        )
        self.answers = AnswerFormSet(
            args[0] if args else None,
            prefix="answers",
            initial=(kwargs.get("initial") or {}).get("answers") or [{}] * ANSWER_ROWS,
        )

    def is_valid(self) -> bool:
        valid = super().is_valid() and self.answers.is_valid()
        return valid and not self.errors

    def data_of(self) -> QuestionData:
        answers = tuple(
            AnswerData(
                text_fr=row.get("text_fr") or "",
                text_en=row.get("text_en") or "",
                is_correct=bool(row.get("is_correct")),
            )
            for row in self.answers.cleaned_data
        )
        data = self.cleaned_data
        return QuestionData(
            competence=data["competence"],
            body_fr=data["body_fr"],
            body_en=data["body_en"],
            choices=answers,
        )


class RequirementForm(forms.Form):
    def __init__(self, *args: Any, tenant: Tenant, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["competence"] = forms.ModelChoiceField(
            label=_("Competence"), queryset=_competences(tenant), required=False
        )
        self.fields["level"] = forms.ModelChoiceField(
            label=_("Level needed"),
            queryset=ScaleLevel.objects.filter(tenant=tenant).order_by("min_score"),
            required=False,
        )


RequirementFormSet = formset_factory(
    RequirementForm, extra=0, max_num=REQUIREMENT_ROWS, absolute_max=REQUIREMENT_ROWS
)


class CertificationForm(_Named):
    name_fr = forms.CharField(label=_("Name (French)"), max_length=200, required=False)
    name_en = forms.CharField(label=_("Name (English)"), max_length=200, required=False)
    description_fr = _long(_("Description (French)"), 2_000)
    description_en = _long(_("Description (English)"), 2_000)
    role = forms.ChoiceField(
        label=_("For the role"), choices=[("", _("Any role"))] + Role.choices, required=False
    )
    validity_months = forms.IntegerField(
        label=_("Valid for (months)"),
        min_value=1,
        max_value=120,
        initial=24,
        help_text=_("After that, the assessment must be passed again."),
    )
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args: Any, tenant: Tenant, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.requirements = RequirementFormSet(
            args[0] if args else None,
            prefix="requirements",
            initial=(kwargs.get("initial") or {}).get("requirements") or [{}] * REQUIREMENT_ROWS,
            form_kwargs={"tenant": tenant},
        )

    def is_valid(self) -> bool:
        valid = super().is_valid() and self.requirements.is_valid()
        return valid and not self.errors

    def data_of(self) -> CertificationData:
        rows = [
            (row["competence"], row["level"])
            for row in self.requirements.cleaned_data
            if row.get("competence") and row.get("level")
        ]
        fields = {
            n: self.cleaned_data[n]
            for n in CertificationData.__dataclass_fields__
            if n != "requirements"
        }
        return CertificationData(**fields, requirements=rows)


def _default_due() -> dt.date:
    return timezone.localdate() + dt.timedelta(days=14)


class PlanAddForm(forms.Form):
    due_on = forms.DateField(
        label=_("Due date"), widget=forms.DateInput(attrs={"type": "date"}), initial=_default_due
    )

    def __init__(self, *args: Any, tenant: Tenant, person: Membership, **kwargs: Any):
        super().__init__(*args, **kwargs)
        modules: Any = modules_seen_by(tenant=tenant, membership=person)
        self.fields["module"] = forms.ModelChoiceField(
            label=_("Module"), queryset=modules.order_by("title_fr", "title_en", "pk")
        )
        self.order_fields(["module", "due_on"])

    def clean_due_on(self) -> dt.date:
        due: dt.date = self.cleaned_data["due_on"]
        if due < timezone.localdate():
            raise forms.ValidationError(errors.DUE_IN_THE_PAST)
        return due


class PlanItemForm(forms.Form):
    due_on = forms.DateField(label=_("Due date"), widget=forms.DateInput(attrs={"type": "date"}))

    def clean_due_on(self) -> dt.date:
        due: dt.date = self.cleaned_data["due_on"]
        if due < timezone.localdate():
            raise forms.ValidationError(errors.DUE_IN_THE_PAST)
        return due
