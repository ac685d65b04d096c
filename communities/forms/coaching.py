"""Forms of coaching: assigning a coach, reporting a difficulty, a follow-up, a lesson sheet,
a review. Every queryset is scoped to the tenant (CHECKLIST T4)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kpis.models import KpiDefinition
from network_animation.models import Membership, PointOfSale, Region, Role, Tenant, Zone

from ..models import FollowUp, LessonSheet, Post
from ..models.coaching import TEXT_MAX
from .threads import kpis_field

MARKDOWN = _("Markdown: **bold**, *italic*, lists, links.")
ONE_PLACE = _("Choose one place: a point of sale, a zone or a region.")


class CoachAssignmentForm(forms.Form):
    coach: forms.ModelChoiceField[Membership] = forms.ModelChoiceField(
        label=_("Coach"), queryset=Membership.objects.none()
    )
    point_of_sale: forms.ModelChoiceField[PointOfSale] = forms.ModelChoiceField(
        label=_("Point of sale"), queryset=PointOfSale.objects.none(), required=False
    )
    zone: forms.ModelChoiceField[Zone] = forms.ModelChoiceField(
        label=_("Zone"), queryset=Zone.objects.none(), required=False
    )
    region: forms.ModelChoiceField[Region] = forms.ModelChoiceField(
        label=_("Region"), queryset=Region.objects.none(), required=False
    )

    def __init__(self, *args: Any, tenant: Tenant, **kwargs: Any):
        super().__init__(*args, **kwargs)
        coaches = Membership.objects.filter(tenant=tenant, role=Role.COACH, is_active=True)
        fields: dict[str, Any] = self.fields
        fields["coach"].queryset = coaches.select_related("user")
        fields["coach"].label_from_instance = lambda m: m.user.get_full_name() or m.user.email
        fields["point_of_sale"].queryset = PointOfSale.objects.filter(
            tenant=tenant, is_active=True
        ).order_by("name")
        fields["zone"].queryset = Zone.objects.filter(tenant=tenant).order_by("name")
        fields["region"].queryset = Region.objects.filter(tenant=tenant).order_by("name")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        places = [cleaned.get(name) for name in ("point_of_sale", "zone", "region")]
        if sum(place is not None for place in places) != 1:
            raise ValidationError(ONE_PLACE)
        return cleaned


class DifficultyForm(forms.Form):
    title = forms.CharField(label=_("In a few words"), max_length=200)
    practice = forms.CharField(
        label=_("The practice you were applying"), max_length=200, required=False
    )
    practice_post = forms.TypedChoiceField(
        label=_("Or a best practice of the communities"), required=False, coerce=int
    )
    kpi: forms.ModelChoiceField[KpiDefinition] = forms.ModelChoiceField(
        label=_("The KPI concerned"), queryset=KpiDefinition.objects.none(), required=False
    )
    tried = forms.CharField(
        label=_("What you tried"), max_length=TEXT_MAX, widget=forms.Textarea, help_text=MARKDOWN
    )
    happened = forms.CharField(
        label=_("What happened"), max_length=TEXT_MAX, widget=forms.Textarea, help_text=MARKDOWN
    )
    is_private = forms.BooleanField(
        label=_("Private to my coach"),
        required=False,
        help_text=_("Only your coaches (and head office) read it. Otherwise any coach may help."),
    )

    def __init__(self, *args: Any, tenant: Tenant, practices: Sequence[Post], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.practices = {post.pk: post for post in practices}
        fields: dict[str, Any] = self.fields
        fields["kpi"].queryset = KpiDefinition.objects.filter(tenant=tenant, is_active=True)
        fields["practice_post"].choices = [("", "—")] + [
            (post.pk, post.thread.title) for post in practices
        ]

    def clean_practice_post(self) -> Post | None:
        chosen = self.cleaned_data.get("practice_post")
        return self.practices.get(chosen) if chosen else None


class FollowUpForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What you did"), choices=FollowUp.Kind.choices, widget=forms.RadioSelect
    )
    date = forms.DateField(
        label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    note = forms.CharField(
        label=_("Note"), max_length=TEXT_MAX, widget=forms.Textarea, required=False
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["date"].initial = timezone.localdate()
        self.fields["kind"].initial = FollowUp.Kind.CALL


class LessonSheetForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    difficulty_text = forms.CharField(
        label=_("The difficulty"), max_length=TEXT_MAX, widget=forms.Textarea, help_text=MARKDOWN
    )
    happened = forms.CharField(
        label=_("What happened"), max_length=TEXT_MAX, widget=forms.Textarea, help_text=MARKDOWN
    )
    how_to_succeed = forms.CharField(
        label=_("How to succeed"), max_length=TEXT_MAX, widget=forms.Textarea, help_text=MARKDOWN
    )

    def __init__(self, *args: Any, tenant: Tenant, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["kpis"] = kpis_field(tenant)

    @classmethod
    def initial_of(cls, sheet: LessonSheet) -> dict[str, Any]:
        fields = ("title", "difficulty_text", "happened", "how_to_succeed")
        return {field: getattr(sheet, field) for field in fields} | {"kpis": list(sheet.kpis.all())}


class ReviewForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment"),
        max_length=TEXT_MAX,
        widget=forms.Textarea,
        required=False,
        help_text=_("Needed to send it back: say what to change."),
    )
