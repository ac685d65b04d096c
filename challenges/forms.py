"""The launch form, filled in three steps (htmx, no page reload), and the label grid form.

Every queryset is scoped to the tenant and the scope: a KPI of another network or a point of
sale outside the zone is "not one of the available choices" (CHECKLIST T4)."""

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils import formats, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kpis.models import KpiDefinition
from microlearning.models import Certification
from microlearning.selectors.plans import certifications_list
from network_animation.models import PointOfSale, Region, Tenant, Zone

from . import errors, launch_reads, periods
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
    ["period", "start", "end", "renewal", "point_of_sale_type", "size_class", "points_of_sale"]
    + [f"target_{i}" for i in range(1, KPI_ROWS + 1)],
    ["winner_count", "winner_points", "winner_badge", "threshold", "threshold_points"],
]
STEP_TITLES = [_("Challenge and KPIs"), _("Period and participants"), _("Rewards")]
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def goal_text(value: float | Decimal, kpi: KpiDefinition) -> str:
    """A goal as the reader types it: the KPI's decimals, their decimal separator ("2,5")."""
    return str(formats.localize_input(_to_decimals(Decimal(str(value)), kpi)))


def _to_decimals(value: Decimal, kpi: KpiDefinition) -> Decimal:
    # A count has no decimals: 12.5 sales is a goal of 13.
    return value.quantize(Decimal(1).scaleb(-kpi.decimals), rounding=ROUND_HALF_UP)


class GoalField(forms.DecimalField):
    """A goal per participant on one KPI, named with the KPI and its unit, read in the reader's
    number format ("12,5" in French, spaces between thousands allowed) and rounded to the KPI's
    decimals (whole units for a count)."""

    def __init__(self, *, kpi: KpiDefinition | None, **kwargs: Any) -> None:
        self.kpi = kpi
        whole = kpi is not None and kpi.decimals == 0
        widget = forms.TextInput(
            attrs={"inputmode": "numeric" if whole else "decimal", "autocomplete": "off"}
        )
        super().__init__(
            localize=True, required=False, min_value=0, widget=widget, **kwargs, **_named(kpi)
        )

    # django-stubs derive DecimalField from IntegerField, whose to_python answers an int.
    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        if isinstance(value, str):
            value = "".join(value.split())
        return super().to_python(value)

    def clean(self, value: Any) -> Decimal | None:
        number = super().clean(value)
        return number if number is None or self.kpi is None else _to_decimals(number, self.kpi)


def _named(kpi: KpiDefinition | None) -> dict[str, Any]:
    if kpi is None:
        return {"label": gettext("Goal per participant")}
    label = gettext("%(kpi)s: goal per participant") % {"kpi": kpi.name}
    if kpi.unit.strip():
        return {"label": label, "help_text": gettext("Unit: %(unit)s") % {"unit": kpi.unit}}
    if kpi.decimals == 0:
        return {"label": label, "help_text": gettext("A count, in whole units")}
    return {"label": label}


