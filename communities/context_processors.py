"""What the layout's menu needs of the communities (no query: the person's role decides)."""

from typing import Any

from django.http import HttpRequest

from . import permissions


def navigation(request: HttpRequest) -> dict[str, Any]:
    membership = getattr(request, "membership", None)
    if membership is None:
        return {"communities_nav": None}
    feedback = permissions.can_send_feedback(membership) or permissions.handles_feedback(membership)
    return {"communities_nav": {"feedback": feedback}}
