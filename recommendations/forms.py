from django import forms
from django.utils.translation import gettext_lazy as _

from .holdout import MAX_SHARE_PERCENT


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
