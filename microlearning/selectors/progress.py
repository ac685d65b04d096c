"""Where people are in their modules."""

from django.db.models import QuerySet

from network_animation.models import Membership, Tenant

from ..models import Module, Progress, QuizAttempt, Step
from .modules import module_get_for_learner


def progress_of(*, tenant: Tenant, membership: Membership, module: Module) -> Progress | None:
    return (
        Progress.objects.filter(tenant=tenant, membership=membership, module=module)
        .select_related("version")
        .first()
    )


def module_and_progress(
    *, tenant: Tenant, membership: Membership, id: int
) -> tuple[Module, Progress | None]:
    """The module the person may learn and their progress in it: one query when they have
    started it (a learner coming back, the common case), as having started a module is what
    lets them read it even once archived (`module_get_for_learner`, asked otherwise)."""
    progress = (
        Progress.objects.filter(tenant=tenant, membership=membership, module_id=id)
        .select_related("version", "module__published")
        .first()
    )
    if progress is not None:
        return progress.module, progress
    return module_get_for_learner(tenant=tenant, membership=membership, id=id), None


def step_at(*, tenant: Tenant, progress: Progress) -> Step | None:
    """The step the person is at, with its answers (None once the run is finished)."""
    return (
        Step.objects.filter(
            tenant=tenant, version_id=progress.version_id, position=progress.position
        )
        .prefetch_related("choices")
        .first()
    )


def attempt_of_run(*, tenant: Tenant, progress: Progress, step_id: int) -> QuizAttempt | None:
    """The person's answer to this question in the current run, with the question."""
    return (
        QuizAttempt.objects.filter(
            tenant=tenant, progress=progress, run=progress.run, step_id=step_id
        )
        .select_related("step")
        .prefetch_related("step__choices")
        .order_by("-pk")
        .first()
    )


def progress_list(*, tenant: Tenant) -> QuerySet[Progress]:
    """Everyone's progress (the API's), the latest active first."""
    return (
        Progress.objects.filter(tenant=tenant)
        .select_related("membership__user", "module", "version")
        .order_by("-last_step_at", "-pk")
    )
