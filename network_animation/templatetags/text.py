"""Text people wrote, as safe HTML (network_animation/text.py)."""

from django import template
from django.utils.safestring import SafeString

from ..text import markdown_render

register = template.Library()


@register.filter
def markdown(text: str) -> SafeString:
    return markdown_render(text)
