"""Forms of assignments: a module, a due date and an audience whose places are those the author
may address (the service narrows and checks it again: network_animation.audiences)."""

import datetime as dt
from typing import Any

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from network_animation.audience_forms import AudienceForm
from network_animation.models import Membership, Role, Tenant
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


class PushForm(forms.Form):
    """A module and a due date (the point of sale is the page's)."""

    due_on = forms.DateField(label=_("Due date"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, tenant: Tenant, membership: Membership, **kwargs: Any):
        super().__init__(*args, **kwargs)
        _module_first(self, tenant, membership)


class AssignmentForm(AudienceForm):
    """A module, a due date and an audience (the core's fields: regions for head office, the
    author's zones, roles, point-of-sale types and the registered criteria)."""

    due_on = forms.DateField(label=_("Due date"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, tenant: Tenant, membership: Membership, **kwargs: Any):
        super().__init__(*args, tenant=tenant, membership=membership, **kwargs)
        _module_first(self, tenant, membership)
