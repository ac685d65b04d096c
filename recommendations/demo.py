"""Demo recommendations' diagnostics: the nightly step run once on the demo's history, recorded
as a job run as the nightly chain would, so the peers and priorities panels show figures."""

import random

from network_animation.jobs import tracked_job
from network_animation.models import Tenant

from .services import recommendations_nightly_step


def recommendations_demo_seed(*, tenant: Tenant, days: int, rng: random.Random) -> None:
    with tracked_job(tenant=tenant, job="nightly.recommendations") as progress:
        recommendations_nightly_step(tenant=tenant, progress=progress)


def action_feedback_demo_seed(*, tenant: Tenant, days: int, rng: random.Random) -> None:
    """Feedback on the night's suggested actions, so head office's acceptance rates show
    figures: in each zone, its animator accepts the best suggestion and dismisses the next
    one ("not the right time"). Deterministic: by zone, then by score."""
    from network_animation import selectors as organisation

    from .action_services import suggestion_accept, suggestion_dismiss
    from .models import ActionSuggestion, DismissReason, SuggestionStatus

    suggested = ActionSuggestion.objects.filter(tenant=tenant, status=SuggestionStatus.OPEN)
    zones: dict[int, list[ActionSuggestion]] = {}
    for suggestion in suggested.select_related("zone").order_by("zone_id", "-score", "pk"):
        zones.setdefault(suggestion.zone_id, []).append(suggestion)
    for rows in zones.values():
        animator = organisation.animators_of_zone(tenant=tenant, zone=rows[0].zone).first()
        if animator is None:
            continue
        suggestion_accept(tenant=tenant, actor=animator, suggestion=rows[0])
        if len(rows) > 1:
            suggestion_dismiss(
                tenant=tenant,
                actor=animator,
                suggestion=rows[1],
                reason=DismissReason.BAD_TIMING,
            )
