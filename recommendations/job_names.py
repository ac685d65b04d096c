"""The recommendations' background job and counters, as head office reads them
(network_animation/job_kinds.py)."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

JOB_NAMES = {"nightly.recommendations": _("Nightly recommendations")}
COUNTERS = {
    "held_out": ngettext_lazy(
        "%(number)s point of sale held out", "%(number)s points of sale held out", "count"
    ),
    "peer_groups": ngettext_lazy("%(number)s peer group", "%(number)s peer groups", "count"),
    "peer_moves": ngettext_lazy(
        "%(number)s point of sale changed peer group",
        "%(number)s points of sale changed peer group",
        "count",
    ),
    "peer_silhouette_permille": ngettext_lazy(
        "Peer groups’ separation: %(number)s ‰", "Peer groups’ separation: %(number)s ‰", "count"
    ),
    "kpi_gaps": ngettext_lazy("%(number)s KPI gap found", "%(number)s KPI gaps found", "count"),
    "content_recommendations": ngettext_lazy(
        "%(number)s content recommendation", "%(number)s content recommendations", "count"
    ),
    # A night whose inputs are those of the last full run (night_inputs.py): 1.
    "skipped_unchanged": ngettext_lazy(
        "Skipped: nothing it reads changed since its last full run",
        "Skipped: nothing it reads changed since its last full run",
        "count",
    ),
    # A night on which only the month in progress moved (night_inputs.py): 1.
    "month_in_progress_only": ngettext_lazy(
        "Only the month in progress changed: KPI gaps and visits rewritten, the rest stands",
        "Only the month in progress changed: KPI gaps and visits rewritten, the rest stands",
        "count",
    ),
    "visit_suggestions": ngettext_lazy(
        "%(number)s visit suggested (rewritten alone: the weeks since a coaching day changed)",
        "%(number)s visits suggested (rewritten alone: the weeks since a coaching day changed)",
        "count",
    ),
}
