"""Which account a sign-in attempt is for, so failures are counted per account."""

from typing import Any

from django.http import HttpRequest


def attempted_account(
    request: HttpRequest | None, credentials: dict[str, Any] | None
) -> str | None:
    """The email typed in, whichever way it reached the authentication backends."""
    credentials = credentials or {}
    email = credentials.get("email") or credentials.get("username")
    if not email and request is not None:
        email = request.POST.get("username") or request.POST.get("email")
    return email.strip().lower() if email else None
