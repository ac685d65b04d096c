from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChallengesConfig(AppConfig):
    name = "challenges"
    verbose_name = _("Challenges and labels")

    def ready(self) -> None:
        from kpis.demo import register_demo_story
        from kpis.services.computed import register_fact_producer
        from network_animation.demo import register_demo_seeder
        from network_animation.job_kinds import register_job_kinds
        from network_animation.jobs import register_nightly_step

        from .job_names import COUNTERS, JOB_NAMES

        register_job_kinds(JOB_NAMES, COUNTERS)

        from . import cache  # noqa: F401  # registers the challenges' data version
        from .audiences import register as register_audience_criteria
        from .demo import challenges_demo_seed
        from .demo_story import story_series
        from .notifications import register as register_notifications
        from .panels import register as register_panels
        from .services import challenges_nightly_step, labels_nightly_step
        from .units import cache as units_cache  # noqa: F401  # registers the projects' version
        from .units.demo import units_demo_seed
        from .units.notifications import register as register_unit_notifications
        from .units.panels import register as register_unit_panels
        from .visits import cache as visits_cache  # noqa: F401  # registers the visits' version
        from .visits.kpi_facts import VISIT_FACTS

        register_nightly_step("challenges", challenges_nightly_step)
        register_nightly_step("labels", labels_nightly_step)
        register_demo_seeder("challenges", challenges_demo_seed)
        # The demo's story is in its figures: the KPIs' demo draws them as it tells.
        register_demo_story("challenges", story_series)
        register_demo_seeder("unit_projects", units_demo_seed)
        register_panels()
        register_unit_panels()
        register_unit_notifications()
        register_notifications()
        register_audience_criteria()
        # Visit and campaign scores as KPI facts, written by kpis' nightly step.
        register_fact_producer(VISIT_FACTS)
