"""The tenants a management command works on, from its `--tenant` option."""

from django.core.management.base import CommandError

from ..models import Tenant


def tenants_from_option(slug: str | None) -> list[Tenant]:
    """Every active tenant, or only the one whose slug is given (an error if there is none)."""
    tenants = Tenant.objects.filter(is_active=True).order_by("slug")
    if slug:
        tenants = tenants.filter(slug=slug)
        if not tenants.exists():
            raise CommandError(f"No active tenant with the slug {slug!r}.")
    return list(tenants)
