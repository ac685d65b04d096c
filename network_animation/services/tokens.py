"""Service tokens for the REST API."""

from django.db import transaction
from django.utils import timezone

from ..audit import Action, audit_record
from ..models import ServiceToken, Tenant, User


@transaction.atomic
def service_token_create(
    *, tenant: Tenant, actor: User | None, name: str
) -> tuple[ServiceToken, str]:
    """Return the token and its key; the key is never stored, only shown once."""
    key = ServiceToken.new_key()
    token = ServiceToken.objects.create(
        tenant=tenant, name=name, key_prefix=key[:8], key_digest=ServiceToken.digest(key)
    )
    audit_record(tenant=tenant, actor=actor, action=Action.TOKEN_CREATED, target=name)
    return token, key


@transaction.atomic
def service_token_revoke(
    *, tenant: Tenant, actor: User | None, token: ServiceToken
) -> ServiceToken:
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit_record(tenant=tenant, actor=actor, action=Action.TOKEN_REVOKED, target=token.name)
    return token
