"""Inviting people into a tenant (CHECKLIST T10).

Head office never creates nor changes a person's account: it invites an address, whether an
account exists for it or not, and gets the same answer either way. The person accepts with
their account (or creates one then, with the names head office suggested as a starting point),
or declines (services/invitation_answers.py). Their names, password, language and other
memberships stay theirs.
"""

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
from smtplib import SMTPException
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .. import errors
from ..audit import Action, AuditChange, audit_record, audit_record_many
from ..models import Invitation, InvitationZone, Membership, PointOfSale, Region, Tenant, User, Zone
from ..tenancy import tenant_scope
from .people import RoleScope, role_scope_check

logger = logging.getLogger(__name__)
INVITATION_DAYS = 14


class InvitationRefused(ValueError):
    """The invitation cannot be sent or answered; `message` says why, for the person."""

    def __init__(self, message: object):
        super().__init__(str(message))
        self.message = message


# What an invitation offers: role, region, zones, point of sale, job title (compared as a whole).
type Offer = tuple[str, int | None, tuple[int, ...], int | None, str]


@dataclass(frozen=True)
class Invitee:
    """An address to invite, with the role and scope offered (checked: `role_scope_check`)."""

    email: str
    scope: RoleScope
    job_title: str = ""
    first_name: str = ""
    last_name: str = ""
    language: str = "fr"

    @property
    def record(self) -> dict[str, Any]:
        """The offer, as the audit keeps it."""
        role, region, zones, point_of_sale, job_title = self.offer
        return {
            "role": role,
            "region": region,
            "zones": list(zones),
            "point_of_sale": point_of_sale,
            "job_title": job_title,
        }

    @property
    def offer(self) -> Offer:
        """What the invitation offers: an invitation already pending with it is left alone."""
        return (
            self.scope.role,
            self.scope.region.pk if self.scope.region else None,
            tuple(sorted(zone.pk for zone in self.scope.zones)),
            self.scope.point_of_sale.pk if self.scope.point_of_sale else None,
            self.job_title,
        )


def _offer_of(invitation: Invitation) -> Offer:
    zones = sorted(link.zone_id for link in invitation.invitationzone_set.all())
    return (
        invitation.role,
        invitation.region_id,
        tuple(zones),
        invitation.point_of_sale_id,
        invitation.job_title,
    )


def invitation_send(
    *,
    tenant: Tenant,
    actor: User | None,
    email: str,
    role: str,
    region: Region | None = None,
    zones: Iterable[Zone] = (),
    point_of_sale: PointOfSale | None = None,
    job_title: str = "",
    first_name: str = "",
    last_name: str = "",
    language: str = "fr",
) -> Invitation:
    """Invite one address (head office's form); see `invitations_send`."""
    scope = role_scope_check(
        tenant=tenant, role=role, region=region, zones=zones, point_of_sale=point_of_sale
    )
    invitee = Invitee(
        email=email.strip().lower(),
        scope=scope,
        job_title=job_title,
        first_name=first_name,
        last_name=last_name,
        language=language,
    )
    return invitations_send(tenant=tenant, actor=actor, invitees=[invitee])[0]


@transaction.atomic
def invitations_send(
    *, tenant: Tenant, actor: User | None, invitees: list[Invitee]
) -> list[Invitation]:
    """Invite addresses, in one batch whatever their number (an import): a pending invitation
    with the same offer is left as it is; one with another offer is changed and sent again."""
    emails = [invitee.email for invitee in invitees]
    if Membership.objects.filter(tenant=tenant, user__email__in=emails).exists():
        raise InvitationRefused(errors.ALREADY_MEMBER)
    pending = {
        invitation.email: invitation
        for invitation in Invitation.objects.filter(
            tenant=tenant, email__in=emails, status=Invitation.Status.PENDING
        ).prefetch_related("invitationzone_set")
    }
    changed = [
        (invitee, pending.get(invitee.email))
        for invitee in invitees
        if invitee.email not in pending or _offer_of(pending[invitee.email]) != invitee.offer
    ]
    sent = {i.email: i for i in _invitations_write(tenant=tenant, actor=actor, changed=changed)}
    return [sent.get(email) or pending[email] for email in emails]


OFFER_FIELDS = [
    "first_name",
    "last_name",
    "language",
    "job_title",
    "invited_by",
    "role",
    "region",
    "point_of_sale",
    "token_digest",
    "sent_at",
    "expires_at",
]


