"""Modules as learners and authors see them. Everyone learns the published modules of the whole
network and those of their own part of it (a point of sale's zone, an animator's zones, a
director's region); head office writes every module, an animator those of their zones."""

from collections.abc import Collection

from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.http import Http404

from network_animation.models import Membership, Role, Tenant, Zone
from network_animation.permissions import (
    POINT_OF_SALE_ROLES,
    membership_zone_ids,
    sees_whole_network,
)

from .. import permissions
from ..models import (
    Enrolment,
    Module,
    ModuleCompetence,
    ModuleKpi,
    ModuleTag,
    ModuleVersion,
    Progress,
    Step,
    Tag,
)

TO_DO, RUNNING, DONE = "todo", "running", "done"
TABS = (TO_DO, RUNNING, DONE)


def _zones_seen(tenant: Tenant, membership: Membership) -> Q:
    """The modules of the person's part of the network (and the whole network's)."""
    whole = Q(zone__isnull=True)
    if sees_whole_network(membership):
        return Q()
    if membership.role in POINT_OF_SALE_ROLES:
        point = membership.point_of_sale
        return whole | Q(zone_id=point.zone_id) if point else whole
    if membership.role == Role.ANIMATOR:
        return whole | Q(zone_id__in=membership_zone_ids(membership))
    if membership.role == Role.REGIONAL_DIRECTOR and membership.region_id:
        zones = Zone.objects.filter(tenant=tenant, region_id=membership.region_id)
        return whole | Q(zone__in=zones)
    return whole


def _with_facets(modules: QuerySet[Module]) -> QuerySet[Module]:
    return modules.select_related("published", "zone").prefetch_related(
        Prefetch("kpi_links", queryset=ModuleKpi.objects.select_related("kpi")),
        Prefetch("tag_links", queryset=ModuleTag.objects.select_related("tag")),
        Prefetch(
            "competence_links",
            queryset=ModuleCompetence.objects.select_related("competence").order_by(
                "competence__position", "competence_id"
            ),
        ),
    )


def modules_published(*, tenant: Tenant) -> QuerySet[Module]:
    """Every published module of the network (the API's: a token is no one in particular)."""
    modules = Module.objects.filter(tenant=tenant, status=Module.Status.PUBLISHED)
    return _with_facets(modules).order_by("-updated_at", "-pk")


def module_list_for_learner(
    *, tenant: Tenant, membership: Membership, tab: str = TO_DO, kpi_id: int | None = None
) -> QuerySet[Module]:
    """The modules to do (published, not started), in progress or done, each with `mine`:
    the person's progress in a list (empty or one), and `due_on`: the nearest due date of the
    assignments that enrolled them in it (None when not assigned). To do and in progress, the
    modules assigned come first, the nearest due date first."""
    mine = Progress.objects.filter(tenant=tenant, membership=membership)
    started = mine.filter(module=OuterRef("pk"))
    modules = Module.objects.filter(tenant=tenant)
    if tab == RUNNING:
        modules = modules.filter(Exists(started.filter(completed_at__isnull=True)))
    elif tab == DONE:
        modules = modules.filter(Exists(started.filter(completed_at__isnull=False)))
    else:
        published = modules.filter(status=Module.Status.PUBLISHED)
        modules = published.filter(_zones_seen(tenant, membership)).filter(~Exists(started))
    if kpi_id is not None:
        modules = modules.filter(kpi_links__kpi_id=kpi_id)
    enrolled = Enrolment.objects.filter(
        tenant=tenant, membership=membership, assignment__module=OuterRef("pk")
    ).order_by("assignment__due_on")
    order = [F("due_on").asc(nulls_last=True)] if tab != DONE else []
    return (
        _with_facets(modules)
        .annotate(due_on=Subquery(enrolled.values("assignment__due_on")[:1]))
        .prefetch_related(
            Prefetch("progress", queryset=mine.select_related("version"), to_attr="mine")
        )
        .order_by(*order, "-updated_at", "-pk")
    )


