"""Reads of feedback: its sender and those it was sent to read it, nobody else."""

from django.db.models import Q, QuerySet
from django.http import Http404

from network_animation.models import Membership, Role, Tenant, Zone
from network_animation.permissions import membership_zone_ids

from ..models import Feedback

OPEN = [Feedback.Status.NEW, Feedback.Status.IN_PROGRESS]


def _handled_by(membership: Membership) -> Q:
    if membership.role == Role.HEAD_OFFICE:
        return Q(sent_to=Feedback.Recipient.HEAD_OFFICE)
    if membership.role == Role.ANIMATOR:
        zones = membership_zone_ids(membership)
        return Q(sent_to=Feedback.Recipient.ANIMATOR, zone_id__in=zones)
    return Q(pk__in=[])


def _listed(feedback: QuerySet[Feedback]) -> QuerySet[Feedback]:
    return feedback.select_related("author__user", "author__point_of_sale", "zone").order_by(
        "-updated_at", "-pk"
    )


def feedback_sent(*, tenant: Tenant, membership: Membership) -> QuerySet[Feedback]:
    return _listed(Feedback.objects.filter(tenant=tenant, author=membership))


def feedback_to_handle(
    *, tenant: Tenant, membership: Membership, status: str = ""
) -> QuerySet[Feedback]:
    """What was sent to this person (head office; an animator for their zones), by status:
    "open" (new or in progress), one status, or all of it."""
    found = Feedback.objects.filter(_handled_by(membership), tenant=tenant)
    if status == "open":
        found = found.filter(status__in=OPEN)
    elif status in Feedback.Status.values:
        found = found.filter(status=status)
    return _listed(found)


def feedback_get_visible(*, tenant: Tenant, membership: Membership, id: int) -> Feedback:
    """Its sender's or one it was sent to; 404 for anyone else, as for a missing one."""
    found = (
        Feedback.objects.filter(Q(author=membership) | _handled_by(membership), tenant=tenant)
        .select_related("author__user", "author__point_of_sale", "zone", "answered_by__user")
        .filter(pk=id)
        .first()
    )
    if found is None:
        raise Http404
    return found


def feedback_open_of_zone(
    *, tenant: Tenant, membership: Membership, zone: Zone, limit: int = 5
) -> list[Feedback]:
    """The zone page's panel: what the zone sent this person and waits for them."""
    waiting = feedback_to_handle(tenant=tenant, membership=membership, status="open")
    return list(waiting.filter(zone=zone).order_by("created_at", "pk")[:limit])
