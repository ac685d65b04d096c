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
PLAN_CHANGED = "learning.plan_changed"
CERTIFIED = "learning.certified"
CERTIFICATION_EXPIRING = "learning.certification_expiring"

TEXTS = {
    ASSIGNMENT_REMINDER: gettext_lazy("A reminder: finish “%(module)s” by %(due)s."),
    PLAN_CHANGED: gettext_lazy("Your manager went through your training plan."),
    CERTIFIED: gettext_lazy("You are certified “%(name)s” until %(until)s."),
    CERTIFICATION_EXPIRING: gettext_lazy(
        "Your certification “%(name)s” expires on %(until)s: take the assessment again."
    ),
}


def _render(notification: Notification) -> str:
    params = notification.params
    due = dt.date.fromisoformat(params.get("due", "2000-01-01"))
    return str(TEXTS[ASSIGNMENT_REMINDER]) % {
        "module": in_reader_language(params.get("title_fr", ""), params.get("title_en", "")),
        "due": date_format(due, "SHORT_DATE_FORMAT"),
    }


def _render_plan(notification: Notification) -> str:
    return str(TEXTS[PLAN_CHANGED])


def _render_certified(notification: Notification) -> str:
    params = notification.params
    until = dt.date.fromisoformat(params.get("until", "2000-01-01"))
    return str(TEXTS[notification.kind]) % {
        "name": in_reader_language(params.get("name_fr", ""), params.get("name_en", "")),
        "until": date_format(until, "SHORT_DATE_FORMAT"),
    }


def register() -> None:
    register_notification_kind(
        NotificationKind(
            code=PLAN_CHANGED,
            label=gettext_lazy("My manager changed or reviewed my training plan"),
            render=_render_plan,
            email_default=Frequency.DAILY,
        )
    )
    register_notification_kind(
        NotificationKind(
            code=CERTIFIED,
            label=gettext_lazy("I am certified"),
            render=_render_certified,
            email_default=Frequency.DAILY,
        )
    )
    register_notification_kind(
        NotificationKind(
            code=CERTIFICATION_EXPIRING,
            label=gettext_lazy("My certification expires soon"),
            render=_render_certified,
            email_default=Frequency.DAILY,
        )
    )
    # A reminder waits for the daily digest: it is not urgent to the hour.
    register_notification_kind(
        NotificationKind(
            code=ASSIGNMENT_REMINDER,
            label=gettext_lazy("A reminder of a module to finish by its due date"),
            render=_render,
            email_default=Frequency.DAILY,
        )
    )
