"""The challenges' background jobs and counters, as head office reads them
(network_animation/job_kinds.py)."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

JOB_NAMES = {
    "nightly.challenges": _("Nightly challenge scoring"),
    "nightly.labels": _("Nightly label evaluation"),
}
COUNTERS = {
    "started": ngettext_lazy(
        "%(number)s challenge started", "%(number)s challenges started", "count"
    ),
    "closed": ngettext_lazy("%(number)s challenge closed", "%(number)s challenges closed", "count"),
    "scored": ngettext_lazy("%(number)s challenge scored", "%(number)s challenges scored", "count"),
    "renewed": ngettext_lazy(
        "%(number)s challenge renewed", "%(number)s challenges renewed", "count"
    ),
    "evaluated": ngettext_lazy(
        "%(number)s label evaluation", "%(number)s label evaluations", "count"
    ),
}
