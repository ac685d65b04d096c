from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from network_animation.models import Tenant
from network_animation.services.tokens import service_token_create
from network_animation.tenancy import tenant_scope


class Command(BaseCommand):
    help = "Create an API token for a tenant's system and print its key (shown once)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name")
        parser.add_argument("--tenant", required=True, help="The tenant's slug.")

    def handle(self, *args: Any, name: str, tenant: str, **options: Any) -> None:
        found = Tenant.objects.filter(slug=tenant).first()
        if found is None:
            raise CommandError(f"No tenant with the slug {tenant!r}.")
        with tenant_scope(found):
            _token, key = service_token_create(tenant=found, actor=None, name=name)
        self.stdout.write(key)
