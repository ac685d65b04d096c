"""Training plans: "My plan", and the manager's pages: their people's plans in figures, and
one person's plan, adjusted there (add or remove a module, change a due date, mark reviewed)."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from network_animation.models import Membership
from network_animation.views.common import TenantRequest, require

from .. import permissions, services
from ..forms_competences import PlanAddForm, PlanItemForm
from ..selectors import plans as found_plans


def my_plan(request: TenantRequest, tenant_slug: str) -> HttpResponse:
    tenant, membership = request.tenant, request.membership
    today = timezone.localdate()
    return render(
        request,
        "microlearning/plan.html",
        {
            "view": found_plans.plan_of(tenant=tenant, membership=membership, today=today),
            "mine": True,
        },
    )


@require(permissions.may_review_plans)
def plans(request: TenantRequest, tenant_slug: str) -> HttpResponse:
    tenant, manager = request.tenant, request.membership
    people = list(found_plans.people_reviewed_by(tenant=tenant, manager=manager))
    summary = found_plans.plans_summary(tenant=tenant, people=people, today=timezone.localdate())
    return render(request, "microlearning/plans.html", {"people": summary})


def _person(request: TenantRequest, membership_id: int) -> Membership:
    """Another tenant's person is not found; someone else's person is refused."""
    person = found_plans.person_get(tenant=request.tenant, id=membership_id)
    if not permissions.can_view_plan(request.membership, person):
        raise PermissionDenied
    return person


def _plan_page(
    request: TenantRequest, person: Membership, add_form: PlanAddForm | None = None
) -> HttpResponse:
    tenant = request.tenant
    may_adjust = permissions.can_adjust_plan(request.membership, person)
    context: dict[str, Any] = {
        "view": found_plans.plan_of(tenant=tenant, membership=person, today=timezone.localdate()),
        "person": person,
        "may_adjust": may_adjust,
        "mine": False,
    }
    if may_adjust:
        context["add_form"] = add_form or PlanAddForm(tenant=tenant, person=person)
    status = 400 if add_form is not None and add_form.errors else 200
    return render(request, "microlearning/plan.html", context, status=status)


def person_plan(request: TenantRequest, tenant_slug: str, membership_id: int) -> HttpResponse:
    return _plan_page(request, _person(request, membership_id))


@require_POST
def plan_add(request: TenantRequest, tenant_slug: str, membership_id: int) -> HttpResponse:
    tenant, actor = request.tenant, request.membership
    person = _person(request, membership_id)
    form = PlanAddForm(request.POST, tenant=tenant, person=person)
    if form.is_valid():
        try:
            services.plan_item_add(
                tenant=tenant,
                actor=actor,
                person=person,
                module=form.cleaned_data["module"],
                due_on=form.cleaned_data["due_on"],
            )
        except ValidationError as refused:
            form.add_error(None, refused.messages)
        else:
            messages.success(request, _("Module added to the plan."))
            return redirect("microlearning:person_plan", tenant_slug, person.pk)
    return _plan_page(request, person, form)


@require_POST
def plan_item(
    request: TenantRequest, tenant_slug: str, membership_id: int, plan_item_id: int
) -> HttpResponse:
    """Change the item's due date, or (`remove`) take it out of the plan."""
    tenant, actor = request.tenant, request.membership
    person = _person(request, membership_id)
    item = found_plans.plan_item_get(tenant=tenant, person=person, id=plan_item_id)
    if request.POST.get("remove"):
        services.plan_item_remove(tenant=tenant, actor=actor, item=item)
        messages.success(request, _("Module removed from the plan."))
        return redirect("microlearning:person_plan", tenant_slug, person.pk)
    form = PlanItemForm(request.POST)
    if form.is_valid():
        services.plan_item_redate(
            tenant=tenant, actor=actor, item=item, due_on=form.cleaned_data["due_on"]
        )
        messages.success(request, _("Due date changed."))
    else:
        messages.error(request, " ".join(str(e) for e in form.errors.get("due_on", [])))
    return redirect("microlearning:person_plan", tenant_slug, person.pk)


@require_POST
def plan_reviewed(request: TenantRequest, tenant_slug: str, membership_id: int) -> HttpResponse:
    person = _person(request, membership_id)
    services.plan_review(tenant=request.tenant, actor=request.membership, person=person)
    messages.success(request, _("Plan marked as reviewed."))
    return redirect("microlearning:person_plan", tenant_slug, person.pk)
