"""Feedback sent up the network: an idea or a problem to the zone's animators or to head office;
those it is sent to move it on and answer it, and the sender is told."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from network_animation.data_versions import data_changed
from network_animation.models import Membership, MembershipZone, Role, Tenant
from network_animation.services.notifications import notify

from .. import errors, notifications, permissions
from ..cache import COMMUNITIES
from ..models import Feedback


def feedback_url(feedback: Feedback) -> str:
    return reverse("communities:feedback", args=[feedback.tenant.slug, feedback.pk])


def feedback_handlers(*, tenant: Tenant, feedback: Feedback) -> QuerySet[Membership]:
    """Those it is sent to: the animators of the sender's zone, or head office."""
    people = Membership.objects.filter(tenant=tenant, is_active=True)
    if feedback.sent_to == Feedback.Recipient.HEAD_OFFICE:
        return people.filter(role=Role.HEAD_OFFICE)
    if feedback.zone_id is None:  # sent from no zone: no animator
        return people.none()
    animators = MembershipZone.objects.filter(tenant=tenant, zone_id=feedback.zone_id)
    return people.filter(role=Role.ANIMATOR, pk__in=animators.values("membership_id"))


def can_handle(*, tenant: Tenant, membership: Membership, feedback: Feedback) -> bool:
    return feedback_handlers(tenant=tenant, feedback=feedback).filter(pk=membership.pk).exists()


def _sender_zone(actor: Membership) -> int | None:
    return actor.point_of_sale.zone_id if actor.point_of_sale_id and actor.point_of_sale else None


def feedback_send(
    *, tenant: Tenant, actor: Membership, kind: str, sent_to: str, title: str, body: str
) -> Feedback:
    if not permissions.can_send_feedback(actor):
        raise PermissionDenied(errors.CANNOT_SEND_FEEDBACK)
    if not title.strip() or not body.strip():
        raise ValidationError(errors.EMPTY_TEXT)
    if actor.role == Role.ANIMATOR and sent_to != Feedback.Recipient.HEAD_OFFICE:
        raise ValidationError(errors.ANIMATORS_WRITE_TO_HEAD_OFFICE)
    feedback = Feedback(
        tenant=tenant,
        author=actor,
        kind=kind,
        sent_to=sent_to,
        zone_id=_sender_zone(actor),
        title=title.strip(),
        body=body,
    )
    handlers = feedback_handlers(tenant=tenant, feedback=feedback)
    if sent_to == Feedback.Recipient.ANIMATOR and not handlers.exists():
        raise ValidationError(errors.NO_ANIMATOR)
    with transaction.atomic():
        feedback.save()
        data_changed(tenant=tenant, kinds=[COMMUNITIES])  # the zone page's open feedback
        _tell(tenant, notifications.FEEDBACK_NEW, actor, feedback, handlers)
    return feedback


def feedback_update(
    *, tenant: Tenant, actor: Membership, feedback: Feedback, status: str, answer: str = ""
) -> Feedback:
    """Its status moved on by one it was sent to, with an answer or not; an answer given makes
    it answered unless it is closed at once. The sender is told of each change."""
    if not can_handle(tenant=tenant, membership=actor, feedback=feedback):
        raise PermissionDenied(errors.CANNOT_HANDLE_FEEDBACK)
    now = timezone.now()
    changed = ["status", "updated_at"]
    if answer.strip():
        feedback.answer, feedback.answered_by, feedback.answered_at = answer, actor, now
        changed += ["answer", "answered_by", "answered_at"]
        if status != Feedback.Status.CLOSED:
            status = Feedback.Status.ANSWERED
    if status == feedback.status and len(changed) == 2:
        return feedback  # nothing new: nobody is told
    feedback.status, feedback.updated_at = status, now
    with transaction.atomic():
        feedback.save(update_fields=changed)
        data_changed(tenant=tenant, kinds=[COMMUNITIES])
        if feedback.author_id is not None:
            author = Membership.objects.filter(tenant=tenant, pk=feedback.author_id)
            _tell(tenant, notifications.FEEDBACK_UPDATED, actor, feedback, author)
    return feedback


def _tell(
    tenant: Tenant,
    kind: str,
    actor: Membership,
    feedback: Feedback,
    people: QuerySet[Membership],
) -> None:
    notify(
        tenant=tenant,
        kind=kind,
        recipients=people.select_related("user"),
        actor=actor,
        target=feedback,
        url=feedback_url(feedback),
        params={
            "actor": actor.user.get_full_name() or actor.user.email,
            "title": feedback.title,
            "feedback_kind": feedback.kind,
            "feedback_status": feedback.status,
        },
    )
