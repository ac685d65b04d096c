"""Sign-in events go to the audit trail. Receivers only record; no business logic here."""

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from .audit import Action, audit_record
from .models import User


@receiver(user_logged_in, dispatch_uid="audit_sign_in")
def audit_sign_in(sender: type[User], request: HttpRequest, user: User, **kwargs: Any) -> None:
    audit_record(tenant=None, actor=user, action=Action.SIGN_IN, request=request)


@receiver(user_logged_out, dispatch_uid="audit_sign_out")
def audit_sign_out(
    sender: type[User] | None, request: HttpRequest, user: User | None, **kwargs: Any
) -> None:
    if user is not None:
        audit_record(tenant=None, actor=user, action=Action.SIGN_OUT, request=request)


@receiver(user_login_failed, dispatch_uid="audit_sign_in_failed")
def audit_sign_in_failed(
    sender: str, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    attempted = str(credentials.get("username") or credentials.get("email") or "")
    audit_record(
        tenant=None,
        actor=None,
        action=Action.SIGN_IN_FAILED,
        request=request,
        actor_label=attempted[:254],
    )
