"""Writing the audit trail (CHECKLIST L1). Rows are append-only (see models.AuditEvent)."""

from typing import Any

from django.http import HttpRequest

from .models import AuditEvent, Tenant


class Action:
    SIGN_IN = "sign_in"
    SIGN_IN_FAILED = "sign_in_failed"
    SIGN_OUT = "sign_out"
    ACCESS_DENIED = "access_denied"
    ROLE_CHANGED = "role_changed"
    MEMBERSHIP_CREATED = "membership_created"
    ORGANISATION_CHANGED = "organisation_changed"
    IMPORT = "import"
    TOKEN_CREATED = "service_token_created"  # noqa: S105  # an action name, not a secret
    TOKEN_REVOKED = "service_token_revoked"  # noqa: S105  # an action name, not a secret
    CHALLENGE_LAUNCHED = "challenge_launched"
    CHALLENGE_CLOSED = "challenge_closed"
    LABEL_AWARDED = "label_awarded"
    LABEL_GRID_CHANGED = "label_grid_changed"


def client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def audit_record(
    *,
    tenant: Tenant | None,
    actor: Any,
    action: str,
    target: str = "",
    before: dict | None = None,
    after: dict | None = None,
    request: HttpRequest | None = None,
    actor_label: str = "",
) -> AuditEvent:
    user = actor if getattr(actor, "is_authenticated", False) and actor.pk else None
    return AuditEvent.objects.create(
        tenant=tenant,
        actor=user,
        actor_label=actor_label or (user.email if user else ""),
        action=action,
        target=target[:200],
        before=before,
        after=after,
        ip_address=client_ip(request),
    )
