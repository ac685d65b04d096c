"""The KPIs' background jobs and counters, as head office reads them
(network_animation/job_kinds.py)."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

JOB_NAMES = {
    "kpis.import_facts": _("KPI figures import"),
    "kpis.compute_facts": _("Computed KPI figures"),
    "kpis.aggregate": _("KPI aggregation"),
    "report.monthly_network": _("Monthly network report"),
    "nightly.kpi_aggregation": _("Nightly KPI aggregation"),
    "nightly.kpi_computed_facts": _("Nightly computed KPI figures"),
    "nightly.scheduled_reports": _("Nightly scheduled reports"),
    "nightly.pending_uploads": _("Nightly clean-up of unfinished uploads"),
}
COUNTERS = {
    "rows": ngettext_lazy("%(number)s row read", "%(number)s rows read", "count"),
    "facts_written": ngettext_lazy(
        "%(number)s figure written", "%(number)s figures written", "count"
    ),
    "facts": ngettext_lazy("%(number)s figure written", "%(number)s figures written", "count"),
    "months": ngettext_lazy("%(number)s month written", "%(number)s months written", "count"),
    "dirty_months": ngettext_lazy(
        "%(number)s month recomputed", "%(number)s months recomputed", "count"
    ),
    "periods": ngettext_lazy(
        "%(number)s period recomputed", "%(number)s periods recomputed", "count"
    ),
    "rollups": ngettext_lazy(
        "%(number)s dashboard figure computed", "%(number)s dashboard figures computed", "count"
    ),
    "expired_uploads_removed": ngettext_lazy(
        "%(number)s unfinished upload removed", "%(number)s unfinished uploads removed", "count"
    ),
    "weekly_emails": ngettext_lazy(
        "%(number)s weekly email sent", "%(number)s weekly emails sent", "count"
    ),
    "monthly_emails": ngettext_lazy(
        "%(number)s monthly email sent", "%(number)s monthly emails sent", "count"
    ),
    "kpis": ngettext_lazy("%(number)s KPI", "%(number)s KPIs", "count"),
}
