"""What learning tells people, through the platform's notifications (network_animation).

The params keep what the reader's language needs: both titles of the module and the due date as
a date, named when the line is shown."""

import datetime as dt

from django.utils.formats import date_format
from django.utils.translation import gettext_lazy

from network_animation.models import Frequency, Notification
from network_animation.notifications import NotificationKind, register_notification_kind

from .models.translated import in_reader_language

ASSIGNMENT_REMINDER = "learning.assignment_reminder"

TEXTS = {
    ASSIGNMENT_REMINDER: gettext_lazy("A reminder: finish “%(module)s” by %(due)s."),
}


def _render(notification: Notification) -> str:
    params = notification.params
    due = dt.date.fromisoformat(params.get("due", "2000-01-01"))
    return str(TEXTS[ASSIGNMENT_REMINDER]) % {
        "module": in_reader_language(params.get("title_fr", ""), params.get("title_en", "")),
        "due": date_format(due, "SHORT_DATE_FORMAT"),
    }


def register() -> None:
    # A reminder waits for the daily digest: it is not urgent to the hour.
    register_notification_kind(
        NotificationKind(
            code=ASSIGNMENT_REMINDER,
            label=gettext_lazy("A reminder of a module to finish by its due date"),
            render=_render,
            email_default=Frequency.DAILY,
        )
    )
