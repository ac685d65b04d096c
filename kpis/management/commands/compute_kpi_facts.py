import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from network_animation.jobs import tracked_job
from network_animation.management.tenants import tenants_from_option

from ...services.computed import PRODUCERS, computed_facts_refresh

JOB = "kpis.compute_facts"


class Command(BaseCommand):
    help = (
        "Write the facts of the KPIs the platform computes (learning's...) now: the days "
        "changed since the last run (default), or every day with --full. Aggregate after."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--tenant", help="The tenant's slug (default: every active tenant).")
        parser.add_argument(
            "--producer", choices=sorted(PRODUCERS), help="Only this producer (default: all)."
        )
        parser.add_argument("--full", action="store_true", help="Rewrite every day.")

    def handle(
        self,
        *args: Any,
        tenant: str | None = None,
        producer: str | None = None,
        full: bool = False,
        **options: Any,
    ) -> None:
        if producer is not None and producer not in PRODUCERS:
            raise CommandError(f"Unknown producer {producer}.")
        producers = [PRODUCERS[producer]] if producer else list(PRODUCERS.values())
        for current in tenants_from_option(tenant):
            for each in producers:
                started = time.perf_counter()
                with tracked_job(tenant=current, job=JOB) as progress:
                    result = computed_facts_refresh(tenant=current, producer=each, full=full)
                    progress.add("facts", result.facts)
                    progress.add("months", result.months)
                self.stdout.write(
                    f"{current.slug}: {each.name}, {result.facts} facts from {result.start} "
                    f"to {result.end} in {time.perf_counter() - started:.1f} s"
                )
