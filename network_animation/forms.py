"""Forms of the core pages. Every queryset is scoped to the tenant (CHECKLIST T4)."""

from typing import Any, cast

from django import forms
from django.contrib.auth import password_validation
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django_scopes.forms import SafeModelChoiceField

from .errors import ALREADY_MEMBER
from .models import Channel, Frequency, Membership, PointOfSale, Region, Role, Tenant, User, Zone
from .notifications import NotificationKind
from .services.people import RoleScopeInvalid, role_scope_check


def scope_choices(field: forms.Field, queryset: QuerySet[Any]) -> None:
    """A model choice field's choices, from the tenant's rows only."""
    cast(forms.ModelChoiceField, field).queryset = queryset


class TenantFormMixin:
    """Binds a form to a tenant: scoped choices, and codes unique within the tenant."""

    tenant: Tenant
    unique_code_model: Any = None
    cleaned_data: dict[str, Any]  # the form's

    def clean_code(self) -> str:
        code: str = self.cleaned_data["code"].strip()
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

    def __init__(self, *args: Any, tenant: Tenant, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.tenant = tenant


class ZoneForm(TenantFormMixin, forms.ModelForm):
    unique_code_model = Zone

    class Meta:
        model = Zone
        fields = ["code", "name", "region"]
        field_classes = {"region": SafeModelChoiceField}

    def __init__(self, *args: Any, tenant: Tenant, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.tenant = tenant
        scope_choices(self.fields["region"], Region.objects.filter(tenant=tenant))


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

    def __init__(self, *args: Any, tenant: Tenant, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.tenant = tenant
        scope_choices(self.fields["zone"], Zone.objects.filter(tenant=tenant))
        if self.instance.pk:
            self.initial["brands"] = self.instance.brands_display

    def clean_brands(self) -> list[str]:
        return [b.strip() for b in self.cleaned_data["brands"].split(",") if b.strip()]


class RoleScopeForm(forms.Form):
    """A role and its scope in a tenant, checked by the one rule of the people service."""

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

    def __init__(self, *args: Any, tenant: Tenant, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.tenant = tenant
        scope_choices(self.fields["region"], Region.objects.filter(tenant=tenant))
        scope_choices(self.fields["zones"], Zone.objects.filter(tenant=tenant))
        scope_choices(self.fields["point_of_sale"], PointOfSale.objects.filter(tenant=tenant))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("role"):
            try:
                role_scope_check(
                    tenant=self.tenant,
                    role=data["role"],
                    region=data.get("region"),
                    zones=data.get("zones") or (),
                    point_of_sale=data.get("point_of_sale"),
                )
            except RoleScopeInvalid as invalid:
                self.add_error(invalid.field, str(invalid.message))
        return data


class InvitationForm(RoleScopeForm):
    """Inviting an address into the network, whether the person has an account or not."""

    email = forms.EmailField(label=_("Email"))
    first_name = forms.CharField(
        label=_("First name"),
        max_length=150,
        required=False,
        help_text=_("Suggested for a new account; a person who has one keeps their own name."),
    )
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    language = forms.ChoiceField(
        label=_("Language of the invitation"), choices=[("fr", "Français"), ("en", "English")]
    )
    field_order = ["email", "first_name", "last_name", "language"]

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].lower()
        if Membership.objects.filter(tenant=self.tenant, user__email__iexact=email).exists():
            raise forms.ValidationError(ALREADY_MEMBER)
        return email


class MembershipForm(RoleScopeForm):
    """A member's role, scope and job title: their name and account are theirs."""

    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args: Any, tenant: Tenant, membership: Membership, **kwargs: Any) -> None:
        super().__init__(*args, tenant=tenant, **kwargs)
        self.membership = membership
        self.initial.update(
            {
                "role": membership.role,
                "region": membership.region,
                "zones": list(membership.zones.all()),
                "point_of_sale": membership.point_of_sale,
                "job_title": membership.job_title,
                "is_active": membership.is_active,
            }
        )


class InvitationAccountForm(forms.Form):
    """The account an invited person creates: their own names, language and password."""

    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    language = forms.ChoiceField(
        label=_("Language"), choices=[("fr", "Français"), ("en", "English")]
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password_again = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args: Any, email: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        password = data.get("password")
        if password and password != data.get("password_again"):
            self.add_error("password_again", _("The two passwords differ."))
        elif password:
            person = User(
                email=self.email,
                first_name=data.get("first_name", ""),
                last_name=data.get("last_name", ""),
            )
            try:
                password_validation.validate_password(password, person)
            except forms.ValidationError as invalid:
                self.add_error("password", invalid)
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


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["first_name", "last_name", "language"]


class ProfileLanguageForm(forms.Form):
    language = forms.ChoiceField(choices=[("fr", "Français"), ("en", "English")])


class NotificationPreferencesForm(forms.Form):
    """Per kind of notification: shown in the platform or not, and how often by email."""

    EMAIL_CHOICES = [
        (Frequency.IMMEDIATE, _("At once")),
        (Frequency.DAILY, _("Daily digest")),
        (Frequency.WEEKLY, _("Weekly digest")),
        (Frequency.NEVER, _("Never")),
    ]

    def __init__(
        self,
        *args: Any,
        kinds: list[NotificationKind],
        current: dict[tuple[str, str], str],
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        self.kinds = kinds
        for kind in kinds:
            self.fields[f"{kind.code}:platform"] = forms.BooleanField(
                label=_("In the platform"),
                required=False,
                initial=current[(kind.code, Channel.PLATFORM)] != Frequency.NEVER,
            )
            self.fields[f"{kind.code}:email"] = forms.ChoiceField(
                label=_("By email"),
                choices=self.EMAIL_CHOICES,
                initial=current[(kind.code, Channel.EMAIL)],
            )

    def rows(self) -> list[tuple[NotificationKind, forms.BoundField, forms.BoundField]]:
        return [
            (kind, self[f"{kind.code}:platform"], self[f"{kind.code}:email"]) for kind in self.kinds
        ]

    def choices(self) -> dict[tuple[str, str], str]:
        chosen: dict[tuple[str, str], str] = {}
        for kind in self.kinds:
            on = self.cleaned_data[f"{kind.code}:platform"]
            chosen[(kind.code, Channel.PLATFORM)] = Frequency.IMMEDIATE if on else Frequency.NEVER
            chosen[(kind.code, Channel.EMAIL)] = self.cleaned_data[f"{kind.code}:email"]
        return chosen
