import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from network_animation.jobs import tracked_job
from network_animation.management.tenants import tenants_from_option

from ...aggregation import kpi_rollups_refresh

JOB = "kpis.aggregate"


class Command(BaseCommand):
    help = (
        "Recompute the KPI rollups now: the months touched by new facts (default), or "
        "everything with --full. The nightly chain runs the incremental refresh."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--tenant", help="The tenant's slug (default: every active tenant).")
        parser.add_argument("--full", action="store_true", help="Rebuild every rollup.")

    def handle(
        self, *args: Any, tenant: str | None = None, full: bool = False, **options: Any
    ) -> None:
        for current in tenants_from_option(tenant):
            started = time.perf_counter()
            with tracked_job(tenant=current, job=JOB) as progress:
                result = kpi_rollups_refresh(tenant=current, full=full)
                progress.add("dirty_months", result.months)
                progress.add("rollups", result.rollups)
            self.stdout.write(
                f"{current.slug}: {result.months} months, {result.periods} "
                f"periods, {result.rollups} rollups in "
                f"{time.perf_counter() - started:.1f} s"
            )
