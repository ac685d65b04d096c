"""Importing KPI facts: one service behind the upload page, the API and the command.

Validate the whole table first and report every bad row; write nothing unless every row is
good; then load everything in one bulk merge, recorded as a job run and in the audit trail.
"""

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd
from django.db import transaction
from django.utils import timezone

from network_animation.audit import Action, audit_record
from network_animation.jobs import JobProgress, tracked_job
from network_animation.models import Tenant, User
from network_animation.tabular import ImportRejected, RowError, file_error

from .. import errors, selectors
from ..fact_table import FactReferences, facts_table_from_file, names_people, validate_facts
from ..loader import kpi_facts_load

if TYPE_CHECKING:  # the API's module: importing it loads DRF
    from network_animation.api.auth import ServiceAccount

IMPORT_JOB = "kpis.import_facts"
API_BATCH_LIMIT = 50_000

type Actor = User | ServiceAccount | None  # a person, a tenant's system (the API), a command


@dataclass(frozen=True)
class FactsImportResult:
    received: int
    written: int
    job_run_id: int


def fact_references(*, tenant: Tenant, people: bool = True) -> FactReferences:
    """The tenant's codes; `people=False` when no fact names a person (their emails unread)."""
    return FactReferences(
        points_of_sale=selectors.point_of_sale_ids_by_code(tenant=tenant),
        kpis=selectors.kpi_ids_by_code(tenant=tenant, importable=True),
        computed_kpis=frozenset(selectors.kpi_ids_by_code(tenant=tenant, importable=False)),
        people=selectors.membership_ids_by_email(tenant=tenant) if people else {},
        today=timezone.localdate(),
    )


def kpi_facts_check(
    *, tenant: Tenant, table: pd.DataFrame, earlier_errors: list[RowError] | None = None
) -> pd.DataFrame:
    """The valid facts of a table, or ImportRejected with every error. Writes nothing."""
    if table.empty and not earlier_errors:
        raise file_error(str(errors.NO_FACTS))
    refs = fact_references(tenant=tenant, people=names_people(table))
    facts, found = validate_facts(table, refs)
    found = sorted([*(earlier_errors or []), *found], key=lambda error: error.line)
    if found:
        raise ImportRejected(found)
    return facts


def kpi_facts_import(
    *,
    tenant: Tenant,
    actor: Actor,
    table: pd.DataFrame,
    source: str,
    earlier_errors: list[RowError] | None = None,
    run_id: int | None = None,
) -> FactsImportResult:
    """Validate and load a table of facts (see `fact_table`); all or nothing.

    `run_id` is the queued job run a page already follows (an upload imported in the background).
    """
    with tracked_job(tenant=tenant, job=IMPORT_JOB, run_id=run_id) as progress:
        progress.add("rows", len(table))
        facts = kpi_facts_check(tenant=tenant, table=table, earlier_errors=earlier_errors)
        progress.report(30)
        result = _load(tenant=tenant, actor=actor, facts=facts, source=source, progress=progress)
    return FactsImportResult(received=result[0], written=result[1], job_run_id=progress.run.pk)


def kpi_facts_import_file(
    *, tenant: Tenant, actor: Actor, content: bytes, filename: str
) -> FactsImportResult:
    return kpi_facts_import(
        tenant=tenant, actor=actor, source=filename, table=facts_table_from_file(content, filename)
    )


def _load(
    *, tenant: Tenant, actor: Actor, facts: pd.DataFrame, source: str, progress: JobProgress
) -> tuple[int, int]:
    with transaction.atomic():
        loaded = kpi_facts_load(tenant=tenant, facts=facts)
        progress.add("facts_written", loaded.written)
        audit_record(
            tenant=tenant,
            actor=actor,
            action=Action.IMPORT,
            target=f"kpi_facts:{source}"[:200],
            actor_label=_actor_label(actor),
            after={
                "received": loaded.received,
                "written": loaded.written,
                "job_run": progress.run.pk,
            },
        )
    return loaded.received, loaded.written


def _actor_label(actor: Actor) -> str:
    """People are named by the audit trail itself; a service account by its token's name."""
    token = getattr(actor, "token", None)
    return f"token:{token.name}" if token is not None else ""
