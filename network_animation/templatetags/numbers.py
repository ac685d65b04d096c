from django import template

from network_animation.numbers import with_unit

register = template.Library()


@register.filter
def unit(figure: object, name: str) -> str:
    """A figure already formatted, with its unit as the active language writes it:
    `{{ share|unit:"%" }}` is "45 %" in French, "45%" in English."""
    return with_unit(str(figure), name)
