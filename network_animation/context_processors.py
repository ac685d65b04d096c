from functools import cache
from typing import Any, cast

from django.http import HttpRequest

from . import permissions
from .data_versions import request_companions
from .models import Role
from .request import TenantRequest
from .selectors import layout_counts, layout_keys


def navigation(request: HttpRequest) -> dict[str, Any]:
    """What the layout needs to draw the navigation for this person in this tenant."""
    membership = getattr(request, "membership", None)
    if membership is None:
        return {"nav": None}
    tenant_page = cast(TenantRequest, request)  # the middleware found a membership
    user, tenant = tenant_page.user, tenant_page.tenant
    # Asked only when the layout draws them; both read at the first ask, if the page did not
    # read them with its versions.
    counts = cache(
        lambda: layout_counts(
            user=user,
            tenant=tenant,
            membership=membership,
            found=request_companions(request, layout_keys(user=user, membership=membership)),
        )
    )
    return {
        "nav": {
            "tenant": tenant,
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
            "belongs_to_several_tenants": lambda: counts().several_tenants,
            "unread_notifications": lambda: counts().unread_notifications,
        }
    }
