"""Forms of the KPI pages. Every choice of a KPI or scope is scoped to the tenant (CHECKLIST T4)."""

import datetime as dt
from typing import Any, cast

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from network_animation.models import Membership, PointOfSale, Region, Tenant, Zone

from . import errors
from .models import Aggregation, Direction, KpiDefinition, KpiFact, Level, Objective, Period
from .models import period_start_of as first_day_of

DATE_INPUTS = ["%Y-%m-%d", "%d/%m/%Y"]
# Decimal commas as French people type them (the field is localised), a numeric keypad on phones.
DECIMAL_INPUT = forms.TextInput(attrs={"inputmode": "decimal"})


class UploadForm(forms.Form):
    file = forms.FileField(label=_("File (CSV or XLSX)"))


class UploadConfirmForm(forms.Form):
    upload = forms.CharField(widget=forms.HiddenInput, max_length=64)


PRODUCER_FIXED_FIELDS = ("code", "aggregation", "numerator", "denominator", "multiplier")


class KpiDefinitionForm(forms.Form):
    code = forms.SlugField(label=_("Code"), max_length=40, allow_unicode=False)
    name_fr = forms.CharField(label=_("Name (French)"), max_length=200)
    name_en = forms.CharField(label=_("Name (English)"), max_length=200)
    unit = forms.CharField(label=_("Unit"), max_length=20, required=False)
    family = forms.CharField(
        label=_("Family"),
        max_length=60,
        required=False,
        help_text=_("KPIs with the same stakes, e.g. “Sales”: the family gets its community."),
    )
    aggregation = forms.ChoiceField(label=_("Aggregation"), choices=Aggregation.choices)
    numerator: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Numerator"),
        queryset=KpiDefinition.objects.none(),
        required=False,
        help_text=_("A ratio only: a summed KPI."),
    )
    denominator: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Denominator"),
        queryset=KpiDefinition.objects.none(),
        required=False,
        help_text=_("A ratio only: a summed KPI."),
    )
    multiplier = forms.FloatField(
        label=_("Multiplier"),
        initial=1.0,
        localize=True,
        widget=DECIMAL_INPUT,
        help_text=_("100 shows a ratio as a percentage."),
    )
    direction = forms.ChoiceField(label=_("Direction"), choices=Direction.choices)
    decimals = forms.IntegerField(label=_("Decimals"), min_value=0, max_value=6, initial=0)
    position = forms.IntegerField(label=_("Position"), min_value=0, max_value=32767, initial=0)
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(
        self, *args: Any, tenant: Tenant, kpi: KpiDefinition | None = None, **kwargs: Any
    ) -> None:
        if kpi is not None:
            kwargs.setdefault("initial", {field: getattr(kpi, field) for field in self.base_fields})
        super().__init__(*args, **kwargs)
        self.tenant, self.kpi = tenant, kpi
        summed = KpiDefinition.objects.filter(tenant=tenant, aggregation=Aggregation.SUM)
        if kpi is not None:
            summed = summed.exclude(pk=kpi.pk)
        for name in ("numerator", "denominator"):
            cast(forms.ModelChoiceField, self.fields[name]).queryset = summed
        if kpi is not None and kpi.producer:
            # The platform writes its facts under this code and adds them up this way.
            for name in PRODUCER_FIXED_FIELDS:
                self.fields[name].disabled = True
                self.fields[name].help_text = errors.WRITTEN_BY_THE_PLATFORM

    def clean_code(self) -> str:
        code = self.cleaned_data["code"]
        clash = KpiDefinition.objects.filter(tenant=self.tenant, code__iexact=code)
        if self.kpi is not None:
            clash = clash.exclude(pk=self.kpi.pk)
        if clash.exists():
            raise forms.ValidationError(errors.CODE_TAKEN)
        return code

    def clean_multiplier(self) -> float:
        if self.cleaned_data["multiplier"] == 0:
            raise forms.ValidationError(errors.MULTIPLIER_ZERO)
        return self.cleaned_data["multiplier"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("aggregation") == Aggregation.RATIO:
            self._check_ratio(data)
        else:
            for name in ("numerator", "denominator"):
                if data.get(name) is not None:
                    self.add_error(name, errors.PARTS_ONLY_FOR_RATIO)
        self._check_not_a_part(data)
        return data

    def _check_ratio(self, data: dict[str, Any]) -> None:
        for name in ("numerator", "denominator"):
            if data.get(name) is None and name not in self.errors:
                self.add_error(name, errors.RATIO_NEEDS_PARTS)
        if self.kpi is not None and (
            KpiFact.objects.filter(tenant=self.tenant, kpi=self.kpi).exists()
        ):
            self.add_error("aggregation", errors.RATIO_HAS_FACTS)

    def _check_not_a_part(self, data: dict[str, Any]) -> None:
        """A KPI some ratio is made of must stay a sum (the ratio adds up its facts)."""
        if self.kpi is None or data.get("aggregation") in (None, Aggregation.SUM):
            return
        ratio = KpiDefinition.objects.filter(
            Q(numerator=self.kpi) | Q(denominator=self.kpi), tenant=self.tenant
        ).first()
        if ratio is not None:
            self.add_error("aggregation", str(errors.PART_OF_A_RATIO) % {"value": ratio.code})


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Membership) -> str:
        return f"{obj.user.get_full_name() or obj.user.email} <{obj.user.email}>"


