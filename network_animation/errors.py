"""User messages of the core (organisation, people, invitations), translated when shown."""

from django.utils.translation import gettext_lazy as _

SCOPE_OF_ANOTHER_NETWORK = _("Choose a scope of this network.")
REGION_REQUIRED = _("A regional director needs a region.")
ZONES_REQUIRED = _("An animator needs at least one zone.")
POINT_OF_SALE_REQUIRED = _("Point of sale staff need a point of sale.")
ALREADY_MEMBER = _("This person already belongs to the network.")

INVITATION_INVALID = _("This invitation does not exist, has expired or was already answered.")
INVITATION_FOR_SOMEONE_ELSE = _(
    "This invitation was sent to another address: sign out, then open the link again."
)
ACCOUNT_EXISTS = _("An account already uses this address: sign in to accept the invitation.")
SCOPE_GONE = _(
    "Part of the network this invitation was for no longer exists: ask for a new invitation."
)
