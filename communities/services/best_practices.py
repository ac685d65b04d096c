"""Best practices (seed 003: "every seller who signs a contract explains how he did it").

A post becomes a best practice linked to KPIs (its author or a moderator says so). After a win or
a month far above target, the platform writes a prefilled draft for the point of sale's manager
and invites them: nothing is published until they do it themselves.
"""

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kpis.models import KpiDefinition
from kpis.selectors import kpi_list, points_far_above_target
from network_animation.data_versions import data_changed
from network_animation.jobs import JobProgress
from network_animation.models import Membership, Notification, PointOfSale, Role, Tenant
from network_animation.selectors import notification_sent_once
from network_animation.services.notifications import notify

from .. import errors, notifications, permissions
from ..cache import COMMUNITIES, thread_changed
from ..models import Community, Post, PostKpi, Thread
from ..rules import ZONE
from .threads import _kpis_check, thread_mark_read

FAR_ABOVE_TARGET = 1.25  # a month at 125 % of target or more earns an invitation


@transaction.atomic
def post_best_practice_set(
    *, tenant: Tenant, actor: Membership, post: Post, kpis: Iterable[KpiDefinition], on: bool = True
) -> Post:
    """Mark a post as a best practice linked to these KPIs (or take the mark back)."""
    if post.author_id != actor.pk and not permissions.can_moderate(actor, post.thread.community):
        raise PermissionDenied(errors.NOT_YOURS)
    kpis = _kpis_check(tenant, kpis)
    post.is_best_practice = on
    post.save(update_fields=["is_best_practice"])
    PostKpi.objects.filter(tenant=tenant, post=post).exclude(kpi__in=kpis).delete()
    linked = set(PostKpi.objects.filter(tenant=tenant, post=post).values_list("kpi_id", flat=True))
    PostKpi.objects.bulk_create(
        PostKpi(tenant=tenant, post=post, kpi=kpi) for kpi in kpis if kpi.pk not in linked
    )
    data_changed(tenant=tenant, kinds=[COMMUNITIES])
    thread_changed(tenant=tenant, thread_id=post.thread_id)
    return post


def best_practice_invite(
    *,
    tenant: Tenant,
    point_of_sale: PointOfSale,
    kpis: list[KpiDefinition],
    what: str,
    once_key: str,
) -> Thread | None:
    """A prefilled draft in the point of sale's zone community for its manager, and their
    invitation (once per `once_key`: a rerun writes nothing more)."""
    manager = (
        Membership.objects.filter(
            tenant=tenant, point_of_sale=point_of_sale, role=Role.POS_MANAGER, is_active=True
        )
        .select_related("user")
        .first()
    )
    community = Community.objects.filter(
        tenant=tenant, kind=ZONE, rule=str(point_of_sale.zone_id), is_archived=False
    ).first()
    if manager is None or community is None:
        return None
    kind = notifications.BEST_PRACTICE_INVITATION
    if notification_sent_once(tenant=tenant, membership=manager, kind=kind, once_key=once_key):
        return None
    with transaction.atomic():
        thread = _draft(tenant, manager, community, kpis, what)
        notify(
            tenant=tenant,
            kind=kind,
            recipients=[manager],
            target=thread,
            url=reverse("communities:thread", args=[tenant.slug, thread.pk]),
            params={"what": what},
            scope=community.scope,
            once_key=once_key,
        )
    return thread


def _draft(
    tenant: Tenant, manager: Membership, community: Community, kpis: list[KpiDefinition], what: str
) -> Thread:
    with translation.override(manager.user.language or "fr"):
        title = _("How we did it: %(what)s") % {"what": what}
        body = _(
            "What did you do differently? Who took part? What would you tell a colleague who "
            "wants to do the same? Write it here, then publish: until then only you see this."
        )
    now = timezone.now()
    thread = Thread.objects.create(
        tenant=tenant,
        community=community,
        author=manager,
        title=title[:200],
        is_draft=True,
        created_at=now,
        last_post_at=now,
    )
    post = Post.objects.create(
        tenant=tenant,
        thread=thread,
        author=manager,
        body=body,
        is_best_practice=True,
        is_draft=True,
        created_at=now,
    )
    PostKpi.objects.bulk_create(PostKpi(tenant=tenant, post=post, kpi=kpi) for kpi in kpis)
    return thread


