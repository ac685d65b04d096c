from django import template
from django.utils.formats import number_format

from ..durations import duration_text

register = template.Library()


@register.filter
def learning_duration(seconds: int | None) -> str:
    """Seconds as people read them: "3 min 20 s"."""
    return duration_text(seconds or 0)


@register.filter
def signed_points(change: float | None) -> str:
    """A change in points of achievement, with its sign and one decimal, as the reader's
    language writes numbers: "+4.2", "-0.5", "0.0"."""
    if change is None:
        return "—"
    rounded = round(change, 1) + 0.0  # no "-0.0"
    return ("+" if rounded > 0 else "") + number_format(rounded, 1)
