"""What unit projects and coaching days tell people (network_animation's notifications).

An action given to someone waits for the daily digest by email (a plan of ten actions is one
email); a coaching day to rate goes at once: the manager rates it at the end of the day."""

import datetime as dt

from django.utils.formats import date_format
from django.utils.translation import gettext_lazy

from network_animation.models import Frequency, Notification
from network_animation.notifications import NotificationKind, register_notification_kind

ACTION_ASSIGNED = "unit.action_assigned"
ACTION_COMMENT = "unit.action_comment"
RATING_REQUEST = "unit.rating_request"

TEXTS = {
    ACTION_ASSIGNED: gettext_lazy("%(actor)s gave you an action of the project: “%(title)s”."),
    ACTION_COMMENT: gettext_lazy("%(actor)s commented on your action “%(title)s”."),
    RATING_REQUEST: gettext_lazy("How was %(coach)s's coaching day of %(date)s? Rate it."),
}
LABELS = {
    ACTION_ASSIGNED: gettext_lazy("An action of the unit's project is given to you"),
    ACTION_COMMENT: gettext_lazy("A comment on one of your actions"),
    RATING_REQUEST: gettext_lazy("A coaching day at your point of sale to rate"),
}
EMAIL_DEFAULTS = {
    ACTION_ASSIGNED: Frequency.DAILY,
    ACTION_COMMENT: Frequency.DAILY,
    RATING_REQUEST: Frequency.IMMEDIATE,
}


def _render(notification: Notification) -> str:
    params = dict(notification.params)
    if "date" in params:  # kept as ISO, said in the reader's language
        params["date"] = date_format(dt.date.fromisoformat(params["date"]), "SHORT_DATE_FORMAT")
    return str(TEXTS[notification.kind]) % params


def register() -> None:
    for code, label in LABELS.items():
        register_notification_kind(
            NotificationKind(
                code=code, label=label, render=_render, email_default=EMAIL_DEFAULTS[code]
            )
        )
