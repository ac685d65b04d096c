from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecommendationsConfig(AppConfig):
    name = "recommendations"
    verbose_name = _("Recommendations")

    def ready(self) -> None:
        from challenges.cache import CHALLENGES
        from challenges.units.cache import UNITS
        from challenges.visits.cache import VISITS
        from microlearning.cache import ASSIGNMENTS
        from network_animation.data_versions import on_data_changed
        from network_animation.demo import register_demo_seeder
        from network_animation.job_kinds import register_job_kinds
        from network_animation.jobs import register_nightly_step

        from .job_names import COUNTERS, JOB_NAMES

        register_job_kinds(JOB_NAMES, COUNTERS)

        from . import cache  # noqa: F401  # registers the diagnostics' data version
        from .action_services import suggestions_follow
        from .demo import action_feedback_demo_seed, recommendations_demo_seed
        from .panels import register as register_panels
        from .services import recommendations_nightly_step

        # After the KPI aggregation (10), challenges and labels (50) and the steps at 60,
        # before expired uploads (80), digests (85) and scheduled reports (90).
        register_nightly_step("recommendations", recommendations_nightly_step, order=70)
        register_panels()
        # A challenge launched, a module assigned, a coaching day or a field visit recorded: the
        # suggestions they fulfil are done.
        for kind in (CHALLENGES, ASSIGNMENTS, UNITS, VISITS):
            on_data_changed(kind, suggestions_follow)
        # Last of the seeders (recommendations comes last in INSTALLED_APPS): it reads the
        # KPIs' rollups.
        register_demo_seeder("recommendations", recommendations_demo_seed)
        # After it: feedback on the night's suggested actions.
        register_demo_seeder("recommendations_feedback", action_feedback_demo_seed)
