"""A network where one module really helped: the diagnosed network (tests/recommendations/
conftest.py) and a module on sales, finished in June 2025 by the staff of five steady dealers
whose sales then rose by a fifth; the two dealers off target for months never did it."""

import dataclasses
import datetime as dt
from dataclasses import dataclass

from django.db.models import F

from kpis.models import KpiDefinition, KpiRollup
from microlearning.models import Module, Progress
from network_animation.models import PointOfSale, Role
from network_animation.tenancy import tenant_scope
from recommendations.models import HoldoutSettings

from ..factories import MembershipFactory, UserFactory
from ..microlearning.factories import learn, make_module
from .conftest import Diagnosed

DONE_ON = dt.datetime(2025, 6, 15, 10, 0, tzinfo=dt.UTC)
ROSE_FROM = dt.date(2025, 7, 1)


@dataclass
class Helped:
    diagnosed: Diagnosed
    module: Module
    learners: list[PointOfSale]


def finish_module(diagnosed: Diagnosed, module: Module, point: PointOfSale, when: dt.datetime):
    """Someone of the point of sale finishes the module (through learning's services), dated
    `when` as if it had been then."""
    network = diagnosed.network
    member = MembershipFactory(
        tenant=network.tenant, role=Role.POS_STAFF, point_of_sale=point, user=UserFactory()
    )
    staff = dataclasses.replace(network, members={**network.members, Role.POS_STAFF: member})
    progress = learn(staff, module)
    with tenant_scope(network.tenant):
        Progress.objects.filter(pk=progress.pk).update(
            passed_at=when, completed_at=when, started_at=when, last_step_at=when
        )
    return progress


def build_helped(diagnosed: Diagnosed, title: str = "Vendre les accessoires") -> Helped:
    network = diagnosed.network
    with tenant_scope(network.tenant):
        sales = KpiDefinition.objects.get(code="sales")
        # Nobody held out unless a test says so (the draw would pick two of these at random).
        HoldoutSettings.objects.create(tenant=network.tenant, share_percent=0)
    module = make_module(network, title=title, title_en=title, kpis=[sales])
    learners = diagnosed.dealers[4:9]
    for point in learners:
        finish_module(diagnosed, module, point, DONE_ON)
    with tenant_scope(network.tenant):
        KpiRollup.objects.filter(
            scope_id__in=[point.pk for point in learners], period_start__gte=ROSE_FROM
        ).update(value=F("value") * 1.2, numerator=F("numerator") * 1.2)
    return Helped(diagnosed, module, learners)
