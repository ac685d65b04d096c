import datetime as dt
from typing import Any, cast

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from .holdout import MAX_SHARE_PERCENT


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


class MeasurementQuarterForm(forms.Form):
    quarter = forms.TypedChoiceField(
        label=_("Quarter"), coerce=dt.date.fromisoformat, required=False
    )

    def __init__(self, *args: Any, quarters: list[dt.date], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.TypedChoiceField, self.fields["quarter"])
        field.choices = [(start.isoformat(), quarter_label(start)) for start in quarters]
