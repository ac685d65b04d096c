"""Forms of unit projects and coaching days. Every choice is scoped: an owner is one of the
unit's people, a KPI one of the network's, a point of sale one the coach is assigned to
(CHECKLIST T4)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from kpis.models import KpiDefinition
from network_animation.models import Membership, PointOfSale

from ..models import (
    ActionStatus,
    Axis,
    PlanAction,
    RegionAxis,
    SkillLevel,
    UnitProject,
)
from ..models.units import TEXT_MAX
from .services import ActionSpec, DaySpec, SkillEntry, SlotFigures
from .services.plans import SPEC_FIELDS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MARKDOWN_HELP = _("Markdown: **bold**, lists with -, links.")
MAX_PER_HOUR = 10_000


def _text(label: Any, *, required: bool = False, rows: int = 4) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": rows}),
        help_text=MARKDOWN_HELP,
    )


class CustomerVoiceForm(forms.Form):
    customer_voice = _text(_("What customers say: the synthesis"), rows=8)


class SensesForm(forms.Form):
    sense_sight = _text(_("Sight: what catches the eye"))
    sense_touch = _text(_("Touch: what customers handle, sit on, feel"))
    sense_smell = _text(_("Smell"))
    sense_hearing = _text(_("Hearing: noise, music, waiting"))


class FlowHoursForm(forms.Form):
    opens_at = forms.IntegerField(label=_("Opens at (hour)"), min_value=0, max_value=23)
    closes_at = forms.IntegerField(label=_("Closes at (hour)"), min_value=1, max_value=24)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        opens, closes = cleaned.get("opens_at"), cleaned.get("closes_at")
        if opens is not None and closes is not None and opens >= closes:
            raise forms.ValidationError(_("The opening hour comes before the closing hour."))
        return cleaned


FLOW_COLUMNS = ("traffic", "needed", "planned")


class FlowDayForm(forms.Form):
    """One day of the reference week: for each opening hour, customers, staff needed, planned."""

    def __init__(self, *args: Any, project: UnitProject, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.hours = list(project.hours)
        for hour in self.hours:
            for column in FLOW_COLUMNS:
                self.fields[f"{column}_{hour}"] = forms.IntegerField(
                    required=False,
                    min_value=0,
                    max_value=MAX_PER_HOUR,
                    widget=forms.NumberInput(attrs={"inputmode": "numeric", "size": 4}),
                )

    def rows(self) -> list[tuple[int, list[forms.BoundField]]]:
        return [(h, [self[f"{c}_{h}"] for c in FLOW_COLUMNS]) for h in self.hours]

    def slots(self) -> list[SlotFigures]:
        data = self.cleaned_data
        return [
            SlotFigures(
                hour,
                data.get(f"traffic_{hour}") or 0,
                data.get(f"needed_{hour}") or 0,
                data.get(f"planned_{hour}") or 0,
            )
            for hour in self.hours
        ]


class FlowImportForm(forms.Form):
    file = forms.FileField(
        label=_("A CSV or Excel file"),
        help_text=_(
            "Columns: day (Monday to Sunday, or 1 to 7), hour, customers, staff_needed, "
            "staff_planned. The file replaces the whole week."
        ),
    )


class SkillsForm(forms.Form):
    """A level and notes for each person of the unit."""

    def __init__(self, *args: Any, people: list[Membership], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.people = people
        levels = [("", _("Not assessed yet")), *SkillLevel.choices]
        for person in people:
            self.fields[f"level_{person.pk}"] = forms.TypedChoiceField(
                label=_("Level"), choices=levels, required=False, coerce=int, empty_value=None
            )
            self.fields[f"notes_{person.pk}"] = _text(_("Gaps observed"), rows=2)

    def rows(self) -> list[tuple[Membership, forms.BoundField, forms.BoundField]]:
        return [(p, self[f"level_{p.pk}"], self[f"notes_{p.pk}"]) for p in self.people]

    def entries(self) -> list[SkillEntry]:
        data = self.cleaned_data
        return [
            SkillEntry(p, data.get(f"level_{p.pk}"), data.get(f"notes_{p.pk}") or "")
            for p in self.people
        ]


class ActionForm(forms.Form):
    title = forms.CharField(label=_("Action"), max_length=200)
    axis = forms.ChoiceField(label=_("Axis"), choices=Axis.choices)
    description = _text(_("Details"))
    owner: forms.ModelChoiceField[Membership] = forms.ModelChoiceField(
        label=_("Owner"), queryset=Membership.objects.none(), required=False
    )
    due_on = forms.DateField(label=_("Due on"), required=False, widget=DATE)
    # The model field's verbose name too, which translations write in lower case.
    kpi: forms.ModelChoiceField[KpiDefinition] = forms.ModelChoiceField(
        label=capfirst(_("KPI it should move")),
        queryset=KpiDefinition.objects.none(),
        required=False,
    )

    def __init__(
        self,
        *args: Any,
        people: QuerySet[Membership],
        kpis: QuerySet[KpiDefinition],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        fields: dict[str, Any] = self.fields
        fields["owner"].queryset = people
        fields["owner"].label_from_instance = lambda m: m.user.get_full_name() or m.user.email
        fields["kpi"].queryset = kpis
        fields["kpi"].label_from_instance = lambda k: k.name

    @staticmethod
    def initial_of(action: PlanAction) -> dict[str, Any]:
        return {name: getattr(action, name) for name in SPEC_FIELDS}

    def spec(self) -> ActionSpec:
        return ActionSpec(**self.cleaned_data)


class RegionDiagnosticForm(forms.Form):
    """The region's diagnostic: customers' voice across the region, the units' voice (the
    regional team's own customers), how the team manages and cooperates."""

    customer_voice = _text(_("What customers across the region say: the synthesis"), rows=6)
    units_voice = _text(_("What the units expect of the regional team"), rows=6)
    cooperation = _text(
        _("How the team manages and cooperates: its gaps against the standards"), rows=6
    )


class RegionActionForm(ActionForm):
    """An action of the region's plan: its axes the region's, its owner one of the team."""

    axis = forms.ChoiceField(label=_("Axis"), choices=RegionAxis.choices)


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices)


class CommentForm(forms.Form):
    text = _text(_("Your comment"), required=True, rows=3)


class CoachingDayForm(forms.Form):
    point_of_sale: forms.ModelChoiceField[PointOfSale] = forms.ModelChoiceField(
        label=_("Point of sale"), queryset=PointOfSale.objects.none()
    )
    date = forms.DateField(label=_("Date"), widget=DATE)
    objectives = _text(_("Objectives of the day"), required=True)
    work_done = _text(_("What was done"))
    next_steps = _text(_("Next steps"))

    def __init__(
        self, *args: Any, points: QuerySet[PointOfSale] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if points is None:  # editing: the day stays where it was
            del self.fields["point_of_sale"]
        else:
            fields: dict[str, Any] = self.fields
            fields["point_of_sale"].queryset = points
            fields["point_of_sale"].label_from_instance = lambda p: f"{p.name} ({p.code})"

    def spec(self) -> DaySpec:
        data = self.cleaned_data
        return DaySpec(data["date"], data["objectives"], data["work_done"], data["next_steps"])


class RatingForm(forms.Form):
    score = forms.TypedChoiceField(
        label=_("Your rating of the coach, from 1 to 5"),
        choices=[(n, str(n)) for n in range(1, 6)],
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
