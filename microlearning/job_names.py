"""Learning's background jobs and counters, as head office reads them
(network_animation/job_kinds.py)."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

JOB_NAMES = {
    "nightly.learning_enrolments": _("Nightly learning enrolments"),
    "nightly.learning_reminders": _("Nightly learning reminders"),
    "nightly.learning_certification_expiries": _("Nightly certification expiry notices"),
    "nightly.learning_module_outcomes": _("Nightly figures of what followed each module"),
}
COUNTERS = {
    "learning_enrolments": ngettext_lazy("%(number)s enrolment", "%(number)s enrolments", "count"),
    "learning_reminders": ngettext_lazy(
        "%(number)s reminder sent", "%(number)s reminders sent", "count"
    ),
    "learning_certification_expiries": ngettext_lazy(
        "%(number)s expiry notice sent", "%(number)s expiry notices sent", "count"
    ),
    "learning_module_outcomes": ngettext_lazy(
        "%(number)s module and KPI figure computed",
        "%(number)s module and KPI figures computed",
        "count",
    ),
    # The KPI facts learning writes each night (kpis/services/computed.py counts per producer).
    "learning_facts": ngettext_lazy(
        "%(number)s learning figure written", "%(number)s learning figures written", "count"
    ),
    "learning_months": ngettext_lazy(
        "%(number)s month of learning recomputed",
        "%(number)s months of learning recomputed",
        "count",
    ),
}
