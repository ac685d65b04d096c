"""What the challenges tell people, through the platform's notifications (network_animation)."""

import datetime as dt

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from network_animation.models import Frequency, Notification
from network_animation.notifications import NotificationKind, register_notification_kind

CLOSED = "challenge.closed"
LAUNCHED = "challenge.launched"


def _closed(notification: Notification) -> str:
    params = notification.params
    if "message" in params:  # told before the platform's notifications, in its own words
        return str(params["message"])
    if params.get("rank") is None:
        return _("“%(name)s” is closed: no figure was recorded for you.") % params
    text = _("“%(name)s” is closed: you finished %(rank)s of %(peers)s.") % params
    if params.get("points"):
        text += " " + _("You earn %(points)s points.") % params
    return text


def _day(iso: str) -> str:
    return date_format(dt.date.fromisoformat(iso), "SHORT_DATE_FORMAT")


def _launched(notification: Notification) -> str:
    params = notification.params
    return _("The challenge “%(name)s” is on, from %(start)s to %(end)s.") % {
        "name": params["name"],
        "start": _day(params["start"]),
        "end": _day(params["end"]),
    }


def register() -> None:
    register_notification_kind(
        NotificationKind(
            code=CLOSED,
            label=gettext_lazy("A challenge you took part in closed"),
            render=_closed,
            email_default=Frequency.IMMEDIATE,  # once a challenge: what people wait for
        )
    )
    register_notification_kind(
        NotificationKind(
            code=LAUNCHED,
            label=gettext_lazy("A challenge you take part in starts"),
            render=_launched,
            email_default=Frequency.DAILY,
        )
    )
