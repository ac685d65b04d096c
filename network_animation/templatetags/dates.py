"""Dates as people read them (network_animation/dates.py)."""

import datetime as dt

from django import template

from .. import dates

register = template.Library()


@register.filter
def month_label(day: dt.date | None) -> str:
    return dates.month_label(day) if day else ""
