"""Head office's settings of learning: the points by attempt, typed as a list ("10, 7, 5, 2")."""

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from . import errors
from .services.settings import points_by_attempt_check

SEPARATORS = re.compile(r"[\s,;/]+")


class LearningSettingsForm(forms.Form):
    points_by_attempt = forms.CharField(
        label=_("Points of a right answer, by attempt"),
        max_length=60,
        help_text=_(
            "First attempt first, fewer at each one, up to six values; later attempts are "
            "worth the last one. For example: 10, 7, 5, 2."
        ),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    def __init__(self, *args: Any, points: list[int] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if points:
            self.initial.setdefault("points_by_attempt", ", ".join(str(p) for p in points))

    def clean_points_by_attempt(self) -> list[int]:
        words = [word for word in SEPARATORS.split(self.cleaned_data["points_by_attempt"]) if word]
        if not all(word.isdigit() for word in words):
            raise ValidationError(errors.POINTS_FORMAT)
        return points_by_attempt_check([int(word) for word in words])
