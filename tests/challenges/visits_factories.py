"""Visit grids, visits and survey campaigns for tests, built through the services."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from challenges.models import AnswerKind, CampaignKind
from challenges.visits.selectors import criteria_of, latest_version
from challenges.visits.services import (
    CriterionSpec,
    VisitSpec,
    campaign_create,
    campaign_result_save,
    visit_grid_create,
    visit_record,
)
from network_animation.models import Role
from network_animation.tenancy import tenant_scope
from network_animation.uploads_media import ReencodedImage, image_reencode

# Weights 3, 1 and a scale of 4 weighing 2: all yes and 4/4 scores 100.
CRITERIA = [
    CriterionSpec("The window is clean and lit", 3),
    CriterionSpec("Prices are shown", 1),
    CriterionSpec("Welcome within a minute", 2, AnswerKind.SCALE, 4),
]


def jpeg_bytes(size=(60, 40)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (30, 160, 60)).save(out, "JPEG")
    return out.getvalue()


def photo(name="shop.jpg") -> ReencodedImage:
    return image_reencode(SimpleUploadedFile(name, jpeg_bytes()))


def make_grid(network, *, name="Store visit", criteria=None):
    with tenant_scope(network.tenant):
        return visit_grid_create(
            tenant=network.tenant,
            actor=network.members[Role.HEAD_OFFICE],
            name=name,
            criteria=criteria or CRITERIA,
        )


def answers_for(network, grid, values):
    """The grid's latest criteria, in order, answered with `values`."""
    with tenant_scope(network.tenant):
        version = latest_version(tenant=network.tenant, grid=grid)
        criteria = criteria_of(tenant=network.tenant, version=version)
    return version, {c.pk: value for c, value in zip(criteria, values, strict=True)}


def record_visit(
    network, grid, values, *, date=None, actor=None, point=None, comment="", photos=()
):
    version, answers = answers_for(network, grid, values)
    today = timezone.localdate()
    with tenant_scope(network.tenant):
        return visit_record(
            tenant=network.tenant,
            actor=actor or network.members[Role.ANIMATOR],
            point_of_sale=point or network.point_of_sale,
            version=version,
            spec=VisitSpec(date or today, answers, comment),
            photos=photos,
            today=today,
        )


def make_campaign(network, *, name="Mystery spring", kind=CampaignKind.MYSTERY_VISIT):
    with tenant_scope(network.tenant):
        return campaign_create(
            tenant=network.tenant,
            actor=network.members[Role.HEAD_OFFICE],
            name=name,
            kind=kind,
            firm="Secret Shoppers",
        )


def add_result(network, campaign, score, *, date, point=None):
    with tenant_scope(network.tenant):
        campaign_result_save(
            tenant=network.tenant,
            actor=network.members[Role.HEAD_OFFICE],
            campaign=campaign,
            point_of_sale=point or network.point_of_sale,
            date=date,
            score=score,
            today=timezone.localdate(),
        )


def visit_walk_objects(network) -> dict[str, int]:
    """A grid, a visit with a photo and a campaign named after the network (its canary, for
    network B), for the isolation walk."""
    name = network.tenant.name
    grid = make_grid(network, name=f"Grid {name}")
    visit = record_visit(network, grid, [1, 0, 3], comment=f"Visit {name}", photos=[photo()])
    campaign = make_campaign(network, name=f"Campaign {name}")
    add_result(network, campaign, 72.5, date=timezone.localdate())
    with tenant_scope(network.tenant):
        photo_id = visit.photos.get().pk
    return {
        "visit_grid_id": grid.pk,
        "visit_id": visit.pk,
        "visit_photo_id": photo_id,
        "survey_campaign_id": campaign.pk,
    }
