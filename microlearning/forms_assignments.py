"""Forms of assignments: a module, a due date and an audience whose places are those the author
may address (the service narrows and checks it again: network_animation.audiences)."""

import datetime as dt
from dataclasses import replace
from typing import Any

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from network_animation.audience_forms import AudienceForm
from network_animation.audiences import Audience
from network_animation.models import Membership, PointOfSale, Role, Tenant
from network_animation.permissions import membership_zone_ids

from .models import Module


def _modules(tenant: Tenant, membership: Membership) -> Any:
    modules = Module.objects.filter(tenant=tenant, status=Module.Status.PUBLISHED)
    if membership.role == Role.ANIMATOR:
        zones = membership_zone_ids(membership)
        modules = modules.filter(Q(zone__isnull=True) | Q(zone_id__in=zones))
    return modules.order_by("title_fr", "title_en", "pk")


def _module_first(form: forms.Form, tenant: Tenant, membership: Membership) -> None:
    """The modules the author may assign, first, then the due date (in two weeks by default)."""
    form.fields["module"] = forms.ModelChoiceField(
        label=_("Module"), queryset=_modules(tenant, membership)
    )
    form.order_fields(["module", "due_on"])
    if not form.is_bound:
        form.initial["due_on"] = timezone.localdate() + dt.timedelta(days=14)


def _named_points(form: forms.Form, tenant: Tenant, membership: Membership) -> list[PointOfSale]:
    """The active points of sale the data (or else the initial values) name, among those the
    author may address (the service checks it again)."""
    data = form.data if form.is_bound else {}
    named = data.getlist("points_of_sale") if hasattr(data, "getlist") else []
    named = named or form.initial.get("points_of_sale", [])
    ids = [int(pk) for pk in named if str(pk).isdigit()]
    if not ids:
        return []
    points = PointOfSale.objects.filter(tenant=tenant, pk__in=ids, is_active=True)
    if membership.role == Role.ANIMATOR:
        points = points.filter(zone_id__in=membership_zone_ids(membership))
    elif membership.role == Role.REGIONAL_DIRECTOR:
        points = points.filter(zone__region_id=membership.region_id or 0)
    return list(points.order_by("name", "pk"))


class PushForm(forms.Form):
    """A module and a due date (the point of sale is the page's)."""

    due_on = forms.DateField(label=_("Due date"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, tenant: Tenant, membership: Membership, **kwargs: Any):
        super().__init__(*args, **kwargs)
        _module_first(self, tenant, membership)


class AssignmentForm(AudienceForm):
    """A module, a due date and an audience (the core's fields: regions for head office, the
    author's zones, roles, point-of-sale types and the registered criteria). Points of sale
    named by the address or the data (a suggested action's one click) are offered, ticked,
    among those the author may address."""

    due_on = forms.DateField(label=_("Due date"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, tenant: Tenant, membership: Membership, **kwargs: Any):
        super().__init__(*args, tenant=tenant, membership=membership, **kwargs)
        _module_first(self, tenant, membership)
        named = _named_points(self, tenant, membership)
        if named:
            self.fields["points_of_sale"] = forms.MultipleChoiceField(
                label=_("Only these points of sale"),
                choices=[(str(point.pk), point.name) for point in named],
                required=False,
                widget=forms.CheckboxSelectMultiple,
            )

    def audience(self) -> Audience:
        ticked = getattr(self, "cleaned_data", {}).get("points_of_sale") or []
        points = frozenset(int(pk) for pk in ticked)
        return replace(super().audience(), points_of_sale=points)
