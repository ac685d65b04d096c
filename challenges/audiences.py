"""The labels' audience criterion (network_animation/audiences.py): the points of sale holding a
label level in the newest year awarded."""

from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from network_animation.audiences import AudienceCriterion, register_audience_criterion
from network_animation.models import Tenant

from .models import LabelAward, LabelLevel

LABEL_LEVEL = "label_level"


def _choices(tenant: Tenant) -> list[tuple[str, str]]:
    return [(str(value), str(label)) for value, label in LabelLevel.choices]


def _points(tenant: Tenant, value: str) -> set[int]:
    awards = LabelAward.objects.filter(tenant=tenant)
    year = awards.aggregate(latest=Max("year"))["latest"]
    if year is None or not value.isdigit():
        return set()
    held = awards.filter(year=year, level=int(value))
    return set(held.values_list("point_of_sale_id", flat=True))


def register() -> None:
    register_audience_criterion(
        AudienceCriterion(
            code=LABEL_LEVEL, label=_("Label"), choices=_choices, points_of_sale=_points
        )
    )
