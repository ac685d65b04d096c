"""Writing the audit trail (CHECKLIST L1). Rows are append-only (see models.AuditEvent)."""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone

from .models import AccessDenial, AuditEvent, Tenant, User


class Action:
    SIGN_IN = "sign_in"
    SIGN_IN_FAILED = "sign_in_failed"
    SIGN_OUT = "sign_out"
    ACCESS_DENIED = "access_denied"
    ROLE_CHANGED = "role_changed"
    MEMBERSHIP_CREATED = "membership_created"
    INVITATION_SENT = "invitation_sent"
    INVITATION_CANCELLED = "invitation_cancelled"
    INVITATION_DECLINED = "invitation_declined"
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


@dataclass(frozen=True)
class AuditChange:
    """One changed thing of a bulk write (`audit_record_many`)."""

    target: str
    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = None


def _event(
    *,
    tenant: Tenant | None,
    actor: Any,
    action: str,
    change: AuditChange,
    request: HttpRequest | None = None,
    actor_label: str = "",
) -> AuditEvent:
    user = actor if getattr(actor, "is_authenticated", False) and actor.pk else None
    return AuditEvent(
        tenant=tenant,
        actor=user,
        actor_label=(actor_label or (user.email if user else ""))[:254],
        action=action,
        target=change.target[:200],
        before=change.before,
        after=change.after,
        ip_address=client_ip(request),
    )


def audit_record(
    *,
    tenant: Tenant | None,
    actor: Any,
    action: str,
    target: str = "",
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    request: HttpRequest | None = None,
    actor_label: str = "",
) -> AuditEvent:
    event = _event(
        tenant=tenant,
        actor=actor,
        action=action,
        change=AuditChange(target, before, after),
        request=request,
        actor_label=actor_label,
    )
    event.save()
    return event


def audit_record_many(
    *,
    tenant: Tenant,
    actor: Any,
    action: str,
    changes: Iterable[AuditChange],
    actor_label: str = "",
) -> int:
    """One event per change, written in batches (a nightly step awarding a thousand labels)."""
    events = [
        _event(tenant=tenant, actor=actor, action=action, change=change, actor_label=actor_label)
        for change in changes
    ]
    AuditEvent.objects.bulk_create(events, batch_size=1000)
    return len(events)


def access_denial_record(
    *, tenant: Tenant, actor: User, path: str, request: HttpRequest | None = None
) -> AccessDenial:
    """Count a refusal; only the first of the person's hour in this tenant is audited.

    Runs inside the tenant's scope."""
    hour = timezone.now().replace(minute=0, second=0, microsecond=0)
    same_hour = AccessDenial.objects.filter(tenant=tenant, user=actor, hour=hour)
    if same_hour.update(count=F("count") + 1, last_path=path[:200]):
        return same_hour.get()
    try:
        with transaction.atomic():
            denial = AccessDenial.objects.create(
                tenant=tenant, user=actor, hour=hour, first_path=path[:200], last_path=path[:200]
            )
    except IntegrityError:  # a request of the same person, at the same moment, came first
        same_hour.update(count=F("count") + 1, last_path=path[:200])
        return same_hour.get()
    audit_record(
        tenant=tenant, actor=actor, action=Action.ACCESS_DENIED, target=path, request=request
    )
    return denial
