"""Gaps observed at work (microlearning/services/observed_gaps.py): they count as gaps of the
plan after the assessed ones, whatever the last assessment said, until they are cleared; only
the framework's own competences; the audit trail records who observed them."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from microlearning.models import ObservedGap, PlanItem
from microlearning.services import observed_gaps_set
from network_animation.models import AuditEvent, Role
from network_animation.tenancy import tenant_scope

from .factories import link, make_assessment, make_competence, make_module, make_scale, take

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 3, 2)


def observe(network, competences, role=Role.COACH):
    with tenant_scope(network.tenant):
        return observed_gaps_set(
            tenant=network.tenant,
            actor=network.members[role],
            person=network.members[Role.POS_STAFF],
            competences=competences,
            today=TODAY,
        )


def planned(network) -> dict[int, int | None]:
    with tenant_scope(network.tenant):
        items = PlanItem.objects.filter(tenant=network.tenant, removed_at__isnull=True)
        return dict(items.values_list("module_id", "competence_id"))


def test_an_observed_gap_counts_even_when_the_assessment_found_none(network_a):
    make_scale(network_a)
    welcome = make_competence(network_a, "Accueil")
    module = make_module(network_a, title="Sourire")
    link(network_a, module, welcome)
    take(network_a, make_assessment(network_a, [welcome]))  # every answer right: proficient
    assert planned(network_a) == {}
    observe(network_a, [welcome])
    assert planned(network_a) == {module.pk: welcome.pk}
    with tenant_scope(network_a.tenant):
        assert AuditEvent.objects.filter(action="learning_gaps_observed").count() == 1
    observe(network_a, [])
    assert planned(network_a) == {}
    with tenant_scope(network_a.tenant):
        assert not ObservedGap.objects.filter(tenant=network_a.tenant).exists()


def test_another_networks_competence_is_refused(network_a, network_b):
    foreign = make_competence(network_b, "Ailleurs")
    with pytest.raises(ValidationError):
        observe(network_a, [foreign])
