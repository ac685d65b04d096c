"""The unit's action plan: writing and editing actions, an action's page where the team
comments and the owner moves its status (plans.py's pages, with the unit's plan)."""

from django.http import HttpResponse
from django.views.decorators.http import require_POST

from network_animation.views.common import TenantRequest

from ...models import ActionComment, UnitAction, UnitProject
from .. import selectors
from ..forms import ActionForm
from ..services.projects import UNIT_PLAN
from . import plans
from .common import readable_action, readable_project

UNIT_PAGES: plans.PlanPages[UnitProject, UnitAction, ActionComment] = plans.PlanPages(
    plan=UNIT_PLAN,
    routes=plans.PlanRoutes(
        project="challenges:unit_project",
        action="challenges:unit_action",
        action_edit="challenges:unit_action_edit",
        action_status="challenges:unit_action_status",
        action_comment="challenges:unit_action_comment",
    ),
    crumb=plans.TEMPLATES + "_unit_crumb.html",
    action_get=readable_action,
    project_get=readable_project,
    subject_id=lambda project: project.point_of_sale_id,
    crumb_context=lambda request, project: {},
    form_class=ActionForm,
    people=lambda tenant, project: selectors.unit_people(
        tenant=tenant, point_of_sale=project.point_of_sale
    ),
    comments=lambda tenant, action: selectors.comments_of(tenant=tenant, action=action),
)


def unit_action_new(request: TenantRequest, tenant_slug: str, unit_project_id: int) -> HttpResponse:
    return plans.action_new(request, UNIT_PAGES, unit_project_id)


def unit_action_edit(request: TenantRequest, tenant_slug: str, unit_action_id: int) -> HttpResponse:
    return plans.action_edit(request, UNIT_PAGES, unit_action_id)


def unit_action(request: TenantRequest, tenant_slug: str, unit_action_id: int) -> HttpResponse:
    return plans.action_page(request, UNIT_PAGES, readable_action(request, unit_action_id))


@require_POST
def unit_action_status(
    request: TenantRequest, tenant_slug: str, unit_action_id: int
) -> HttpResponse:
    return plans.action_status(request, UNIT_PAGES, unit_action_id)


@require_POST
def unit_action_comment(
    request: TenantRequest, tenant_slug: str, unit_action_id: int
) -> HttpResponse:
    return plans.action_comment(request, UNIT_PAGES, unit_action_id)
