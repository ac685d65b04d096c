"""Content for points of sale: the frames loaded from learning's records, the nightly step that
stores the engine's recommendations (idempotent, none for the hold-out group)."""

import pytest
from django.utils import timezone

from network_animation.jobs import tracked_job
from network_animation.tenancy import tenant_scope
from recommendations.content import exposures_frame, items_frame
from recommendations.holdout import quarter_start
from recommendations.models import ContentRecommendation, HoldoutPoint, HoldoutQuarter
from recommendations.services import recommendations_nightly_step

from .content_setup import DONE_ON, build_helped, finish_module

pytestmark = pytest.mark.django_db


def _nightly(tenant) -> None:
    with tracked_job(tenant=tenant, job="nightly.recommendations") as progress:
        recommendations_nightly_step(tenant=tenant, progress=progress)


def _stored(tenant) -> list[tuple]:
    with tenant_scope(tenant):
        rows = ContentRecommendation.objects.filter(tenant=tenant).order_by(
            "point_of_sale_id", "kpi_id", "rank"
        )
        return list(
            rows.values_list(
                "point_of_sale_id",
                "kpi_id",
                "item_kind",
                "item_id",
                "rank",
                "expected_uplift",
                "reason_fr",
                "reason_en",
            )
        )


@pytest.fixture
def helped(diagnosed):
    return build_helped(diagnosed)


def test_a_module_finished_at_a_point_of_sale_is_an_exposure_of_it(helped):
    tenant = helped.diagnosed.network.tenant
    with tenant_scope(tenant):
        items = items_frame(tenant=tenant)
        exposures = exposures_frame(tenant=tenant)
        sales = helped.module.kpi_links.get().kpi_id
    key = f"module:{helped.module.pk}"
    assert items.set_index("item").loc[key, "kind"] == "module"
    assert items.set_index("item").loc[key, "kpis"] == [sales]
    mine = exposures[exposures["item"] == key]
    assert sorted(mine["point_of_sale"]) == sorted(point.pk for point in helped.learners)
    assert set(mine["date"]) == {timezone.localdate(DONE_ON)}


def test_two_people_of_a_point_of_sale_count_once_from_the_first(helped):
    tenant = helped.diagnosed.network.tenant
    point = helped.learners[0]
    later = DONE_ON.replace(month=9)
    finish_module(helped.diagnosed, helped.module, point, later)
    with tenant_scope(tenant):
        exposures = exposures_frame(tenant=tenant)
    rows = exposures[exposures["point_of_sale"] == point.pk]
    assert list(rows["date"]) == [timezone.localdate(DONE_ON)]


def test_the_night_recommends_the_module_to_the_dealers_off_target(helped):
    diagnosed = helped.diagnosed
    tenant = diagnosed.network.tenant
    _nightly(tenant)
    rows = _stored(tenant)
    points = {row[0] for row in rows}
    assert diagnosed.far_off.pk in points
    assert not points & {point.pk for point in helped.learners}  # already done
    point, _kpi, kind, item, rank, uplift, french, english = next(
        row for row in rows if row[0] == diagnosed.far_off.pk
    )
    assert (kind, item, rank) == ("module", helped.module.pk, 1)
    assert uplift > 0
    assert "Sales" in english
    assert "5 of them did it" in english
    assert "(concession, taille S)" in french
    assert "Ventes" in french


def test_the_night_twice_leaves_what_it_left_once(helped, committed):
    tenant = helped.diagnosed.network.tenant
    committed(lambda: _nightly(tenant))
    once = _stored(tenant)
    committed(lambda: _nightly(tenant))
    assert _stored(tenant) == once
    far_off, a_little_off = helped.diagnosed.far_off, helped.diagnosed.a_little_off
    assert {far_off.pk, a_little_off.pk} <= {row[0] for row in once}


def test_the_night_records_how_many_it_recommended(helped):
    from network_animation.models import JobRun

    tenant = helped.diagnosed.network.tenant
    _nightly(tenant)
    with tenant_scope(tenant):
        run = JobRun.objects.filter(tenant=tenant).latest("started_at")
    with tenant_scope(tenant):
        assert run.counts["content_recommendations"] == ContentRecommendation.objects.count() > 0


def test_a_held_out_point_of_sale_receives_nothing(helped):
    diagnosed = helped.diagnosed
    tenant = diagnosed.network.tenant
    _nightly(tenant)
    assert diagnosed.far_off.pk in {row[0] for row in _stored(tenant)}
    with tenant_scope(tenant):
        quarter = HoldoutQuarter.objects.get(
            tenant=tenant, quarter_start=quarter_start(timezone.localdate())
        )
        HoldoutPoint.objects.create(
            tenant=tenant,
            quarter=quarter,
            point_of_sale=diagnosed.far_off,
            zone_id_drawn=diagnosed.far_off.zone_id,
            size_class_drawn=diagnosed.far_off.size_class,
        )
    _nightly(tenant)
    points = {row[0] for row in _stored(tenant)}
    assert diagnosed.far_off.pk not in points
    assert diagnosed.a_little_off.pk in points


def test_the_night_leaves_another_tenants_recommendations_alone(helped, network_b):
    from .conftest import build_diagnosed

    other = build_helped(build_diagnosed(network_b))
    _nightly(network_b.tenant)
    before = _stored(network_b.tenant)
    assert before
    _nightly(helped.diagnosed.network.tenant)
    assert _stored(network_b.tenant) == before
    assert other.module.pk not in {row[3] for row in _stored(helped.diagnosed.network.tenant)}


def test_learning_answers_only_the_modules_the_reader_may_open(network_a, network_b):
    from microlearning.selectors import modules_learnable_among
    from network_animation.models import Role

    from ..microlearning.factories import make_module

    whole = make_module(network_a, title="Whole network")
    own_zone = make_module(network_a, title="Own zone", zone=network_a.zone, role=Role.ANIMATOR)
    other_zone = make_module(network_a, title="Other zone", zone=network_a.other_zone)
    draft = make_module(network_a, title="Draft", publish=False)
    other_tenant = make_module(network_b, title="Other brand")
    ids = {m.pk for m in (whole, own_zone, other_zone, draft, other_tenant)}
    with tenant_scope(network_a.tenant):
        dealer = network_a.members[Role.POS_MANAGER]
        found = modules_learnable_among(tenant=network_a.tenant, membership=dealer, ids=ids)
        head = network_a.members[Role.HEAD_OFFICE]
        all_seen = modules_learnable_among(tenant=network_a.tenant, membership=head, ids=ids)
    assert set(found) == {whole.pk, own_zone.pk}
    assert set(all_seen) == {whole.pk, own_zone.pk, other_zone.pk}
