from .audit import AuditEvent
from .files import GeneratedFile, ScheduledDispatch
from .jobs import JobRun
from .organisation import Membership, MembershipZone, PointOfSale, Region, Role, Zone
from .tenancy import ServiceToken, Tenant, TenantOwnedModel, User

__all__ = [
    "AuditEvent",
    "GeneratedFile",
    "ScheduledDispatch",
    "JobRun",
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
