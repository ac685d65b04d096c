"""Forms of the communities' pages. Every queryset is scoped to the tenant (CHECKLIST T4)."""

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from kpis.models import KpiDefinition
from network_animation.models import Membership, Role, Tenant, Zone
from network_animation.permissions import membership_zone_ids

from .models import Community, Thread
from .models.posts import BODY_MAX

MARKDOWN_HELP = _("Markdown: **bold**, *italic*, lists, links. @First Last tells a member.")


def _kpis_field(tenant: Tenant) -> forms.ModelMultipleChoiceField:
    return forms.ModelMultipleChoiceField(
        label=_("KPIs it helps with"),
        queryset=KpiDefinition.objects.filter(tenant=tenant, is_active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class CommunityForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    description = forms.CharField(
        label=_("What it is for"), max_length=2000, required=False, widget=forms.Textarea
    )
    visibility = forms.ChoiceField(label=_("Who sees it"), choices=Community.Visibility.choices)
    zone: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Zone"), queryset=Zone.objects.none(), required=False
    )

    def __init__(self, *args: Any, tenant: Tenant, membership: Membership, **kwargs: Any):
        super().__init__(*args, **kwargs)
        zones = Zone.objects.filter(tenant=tenant)
        if membership.role == Role.ANIMATOR:
            zones = zones.filter(pk__in=membership_zone_ids(membership))
            self.fields["zone"].required = True
        cast(forms.ModelChoiceField, self.fields["zone"]).queryset = zones


class ThreadForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("It is"), choices=Thread.Kind.choices, initial=Thread.Kind.QUESTION
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(
        label=_("Text"), max_length=BODY_MAX, widget=forms.Textarea, help_text=MARKDOWN_HELP
    )
    best_practice = forms.BooleanField(
        label=_("This is a best practice I want to share"), required=False
    )

    def __init__(self, *args: Any, tenant: Tenant, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["kpis"] = _kpis_field(tenant)


class ReplyForm(forms.Form):
    body = forms.CharField(
        label=_("Your reply"), max_length=BODY_MAX, widget=forms.Textarea, help_text=MARKDOWN_HELP
    )
    quote_of = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)


class PostEditForm(forms.Form):
    body = forms.CharField(label=_("Text"), max_length=BODY_MAX, widget=forms.Textarea)


class DraftForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(label=_("Text"), max_length=BODY_MAX, widget=forms.Textarea)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Why"), max_length=300, widget=forms.Textarea)


class BestPracticeForm(forms.Form):
    is_best_practice = forms.BooleanField(label=_("A best practice"), required=False)

    def __init__(self, *args: Any, tenant: Tenant, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["kpis"] = _kpis_field(tenant)
