from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from network_animation.jobs import NIGHTLY_STEPS
from network_animation.management.tenants import tenants_from_option
from network_animation.tasks import nightly_chain


class Command(BaseCommand):
    help = "Run the nightly chain now, for one tenant or all of them, and wait for it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--tenant", help="The tenant's slug (default: every active tenant).")

    def handle(self, *args: Any, tenant: str | None = None, **options: Any) -> None:
        for current in tenants_from_option(tenant):
            results = nightly_chain.apply(args=(current.pk,)).get()
            self.stdout.write(f"{current.slug}: {', '.join(NIGHTLY_STEPS)} done")
            for step, counts in results.items():
                self.stdout.write(f"  {step}: {counts}")
