"""The form of an audience (network_animation.audiences), for every app that names one
(announcements and documents, module assignments): the places offered are those the sender may
address; the services check it again (`audience_within`)."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .audiences import CRITERIA, Audience, point_of_sale_type_choices
from .models import Membership, Region, Role, Tenant, Zone
from .permissions import membership_zone_ids

AUDIENCE_HELP = _("Tick nothing in a list to leave it open; within a list, any ticked value.")


def _checkboxes(label: Any, choices: list[tuple[Any, Any]]) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label, choices=choices, required=False, widget=forms.CheckboxSelectMultiple
    )


class AudienceForm(forms.Form):
    """A form's audience fields, after its own: regions (head office only), zones (those the
    sender looks after), roles, point-of-sale types and the registered criteria."""

    def __init__(self, *args: Any, tenant: Tenant, membership: Membership, **kwargs: Any):
        super().__init__(*args, **kwargs)
        zones = Zone.objects.filter(tenant=tenant).order_by("name")
        if membership.role == Role.ANIMATOR:
            zones = zones.filter(pk__in=membership_zone_ids(membership))
        elif membership.role == Role.REGIONAL_DIRECTOR:
            region = membership.region_id
            zones = zones.filter(region_id=region) if region is not None else zones.none()
        else:
            regions = Region.objects.filter(tenant=tenant).order_by("name")
            self.fields["regions"] = _checkboxes(
                _("Regions"), [(str(r.pk), r.name) for r in regions]
            )
        self.fields["zones"] = _checkboxes(_("Zones"), [(str(z.pk), z.name) for z in zones])
        self.fields["roles"] = _checkboxes(_("Roles"), list(Role.choices))
        self.fields["point_of_sale_types"] = _checkboxes(
            _("Types of point of sale"), point_of_sale_type_choices()
        )
        for code, criterion in sorted(CRITERIA.items()):
            self.fields[f"criterion_{code}"] = _checkboxes(
                criterion.label, criterion.choices(tenant)
            )
        self.fields["roles"].help_text = AUDIENCE_HELP

    def audience_fields(self) -> list[forms.BoundField]:
        names = ["regions", "zones", "roles", "point_of_sale_types"]
        names += [name for name in self.fields if name.startswith("criterion_")]
        return [self[name] for name in names if name in self.fields]

    def other_fields(self) -> list[forms.BoundField]:
        shown = {field.name for field in self.audience_fields()}
        return [self[name] for name in self.fields if name not in shown]

    def audience(self) -> Audience:
        """The audience the ticked boxes name (from cleaned data, or from the raw data while
        the person composes: the live count runs before the text is written)."""
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}

        def ticked(name: str) -> list[str]:
            if name in data:
                return list(data[name])
            if name not in self.fields or not self.is_bound:
                return []
            field = self.fields[name]
            raw = field.widget.value_from_datadict(self.data, self.files, self.add_prefix(name))
            try:
                return list(field.clean(raw))
            except ValidationError:  # a value not offered: the count ignores the list
                return []

        criteria = {(code, value) for code in CRITERIA for value in ticked(f"criterion_{code}")}
        return Audience(
            regions=frozenset(int(pk) for pk in ticked("regions")),
            zones=frozenset(int(pk) for pk in ticked("zones")),
            roles=frozenset(ticked("roles")),
            point_of_sale_types=frozenset(ticked("point_of_sale_types")),
            criteria=frozenset(criteria),
        )