def module_get_for_learner(*, tenant: Tenant, membership: Membership, id: int) -> Module:
    """A module the person may learn: published for them, or one they started (finished
    even if archived since). Any other, another tenant's included, is not found."""
    started = Progress.objects.filter(tenant=tenant, membership=membership, module=OuterRef("pk"))
    published = Q(status=Module.Status.PUBLISHED) & _zones_seen(tenant, membership)
    module = (
        Module.objects.filter(tenant=tenant, pk=id)
        .filter(published | Q(Exists(started)))
        .select_related("published")
        .first()
    )
    if module is None:
        raise Http404
    return module


def modules_authored(*, tenant: Tenant, membership: Membership) -> QuerySet[Module]:
    """The modules the person writes, every status, the latest changed first."""
    modules = Module.objects.filter(tenant=tenant)
    if membership.role == Role.ANIMATOR:
        modules = modules.filter(zone_id__in=membership_zone_ids(membership))
    elif membership.role != Role.HEAD_OFFICE:
        modules = modules.none()
    return _with_facets(modules).order_by("-updated_at", "-pk")


def module_get(*, tenant: Tenant, id: int) -> Module:
    """A module of the tenant (whoever may write it: permissions.can_author)."""
    module = _with_facets(Module.objects.filter(tenant=tenant, pk=id)).first()
    if module is None:
        raise Http404
    return module


def working_version(*, tenant: Tenant, module: Module) -> ModuleVersion | None:
    """What authors see and change: the draft version if there is one, or the published one;
    with its steps and their answers."""
    steps = Prefetch("steps", queryset=Step.objects.prefetch_related("choices"))
    return (
        ModuleVersion.objects.filter(tenant=tenant, module=module)
        .order_by("-number")
        .prefetch_related(steps)
        .first()
    )


def step_get(*, tenant: Tenant, module: Module, id: int) -> Step:
    """A step of one of the module's versions."""
    step = (
        Step.objects.filter(tenant=tenant, version__module=module, pk=id)
        .select_related("version__module")
        .prefetch_related("choices")
        .first()
    )
    if step is None:
        raise Http404
    return step


def step_image_get(*, tenant: Tenant, membership: Membership, module_id: int, id: int) -> Step:
    """An image step whose picture the person may see: any version's for the module's
    authors; for a learner of the module, the published version's or the one they are taking.
    Anything else, another tenant's included, is not found."""
    module = Module.objects.filter(tenant=tenant, pk=module_id).first()
    if module is None:
        raise Http404
    steps = Step.objects.filter(
        tenant=tenant, version__module=module, pk=id, kind=Step.Kind.IMAGE
    ).exclude(image="")
    if not permissions.can_author(membership, module):
        module_get_for_learner(tenant=tenant, membership=membership, id=module.pk)
        taking = Progress.objects.filter(tenant=tenant, membership=membership, module=module)
        steps = steps.filter(
            Q(version_id=module.published_id) | Q(version_id__in=taking.values("version_id"))
        )
    step = steps.first()
    if step is None:
        raise Http404
    return step


def tag_list(*, tenant: Tenant) -> QuerySet[Tag]:
    return Tag.objects.filter(tenant=tenant)


def module_published_get(*, tenant: Tenant, id: int) -> Module:
    """A published module with its published version's steps (the API's)."""
    steps = Prefetch("published__steps", queryset=Step.objects.order_by("position"))
    module = modules_published(tenant=tenant).filter(pk=id).prefetch_related(steps).first()
    if module is None:
        raise Http404
    return module


def modules_seen_by(*, tenant: Tenant, membership: Membership) -> QuerySet[Module]:
    """The published modules the person may learn (the network's and their part's)."""
    return Module.objects.filter(tenant=tenant, status=Module.Status.PUBLISHED).filter(
        _zones_seen(tenant, membership)
    )


def modules_learnable_among(
    *, tenant: Tenant, membership: Membership, ids: Collection[int]
) -> dict[int, Module]:
    """Those of the modules `ids` the person may open and learn (`modules_seen_by`), by id:
    what another app may link them to. One query."""
    modules = modules_seen_by(tenant=tenant, membership=membership).filter(pk__in=list(ids))
    return {module.pk: module for module in modules}