def _period_label(period: periods.Period) -> str:
    return gettext("%(period)s, %(start)s – %(end)s") % {
        "period": periods.PRESET_LABELS[period.key],
        "start": formats.date_format(period.start, "SHORT_DATE_FORMAT"),
        "end": formats.date_format(period.end, "SHORT_DATE_FORMAT"),
    }


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
    period = forms.ChoiceField(label=_("Period"), required=False, widget=forms.RadioSelect)
    # Required when "other dates" is chosen (clean): a preset gives its own.
    start = forms.DateField(label=_("Start"), widget=DATE, required=False)
    end = forms.DateField(label=_("End"), widget=DATE, required=False)
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
        label=_("Reward everyone from this score (%)"), min_value=0, required=False, localize=True
    )
    threshold_points = forms.IntegerField(label=_("Points above it"), min_value=0, initial=0)
    # Posted from the warning that a challenge of the same name runs over the same days.
    confirm_namesake = forms.BooleanField(
        label=_("Launch it anyway under this name"), required=False
    )

    def __init__(
        self,
        *args: Any,
        tenant: Tenant,
        zone: Zone | None,
        region: Region | None,
        today: dt.date | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.tenant, self.zone, self.region = tenant, zone, region
        self.today = today or timezone.localdate()
        kpis = KpiDefinition.objects.filter(tenant=tenant, is_active=True)
        # The KPIs of step 1 as posted, to name the goals of step 2 after them.
        self.goal_kpis = self._posted_kpis(kpis)
        for i in range(1, KPI_ROWS + 1):
            self.fields[f"kpi_{i}"] = forms.ModelChoiceField(
                label=_("KPI"), queryset=kpis, required=i == 1
            )
            self.fields[f"weight_{i}"] = forms.IntegerField(
                label=_("Weight"), min_value=1, max_value=10, initial=1, required=False
            )
            self.fields[f"target_{i}"] = GoalField(kpi=self.goal_kpis.get(i))
        self._offer_periods()
        # The points of sale the challenge may take in: the choices of `points_of_sale`.
        self.scope_points = scope_points_of_sale(tenant=tenant, zone=zone, region=region)
        points = cast(forms.ModelMultipleChoiceField, self.fields["points_of_sale"])
        points.queryset = self.scope_points.order_by("name")

    def _posted_kpis(self, kpis: QuerySet[KpiDefinition]) -> dict[int, KpiDefinition]:
        posted = {i: self.data.get(self.add_prefix(f"kpi_{i}")) for i in range(1, KPI_ROWS + 1)}
        ids = {i: int(v) for i, v in posted.items() if isinstance(v, str) and v.isdigit()}
        found = {kpi.pk: kpi for kpi in kpis.filter(pk__in=ids.values())} if ids else {}
        return {i: found[pk] for i, pk in ids.items() if pk in found}

    def _offer_periods(self) -> None:
        """The presets worth offering, given when the chosen KPIs' next figures arrive."""
        self.last_figures = launch_reads.figures_last_day(
            tenant=self.tenant, kpis=list(self.goal_kpis.values()), today=self.today
        )
        self.periods = periods.offered(self.today, self.last_figures)
        period = cast(forms.ChoiceField, self.fields["period"])
        period.choices = [(p.key, _period_label(p)) for p in self.periods] + [
            (periods.OTHER_DATES, _("Other dates"))
        ]

    def default_period(self) -> periods.Period:
        return periods.default_period(self.today, self.last_figures)

    @property
    def scored_on_goals(self) -> bool:
        """Whether the rule posted in step 1 scores on the goals (absolute), rather than on each
        one's own objective or last year's figure."""
        return self.data.get(self.add_prefix("scoring_rule")) == ScoringRule.ABSOLUTE

    def goal_fields(self) -> list[forms.BoundField]:
        """One goal per KPI chosen, when the rule scores on them."""
        return [self[f"target_{i}"] for i in sorted(self.goal_kpis)] if self.scored_on_goals else []

    def step_errors(self, step: int) -> bool:
        """Whether the fields of the steps up to `step` (1-based) hold errors."""
        names = {name for fields in STEPS[:step] for name in fields}
        return any(name in names or name == "__all__" for name in self.errors)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        chosen = [data[f"kpi_{i}"] for i in range(1, KPI_ROWS + 1) if data.get(f"kpi_{i}")]
        if len({kpi.pk for kpi in chosen}) != len(chosen):
            self.add_error("kpi_2", errors.SAME_KPI_TWICE)
        self._clean_period(data)
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", errors.END_BEFORE_START)
        return data

    def _clean_period(self, data: dict[str, Any]) -> None:
        """A preset gives its dates; other dates must be given."""
        preset = next((p for p in self.periods if p.key == data.get("period")), None)
        if preset is not None:
            data["start"], data["end"] = preset.start, preset.end
            return
        for name in ("start", "end"):
            if not data.get(name) and not self.has_error(name):
                self.add_error(name, self.fields[name].error_messages["required"])

    def kpi_choices(self) -> list[KpiChoice]:
        data = self.cleaned_data
        return [
            KpiChoice(data[f"kpi_{i}"], data.get(f"weight_{i}") or 1, self._goal(i))
            for i in range(1, KPI_ROWS + 1)
            if data.get(f"kpi_{i}")
        ]

    def _goal(self, i: int) -> float | None:
        """The goal of the i-th KPI, kept only when the rule scores on it (absolute)."""
        goal = self.cleaned_data.get(f"target_{i}")
        scored = self.cleaned_data.get("scoring_rule") == ScoringRule.ABSOLUTE
        return float(goal) if scored and goal is not None else None

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
    certification: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Certification"),
        queryset=Certification.objects.none(),
        required=False,
        help_text=_(
            "For the share of people certified only: the threshold is the share, in %, of the "
            "point of sale's people of its role who hold it at the year's end."
        ),
    )
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
        certification = cast(forms.ModelChoiceField, self.fields["certification"])
        certification.queryset = certifications_list(tenant=tenant)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        measure = data.get("measure")
        if measure in KPI_MEASURES and not data.get("kpi"):
            self.add_error("kpi", _("Choose the KPI this threshold is on."))
        if measure == Measure.CERTIFIED_SHARE and not data.get("certification"):
            self.add_error("certification", _("Choose the certification whose holders count."))
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
        certification = data["certification"] if measure == Measure.CERTIFIED_SHARE else None
        return CriterionSpec(data["level"], kpi, measure, threshold, certification)


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
