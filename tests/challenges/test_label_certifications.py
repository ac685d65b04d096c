"""A label grid may ask for a share of a point of sale's people certified (issue 15, item 5:
certifications "usable as a label criterion"): the share of its active people of the
certification's role who hold it on the year's last day; the evaluation records the share with
the counts behind it, and head office sets it on the grid page like any criterion."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from challenges.models import LabelAward, LabelLevel, Measure
from challenges.services import CriterionSpec, label_grid_save, labels_evaluate
from microlearning.models import CertificationAward
from microlearning.services import CertificationData, certification_save
from network_animation.models import Role
from network_animation.tenancy import tenant_scope

from ..factories import MembershipFactory, UserFactory
from ..microlearning.factories import make_assessment, make_competence, make_scale, take

pytestmark = pytest.mark.django_db
YEAR = timezone.localdate().year


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


def certification_for(network, name="Vendeur confirmé", role=Role.POS_STAFF):
    levels = make_scale(network)
    vente = make_competence(network, "Vente")
    assessment = make_assessment(network, [vente])
    with tenant_scope(network.tenant), TestCase.captureOnCommitCallbacks(execute=True):
        saved = certification_save(
            tenant=network.tenant,
            actor=network.members[Role.HEAD_OFFICE],
            data=CertificationData(name_fr=name, role=role, requirements=[(vente, levels[1])]),
        )
    return saved.certification, assessment


def grid(network, certification, threshold=50.0, year=YEAR):
    with tenant_scope(network.tenant):
        label_grid_save(
            tenant=network.tenant,
            actor=None,
            year=year,
            criteria=[
                CriterionSpec(
                    LabelLevel.BRONZE, None, Measure.CERTIFIED_SHARE, threshold, certification
                )
            ],
        )


def second_staff(network):
    with tenant_scope(network.tenant):
        return MembershipFactory(
            tenant=network.tenant,
            role=Role.POS_STAFF,
            user=UserFactory(),
            point_of_sale=network.point_of_sale,
        )


def award_of(network, point, year=YEAR):
    with tenant_scope(network.tenant):
        labels_evaluate(tenant=network.tenant, year=year)
        return LabelAward.objects.get(tenant=network.tenant, year=year, point_of_sale=point)


def test_the_evaluation_reads_the_share_of_the_roles_people_certified_and_records_it(network_a):
    certification, assessment = certification_for(network_a)
    second_staff(network_a)  # not certified: one staff of two is
    take(network_a, assessment)  # the staff member
    take(network_a, assessment, role=Role.POS_MANAGER)  # another role: not counted
    grid(network_a, certification, threshold=50.0)
    award = award_of(network_a, network_a.point_of_sale)
    assert award.level == LabelLevel.BRONZE
    [row] = award.evidence
    assert row["measure"] == Measure.CERTIFIED_SHARE
    assert row["certification_id"] == certification.pk
    assert (row["actual"], row["met"], row["holders"], row["people"]) == (50.0, True, 1, 2)
    assert row["kpi_id"] is None


def test_a_point_of_sale_without_anyone_of_the_role_or_below_the_share_gets_no_label(network_a):
    certification, assessment = certification_for(network_a)
    second_staff(network_a)
    take(network_a, assessment)
    grid(network_a, certification, threshold=75.0)
    below = award_of(network_a, network_a.point_of_sale)
    assert below.level is None
    assert (below.evidence[0]["actual"], below.evidence[0]["met"]) == (50.0, False)
    nobody = award_of(network_a, network_a.other_point_of_sale)
    assert nobody.level is None
    assert (nobody.evidence[0]["actual"], nobody.evidence[0]["met"]) == (None, False)


def test_a_certification_expired_by_the_years_end_does_not_count(network_a):
    certification, _ = certification_for(network_a)
    staff = network_a.members[Role.POS_STAFF]
    last_year = YEAR - 1
    with tenant_scope(network_a.tenant):
        CertificationAward.objects.create(
            tenant=network_a.tenant,
            certification=certification,
            membership=staff,
            granted_on=dt.date(last_year, 1, 10),
            expires_on=dt.date(last_year, 12, 31),  # its last day is the 30th
        )
    grid(network_a, certification, threshold=100.0, year=last_year)
    award = award_of(network_a, network_a.point_of_sale, year=last_year)
    assert (award.level, award.evidence[0]["actual"], award.evidence[0]["holders"]) == (None, 0, 0)


def test_the_criterion_needs_a_certification_of_this_network(network_a, network_b):
    certification, _ = certification_for(network_a)
    foreign, _ = certification_for(network_b)
    refused = [
        CriterionSpec(LabelLevel.BRONZE, None, Measure.CERTIFIED_SHARE, 50.0),
        CriterionSpec(LabelLevel.BRONZE, None, Measure.VISIT_SCORE, 50.0, certification),
        CriterionSpec(LabelLevel.BRONZE, None, Measure.CERTIFIED_SHARE, 50.0, foreign),
    ]
    for criterion in refused:
        with tenant_scope(network_a.tenant), pytest.raises(ValidationError):
            label_grid_save(tenant=network_a.tenant, actor=None, year=YEAR, criteria=[criterion])


def test_head_office_sets_the_criterion_on_the_grid_page_and_the_history_names_it(
    network_a, network_b
):
    certification, assessment = certification_for(network_a)
    foreign, _ = certification_for(network_b)
    take(network_a, assessment)
    with tenant_scope(network_a.tenant):
        made = label_grid_save(tenant=network_a.tenant, actor=None, year=YEAR, criteria=[])
    client = network_a.client(Role.HEAD_OFFICE)
    page = reverse("challenges:label_grid", args=[network_a.tenant.slug, made.pk])
    assert "Vendeur confirmé" in client.get(page).content.decode()  # offered
    data = {
        "form-TOTAL_FORMS": "1",
        "form-INITIAL_FORMS": "0",
        "form-0-level": "1",
        "form-0-measure": "certified_share",
        "form-0-certification": str(certification.pk),
        "form-0-threshold": "80",
    }
    without = client.post(page, data | {"form-0-certification": ""})
    assert "Choose the certification whose holders count." in without.content.decode()
    another = client.post(page, data | {"form-0-certification": str(foreign.pk)})
    assert "Select a valid choice" in another.content.decode()
    assert client.post(page, data).status_code == 302
    with tenant_scope(network_a.tenant):
        saved = list(made.criteria.values_list("measure", "certification_id", "threshold"))
    assert saved == [("certified_share", certification.pk, 80.0)]
    award_of(network_a, network_a.point_of_sale)
    history = client.get(
        reverse(
            "challenges:point_of_sale_labels",
            args=[network_a.tenant.slug, network_a.point_of_sale.pk],
        )
    ).content.decode()
    assert "Share of people certified (%) · Vendeur confirmé" in history


def test_the_dealer_sees_the_certification_missing_for_the_label_until_someone_is_certified(
    network_a, committed
):
    """The point of sale's panel is cached: a certification renews it."""
    certification, assessment = certification_for(network_a)
    committed(lambda: grid(network_a, certification, threshold=100.0))
    url = reverse("point_of_sale", args=[network_a.tenant.slug, network_a.point_of_sale.pk])
    dealer = network_a.client(Role.POS_STAFF)
    missing = "Bronze · Share of people certified (%) · Vendeur confirmé"
    assert missing in dealer.get(url).content.decode()
    committed(lambda: take(network_a, assessment))
    assert missing not in dealer.get(url).content.decode()
