from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from network_animation.models import Tenant
from network_animation.tabular import ImportRejected
from network_animation.tenancy import tenant_scope

from ...services.facts import kpi_facts_import_file


class Command(BaseCommand):
    help = (
        "Import KPI facts from a CSV or XLSX file. Exit status 0 when imported, 1 with every "
        "bad row on standard error (line;column;reason) when nothing was imported."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--tenant", required=True, help="The tenant's slug.")

    def handle(self, *args: Any, file: Path, tenant: str, **options: Any) -> None:
        found = Tenant.objects.filter(slug=tenant, is_active=True).first()
        if found is None:
            raise CommandError(f"No active tenant with the slug {tenant!r}.")
        try:
            content = file.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc.strerror}") from exc
        try:
            with tenant_scope(found):
                result = kpi_facts_import_file(
                    tenant=found, actor=None, content=content, filename=file.name
                )
        except ImportRejected as rejected:
            for error in rejected.errors:
                self.stderr.write(f"{error.line};{error.column};{error.reason}")
            raise CommandError(
                f"{len(rejected.errors)} error(s): nothing was imported.", returncode=1
            ) from rejected
        self.stdout.write(
            f"{result.received} facts read, {result.written} new or changed "
            f"(job run {result.job_run_id})."
        )
