from django.http import HttpRequest

from . import permissions
from .models import Membership, Role, User
from .tenancy import all_tenants


def navigation(request: HttpRequest) -> dict:
    """What the layout needs to draw the navigation for this person in this tenant."""
    membership = getattr(request, "membership", None)
    if membership is None:
        return {"nav": None}
    user = request.user
    return {
        "nav": {
            "tenant": request.tenant,  # type: ignore[attr-defined]
            "membership": membership,
            "role": membership.get_role_display(),
            "can_view_network": permissions.can_view_network(membership),
            "can_manage_organisation": permissions.can_manage_organisation(membership),
            "can_view_job_runs": permissions.can_view_job_runs(membership),
            "can_manage_service_tokens": permissions.can_manage_service_tokens(membership),
            "can_manage_kpis": permissions.can_manage_kpis(membership),
            "is_director": membership.role == Role.REGIONAL_DIRECTOR,
            "is_animator": membership.role == Role.ANIMATOR,
            "point_of_sale": membership.point_of_sale,
            # Asked only when the menu is drawn.
            "belongs_to_several_tenants": lambda: belongs_to_several_tenants(
                user=user  # type: ignore[arg-type]
            ),
        }
    }


def belongs_to_several_tenants(*, user: User) -> bool:
    """Whether to offer the tenant switcher, on every page: two ids at most, nothing built.

    Read afresh on each page (no cache), so a person removed from a tenant loses the switcher at
    once; the switcher's page lists the tenants themselves with `membership_list_across_tenants`.
    """
    with all_tenants():
        memberships = Membership.objects.filter(
            user=user, is_active=True, tenant__is_active=True
        ).values_list("pk", flat=True)
        return len(memberships[:2]) > 1