class ObjectiveForm(forms.Form):
    kpi: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("KPI"), queryset=KpiDefinition.objects.none()
    )
    level = forms.ChoiceField(label=_("Scope"), choices=Level.choices, initial=Level.POINT_OF_SALE)
    point_of_sale: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Point of sale"), queryset=PointOfSale.objects.none(), required=False
    )
    person = PersonChoiceField(
        label=_("Person"), queryset=Membership.objects.none(), required=False
    )
    zone: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Zone"), queryset=Zone.objects.none(), required=False
    )
    region: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Region"), queryset=Region.objects.none(), required=False
    )
    period = forms.ChoiceField(label=_("Period"), choices=Period.choices, initial=Period.MONTH)
    period_start = forms.DateField(
        label=_("Start of the period"),
        input_formats=DATE_INPUTS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("The first day of the month, quarter or year."),
    )
    target = forms.FloatField(label=_("Target"), localize=True, widget=DECIMAL_INPUT)

    def __init__(
        self, *args: Any, tenant: Tenant, objective: Objective | None = None, **kwargs: Any
    ) -> None:
        if objective is not None:
            kwargs.setdefault("initial", _objective_initial(objective))
        super().__init__(*args, **kwargs)
        self.tenant, self.objective = tenant, objective
        querysets = {
            "kpi": KpiDefinition.objects.filter(tenant=tenant),
            "point_of_sale": PointOfSale.objects.filter(tenant=tenant),
            "person": Membership.objects.filter(tenant=tenant).select_related("user"),
            "zone": Zone.objects.filter(tenant=tenant),
            "region": Region.objects.filter(tenant=tenant),
        }
        for name, queryset in querysets.items():
            cast(forms.ModelChoiceField, self.fields[name]).queryset = queryset

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        level = data.get("level")
        data["scope"] = data.get(level) if level and level != Level.NETWORK else None
        if level and level != Level.NETWORK and level not in self.errors and data["scope"] is None:
            self.add_error(level, str(errors.SCOPE_MISSING) % {"value": _level_name(level)})
        start, period = data.get("period_start"), data.get("period")
        if isinstance(start, dt.date) and period and first_day_of(period, start) != start:
            first = f"{first_day_of(period, start):%d/%m/%Y}"
            self.add_error("period_start", str(errors.BAD_PERIOD_START) % {"value": first})
        if not self.errors and self._clashes(data):
            raise forms.ValidationError(errors.OBJECTIVE_EXISTS)
        return data

    def _clashes(self, data: dict[str, Any]) -> bool:
        scope = data["scope"]
        clash = Objective.objects.filter(
            tenant=self.tenant,
            kpi=data["kpi"],
            period=data["period"],
            period_start=data["period_start"],
            level=data["level"],
            scope_key=scope.pk if scope is not None else 0,
        )
        if self.objective is not None:
            clash = clash.exclude(pk=self.objective.pk)
        return clash.exists()


def _level_name(level: str) -> str:
    return str(Level(level).label).lower()


def _objective_initial(objective: Objective) -> dict[str, Any]:
    initial = {
        name: getattr(objective, name)
        for name in ("kpi", "level", "period", "period_start", "target")
    }
    for name in ("point_of_sale", "person", "zone", "region"):
        initial[name] = getattr(objective, f"{name}_id")
    return initial


class ObjectiveFilterForm(forms.Form):
    kpi: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("KPI"),
        queryset=KpiDefinition.objects.none(),
        required=False,
        empty_label=_("All KPIs"),
    )
    level = forms.ChoiceField(
        label=_("Scope"), choices=[("", _("All scopes")), *Level.choices], required=False
    )
    period = forms.ChoiceField(
        label=_("Period"), choices=[("", _("All periods")), *Period.choices], required=False
    )
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100, required=False)

    def __init__(self, *args: Any, tenant: Tenant, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kpi = cast(forms.ModelChoiceField, self.fields["kpi"])
        kpi.queryset = KpiDefinition.objects.filter(tenant=tenant)
