"""Filters whose every value the schema can describe: one that is not valid is refused (400)."""

from typing import Any

import django_filters
from django import forms
from drf_spectacular.drainage import set_override
from rest_framework import serializers


class StrictBooleanField(forms.NullBooleanField):
    """`true` or `false` (`1`, `0` too). Django's field reads anything else as "no filter", so
    `?is_active=yes` quietly answered the whole list."""

    widget = forms.TextInput  # NullBooleanSelect turns any unknown text into None
    TRUE = frozenset({"true", "1"})
    FALSE = frozenset({"false", "0"})

    # The stubs give NullBooleanField BooleanField's `-> bool`; it answers None for "no value".
    def to_python(self, value: Any) -> bool | None:  # type: ignore[override]  # None: no value
        if value in (None, ""):
            return None
        text = str(value).lower()
        if text in self.TRUE | self.FALSE:
            return text in self.TRUE
        message = serializers.BooleanField.default_error_messages["invalid"]
        raise forms.ValidationError(message, code="invalid")


class StrictBooleanFilter(django_filters.BooleanFilter):
    field_class = StrictBooleanField


class IntegerFilter(django_filters.NumberFilter):
    """A whole number between bounds the schema shows: django-filter's NumberFilter takes
    decimals (`year=2024.5` found 2024) and any size."""

    field_class = forms.IntegerField

    def __init__(self, *args: Any, min_value: int, max_value: int, **kwargs: Any) -> None:
        super().__init__(*args, min_value=min_value, max_value=max_value, **kwargs)
        set_override(self, "field", {"type": "integer", "minimum": min_value, "maximum": max_value})
