"""A notification's line, in the reader's language (the kind that sent it says it)."""

from django import template

from ..models import Notification
from ..notifications import notification_text

register = template.Library()


@register.simple_tag
def notification_line(notification: Notification) -> str:
    """Plain text: the template escapes it (it holds names people typed)."""
    return notification_text(notification)
