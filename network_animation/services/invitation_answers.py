"""An invited person answers an invitation (services/invitations.py sends them)."""

from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from django.utils import timezone

from .. import errors
from ..audit import Action, audit_record
from ..models import Invitation, Membership, User, Zone
from .invitations import InvitationRefused, invitation_answer
from .people import RoleScopeInvalid, membership_save, role_scope_check


def invitation_check(*, invitation: Invitation | None) -> Invitation:
    if (
        invitation is None
        or invitation.status != Invitation.Status.PENDING
        or invitation.expires_at <= timezone.now()
    ):
        raise InvitationRefused(errors.INVITATION_INVALID)
    return invitation


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user: User) -> Membership:
    """The invited person joins the tenant with the role and scope they were offered."""
    invitation_check(invitation=invitation)
    if user.email.lower() != invitation.email:
        raise InvitationRefused(errors.INVITATION_FOR_SOMEONE_ELSE)
    tenant = invitation.tenant
    membership = Membership.objects.filter(tenant=tenant, user=user).first()
    if membership is None:
        zones = list(invitation.zones.all())
        if not _scope_still_there(invitation, zones):
            raise InvitationRefused(errors.SCOPE_GONE)
        membership = membership_save(
            tenant=tenant,
            actor=user,
            user=user,
            role=invitation.role,
            region=invitation.region,
            zones=zones,
            point_of_sale=invitation.point_of_sale,
            job_title=invitation.job_title,
        )
    invitation_answer(invitation, Invitation.Status.ACCEPTED)
    return membership


def _scope_still_there(invitation: Invitation, zones: list[Zone]) -> bool:
    try:
        role_scope_check(
            tenant=invitation.tenant,
            role=invitation.role,
            region=invitation.region,
            zones=zones,
            point_of_sale=invitation.point_of_sale,
        )
    except RoleScopeInvalid:
        return False
    return True


@transaction.atomic
def invitation_accept_with_new_account(
    *, invitation: Invitation, first_name: str, last_name: str, password: str, language: str
) -> User:
    """The invited address has no account yet: the person creates theirs, then joins."""
    invitation_check(invitation=invitation)
    if User.objects.filter(email__iexact=invitation.email).exists():
        raise InvitationRefused(errors.ACCOUNT_EXISTS)
    user = User(
        email=invitation.email,
        username=invitation.email,
        first_name=first_name,
        last_name=last_name,
        language=language,
    )
    validate_password(password, user)
    user.set_password(password)
    user.save()
    invitation_accept(invitation=invitation, user=user)
    return user


@transaction.atomic
def invitation_decline(*, invitation: Invitation) -> Invitation:
    invitation_check(invitation=invitation)
    invitation_answer(invitation, Invitation.Status.DECLINED)
    audit_record(
        tenant=invitation.tenant,
        actor=None,
        action=Action.INVITATION_DECLINED,
        target=invitation.email,
    )
    return invitation
