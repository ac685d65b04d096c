"""Unit projects and coaching days for tests, built through the services as people would."""

import contextlib
import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone

from challenges.models import Axis, RegionAxis
from challenges.units.services import (
    ActionSpec,
    DaySpec,
    action_comment_add,
    action_create,
    coaching_day_rate,
    coaching_day_record,
    project_diagnostic_save,
    project_start,
    region_action_comment_add,
    region_action_create,
    region_diagnostic_save,
    region_project_start,
)
from communities.services import coach_assign
from network_animation.models import Role
from network_animation.tenancy import tenant_scope

from ..factories import MembershipFactory, UserFactory

TODAY = dt.date(2025, 3, 20)


def assign_coach(network, coach=None, *, point=None, zone=None):
    """The network's coach (or another) assigned to its point of sale (or a zone)."""
    coach = coach or network.members[Role.COACH]
    with tenant_scope(network.tenant):
        place = {"zone": zone} if zone else {"point_of_sale": point or network.point_of_sale}
        with contextlib.suppress(ValidationError):  # already assigned there
            coach_assign(
                tenant=network.tenant,
                actor=network.members[Role.HEAD_OFFICE],
                coach=coach,
                **place,
            )
    return coach


def another_member(network, role, **scope):
    return MembershipFactory(tenant=network.tenant, role=role, user=UserFactory(), **scope)


def start_project(network, *, point=None, today=TODAY, actor=None):
    with tenant_scope(network.tenant):
        return project_start(
            tenant=network.tenant,
            actor=actor or network.members[Role.POS_MANAGER],
            point_of_sale=point or network.point_of_sale,
            today=today,
        )


def add_action(network, project, *, owner=None, title="Call back every customer", **fields):
    with tenant_scope(network.tenant):
        return action_create(
            tenant=network.tenant,
            actor=network.members[Role.POS_MANAGER]
            if project.point_of_sale_id == network.point_of_sale.pk
            else network.members[Role.HEAD_OFFICE],
            project=project,
            spec=ActionSpec(
                title=title, axis=fields.pop("axis", Axis.CUSTOMER_VOICE), owner=owner, **fields
            ),
        )


def start_region_project(network, *, today=TODAY, actor=None):
    with tenant_scope(network.tenant):
        return region_project_start(
            tenant=network.tenant,
            actor=actor or network.members[Role.REGIONAL_DIRECTOR],
            region=network.region,
            today=today,
        )


def add_region_action(network, project, *, owner=None, title="Answer every unit in 48 h", **fields):
    with tenant_scope(network.tenant):
        return region_action_create(
            tenant=network.tenant,
            actor=network.members[Role.REGIONAL_DIRECTOR],
            project=project,
            spec=ActionSpec(
                title=title, axis=fields.pop("axis", RegionAxis.UNITS_VOICE), owner=owner, **fields
            ),
        )


def record_day(network, *, coach=None, point=None, date=TODAY, today=TODAY, held=True, **texts):
    spec = DaySpec(
        date,
        texts.get("objectives", "Observe the welcome"),
        texts.get("work_done", "Three observations and debriefs" if held else ""),
        texts.get("next_steps", ""),
    )
    with tenant_scope(network.tenant):
        return coaching_day_record(
            tenant=network.tenant,
            actor=coach or network.members[Role.COACH],
            point_of_sale=point or network.point_of_sale,
            spec=spec,
            today=today,
        )


def rate_day(network, day, score, *, rater=None, comment="", today=TODAY):
    with tenant_scope(network.tenant):
        return coaching_day_rate(
            tenant=network.tenant,
            actor=rater or network.members[Role.POS_MANAGER],
            day=day,
            score=score,
            comment=comment,
            today=today,
        )


def unit_walk_objects(network) -> dict[str, int]:
    """A project with an action and its comment, a rated coaching day, named after the network
    (its canary, for network B), for the isolation walk."""
    name = network.tenant.name
    assign_coach(network)
    project = start_project(network)
    staff = network.members[Role.POS_STAFF]
    with tenant_scope(network.tenant):
        project_diagnostic_save(
            tenant=network.tenant,
            actor=network.members[Role.POS_MANAGER],
            project=project,
            customer_voice=f"Voice {name}",
            sense_sight=f"Sight {name}",
        )
    action = add_action(network, project, owner=staff, title=f"Action {name}")
    with tenant_scope(network.tenant):
        action_comment_add(tenant=network.tenant, actor=staff, action=action, text=f"Note {name}")
    day = record_day(network, objectives=f"Objectives {name}", today=timezone.localdate())
    rate_day(network, day, 4, comment=f"Rating {name}", today=timezone.localdate())
    return {
        "unit_project_id": project.pk,
        "unit_action_id": action.pk,
        "coaching_day_id": day.pk,
        **region_walk_objects(network),
    }


def region_walk_objects(network) -> dict[str, int]:
    """The region's own project with an action of the animator's and its comment, named after
    the network (its canary, for network B)."""
    name = network.tenant.name
    director, animator = network.members[Role.REGIONAL_DIRECTOR], network.members[Role.ANIMATOR]
    project = start_region_project(network)
    with tenant_scope(network.tenant):
        region_diagnostic_save(
            tenant=network.tenant,
            actor=director,
            project=project,
            customer_voice=f"Region voice {name}",
            units_voice=f"Units voice {name}",
            cooperation=f"Cooperation {name}",
        )
    action = add_region_action(network, project, owner=animator, title=f"Region action {name}")
    with tenant_scope(network.tenant):
        region_action_comment_add(
            tenant=network.tenant, actor=animator, action=action, text=f"Region note {name}"
        )
    return {"region_project_id": project.pk, "region_action_id": action.pk}
