"""Writing modules: head office's for the network or a zone, an animator's for their zones.
Steps are added, changed, moved and removed on the draft version (changing a published module
makes one); a preview shows the steps as learners will, with the right answers marked;
publishing is refused over ten minutes, saying by how much."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from network_animation.views.common import TenantRequest, paginate, require

from .. import permissions, selectors, services
from ..forms import CHOICE_ROWS, ModuleForm, StepForm
from ..models import Module, Step
from ..models.modules import MODULE_SECONDS_MAX

PER_PAGE = 25


def _authored(request: TenantRequest, module_id: int) -> Module:
    """The module, if the person may write it: another tenant's is not found, another zone's
    is refused."""
    found = selectors.module_get(tenant=request.tenant, id=module_id)
    if not permissions.can_author(request.membership, found):
        raise PermissionDenied
    return found


@require(permissions.may_author)
def manage(request: TenantRequest, tenant_slug: str) -> HttpResponse:
    modules = selectors.modules_authored(tenant=request.tenant, membership=request.membership)
    context = {
        "page": paginate(request, modules, PER_PAGE),
        "may_configure": permissions.may_configure_learning(request.membership),
    }
    return render(request, "microlearning/manage.html", context)


def _module_form(request: TenantRequest, form: ModuleForm, module: Module | None) -> HttpResponse:
    return render(
        request,
        "microlearning/module_form.html",
        {"form": form, "module": module},
        status=400 if form.errors else 200,
    )


@require(permissions.may_author)
def module_new(request: TenantRequest, tenant_slug: str) -> HttpResponse:
    tenant, membership = request.tenant, request.membership
    form = ModuleForm(request.POST or None, tenant=tenant, membership=membership)
    if request.method == "POST" and form.is_valid():
        try:
            made = services.module_create(tenant=tenant, actor=membership, data=form.module_data())
        except ValidationError as refused:
            form.add_error(None, refused)
        else:
            messages.success(request, _("Module created: add its steps."))
            return redirect("microlearning:manage_module", tenant_slug, made.pk)
    return _module_form(request, form, None)


def module_edit(request: TenantRequest, tenant_slug: str, module_id: int) -> HttpResponse:
    tenant, membership = request.tenant, request.membership
    found = _authored(request, module_id)
    form = ModuleForm(
        request.POST or None,
        tenant=tenant,
        membership=membership,
        initial=ModuleForm.initial_of(found),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.module_update(
                tenant=tenant, actor=membership, module=found, data=form.module_data()
            )
        except ValidationError as refused:
            form.add_error(None, refused)
        else:
            messages.success(request, _("Saved."))
            return redirect("microlearning:manage_module", tenant_slug, found.pk)
    return _module_form(request, form, found)


def _steps_context(request: TenantRequest, found: Module) -> dict[str, Any]:
    version = selectors.working_version(tenant=request.tenant, module=found)
    steps = list(version.steps.all()) if version else []
    total = sum(step.estimated_seconds for step in steps)
    return {
        "module": found,
        "version": version,
        "steps": steps,
        "total_seconds": total,
        "over_seconds": max(total - MODULE_SECONDS_MAX, 0),
        "kinds": Step.Kind.choices,
    }


def module_manage(request: TenantRequest, tenant_slug: str, module_id: int) -> HttpResponse:
    found = _authored(request, module_id)
    return render(request, "microlearning/module_manage.html", _steps_context(request, found))


def module_preview(request: TenantRequest, tenant_slug: str, module_id: int) -> HttpResponse:
    found = _authored(request, module_id)
    return render(request, "microlearning/preview.html", _steps_context(request, found))


def _step_form(
    request: TenantRequest, found: Module, form: StepForm, step: Step | None
) -> HttpResponse:
    return render(
        request,
        "microlearning/step_form.html",
        {"module": found, "form": form, "step": step, "kind": form.kind},
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


def step_new(request: TenantRequest, tenant_slug: str, module_id: int) -> HttpResponse:
    tenant, membership = request.tenant, request.membership
    found = _authored(request, module_id)
    kind = request.GET.get("kind", Step.Kind.TEXT)
    if kind not in Step.Kind.values:
        raise Http404
    initial: dict[str, Any] = {"choices": [{}] * CHOICE_ROWS}
    form = StepForm(
        request.POST or None,
        request.FILES or None,
        kind=kind,
        language=found.language,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.step_add(tenant=tenant, actor=membership, module=found, data=form.step_data())
        except ValidationError as refused:
            form.add_error(None, refused.messages)
        else:
            messages.success(request, _("Step added."))
            return redirect("microlearning:manage_module", tenant_slug, found.pk)
    return _step_form(request, found, form, None)


def step_edit(
    request: TenantRequest, tenant_slug: str, module_id: int, step_id: int
) -> HttpResponse:
    tenant, membership = request.tenant, request.membership
    found = _authored(request, module_id)
    step = selectors.step_get(tenant=tenant, module=found, id=step_id)
    form = StepForm(
        request.POST or None,
        request.FILES or None,
        kind=step.kind,
        language=found.language,
        has_image=bool(step.image),
        initial=StepForm.initial_of(step),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.step_update(tenant=tenant, actor=membership, step=step, data=form.step_data())
        except ValidationError as refused:
            form.add_error(None, refused.messages)
        else:
            messages.success(request, _("Step saved."))
            return redirect("microlearning:manage_module", tenant_slug, found.pk)
    return _step_form(request, found, form, step)


@require_POST
def step_move(
    request: TenantRequest, tenant_slug: str, module_id: int, step_id: int
) -> HttpResponse:
    found = _authored(request, module_id)
    step = selectors.step_get(tenant=request.tenant, module=found, id=step_id)
    offset = -1 if request.POST.get("direction") == "up" else 1
    services.step_move(tenant=request.tenant, actor=request.membership, step=step, offset=offset)
    return redirect("microlearning:manage_module", tenant_slug, found.pk)


@require_POST
def step_delete(
    request: TenantRequest, tenant_slug: str, module_id: int, step_id: int
) -> HttpResponse:
    found = _authored(request, module_id)
    step = selectors.step_get(tenant=request.tenant, module=found, id=step_id)
    services.step_delete(tenant=request.tenant, actor=request.membership, step=step)
    messages.success(request, _("Step removed."))
    return redirect("microlearning:manage_module", tenant_slug, found.pk)


@require_POST
def module_publish(request: TenantRequest, tenant_slug: str, module_id: int) -> HttpResponse:
    found = _authored(request, module_id)
    try:
        version = services.module_publish(
            tenant=request.tenant, actor=request.membership, module=found, request=request
        )
    except ValidationError as refused:
        for message in refused.messages:
            messages.error(request, message)
    else:
        text = _(
            "Version %(number)s is published: people in the middle of the module finish "
            "the version they started."
        )
        messages.success(request, text % {"number": version.number})
    return redirect("microlearning:manage_module", tenant_slug, found.pk)


@require_POST
def module_archive(request: TenantRequest, tenant_slug: str, module_id: int) -> HttpResponse:
    found = _authored(request, module_id)
    services.module_archive(tenant=request.tenant, actor=request.membership, module=found)
    messages.success(request, _("Archived: newcomers no longer see it."))
    return redirect("microlearning:manage_module", tenant_slug, found.pk)
