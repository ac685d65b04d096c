"""Forms of the core pages. Every queryset is scoped to the tenant (CHECKLIST T4)."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django_scopes.forms import SafeModelChoiceField

from .models import Membership, PointOfSale, Region, Role, Tenant, Zone


class TenantFormMixin:
    """Binds a form to a tenant: scoped choices, and codes unique within the tenant."""

    tenant: Tenant
    unique_code_model: Any = None

    def clean_code(self):
        code = self.cleaned_data["code"].strip()  # type: ignore[attr-defined]
        model = self.unique_code_model
        if model is not None:
            clash = model.objects.filter(tenant=self.tenant, code__iexact=code)
            instance = getattr(self, "instance", None)
            if instance is not None and instance.pk:
                clash = clash.exclude(pk=instance.pk)
            if clash.exists():
                raise forms.ValidationError(_("This code is already used."))
        return code


class RegionForm(TenantFormMixin, forms.ModelForm):
    unique_code_model = Region

    class Meta:
        model = Region
        fields = ["code", "name"]

    def __init__(self, *args, tenant: Tenant, **kwargs):
        super().__init__(*args, **kwargs)
        self.tenant = tenant


class ZoneForm(TenantFormMixin, forms.ModelForm):
    unique_code_model = Zone

    class Meta:
        model = Zone
        fields = ["code", "name", "region"]
        field_classes = {"region": SafeModelChoiceField}

    def __init__(self, *args, tenant: Tenant, **kwargs):
        super().__init__(*args, **kwargs)
        self.tenant = tenant
        self.fields["region"].queryset = Region.objects.filter(tenant=tenant)  # type: ignore[attr-defined]


class PointOfSaleForm(TenantFormMixin, forms.ModelForm):
    unique_code_model = PointOfSale
    brands = forms.CharField(label=_("Brands"), required=False, help_text=_("Separated by commas."))

    class Meta:
        model = PointOfSale
        fields = [
            "code",
            "name",
            "zone",
            "type",
            "size_class",
            "brands",
            "city",
            "opening_date",
            "is_active",
        ]
        field_classes = {"zone": SafeModelChoiceField}
        widgets = {"opening_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, tenant: Tenant, **kwargs):
        super().__init__(*args, **kwargs)
        self.tenant = tenant
        self.fields["zone"].queryset = Zone.objects.filter(tenant=tenant)  # type: ignore[attr-defined]
        if self.instance.pk:
            self.initial["brands"] = self.instance.brands_display

    def clean_brands(self) -> list[str]:
        return [b.strip() for b in self.cleaned_data["brands"].split(",") if b.strip()]


class MembershipForm(forms.Form):
    email = forms.EmailField(label=_("Email"))
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    region: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Region"), queryset=Region.objects.none(), required=False
    )
    zones: forms.ModelMultipleChoiceField = forms.ModelMultipleChoiceField(
        label=_("Zones"), queryset=Zone.objects.none(), required=False
    )
    point_of_sale: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Point of sale"), queryset=PointOfSale.objects.none(), required=False
    )
    job_title = forms.CharField(label=_("Job title"), max_length=120, required=False)
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args, tenant: Tenant, membership: Membership | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.tenant = tenant
        self.membership = membership
        self.fields["region"].queryset = Region.objects.filter(tenant=tenant)  # type: ignore[attr-defined]
        self.fields["zones"].queryset = Zone.objects.filter(tenant=tenant)  # type: ignore[attr-defined]
        self.fields["point_of_sale"].queryset = PointOfSale.objects.filter(tenant=tenant)  # type: ignore[attr-defined]
        if membership is not None:
            self.fields["email"].disabled = True
            self.initial.update(
                {
                    "email": membership.user.email,
                    "first_name": membership.user.first_name,
                    "last_name": membership.user.last_name,
                    "role": membership.role,
                    "region": membership.region,
                    "zones": list(membership.zones.all()),
                    "point_of_sale": membership.point_of_sale,
                    "job_title": membership.job_title,
                    "is_active": membership.is_active,
                }
            )

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].lower()
        if (
            self.membership is None
            and Membership.objects.filter(tenant=self.tenant, user__email__iexact=email).exists()
        ):
            raise forms.ValidationError(_("This person already belongs to the network."))
        return email

    def clean(self):
        data = super().clean() or {}
        role = data.get("role")
        if role == Role.REGIONAL_DIRECTOR and not data.get("region"):
            self.add_error("region", _("A regional director needs a region."))
        if role == Role.ANIMATOR and not data.get("zones"):
            self.add_error("zones", _("An animator needs at least one zone."))
        if role in (Role.POS_MANAGER, Role.POS_STAFF) and not data.get("point_of_sale"):
            self.add_error("point_of_sale", _("Point of sale staff need a point of sale."))
        return data


class OrganisationImportForm(forms.Form):
    KIND_CHOICES = [
        ("points_of_sale", _("Points of sale")),
        ("people", _("People and roles")),
    ]
    kind = forms.ChoiceField(label=_("What the file contains"), choices=KIND_CHOICES)
    file = forms.FileField(label=_("CSV or XLSX file"))


class ServiceTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("Which system uses it, e.g. “Manufacturer DMS”."),
    )


class ProfileLanguageForm(forms.Form):
    language = forms.ChoiceField(choices=[("fr", "Français"), ("en", "English")])
