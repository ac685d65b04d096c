"""The communities' background jobs and counters, as head office reads them
(network_animation/job_kinds.py)."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

JOB_NAMES = {
    "nightly.community_memberships": _("Nightly community memberships"),
    "nightly.best_practice_invitations": _("Nightly best practice invitations"),
    "nightly.answer_reminders": _("Nightly reminders of unanswered questions"),
    "nightly.announcement_reminders": _("Nightly announcement reminders"),
}
COUNTERS = {
    "communities": ngettext_lazy("%(number)s community", "%(number)s communities", "count"),
    "members_added": ngettext_lazy("%(number)s member added", "%(number)s members added", "count"),
    "members_removed": ngettext_lazy(
        "%(number)s member removed", "%(number)s members removed", "count"
    ),
    "best_practice_invitations": ngettext_lazy(
        "%(number)s invitation to share a best practice",
        "%(number)s invitations to share a best practice",
        "count",
    ),
    "answer_reminders": ngettext_lazy(
        "%(number)s reminder to answer", "%(number)s reminders to answer", "count"
    ),
    "announcement_reminders": ngettext_lazy(
        "%(number)s announcement reminder", "%(number)s announcement reminders", "count"
    ),
}
