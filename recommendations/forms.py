import datetime as dt
from typing import Any, cast

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from . import errors
from .holdout import MAX_SHARE_PERCENT
from .models import ActionSuggestion, ContentRecommendation, DismissReason
from .models.actions import NOTE_MAX


def quarter_label(start: dt.date) -> str:
    """ "Q2 2026 (April to June)" in the active language."""
    last = dt.date(start.year, start.month + 2, 1)
    return str(_("Q%(number)s %(year)s (%(first)s to %(last)s)")) % {
        "number": (start.month - 1) // 3 + 1,
        "year": start.year,
        "first": date_format(start, "F"),
        "last": date_format(last, "F"),
    }


class HoldoutShareForm(forms.Form):
    share_percent = forms.IntegerField(
        label=_("Share of points of sale held out (%)"),
        min_value=0,
        max_value=MAX_SHARE_PERCENT,
        help_text=_(
            "Drawn at random in each zone and size class at the start of each quarter. "
            "A change applies from the next quarter's draw."
        ),
    )


class DismissForm(forms.Form):
    """Why a suggested action is dismissed: a reason from a short list, and words of one's own
    (required for "another reason"). Prefixed per suggestion: several sit on one page."""

    reason = forms.ChoiceField(
        label=_("Why not?"), choices=DismissReason.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("In your words (optional)"),
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("reason") == DismissReason.OTHER and not data.get("note", "").strip():
            self.add_error("note", errors.SAY_WHY)
        return data


def dismiss_form(suggestion: ActionSuggestion, data: Any = None) -> DismissForm:
    """The dismissal form of one suggestion of the zone page (its fields' ids its own)."""
    return DismissForm(data, prefix=f"dismiss-{suggestion.pk}")


def content_dismiss_form(recommendation: ContentRecommendation, data: Any = None) -> DismissForm:
    """The same form for a piece of content recommended on a point of sale's page."""
    return DismissForm(data, prefix=f"dismiss-content-{recommendation.pk}")


class MeasurementQuarterForm(forms.Form):
    quarter = forms.TypedChoiceField(
        label=_("Quarter"), coerce=dt.date.fromisoformat, required=False
    )

    def __init__(self, *args: Any, quarters: list[dt.date], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.TypedChoiceField, self.fields["quarter"])
        field.choices = [(start.isoformat(), quarter_label(start)) for start in quarters]
