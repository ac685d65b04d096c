from .audit import AccessDenial, AuditEvent
from .files import GeneratedFile, ScheduledDispatch
from .invitations import Invitation, InvitationZone
from .jobs import JobRun
from .notifications import Channel, Frequency, Notification, NotificationPreference
from .organisation import Membership, MembershipZone, PointOfSale, Region, Role, Zone
from .tenancy import ServiceToken, Tenant, TenantOwnedModel, User

__all__ = [
    "AccessDenial",
    "AuditEvent",
    "GeneratedFile",
    "Invitation",
    "InvitationZone",
    "ScheduledDispatch",
    "JobRun",
    "Channel",
    "Frequency",
    "Notification",
    "NotificationPreference",
    "Membership",
    "MembershipZone",
    "PointOfSale",
    "Region",
    "Role",
    "ServiceToken",
    "Tenant",
    "TenantOwnedModel",
    "User",
    "Zone",
]
