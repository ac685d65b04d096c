from django.core.management.base import BaseCommand, CommandError

from network_animation.jobs import NIGHTLY_STEPS
from network_animation.models import Tenant
from network_animation.tasks import nightly_chain


class Command(BaseCommand):
    help = "Run the nightly chain now, for one tenant or all of them, and wait for it."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--tenant", help="The tenant's slug (default: every active tenant).")

    def handle(self, *args, tenant: str | None = None, **options) -> None:
        tenants = Tenant.objects.filter(is_active=True)
        if tenant:
            tenants = tenants.filter(slug=tenant)
            if not tenants.exists():
                raise CommandError(f"No active tenant with the slug {tenant!r}.")
        for current in tenants:
            results = nightly_chain.apply(args=(current.pk,)).get()
            self.stdout.write(f"{current.slug}: {', '.join(NIGHTLY_STEPS)} done")
            for step, counts in results.items():
                self.stdout.write(f"  {step}: {counts}")
