"""The step save's statements, written out in SQL (network_animation/model_rows.py says why):
thousands of people pass a step at the same minute, and compiling the querysets cost the save
more CPU than the database spent on them.

One statement locks the person's run and reads everything a save needs with it: the run's
version and module, the step posted (if it is one of the version's), the person's earlier
answers to it and the tenant's points scale. A quiz question's answers are a second one, and a
run's score at its end a third.
"""

from dataclasses import dataclass
from functools import cache

from django.db import connection
from django.db.models.query import QuerySet

from network_animation.model_rows import columns, instance, width
from network_animation.models import Membership, Tenant

from ..models import Choice, LearningSettings, Module, ModuleVersion, Progress, QuizAttempt, Step
from ..models.modules import POINTS_BY_ATTEMPT


@dataclass(frozen=True)
class LockedRun:
    progress: Progress  # locked until the transaction ends; its module and version read
    step: Step | None  # the step posted, None when it is not one of the run's version
    answers: int  # the person's answers to the step so far (a quiz question), every run
    answered_right: bool  # one of them right
    settings: LearningSettings  # the tenant's, or the defaults


# The models read by `run_locked`, in the order of their columns in its rows.
_RUN_MODELS = (Progress, ModuleVersion, Module, Step, LearningSettings)


@cache
def _run_sql(vendor: str, lock: str) -> str:
    table = connection.ops.quote_name
    read = ", ".join(
        columns(model, alias) for model, alias in zip(_RUN_MODELS, "pvmsl", strict=True)
    )
    attempts = (
        f"SELECT count(*) FROM {table(QuizAttempt._meta.db_table)} q"  # noqa: S608  # names
        " WHERE q.tenant_id = p.tenant_id AND q.progress_id = p.id AND q.step_id = s.id"
    )
    return (
        f"SELECT {read}, ({attempts}), ({attempts} AND q.correct = %s)"  # noqa: S608  # idem
        f" FROM {table(Progress._meta.db_table)} p"
        f" JOIN {table(ModuleVersion._meta.db_table)} v ON v.id = p.version_id"
        f" JOIN {table(Module._meta.db_table)} m ON m.id = p.module_id"
        f" LEFT JOIN {table(Step._meta.db_table)} s"
        " ON s.tenant_id = p.tenant_id AND s.version_id = p.version_id AND s.id = %s"
        f" LEFT JOIN {table(LearningSettings._meta.db_table)} l ON l.tenant_id = p.tenant_id"
        " WHERE p.tenant_id = %s AND p.membership_id = %s AND p.module_id = %s"
        f" {lock}"
    )


def _lock() -> str:
    if not connection.features.has_select_for_update:
        return ""  # SQLite: one writer at a time
    return str(connection.ops.for_update_sql(of=("p",)))


def run_locked(
    *, tenant: Tenant, membership: Membership, module_id: int, step_id: int
) -> LockedRun | None:
    """The person's run of the module, locked, with what a save reads; None when they have not
    started the module."""
    with connection.cursor() as cursor:
        cursor.execute(
            _run_sql(connection.vendor, _lock()),
            (True, step_id, tenant.pk, membership.pk, module_id),
        )
        row = cursor.fetchone()
    if row is None:
        return None
    start, parts = 0, []
    for model in _RUN_MODELS:
        parts.append(row[start : start + width(model)])
        start += width(model)
    progress = instance(Progress, parts[0])
    progress.version = instance(ModuleVersion, parts[1])
    progress.module = instance(Module, parts[2])
    step = instance(Step, parts[3]) if parts[3][0] is not None else None
    if parts[4][0] is not None:
        settings = instance(LearningSettings, parts[4])
    else:
        settings = LearningSettings(tenant=tenant, points_by_attempt=list(POINTS_BY_ATTEMPT))
    answers, right = row[start], row[start + 1]
    return LockedRun(progress, step, int(answers), bool(right), settings)


@cache
def _choices_sql(vendor: str) -> str:
    table = connection.ops.quote_name(Choice._meta.db_table)
    return (
        f"SELECT {columns(Choice, 'c')} FROM {table} c"  # noqa: S608  # names from the model
        " WHERE c.tenant_id = %s AND c.step_id = %s ORDER BY c.position, c.id"
    )


def choices_read(*, tenant: Tenant, step: Step) -> list[Choice]:
    """The question's answers, in their order; also what `step.choices.all()` gives from now on
    (as a `prefetch_related` would leave it: the player shows them with the verdict)."""
    with connection.cursor() as cursor:
        cursor.execute(_choices_sql(connection.vendor), (tenant.pk, step.pk))
        found = [instance(Choice, row) for row in cursor.fetchall()]
    prefetched: QuerySet[Choice] = QuerySet(model=Choice)
    prefetched._result_cache = found  # what prefetching sets
    prefetched._prefetch_done = True  # type: ignore[attr-defined]  # idem, unstubbed
    step._prefetched_objects_cache = {"choices": prefetched}  # type: ignore[attr-defined]  # idem
    return found


@cache
def _score_sql(vendor: str) -> str:
    table = connection.ops.quote_name
    return (
        f"SELECT (SELECT count(*) FROM {table(Step._meta.db_table)}"  # noqa: S608  # names
        " WHERE tenant_id = %s AND version_id = %s AND kind = %s),"
        f" (SELECT count(DISTINCT step_id) FROM {table(QuizAttempt._meta.db_table)}"
        " WHERE tenant_id = %s AND progress_id = %s AND run = %s AND correct = %s)"
    )


def run_score(*, tenant: Tenant, progress: Progress) -> tuple[int, int]:
    """(the questions of the run's version, those answered right in this run)."""
    with connection.cursor() as cursor:
        cursor.execute(
            _score_sql(connection.vendor),
            (tenant.pk, progress.version_id, Step.Kind.QUIZ.value, tenant.pk)
            + (progress.pk, progress.run, True),
        )
        questions, right = cursor.fetchone()
    return int(questions), int(right)
