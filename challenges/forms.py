"""The launch form, filled in three steps (htmx, no page reload), and the label grid form.

Every queryset is scoped to the tenant and the scope: a KPI of another network or a point of
sale outside the zone is "not one of the available choices" (CHECKLIST T4)."""

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from kpis.models import KpiDefinition
from network_animation.models import PointOfSale, Region, Tenant, Zone

from . import errors
from .models import (
    KPI_MEASURES,
    Challenge,
    ChallengeKpi,
    LabelLevel,
    Measure,
    ParticipantKind,
    Renewal,
    ScoringRule,
    TieBreak,
)
from .services import ChallengeSpec, CriterionSpec, KpiChoice
from .services.launch import scope_points_of_sale

KPI_ROWS = 3
STEPS = [
    ["name", "participant_kind", "scoring_rule", "tie_break"]
    + [f"{name}_{i}" for i in range(1, KPI_ROWS + 1) for name in ("kpi", "weight")],
    ["start", "end", "renewal", "point_of_sale_type", "size_class", "points_of_sale"]
    + [f"target_{i}" for i in range(1, KPI_ROWS + 1)],
    ["winner_count", "winner_points", "winner_badge", "threshold", "threshold_points"],
]
STEP_TITLES = [_("Challenge and KPIs"), _("Period and participants"), _("Rewards")]
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ChallengeLaunchForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    participant_kind = forms.ChoiceField(label=_("Who competes"), choices=ParticipantKind.choices)
    scoring_rule = forms.ChoiceField(label=_("Scoring rule"), choices=ScoringRule.choices)
    tie_break = forms.ChoiceField(  # buttons: a select cut its long choices on a phone
        label=_("Ties"),
        choices=TieBreak.choices,
        initial=TieBreak.HEAVIEST_KPI,
        widget=forms.RadioSelect,
    )
    start = forms.DateField(label=_("Start"), widget=DATE)
    end = forms.DateField(label=_("End"), widget=DATE)
    renewal = forms.ChoiceField(label=_("Renewal"), choices=Renewal.choices, required=False)
    point_of_sale_type = forms.ChoiceField(
        label=_("Only this type"),
        required=False,
        choices=[("", _("Every type")), *PointOfSale.Type.choices],
    )
    size_class = forms.ChoiceField(
        label=_("Only this size"),
        required=False,
        choices=[("", _("Every size")), *PointOfSale.SizeClass.choices],
    )
    points_of_sale: forms.ModelMultipleChoiceField = forms.ModelMultipleChoiceField(
        label=_("Or choose the points of sale"),
        required=False,
        queryset=PointOfSale.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    winner_count = forms.IntegerField(label=_("Number of winners"), min_value=0, initial=3)
    winner_points = forms.IntegerField(label=_("Points for each winner"), min_value=0, initial=100)
    winner_badge = forms.CharField(label=_("Badge for the winners"), max_length=60, required=False)
    threshold = forms.FloatField(
        label=_("Reward everyone from this score (%)"), min_value=0, required=False
    )
    threshold_points = forms.IntegerField(label=_("Points above it"), min_value=0, initial=0)

    def __init__(
        self,
        *args: Any,
        tenant: Tenant,
        zone: Zone | None,
        region: Region | None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.tenant, self.zone, self.region = tenant, zone, region
        kpis = KpiDefinition.objects.filter(tenant=tenant, is_active=True)
        for i in range(1, KPI_ROWS + 1):
            self.fields[f"kpi_{i}"] = forms.ModelChoiceField(
                label=_("KPI"), queryset=kpis, required=i == 1
            )
            self.fields[f"weight_{i}"] = forms.IntegerField(
                label=_("Weight"), min_value=1, max_value=10, initial=1, required=False
            )
            self.fields[f"target_{i}"] = forms.FloatField(
                label=_("Goal per participant"), required=False
            )
        # The points of sale the challenge may take in: the choices of `points_of_sale`.
        self.scope_points = scope_points_of_sale(tenant=tenant, zone=zone, region=region)
        points = cast(forms.ModelMultipleChoiceField, self.fields["points_of_sale"])
        points.queryset = self.scope_points.order_by("name")

    def step_errors(self, step: int) -> bool:
        """Whether the fields of the steps up to `step` (1-based) hold errors."""
        names = {name for fields in STEPS[:step] for name in fields}
        return any(name in names or name == "__all__" for name in self.errors)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        chosen = [data[f"kpi_{i}"] for i in range(1, KPI_ROWS + 1) if data.get(f"kpi_{i}")]
        if len({kpi.pk for kpi in chosen}) != len(chosen):
            self.add_error("kpi_2", errors.SAME_KPI_TWICE)
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", errors.END_BEFORE_START)
        return data

    def kpi_choices(self) -> list[KpiChoice]:
        data = self.cleaned_data
        return [
            KpiChoice(data[f"kpi_{i}"], data.get(f"weight_{i}") or 1, data.get(f"target_{i}"))
            for i in range(1, KPI_ROWS + 1)
            if data.get(f"kpi_{i}")
        ]

    def spec(self) -> ChallengeSpec:
        data = self.cleaned_data
        threshold = data.get("threshold")
        rewards = {
            "winner_count": data["winner_count"],
            "winner_points": data["winner_points"],
            "winner_badge": data.get("winner_badge", ""),
            "threshold": threshold / 100 if threshold is not None else None,
            "threshold_points": data.get("threshold_points") or 0,
        }
        return ChallengeSpec(
            name=data["name"],
            start=data["start"],
            end=data["end"],
            kpis=self.kpi_choices(),
            scoring_rule=data["scoring_rule"],
            tie_break=data["tie_break"],
            zone=self.zone,
            region=self.region,
            participant_kind=data["participant_kind"],
            point_of_sale_type=data.get("point_of_sale_type", ""),
            size_class=data.get("size_class", ""),
            rewards=rewards,
            points_of_sale=list(data["points_of_sale"]) or None,
            renewal=data.get("renewal", ""),
        )


class LabelGridCreateForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)


class LabelCriterionForm(forms.Form):
    level = forms.TypedChoiceField(label=_("Level"), choices=LabelLevel.choices, coerce=int)
    kpi: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("KPI"),
        queryset=KpiDefinition.objects.none(),
        required=False,
        help_text=_("For an achievement or a value only."),
    )
    measure = forms.ChoiceField(label=_("Measure"), choices=Measure.choices)
    threshold = forms.FloatField(
        label=_("Threshold"),
        required=False,
        help_text=_(
            "Achievement in % (100 = on target), a value in the KPI's unit, a share of actions "
            "done in %, or an average visit score out of 100. None for the diagnostic."
        ),
    )

    def __init__(self, *args: Any, tenant: Tenant, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kpi = cast(forms.ModelChoiceField, self.fields["kpi"])
        kpi.queryset = KpiDefinition.objects.filter(tenant=tenant, is_active=True)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        measure = data.get("measure")
        if measure in KPI_MEASURES and not data.get("kpi"):
            self.add_error("kpi", _("Choose the KPI this threshold is on."))
        if measure != Measure.DIAGNOSTIC_DONE and data.get("threshold") is None:
            self.add_error("threshold", _("Give a threshold."))
        return data

    def spec(self) -> CriterionSpec:
        data = self.cleaned_data
        measure = data["measure"]
        threshold = data["threshold"]
        if measure == Measure.ACHIEVEMENT:
            threshold /= 100  # entered as a percentage, stored as a rate like the rollups'
        if measure == Measure.DIAGNOSTIC_DONE:
            threshold = 1.0  # done (1) or not (0)
        kpi = data["kpi"] if measure in KPI_MEASURES else None
        return CriterionSpec(data["level"], kpi, measure, threshold)


LabelCriterionFormSet = forms.formset_factory(LabelCriterionForm, extra=3, can_delete=True)


class ChallengeScoringForm(forms.Form):
    """Changing how a challenge that has not started yet is scored."""

    scoring_rule = forms.ChoiceField(label=_("Scoring rule"), choices=ScoringRule.choices)
    tie_break = forms.ChoiceField(  # buttons: a select cut its long choices on a phone
        label=_("Ties"),
        choices=TieBreak.choices,
        initial=TieBreak.HEAVIEST_KPI,
        widget=forms.RadioSelect,
    )

    def __init__(
        self, *args: Any, challenge: Challenge, kpis: list[ChallengeKpi], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.challenge = challenge
        self.initial.update(scoring_rule=challenge.scoring_rule, tie_break=challenge.tie_break)
        for choice in kpis:
            self.fields[f"weight_{choice.kpi_id}"] = forms.IntegerField(
                label=_("Weight of %(kpi)s") % {"kpi": choice.kpi.name},
                min_value=1,
                max_value=10,
                initial=choice.weight,
            )

    def weights(self) -> dict[int, int]:
        return {
            int(name.removeprefix("weight_")): value
            for name, value in self.cleaned_data.items()
            if name.startswith("weight_")
        }
