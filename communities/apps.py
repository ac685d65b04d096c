from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunitiesConfig(AppConfig):
    name = "communities"
    verbose_name = _("Communities")

    def ready(self) -> None:
        from network_animation.data_versions import ORGANISATION, on_data_changed
        from network_animation.demo import register_demo_seeder
        from network_animation.job_kinds import register_job_kinds
        from network_animation.jobs import register_nightly_step

        from .job_names import COUNTERS, JOB_NAMES

        register_job_kinds(JOB_NAMES, COUNTERS)

        from . import cache  # noqa: F401  # registers the communities' data version
        from .demo import community_demo_seed
        from .notifications import register as register_notifications
        from .panels import register as register_panels
        from .services import (
            announcement_reminders_step,
            answer_reminders_step,
            best_practice_invitations_step,
            community_memberships_step,
        )

        register_notifications()
        register_panels()
        # Before the steps that notify, so that tonight's notifications reach the right people.
        register_nightly_step("community_memberships", community_memberships_step, order=5)
        # After the aggregation (10): the closed month's figures are known.
        register_nightly_step("best_practice_invitations", best_practice_invitations_step, order=60)
        register_nightly_step("answer_reminders", answer_reminders_step, order=60)
        register_nightly_step("announcement_reminders", announcement_reminders_step, order=60)
        on_data_changed(ORGANISATION, _memberships_follow)
        # After the KPIs' seeder (kpis comes first in INSTALLED_APPS): best practices and the
        # KPI families' communities need the KPIs.
        register_demo_seeder("communities", community_demo_seed)


def _memberships_follow(tenant_id: int) -> None:
    """The organisation changed (at commit): the automatic communities follow, in a task."""
    from .tasks import community_memberships_sync_task

    community_memberships_sync_task.delay(tenant_id)
