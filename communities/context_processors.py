"""What the layout's menu needs of the communities (no query: the person's role decides)."""

from typing import Any

from django.http import HttpRequest

from . import coaching_permissions, permissions


def navigation(request: HttpRequest) -> dict[str, Any]:
    membership = getattr(request, "membership", None)
    if membership is None:
        return {"communities_nav": None}
    feedback = permissions.can_send_feedback(membership) or permissions.handles_feedback(membership)
    # Everyone has a coaching page: their difficulties (and a coach's queue and sheets).
    coaching = coaching_permissions.can_report_difficulty(membership) or (
        coaching_permissions.sees_difficulty_queue(membership)
    )
    return {"communities_nav": {"feedback": feedback, "coaching": coaching}}
