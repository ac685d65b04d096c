"""Forms of assignments: a module, a due date and an audience whose places are those the author
may address (the service narrows and checks it again: network_animation.audiences)."""

import datetime as dt
from typing import Any

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from network_animation.audiences import CRITERIA, Audience, point_of_sale_type_choices
from network_animation.models import Membership, Region, Role, Tenant, Zone
from network_animation.permissions import membership_zone_ids

from .models import Module

AUDIENCE_HELP = _("Tick nothing in a list to leave it open; within a list, any ticked value.")


def _checkboxes(label: Any, choices: list[tuple[Any, Any]]) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label, choices=choices, required=False, widget=forms.CheckboxSelectMultiple
    )


def _modules(tenant: Tenant, membership: Membership) -> Any:
    modules = Module.objects.filter(tenant=tenant, status=Module.Status.PUBLISHED)
    if membership.role == Role.ANIMATOR:
        zones = membership_zone_ids(membership)
        modules = modules.filter(Q(zone__isnull=True) | Q(zone_id__in=zones))
    return modules.order_by("title_fr", "title_en", "pk")


class PushForm(forms.Form):
    """A module and a due date (the point of sale is the page's)."""

    due_on = forms.DateField(label=_("Due date"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, tenant: Tenant, membership: Membership, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["module"] = forms.ModelChoiceField(
            label=_("Module"), queryset=_modules(tenant, membership)
        )
        self.order_fields(["module", "due_on"])
        if not self.is_bound:
            self.initial["due_on"] = timezone.localdate() + dt.timedelta(days=14)


class AssignmentForm(PushForm):
    """A module, a due date and an audience: regions (head office only), zones (the author's),
    roles, point-of-sale types and the registered criteria."""

    def __init__(self, *args: Any, tenant: Tenant, membership: Membership, **kwargs: Any):
        super().__init__(*args, tenant=tenant, membership=membership, **kwargs)
        zones = Zone.objects.filter(tenant=tenant).order_by("name")
        if membership.role == Role.ANIMATOR:
            zones = zones.filter(pk__in=membership_zone_ids(membership))
        else:
            regions = Region.objects.filter(tenant=tenant).order_by("name")
            self.fields["regions"] = _checkboxes(
                _("Regions"), [(str(r.pk), r.name) for r in regions]
            )
        self.fields["zones"] = _checkboxes(_("Zones"), [(str(z.pk), z.name) for z in zones])
        self.fields["roles"] = _checkboxes(_("Roles"), list(Role.choices))
        self.fields["roles"].help_text = AUDIENCE_HELP
        self.fields["point_of_sale_types"] = _checkboxes(
            _("Types of point of sale"), point_of_sale_type_choices()
        )
        for code, criterion in sorted(CRITERIA.items()):
            self.fields[f"criterion_{code}"] = _checkboxes(
                criterion.label, criterion.choices(tenant)
            )

    def audience(self) -> Audience:
        data = self.cleaned_data
        criteria = {
            (code, value) for code in CRITERIA for value in data.get(f"criterion_{code}", [])
        }
        return Audience(
            regions=frozenset(int(pk) for pk in data.get("regions", [])),
            zones=frozenset(int(pk) for pk in data.get("zones", [])),
            roles=frozenset(data.get("roles", [])),
            point_of_sale_types=frozenset(data.get("point_of_sale_types", [])),
            criteria=frozenset(criteria),
        )
