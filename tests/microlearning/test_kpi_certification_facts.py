"""Certifications obtained as KPI facts, one KPI per certification: the facts equal a reference
computed here in plain Python over random awards; a renewal or a retake while certified adds
nothing; an incremental run equals a full rebuild; a challenge on a certification scores like
any KPI challenge; another tenant's certifications stay its own."""

import datetime as dt
import random

import pytest
from django.db import transaction
from django.utils import timezone

from challenges.models import ChallengeStanding, ScoringRule
from kpis.models import Aggregation, KpiDefinition, KpiFact
from kpis.services.computed import computed_facts_refresh
from microlearning.kpi_certification_facts import CertificationFacts, certification_code
from microlearning.models import CertificationAward
from microlearning.services import CertificationData, certification_save
from network_animation.models import Membership, Role
from network_animation.tenancy import tenant_scope

from ..challenges.factories import launch
from ..challenges.test_services import standings
from .factories import four_learners, make_assessment, make_competence, make_scale, take
from .test_kpi_facts import Rollback

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 3, 18)
NOW = dt.datetime(2026, 3, 18, 1, 30, tzinfo=dt.UTC)  # the nightly run: 2:30 in Paris
PRODUCER = CertificationFacts()

Facts = dict[tuple[str, int, int, dt.date], float]  # (code, point of sale, person, day): value


def certification(network, name: str, role: str = "", requirements=()):
    with tenant_scope(network.tenant):
        return certification_save(
            tenant=network.tenant,
            actor=network.members[Role.HEAD_OFFICE],
            data=CertificationData(name_fr=name, role=role, requirements=requirements),
        ).certification


@pytest.fixture
def certified(network_a):
    """Two certifications (of one competence each) and four people: the point of sale's
    manager and staff, one at the other point of sale, and head office (no point of sale)."""
    levels = make_scale(network_a)
    vente, relation = make_competence(network_a, "Vente"), make_competence(network_a, "Relation")
    assessment = make_assessment(network_a, [vente, relation])
    certifications = [
        certification(network_a, "Vendeur confirmé", requirements=[(vente, levels[1])]),
        certification(network_a, "Conseiller expert", requirements=[(relation, levels[2])]),
    ]
    people = four_learners(network_a)
    return {
        "network": network_a,
        "certifications": certifications,
        "people": people,
        "assessment": assessment,
        "requirement": (vente, levels[0]),
    }


def seed(certified, rng: random.Random) -> None:
    """Random awards over the last 400 days: some lapse before the next, some overlap it."""
    tenant = certified["network"].tenant
    for person in certified["people"]:
        for kind in certified["certifications"]:
            days = sorted(rng.sample(range(400), rng.randint(0, 4)), reverse=True)
            for back in days:
                granted = TODAY - dt.timedelta(days=back)
                CertificationAward.objects.create(
                    tenant=tenant,
                    certification=kind,
                    membership=person,
                    granted_on=granted,
                    expires_on=granted + dt.timedelta(days=rng.choice([10, 60, 365])),
                )


def reference(tenant) -> Facts:
    """1 on the first day of each award that no earlier award of the person's runs on."""
    point = dict(Membership.objects.filter(tenant=tenant).values_list("pk", "point_of_sale_id"))
    awards = list(CertificationAward.objects.filter(tenant=tenant))
    facts: Facts = {}
    for award in awards:
        running = [
            earlier
            for earlier in awards
            if (earlier.certification_id, earlier.membership_id)
            == (award.certification_id, award.membership_id)
            and earlier.granted_on < award.granted_on <= earlier.expires_on
        ]
        if not running and point[award.membership_id] is not None:
            key = (
                certification_code(award.certification_id),
                point[award.membership_id],
                award.membership_id,
                award.granted_on,
            )
            facts[key] = 1.0
    return facts


def written(tenant) -> Facts:
    codes = dict(KpiDefinition.objects.filter(tenant=tenant).values_list("pk", "code"))
    return {
        (codes[f.kpi_id], f.point_of_sale_id, f.person_id, f.date): f.value
        for f in KpiFact.objects.filter(tenant=tenant, kpi__producer=PRODUCER.name)
    }


def refresh(tenant, *, full: bool = False, now: dt.datetime = NOW):
    return computed_facts_refresh(tenant=tenant, producer=PRODUCER, full=full, now=now)


@pytest.mark.parametrize("seed_value", [1, 2, 3, 4, 5, 6])
def test_the_facts_equal_a_reference_computed_from_random_awards(certified, seed_value):
    tenant = certified["network"].tenant
    found: Facts = {}
    expected: Facts = {}
    with tenant_scope(tenant):
        try:
            with transaction.atomic():
                seed(certified, random.Random(seed_value))
                refresh(tenant, full=True)
                found, expected = written(tenant), reference(tenant)
                raise Rollback
        except Rollback:
            pass
    assert found == expected
    assert expected  # the example certified someone


