"""Learning: the modules to do, in progress and done; the player, one step at a time, each step
saved as it is passed (htmx swaps the next step in; without JavaScript, a redirect does)."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.views.decorators.csp import csp_override
from django.views.decorators.http import require_POST, require_safe

from kpis.selectors import kpi_list
from network_animation.data_versions import (
    ORGANISATION,
    request_object_version,
    request_version,
)
from network_animation.downloads import STORED_FILE_CSP, stored_file_response
from network_animation.fragments import (
    csrf_placeholder,
    fragment_get,
    fragment_set,
    with_csrf_token,
)
from network_animation.page_rows import rows_get, rows_set
from network_animation.views.common import TenantRequest, paginate

from .. import permissions, selectors, services
from ..cache import LEARNER, LEARNING
from ..models import Module, ModuleVersion, Progress, QuizAttempt, Step
from ..models.modules import IMAGE_EXTENSIONS
from ..selectors.modules import TO_DO

PER_PAGE = 20
PLAYER = "microlearning/player.html"
STEP_FRAGMENT = "learning-step"
LEARNER_RUN = "learner-run"
LEARNER_RUN_MODELS = (Progress, Module, ModuleVersion)


def _number(value: str) -> int | None:
    return int(value) if value.isdigit() and len(value) < 12 else None


@require_safe
@csp_override(STORED_FILE_CSP)
def step_image(
    request: TenantRequest, tenant_slug: str, module_id: int, image_step_id: int
) -> FileResponse:
    """An image step's picture, shown in place, to those who may see the step."""
    step = selectors.step_image_get(
        tenant=request.tenant,
        membership=request.membership,
        module_id=module_id,
        id=image_step_id,
    )
    extension = IMAGE_EXTENSIONS.get(step.image_type, "jpg")
    return stored_file_response(
        step.image,
        filename=f"step-{step.pk}.{extension}",
        content_type=step.image_type or "image/jpeg",
        as_attachment=False,
    )


def _tabs() -> list[tuple[str, str]]:
    return [("todo", _("To do")), ("running", _("In progress")), ("done", _("Done"))]


def module_list(request: TenantRequest, tenant_slug: str) -> HttpResponse:
    tenant, membership = request.tenant, request.membership
    tab = request.GET.get("tab", TO_DO)
    tab = tab if tab in selectors.TABS else TO_DO
    kpi_id = _number(request.GET.get("kpi", ""))
    modules = selectors.module_list_for_learner(
        tenant=tenant, membership=membership, tab=tab, kpi_id=kpi_id
    )
    return render(
        request,
        "microlearning/list.html",
        {
            "page": paginate(request, modules, per_page=PER_PAGE),
            "tab": tab,
            "tabs": _tabs(),
            "kpi_id": kpi_id,
            "kpis": kpi_list(tenant=tenant, active_only=True),
            "may_author": permissions.may_author(membership),
            "may_review_plans": permissions.may_review_plans(membership),
            "may_manage_competences": permissions.may_manage_competences(membership),
            "may_view_completion": permissions.may_view_completion(membership),
        },
    )


def _player_context(
    module: Module,
    progress: Progress | None,
    step: Step | None,
    attempt: QuizAttempt | None,
    error: str,
) -> dict[str, Any]:
    context: dict[str, Any] = {
        "module": module,
        "progress": progress,
        "step": step,
        "attempt": attempt,
        "error": error,
    }
    if step is not None and step.kind == Step.Kind.QUIZ:
        # How many answers to tick, never which: the choices go out without `is_correct`.
        context["multiple"] = sum(c.is_correct for c in step.choices.all()) > 1
        context["choices"] = [(c.pk, c.text) for c in step.choices.all()]
    if attempt is not None:
        context["feedback"] = [(c, c.pk in attempt.chosen) for c in attempt.step.choices.all()]
    return context


def _step_html(request: TenantRequest, module: Module, progress: Progress) -> SafeString | None:
    """The player at the learner's step, the same for everyone at that step of that version: a
    published version is frozen (services.authoring writes a draft's steps only), and a run's
    version is the one published when it started. Kept rendered, from the cache in the layout's
    round trip; the reader's CSRF token is put back at each request. None when the run has no
    step left to show (rendered with the person's own figures, not kept)."""
    version = progress.version
    stamp = version.published_at.timestamp() if version.published_at else ""
    key = f"{module.pk}:{version.pk}:{stamp}:{progress.position}"
    html = fragment_get(request, STEP_FRAGMENT, key)
    if html is None:
        step = selectors.step_at(tenant=request.tenant, progress=progress)
        if step is None:
            return None
        context = _player_context(module, progress, step, None, "")
        context |= {"nav": {"tenant": request.tenant}, "csrf_token": csrf_placeholder()}
        html = render_to_string(f"{PLAYER}#player", context)
        fragment_set(request, STEP_FRAGMENT, key, html)
    return with_csrf_token(request, html)