@transaction.atomic
def best_practice_publish(
    *, tenant: Tenant, actor: Membership, thread: Thread, title: str, body: str
) -> Thread:
    """The author publishes their draft, as they wrote it."""
    post = Post.objects.filter(tenant=tenant, thread=thread).order_by("created_at", "pk").first()
    if post is None or thread.author_id != actor.pk or not thread.is_draft:
        raise PermissionDenied(errors.NOT_YOURS)
    now = timezone.now()
    thread.title, thread.is_draft, thread.created_at, thread.last_post_at = title, False, now, now
    thread.save(update_fields=["title", "is_draft", "created_at", "last_post_at"])
    post.body, post.is_draft, post.created_at = body, False, now
    post.save(update_fields=["body", "is_draft", "created_at"])
    data_changed(tenant=tenant, kinds=[COMMUNITIES])
    thread_changed(tenant=tenant, thread_id=thread.pk)
    thread_mark_read(tenant=tenant, actor=actor, thread=thread)
    return thread


def best_practice_invitations_for_month(*, tenant: Tenant, month: dt.date) -> int:
    """Invite the points of sale far above target on a KPI in a closed month, once each. The
    step runs every night: those already invited are found in two queries, not three each."""
    kpis = {kpi.pk: kpi for kpi in kpi_list(tenant=tenant)}
    points = {p.pk: p for p in PointOfSale.objects.filter(tenant=tenant, is_active=True)}
    candidates = [
        (point_id, kpis[kpi_id], f"kpi:{kpi_id}:{month:%Y-%m}:{point_id}")
        for point_id, kpi_id, _rate in points_far_above_target(
            tenant=tenant, month=month, rate=FAR_ABOVE_TARGET
        )
        if point_id in points and kpi_id in kpis
    ]
    invited = _invited(tenant, [(point_id, key) for point_id, _kpi, key in candidates])
    count = 0
    for point_id, kpi, key in candidates:
        if key in invited:
            continue
        what = f"{kpi.name} — {month:%m/%Y}"
        if best_practice_invite(
            tenant=tenant, point_of_sale=points[point_id], kpis=[kpi], what=what, once_key=key
        ):
            count += 1
    return count


def _invited(tenant: Tenant, candidates: list[tuple[int, str]]) -> set[str]:
    """The keys among the (point of sale, key) candidates whose invitation went to their point of
    sale's manager, chosen as `best_practice_invite` chooses them."""
    managers: dict[int, int] = {}
    for point_id, membership_id in (
        Membership.objects.filter(
            tenant=tenant,
            point_of_sale_id__in={point_id for point_id, _key in candidates},
            role=Role.POS_MANAGER,
            is_active=True,
        )
        .order_by(*(Membership._meta.ordering or ()))
        .values_list("point_of_sale_id", "pk")
    ):
        managers.setdefault(point_id, membership_id)
    sent = set(
        Notification.objects.filter(
            tenant=tenant,
            recipient_id__in=set(managers.values()),
            kind=notifications.BEST_PRACTICE_INVITATION,
            once_key__in=[key for _point_id, key in candidates],
        ).values_list("recipient_id", "once_key")
    )
    return {key for point_id, key in candidates if (managers.get(point_id), key) in sent}


def best_practice_invitations_step(*, tenant: Tenant, progress: JobProgress) -> None:
    """Nightly, after the aggregation: the month that just closed (on its first nights)."""
    today = timezone.localdate()
    last_month = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    progress.add(
        "best_practice_invitations",
        best_practice_invitations_for_month(tenant=tenant, month=last_month),
    )