def test_one_kpi_of_sums_per_certification_created_inactive(certified):
    tenant = certified["network"].tenant
    with tenant_scope(tenant):
        refresh(tenant, full=True)
        kpis = KpiDefinition.objects.filter(tenant=tenant, producer=PRODUCER.name)
        found = {
            kpi.code: (kpi.name_fr, kpi.name_en, kpi.aggregation, kpi.is_active) for kpi in kpis
        }
        assert {kpi.unit for kpi in kpis} == {""}  # no English word on a French page
    vendeur, expert = certified["certifications"]
    assert found == {
        certification_code(vendeur.pk): (
            "Certifications obtenues\u00a0: Vendeur confirmé",
            "Certifications obtained: Vendeur confirmé",
            Aggregation.SUM,
            False,  # head office turns it on for the dashboards and the challenges
        ),
        certification_code(expert.pk): (
            "Certifications obtenues\u00a0: Conseiller expert",
            "Certifications obtained: Conseiller expert",
            Aggregation.SUM,
            False,
        ),
    }


def test_taking_the_assessment_again_while_certified_earns_nothing_more(certified):
    network = certified["network"]
    staff = network.members[Role.POS_STAFF]
    vendeur = certified["certifications"][0]
    take(network, certified["assessment"])
    with tenant_scope(network.tenant):
        [first] = CertificationAward.objects.filter(membership=staff, certification=vendeur)
        # A week later, the person passes it again: a new award, continuing the first.
        first.granted_on -= dt.timedelta(days=7)
        first.save()
    take(network, certified["assessment"])
    with tenant_scope(network.tenant):
        assert (
            CertificationAward.objects.filter(membership=staff, certification=vendeur).count() == 2
        )
        refresh(network.tenant, full=True, now=timezone.now())
        facts = written(network.tenant)
    mine = {key: value for key, value in facts.items() if key[0] == certification_code(vendeur.pk)}
    assert mine == {
        (certification_code(vendeur.pk), network.point_of_sale.pk, staff.pk, first.granted_on): 1.0
    }


def test_an_incremental_run_after_new_awards_equals_a_full_rebuild(certified):
    tenant = certified["network"].tenant
    with tenant_scope(tenant):
        seed(certified, random.Random(11))
        refresh(tenant, full=True, now=NOW - dt.timedelta(days=60))
        # Since: a new certification saved, whose grant job certifies someone from results
        # of fifty days ago (older than the trailing days the night always rewrites).
        late = certification(
            certified["network"], "Après-vente", requirements=[certified["requirement"]]
        )
        CertificationAward.objects.create(
            tenant=tenant,
            certification=late,
            membership=certified["people"][2],
            granted_on=TODAY - dt.timedelta(days=50),
            expires_on=TODAY + dt.timedelta(days=300),
        )
        refresh(tenant)
        incremental = written(tenant)
        assert any(key[0] == certification_code(late.pk) for key in incremental)
        refresh(tenant, full=True)
        assert incremental == written(tenant) == reference(tenant)


def test_a_challenge_on_a_certification_scores_like_any_kpi_challenge(certified, network_b):
    network = certified["network"]
    manager, staff = network.members[Role.POS_MANAGER], network.members[Role.POS_STAFF]
    vendeur, expert = certified["certifications"]
    with tenant_scope(network.tenant):
        for person, kinds in ((staff, [vendeur, expert]), (manager, [vendeur])):
            for kind in kinds:
                CertificationAward.objects.create(
                    tenant=network.tenant,
                    certification=kind,
                    membership=person,
                    granted_on=dt.date(2025, 3, 10),
                    expires_on=dt.date(2026, 3, 10),
                )
        refresh(network.tenant, full=True, now=dt.datetime(2025, 3, 31, 1, tzinfo=dt.UTC))
        kpis = list(
            KpiDefinition.objects.filter(tenant=network.tenant, producer=PRODUCER.name).order_by(
                "pk"
            )
        )
    challenge = launch(network, kpis, participant_kind="person", scoring_rule=ScoringRule.ABSOLUTE)
    standings(network, challenge)
    with tenant_scope(network.tenant):
        rows = {row.person_id: row for row in ChallengeStanding.objects.filter(challenge=challenge)}
    assert (rows[staff.pk].rank, rows[manager.pk].rank) == (1, 2)
    assert rows[staff.pk].details[str(kpis[1].pk)]["value"] == 1
    assert rows[manager.pk].details[str(kpis[1].pk)]["value"] in (0, None)
    with tenant_scope(network_b.tenant):
        refresh(network_b.tenant, full=True)
        assert not KpiFact.objects.filter(tenant=network_b.tenant).exists()
        assert not KpiDefinition.objects.filter(
            tenant=network_b.tenant, producer=PRODUCER.name
        ).exists()
