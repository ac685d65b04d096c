from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KpisConfig(AppConfig):
    name = "kpis"
    verbose_name = _("KPIs")

    def ready(self) -> None:
        from network_animation.demo import register_demo_seeder
        from network_animation.job_kinds import register_job_kinds
        from network_animation.jobs import register_nightly_step

        from .job_names import COUNTERS, JOB_NAMES

        register_job_kinds(JOB_NAMES, COUNTERS)

        from . import cache  # noqa: F401  # registers the KPIs' data versions
        from .aggregation import kpi_aggregation_step
        from .demo import kpi_demo_seed

        register_nightly_step("kpi_aggregation", kpi_aggregation_step, order=10)
        from .services.computed import computed_facts_step

        # The facts the platform writes (learning's...), after the enrolments (6), before the
        # aggregation that rolls them up (10).
        register_nightly_step("kpi_computed_facts", computed_facts_step, order=8)
        register_demo_seeder("kpis", kpi_demo_seed)

        from .dashboards.panels import register as register_dashboard_panels

        register_dashboard_panels()

        from .reports.emails import scheduled_reports_step

        register_nightly_step("scheduled_reports", scheduled_reports_step, order=90)

        from .uploads import pending_uploads_step

        register_nightly_step("pending_uploads", pending_uploads_step, order=80)

        from .audiences import register as register_audience_criteria

        register_audience_criteria()