def _invitations_write(
    *, tenant: Tenant, actor: User | None, changed: list[tuple[Invitee, Invitation | None]]
) -> list[Invitation]:
    written = [
        (_offer_apply(tenant, actor, invitee, invitation), invitee, Invitation.new_token())
        for invitee, invitation in changed
    ]
    for invitation, _invitee, token in written:
        _token_renew(invitation, token)
    existing = [invitation for invitation, _, _ in written if invitation.pk is not None]
    Invitation.objects.bulk_create(
        [invitation for invitation, _, _ in written if not invitation.pk]
    )
    Invitation.objects.bulk_update(existing, fields=OFFER_FIELDS)
    InvitationZone.objects.filter(invitation__in=existing).delete()
    InvitationZone.objects.bulk_create(
        InvitationZone(tenant=tenant, invitation=invitation, zone=zone)
        for invitation, invitee, _ in written
        for zone in invitee.scope.zones
    )
    audit_record_many(
        tenant=tenant,
        actor=actor,
        action=Action.INVITATION_SENT,
        changes=[AuditChange(invitee.email, after=invitee.record) for _, invitee, _ in written],
    )
    _emails_after_commit(tenant, {invitation.pk: token for invitation, _, token in written})
    return [invitation for invitation, _, _ in written]


def _offer_apply(
    tenant: Tenant, actor: User | None, invitee: Invitee, invitation: Invitation | None
) -> Invitation:
    invitation = invitation or Invitation(tenant=tenant, email=invitee.email)
    invitation.first_name, invitation.last_name = invitee.first_name, invitee.last_name
    invitation.language, invitation.job_title = invitee.language, invitee.job_title
    invitation.invited_by, invitation.role = actor, invitee.scope.role
    invitation.region, invitation.point_of_sale = invitee.scope.region, invitee.scope.point_of_sale
    return invitation


def _token_renew(invitation: Invitation, token: str) -> None:
    """A new link (the old one stops working) and a new expiry."""
    invitation.token_digest = Invitation.digest(token)
    invitation.sent_at = timezone.now()
    invitation.expires_at = invitation.sent_at + timedelta(days=INVITATION_DAYS)


@transaction.atomic
def invitation_resend(*, tenant: Tenant, actor: User, invitation: Invitation) -> Invitation:
    token = Invitation.new_token()
    _token_renew(invitation, token)
    invitation.save(update_fields=["token_digest", "sent_at", "expires_at"])
    audit_record(tenant=tenant, actor=actor, action=Action.INVITATION_SENT, target=invitation.email)
    _emails_after_commit(tenant, {invitation.pk: token})
    return invitation


def invitation_answer(invitation: Invitation, status: str) -> None:
    invitation.status = status
    invitation.answered_at = timezone.now()
    invitation.save(update_fields=["status", "answered_at"])


@transaction.atomic
def invitation_cancel(*, tenant: Tenant, actor: User, invitation: Invitation) -> Invitation:
    invitation_answer(invitation, Invitation.Status.CANCELLED)
    audit_record(
        tenant=tenant, actor=actor, action=Action.INVITATION_CANCELLED, target=invitation.email
    )
    return invitation


def _emails_after_commit(tenant: Tenant, tokens: dict[int, str]) -> None:
    """Sent at commit, synchronously: a link's token is never stored, not even in a queue."""
    transaction.on_commit(lambda: _emails_send(tenant=tenant, tokens=tokens))


def _emails_send(*, tenant: Tenant, tokens: dict[int, str]) -> None:
    """A failure is logged; head office sees the invitation waiting and can send it again."""
    with tenant_scope(tenant):
        invitations = Invitation.objects.filter(pk__in=tokens).select_related(
            "tenant", "invited_by"
        )
        emails = [invitation.email for invitation in invitations]
        languages = dict(User.objects.filter(email__in=emails).values_list("email", "language"))
        for invitation in invitations:
            language = languages.get(invitation.email, invitation.language)
            try:
                _email(invitation, tokens[invitation.pk], language).send()
            except (OSError, SMTPException):
                logger.exception("The invitation %s could not be sent", invitation.pk)


def _email(invitation: Invitation, token: str, language: str) -> EmailMultiAlternatives:
    link = settings.SITE_URL.rstrip("/") + reverse("invitation", args=[token])
    with translation.override(language):
        subject = _("Invitation to join %(brand)s") % {"brand": invitation.tenant.name}
        body = render_to_string(
            "network_animation/invitation_email.txt",
            {"invitation": invitation, "link": link, "role": invitation.get_role_display()},
        )
    return EmailMultiAlternatives(subject, body, settings.DEFAULT_FROM_EMAIL, [invitation.email])
