"""The computed KPIs that are only a ratio's parts stay off the dashboards: created inactive,
with no English word for a unit; the migration that followed brings existing tenants in line."""

from importlib import import_module
from types import SimpleNamespace

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from kpis.models import KpiDefinition
from kpis.services.computed import PRODUCERS, computed_kpis_ensure
from network_animation.tenancy import tenant_scope

pytestmark = pytest.mark.django_db
SCORES = {"visit_score", "mystery_visit_score", "customer_survey_score"}
SHOWN_LEARNING = {
    "learning_completion_rate",
    "learning_modules_completed",
    "learning_review_regularity",
}


def test_only_the_scores_and_the_learning_figures_people_read_are_active(network_a):
    with tenant_scope(network_a.tenant):
        for name in ("visits", "learning"):
            computed_kpis_ensure(tenant=network_a.tenant, producer=PRODUCERS[name])
        kpis = list(KpiDefinition.objects.filter(tenant=network_a.tenant))
    active = {kpi.code for kpi in kpis if kpi.is_active}
    assert active >= SCORES
    assert active >= SHOWN_LEARNING
    assert {"visits_done", "customer_surveys", "learning_review_days_expected"}.isdisjoint(active)
    assert {kpi.unit for kpi in kpis} <= {"", "pts", "/100", "%", "modules"}
    assert "Score d’enquête client" in {kpi.name_fr for kpi in kpis}


def test_the_migration_hides_the_parts_a_tenant_already_has(network_a):
    with tenant_scope(network_a.tenant):
        computed_kpis_ensure(tenant=network_a.tenant, producer=PRODUCERS["visits"])
        mine = KpiDefinition.objects.filter(tenant=network_a.tenant)
        # As the first versions created them.
        mine.filter(code="visits_done").update(is_active=True, unit="visits")
        mine.filter(code="customer_survey_score").update(name_fr="Score d'enquête client")
    migration = ("kpis", "0010_computed_parts_hidden")
    data_migration = import_module(".".join([migration[0], "migrations", migration[1]]))
    historical = MigrationLoader(connection).project_state(migration).apps
    data_migration.parts_hidden(historical, SimpleNamespace(connection=connection))
    with tenant_scope(network_a.tenant):
        done = mine.get(code="visits_done")
        score = mine.get(code="customer_survey_score")
    assert (done.is_active, done.unit) == (False, "")
    assert score.is_active
    assert score.name_fr == "Score d’enquête client"
