from django import template

from ..durations import duration_text

register = template.Library()


@register.filter
def learning_duration(seconds: int | None) -> str:
    """Seconds as people read them: "3 min 20 s"."""
    return duration_text(seconds or 0)
