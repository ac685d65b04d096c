"""Feedback on the content recommended on a point of sale's page: dismissed with a reason by
whoever reads it there, and kept away from them on that page for `DISMISS_QUIET_DAYS`.

One implementation with the animators' suggestions: the dismissal is an `ActionSuggestion` of
kind "content", made at the click and answered by `suggestion_dismiss` (the same reasons and
checks, the same quiet period, counted in head office's rates). The night never writes nor
removes such rows: it rewrites open suggestions only.
"""

from network_animation.models import Membership, Tenant

from .action_services import suggestion_dismiss
from .models import ActionKind, ActionSuggestion, ContentRecommendation


def content_key(recommendation: ContentRecommendation) -> str:
    """The dismissal's key: "content:<kind>:<id>", the same whatever the KPI."""
    return f"content:{recommendation.item_kind}:{recommendation.item_id}"


def content_dismiss(
    *,
    tenant: Tenant,
    actor: Membership,
    recommendation: ContentRecommendation,
    reason: str,
    note: str = "",
) -> ActionSuggestion:
    point = recommendation.point_of_sale
    feedback = ActionSuggestion(
        tenant=tenant,
        zone_id=point.zone_id,
        kind=ActionKind.CONTENT,
        key=content_key(recommendation),
        kpi_id=recommendation.kpi_id,
        point_of_sale=point,
        points_of_sale=[point.pk],
        expected_uplift=recommendation.expected_uplift,
        reason_fr=recommendation.reason_fr,
        reason_en=recommendation.reason_en,
        computed_at=recommendation.computed_at,
    )
    return suggestion_dismiss(
        tenant=tenant, actor=actor, suggestion=feedback, reason=reason, note=note
    )
