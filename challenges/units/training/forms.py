"""The competences a person's gap names, among the network's framework only (CHECKLIST T4)."""

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from microlearning.models import Competence
from microlearning.selectors.plans import CompetenceChoice


def _label(choice: CompetenceChoice) -> str:
    modules = ngettext("%(count)s module", "%(count)s modules", choice.modules) % {
        "count": choice.modules
    }
    return f"{'— ' * choice.depth}{choice.competence.name} ({modules})"


class SkillTrainingForm(forms.Form):
    competences = forms.TypedMultipleChoiceField(
        label=_("Competences to work on"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Their training plan takes the modules that build them; their manager is asked to "
            "go through it again. Tick none when they now meet the standard."
        ),
    )

    def __init__(self, *args: Any, choices: list[CompetenceChoice], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.by_id = {choice.competence.pk: choice.competence for choice in choices}
        field = cast(forms.TypedMultipleChoiceField, self.fields["competences"])
        field.choices = [(choice.competence.pk, _label(choice)) for choice in choices]

    def chosen(self) -> list[Competence]:
        return [self.by_id[pk] for pk in self.cleaned_data["competences"]]
