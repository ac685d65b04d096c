from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MicrolearningConfig(AppConfig):
    name = "microlearning"
    verbose_name = _("Learning")

    def ready(self) -> None:
        from kpis.services.computed import register_fact_producer
        from network_animation.demo import register_demo_seeder
        from network_animation.job_kinds import register_job_kinds
        from network_animation.jobs import register_nightly_step

        from .job_names import COUNTERS, JOB_NAMES

        register_job_kinds(JOB_NAMES, COUNTERS)

        from . import cache  # noqa: F401  # registers learning's data version
        from .demo import learning_demo_seed
        from .kpi_assessment_facts import AssessmentFacts
        from .kpi_certification_facts import CertificationFacts
        from .kpi_facts import LearningFacts, learning_kpi_demo_seed
        from .notifications import register as register_notifications
        from .panels import register as register_panels
        from .services import assignment_enrolments_step, assignment_reminders_step
        from .services.certifications import certification_expiries_step

        register_notifications()
        register_panels()
        from .profile import register as register_profile

        register_profile()  # their certifications, on the person's account page
        # With the communities' memberships (5), before the steps that notify.
        register_nightly_step("learning_enrolments", assignment_enrolments_step, order=6)
        register_nightly_step("learning_reminders", assignment_reminders_step, order=60)
        # Completions and review days as KPI facts, written by kpis' nightly step.
        register_fact_producer(LearningFacts())
        register_fact_producer(AssessmentFacts())  # a score per competence
        register_fact_producer(CertificationFacts())  # certifications obtained, per certification
        register_nightly_step(
            "learning_certification_expiries", certification_expiries_step, order=61
        )
        # After the KPIs' aggregation (10): the closed months around each module finished.
        from .services.outcomes import module_outcomes_step

        register_nightly_step("learning_module_outcomes", module_outcomes_step, order=65)

        # After the KPIs' seeder (kpis comes first in INSTALLED_APPS): modules link to KPIs.
        register_demo_seeder("learning", learning_demo_seed)
        register_demo_seeder("learning_kpis", learning_kpi_demo_seed)