def _player(
    request: TenantRequest,
    module: Module,
    progress: Progress | None,
    *,
    attempt: QuizAttempt | None = None,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    step: Step | None = None
    if progress is not None and progress.is_running and attempt is None:
        if error:  # the step again, with the error: rendered for this reader
            step = selectors.step_at(tenant=request.tenant, progress=progress)
        elif (kept := _step_html(request, module, progress)) is not None:
            if request.htmx:
                return HttpResponse(kept, status=status)
            return render(request, PLAYER, {"module": module, "player": kept}, status=status)
        # else: no step left to show (`_step_html` found none), the run's own figures below
    context = _player_context(module, progress, step, attempt, error)
    template = f"{PLAYER}#player" if request.htmx else PLAYER
    return render(request, template, context, status=status)


def _module_and_progress(request: TenantRequest, module_id: int) -> tuple[Module, Progress | None]:
    """`selectors.module_and_progress`, kept for the learner once they have started the module
    (their run is what lets them read it) until their own version changes (each step passed,
    each run started), learning's (the module edited, published, archived) or the
    organisation's. Not kept before they start: who may see a module then depends on more."""
    tenant, membership = request.tenant, request.membership
    learner_version = request_object_version(request, LEARNER, membership.pk)
    key = ":".join(
        str(part)
        for part in (
            learner_version,
            request_version(request, LEARNING),
            request_version(request, ORGANISATION),
            membership.pk,
            module_id,
        )
    )
    kept = rows_get(request, LEARNER_RUN, key, LEARNER_RUN_MODELS)
    if isinstance(kept, Progress):
        return kept.module, kept
    found, progress = selectors.module_and_progress(
        tenant=tenant, membership=membership, id=module_id
    )
    if progress is not None:
        rows_set(request, LEARNER_RUN, key, LEARNER_RUN_MODELS, progress)
    return found, progress


def module(request: TenantRequest, tenant_slug: str, module_id: int) -> HttpResponse:
    tenant = request.tenant
    found, progress = _module_and_progress(request, module_id)
    answered = _number(request.GET.get("answered", ""))
    attempt = None
    if progress is not None and answered is not None:
        attempt = selectors.attempt_of_run(tenant=tenant, progress=progress, step_id=answered)
    return _player(request, found, progress, attempt=attempt)


@require_POST
def module_start(request: TenantRequest, tenant_slug: str, module_id: int) -> HttpResponse:
    tenant, membership = request.tenant, request.membership
    found = selectors.module_get_for_learner(tenant=tenant, membership=membership, id=module_id)
    try:
        progress = services.progress_start(tenant=tenant, actor=membership, module=found)
    except ValidationError as refused:
        messages.error(request, " ".join(refused.messages))
        return redirect("microlearning:list", tenant_slug)
    if request.htmx:
        return _player(request, found, progress)
    return redirect("microlearning:module", tenant_slug, found.pk)


@require_POST
def step_pass(
    request: TenantRequest, tenant_slug: str, module_id: int, step_id: int
) -> HttpResponse:
    """Thousands at the same minute: the person's run, locked, is the module's one read (having
    started the module is what lets them learn it)."""
    tenant, membership = request.tenant, request.membership
    choice_ids = [n for n in map(_number, request.POST.getlist("choice")) if n is not None]
    try:
        passed = services.progress_step_pass(
            tenant=tenant,
            actor=membership,
            module_id=module_id,
            step_id=step_id,
            choice_ids=choice_ids,
        )
    except ValidationError as refused:
        found, progress = selectors.module_and_progress(
            tenant=tenant, membership=membership, id=module_id
        )
        return _player(request, found, progress, error=" ".join(refused.messages), status=400)
    found = passed.progress.module
    if request.htmx:
        return _player(request, found, passed.progress, attempt=passed.attempt)
    url = reverse("microlearning:module", args=[tenant_slug, found.pk])
    return redirect(f"{url}?answered={step_id}" if passed.attempt else url)
