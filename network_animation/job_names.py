"""The core's background jobs and counters, as head office reads them (job_kinds.py)."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

JOB_NAMES = {
    "nightly.organisation_health": _("Nightly check of the organisation"),
    "nightly.notification_digests": _("Nightly notification digests"),
}
COUNTERS = {
    "zones": ngettext_lazy("%(number)s zone", "%(number)s zones", "count"),
    "points_of_sale": ngettext_lazy(
        "%(number)s point of sale", "%(number)s points of sale", "count"
    ),
    "zones_without_animator": ngettext_lazy(
        "%(number)s zone without an animator", "%(number)s zones without an animator", "count"
    ),
    "points_of_sale_without_manager": ngettext_lazy(
        "%(number)s point of sale without a manager",
        "%(number)s points of sale without a manager",
        "count",
    ),
    "digests": ngettext_lazy("%(number)s digest sent", "%(number)s digests sent", "count"),
}
