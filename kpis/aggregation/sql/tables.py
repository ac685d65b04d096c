"""The tables the statements name: the models' tables, quoted, and the run's temporary tables."""

from django.db import connection

from network_animation.models import Membership, PointOfSale, Zone

from ...models import KpiDefinition, KpiDirtyMonth, KpiFact, KpiRollup, Objective

# The run's temporary tables, named by the aggregation itself. `kpi_work` lists the periods to
# recompute (one row per KPI and month or year), and every statement works on those.
WORK = "kpi_work"
PARTS = "kpi_work_part"
NEW = "kpi_rollup_new"
TARGETS = "kpi_target"
YEAR_MONTHS = "kpi_year_month"


def table_names() -> dict[str, str]:
    """What `{facts}`, `{rollups}`, `{work}`... stand for in a statement's template."""
    quote = connection.ops.quote_name
    return {
        "facts": quote(KpiFact._meta.db_table),
        "kpis": quote(KpiDefinition._meta.db_table),
        "dirty_months": quote(KpiDirtyMonth._meta.db_table),
        "objectives": quote(Objective._meta.db_table),
        "rollups": quote(KpiRollup._meta.db_table),
        "points_of_sale": quote(PointOfSale._meta.db_table),
        "zones": quote(Zone._meta.db_table),
        "memberships": quote(Membership._meta.db_table),
        "work": WORK,
        "parts": PARTS,
        "new": NEW,
        "targets": TARGETS,
        "year_months": YEAR_MONTHS,
    }


def statement(template: str, **words: str) -> str:
    """The statement of `template`: its tables named, and the words of its level or period."""
    return template.format_map(table_names() | words)
