import inspect
import random
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import connection
from django.test.utils import override_settings

from network_animation.demo import (
    CAR_MAKER,
    COSMETICS,
    DEMO_PASSWORD,
    DEMO_SEEDERS,
    DemoBrand,
    DemoSeeder,
    build_brand,
    demo_logins,
    link_consultant,
)
from network_animation.demo_progress import StageReport, quiet_background_logs, unsynced_sqlite
from network_animation.models import Tenant, User
from network_animation.tenancy import tenant_scope


def _seeder_options(seeder: DemoSeeder, options: dict[str, Any]) -> dict[str, Any]:
    """Sizes that only some seeders know (the KPI count), given to those that declare them."""
    accepted = inspect.signature(seeder).parameters
    wanted = {"kpi_count": options.get("kpis")}
    return {name: value for name, value in wanted.items() if value and name in accepted}


QUIET_MAILERS = {"default": {"BACKEND": "django.core.mail.backends.dummy.EmailBackend"}}


class Command(BaseCommand):
    help = (
        "Build the demo: a car maker and a cosmetics chain, one account per role (password demo)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--pos", type=int, help="Points of sale of the car maker (150).")
        parser.add_argument("--zones-per-region", type=int, help="Zones per region (4).")
        parser.add_argument("--regions", type=int, help="Regions of the car maker (3).")
        parser.add_argument("--days", type=int, default=730, help="Days of history (730).")
        parser.add_argument(
            "--only-car-maker",
            action="store_true",
            help="Build only the car maker (for benchmarks).",
        )
        parser.add_argument(
            "--kpis",
            type=int,
            help="KPIs of the car maker (its 8; more adds summed KPIs, for benchmarks).",
        )
        parser.add_argument(
            "--reset", action="store_true", help="Delete the demo tenants first (all their data)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        brands = [CAR_MAKER] if options["only_car_maker"] else [CAR_MAKER, COSMETICS]
        slugs = [brand.slug for brand in brands]
        if options["reset"]:
            self._delete(slugs)
        elif Tenant.objects.filter(slug__in=slugs).exists():
            self.stdout.write("The demo is already there (use --reset to rebuild it).")
            self._print_logins(brands)
            return
        report = StageReport(self.stdout, total=len(brands) * (1 + len(DEMO_SEEDERS)))
        # The demo's story happened in the past: nobody is emailed about it while it is written
        # (the notifications say they were emailed, as the nightly digests would have).
        with override_settings(MAILERS=QUIET_MAILERS), quiet_background_logs(), unsynced_sqlite():
            tenants = [self._build(brand, options, report) for brand in brands]
            if len(tenants) > 1:
                link_consultant(tenants)
            self._analyze()
        report.finished()
        self._print_logins(brands)

    def _build(self, brand: DemoBrand, options: dict[str, Any], report: StageReport) -> Tenant:
        """The brand's organisation, then each app's demo data, in the brand's scope."""
        sizes = (
            {
                "points_of_sale": options["pos"],
                "regions": options["regions"],
                "zones_per_region": options["zones_per_region"],
            }
            if brand is CAR_MAKER
            else {}
        )
        with report.stage(f"{brand.name}: organisation"):
            tenant = build_brand(brand, **sizes)
        for name, seeder in DEMO_SEEDERS.items():
            rng = random.Random(7)  # noqa: S311  # demo data, not cryptography
            extra = _seeder_options(seeder, options if brand is CAR_MAKER else {})
            with report.stage(f"{brand.name}: {name}"), tenant_scope(tenant):
                seeder(tenant=tenant, days=options["days"], rng=rng, **extra)
        return tenant

    def _analyze(self) -> None:
        """Statistics for the tables just filled in bulk, before anyone uses them: without
        them PostgreSQL plans the pages' queries as if the tables were empty (nested loops
        over a thousand points of sale), until autovacuum comes by, if it is on; SQLite never
        gathers them by itself."""
        if connection.vendor in ("postgresql", "sqlite"):
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")

    def _delete(self, slugs: list[str]) -> None:
        """Each tenant is deleted inside its own scope (row-level security shows the deletion
        its rows and no other tenant's); its people go once they belong nowhere."""
        domains = {"autonova": "autonova.example", "belle-allure": "belleallure.example"}
        people = ["consultant@demo.example"]
        for tenant in Tenant.objects.filter(slug__in=slugs):
            people.append("@" + domains.get(tenant.slug, "-"))
            with tenant_scope(tenant):
                tenant.delete()
        for ending in people:
            User.objects.filter(email__endswith=ending, memberships__isnull=True).delete()

    def _print_logins(self, brands: list[DemoBrand]) -> None:
        self.stdout.write(f"Demo accounts (password: {DEMO_PASSWORD}):")
        for brand in brands:
            for email, role in demo_logins(brand):
                self.stdout.write(f"  {brand.name:14} {role:28} {email}")
        self.stdout.write(f"  {'Both':14} {'Coach':28} consultant@demo.example")
