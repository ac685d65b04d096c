"""Demo communities: each brand's scenes played through the real services (threads, replies,
likes, mentions, accepted answers, best practices, a report, a pinned and a locked thread, a
best-practice invitation), so rows and notifications are those people would have made; then
moved back to when the story says they happened, over the last weeks. Deterministic for a
given random generator; a network that already has threads is left as it is.
"""

import datetime as dt
import random
import textwrap

from django.conf import settings
from django.db import transaction
from django.db.models import Case, Max, Value, When
from django.utils import timezone

from kpis.models import KpiDefinition
from kpis.selectors import points_far_above_target
from network_animation.data_versions import data_changed
from network_animation.models import Channel, Frequency, Membership, Notification, Tenant
from network_animation.services.notifications import notification_preferences_save

from .. import notifications, rules, selectors
from ..cache import COMMUNITIES
from ..models import Community, Flag, Post, PostRevision, Thread, ThreadRead
from ..services import (
    answer_accept,
    best_practice_invite,
    community_follow_toggle,
    community_memberships_sync,
    post_best_practice_set,
    post_edit,
    post_flag,
    post_like_toggle,
    post_reply,
    thread_lock_toggle,
    thread_pin_toggle,
    thread_start,
)
from . import car_maker, cosmetics
from .announcements import announcements_play
from .cast import Cast, demo_cast
from .catch_up import digests_sent, notifications_read, threads_opened
from .coaching import coaching_play
from .feedback import feedback_play
from .library import library_play
from .script import Message, Scene

# Who follows a whole community (told of each new thread), by the scenes' community names.
FOLLOWS = [
    ("animateur", "zone"),
    ("directeur", "region"),
    ("responsable", "family:Ventes"),
    ("coach", "family:Satisfaction client"),
]
DAILY, WEEKLY, NEVER, AT_ONCE = (
    Frequency.DAILY,
    Frequency.WEEKLY,
    Frequency.NEVER,
    Frequency.IMMEDIATE,
)
# Email choices of a few people: digests rather than one email per event.
PREFERENCES = {
    "animateur": {
        notifications.THREAD_NEW: DAILY,
        notifications.REPLY: DAILY,
        notifications.FLAG: AT_ONCE,
        notifications.LIKE: NEVER,
    },
    "directeur": {
        notifications.THREAD_NEW: WEEKLY,
        notifications.REPLY: WEEKLY,
        notifications.LIKE: NEVER,
    },
    "responsable": {
        notifications.THREAD_NEW: WEEKLY,
        notifications.REPLY: WEEKLY,
        notifications.LIKE: WEEKLY,
    },
    "voisin": {notifications.REPLY: DAILY, notifications.ANSWER_ACCEPTED: DAILY},
    "collegue": {notifications.THREAD_NEW: WEEKLY, notifications.LIKE: WEEKLY},
}
# The demo accounts open the threads of their communities, but the last few days'.
READERS = ["siege", "directeur", "animateur", "coach", "responsable", "vendeur"]


def community_demo_seed(*, tenant: Tenant, days: int, rng: random.Random) -> None:
    """The brand's communities come alive (run after the KPIs' seeder: best practices and the
    KPI families' communities need the KPIs). `days` (the KPIs' history) is not needed: the
    scenes take the last five weeks."""
    if Thread.objects.filter(tenant=tenant, is_draft=False).exists():
        return  # people talk there already (drafts are the platform's invitations)
    with transaction.atomic():
        # The KPIs came after the organisation's own sync: their families' communities now.
        community_memberships_sync(tenant=tenant)
        cast = demo_cast(tenant=tenant, rng=rng)
        if cast is None:
            return
        stage = Stage(tenant, cast, rng)
        stage.settle_in()
        for scene in car_maker.SCENES if tenant.slug == "autonova" else cosmetics.SCENES:
            stage.play(scene)
        stage.invitation()
        stage.catch_up()
        announcements_play(tenant=tenant, cast=cast, rng=rng, now=stage.now)
        feedback_play(tenant=tenant, cast=cast, rng=rng, now=stage.now)
        library_play(tenant=tenant, cast=cast, rng=rng, now=stage.now)
        coaching_play(tenant=tenant, cast=cast, rng=rng, now=stage.now)
        data_changed(tenant=tenant, kinds=[COMMUNITIES])


class Stage:
    """Plays scenes through the services, then dates what they wrote as the scenes say."""

    def __init__(self, tenant: Tenant, cast: Cast, rng: random.Random) -> None:
        self.tenant, self.cast, self.rng = tenant, cast, rng
        self.now = timezone.now()
        self.names = cast.placeholders(tenant.name)
        self.kpis = {k.code: k for k in KpiDefinition.objects.filter(tenant=tenant)}
        self.communities = {(c.kind, c.rule): c for c in Community.objects.filter(tenant=tenant)}
        self.audiences: dict[int, list[Membership]] = {}
        last = Notification.objects.filter(tenant=tenant).aggregate(last=Max("pk"))["last"]
        self.first_notification = last or 0

    # Who, where, what, when.
    def person(self, part: str) -> Membership:
        return self.cast.people[part]

    def community(self, name: str) -> Community | None:
        point = self.cast.point_of_sale
        kind, _sep, rule = name.partition(":")
        keys = {
            "zone": (rules.ZONE, str(point.zone_id)),
            "region": (rules.REGION, str(point.zone.region_id)),
            "animators": (rules.ROLE, "animator"),
            "points_of_sale": (rules.POINT_OF_SALE_TYPE, point.type),
            "family": (rules.KPI_FAMILY, rule),
        }
        found = self.communities.get(keys[kind])
        if found is None and kind == "family":
            # A brand cut to a few KPIs (benchmarks): another family's community.
            families = sorted(r for k, r in self.communities if k == rules.KPI_FAMILY)
            found = self.communities[(rules.KPI_FAMILY, families[0])] if families else None
        return found

    def text(self, template: str) -> str:
        return textwrap.dedent(template).strip().format_map(self.names)

    def kpi_list(self, codes: tuple[str, ...]) -> list[KpiDefinition]:
        return [self.kpis[code] for code in codes if code in self.kpis]

    def later(self, moment: dt.datetime, hours: float) -> dt.datetime:
        return min(moment + dt.timedelta(hours=hours), self.now - dt.timedelta(minutes=1))

    def moments(self, scene: Scene) -> list[dt.datetime]:
        """When each message was posted: the scene's day and hour, give or take a few minutes,
        in order, and all before now."""
        day = timezone.localtime(self.now) - dt.timedelta(days=scene.days_ago)
        start = day.replace(
            hour=scene.hour, minute=self.rng.randint(0, 50), second=0, microsecond=0
        )
        count = len(scene.messages)
        moments: list[dt.datetime] = []
        for index, message in enumerate(scene.messages):
            moment = start + dt.timedelta(hours=message.hours, minutes=self.rng.randint(0, 25))
            if moments:
                moment = max(moment, moments[-1] + dt.timedelta(minutes=2))
            moments.append(min(moment, self.now - dt.timedelta(minutes=5 * (count - index))))
        return moments

    # Dating what the services wrote.
    def stamp(self, moment: dt.datetime) -> None:
        """The notifications written since the last stamp were sent at `moment`: the services
        wrote them now, every stamped one is in the past."""
        fresh = Notification.objects.filter(tenant=self.tenant, created_at__gte=self.now)
        at_moment = Value(moment)
        fresh.update(
            created_at=moment,
            # Set at creation for those emailed at once, or read because never shown.
            emailed_at=Case(When(emailed_at__isnull=False, then=at_moment), default=None),
            read_at=Case(When(read_at__isnull=False, then=at_moment), default=None),
        )

    # Before the story: who follows what, who wants digests.
    def settle_in(self) -> None:
        for part, name in FOLLOWS:
            community = self.community(name)
            if community is not None:
                community_follow_toggle(
                    tenant=self.tenant, actor=self.person(part), community=community
                )
        for part, kinds in PREFERENCES.items():
            notification_preferences_save(
                tenant=self.tenant,
                membership=self.person(part),
                choices={(kind, Channel.EMAIL): frequency for kind, frequency in kinds.items()},
            )

    # A scene.
    def play(self, scene: Scene) -> None:
        community = self.community(scene.community)
        if community is None:
            return
        moments = self.moments(scene)
        thread, posts = self.write(scene, community, moments)
        for index, (message, post, moment) in enumerate(
            zip(scene.messages, posts, moments, strict=True)
        ):
            Post.objects.filter(pk=post.pk).update(created_at=moment)
            post.created_at = moment
            self.aftermath(community, message, post, best_practice=index > 0 and bool(message.kpis))
        readers = self.close(scene, thread, posts, moments)
        Thread.objects.filter(pk=thread.pk).update(created_at=moments[0], last_post_at=moments[-1])
        for person_id, read_at in readers.items():
            ThreadRead.objects.filter(thread=thread, membership_id=person_id).update(
                read_at=read_at
            )

    def write(
        self, scene: Scene, community: Community, moments: list[dt.datetime]
    ) -> tuple[Thread, list[Post]]:
        """The thread and its replies, one after the other (each reply tells those who wrote
        before)."""
        opening, *replies = scene.messages
        thread = thread_start(
            tenant=self.tenant,
            actor=self.person(opening.author),
            community=community,
            title=self.text(scene.title),
            body=self.text(opening.body),
            kind=Thread.Kind.QUESTION if scene.question else Thread.Kind.DISCUSSION,
            best_practice=bool(opening.kpis),
            kpis=self.kpi_list(opening.kpis),
        )
        self.stamp(moments[0])
        if scene.pinned_by:
            thread_pin_toggle(tenant=self.tenant, actor=self.person(scene.pinned_by), thread=thread)
        posts = [Post.objects.get(tenant=self.tenant, thread=thread)]
        for message, moment in zip(replies, moments[1:], strict=True):
            actor, body = self.person(message.author), self.text(message.body)
            posts.append(post_reply(tenant=self.tenant, actor=actor, thread=thread, body=body))
            self.stamp(moment)
        return thread, posts

    def aftermath(
        self, community: Community, message: Message, post: Post, *, best_practice: bool
    ) -> None:
        """What happened to a post once written: marked a best practice, completed, liked,
        reported."""
        tenant, author = self.tenant, self.person(message.author)
        if best_practice:
            marker = self.person(message.marked_by or message.author)
            kpis = self.kpi_list(message.kpis)
            post_best_practice_set(tenant=tenant, actor=marker, post=post, kpis=kpis)
        if message.addendum:
            edited = self.later(post.created_at, 26)
            post_edit(
                tenant=tenant,
                actor=author,
                post=post,
                body=f"{post.body}\n\n{self.text(message.addendum)}",
            )
            Post.objects.filter(pk=post.pk).update(edited_at=edited)
            PostRevision.objects.filter(post=post).update(edited_at=edited)
        for liker in self.likers(community, post, message.likes):
            post_like_toggle(tenant=tenant, actor=liker, post=post)
            self.stamp(self.later(post.created_at, self.rng.uniform(0.3, 40)))
        if message.flagged_by:
            reporter, reason = self.person(message.flagged_by), self.text(message.flag_reason)
            flag = post_flag(tenant=tenant, actor=reporter, post=post, reason=reason)
            flagged = self.later(post.created_at, self.rng.uniform(1, 4))
            self.stamp(flagged)
            Flag.objects.filter(pk=flag.pk).update(created_at=flagged)

    def likers(self, community: Community, post: Post, count: int) -> list[Membership]:
        """People who may see the community (its audience), never the author."""
        if not count:
            return []
        if community.pk not in self.audiences:
            audience = selectors.audience_of(tenant=self.tenant, community=community)
            self.audiences[community.pk] = list(audience.select_related("user").order_by("pk"))
        candidates = [m for m in self.audiences[community.pk] if m.pk != post.author_id]
        return self.rng.sample(candidates, min(count, len(candidates)))

    def close(
        self, scene: Scene, thread: Thread, posts: list[Post], moments: list[dt.datetime]
    ) -> dict[int, dt.datetime]:
        """The asker accepts an answer, a moderator locks the thread; how far each person who
        wrote in it has read it (up to their last post, or their acceptance)."""
        read = {post.author_id: moment for post, moment in zip(posts, moments, strict=True)}
        if scene.accepted is not None:
            answer = posts[scene.accepted]
            accepted = self.later(answer.created_at, self.rng.uniform(2, 20))
            asker = self.person(scene.messages[0].author)
            answer_accept(tenant=self.tenant, actor=asker, thread=thread, post=answer)
            self.stamp(accepted)
            read[asker.pk] = max(read[asker.pk], accepted)
        if scene.locked_by:
            thread_lock_toggle(
                tenant=self.tenant, actor=self.person(scene.locked_by), thread=thread
            )
        return {person: moment for person, moment in read.items() if person is not None}

    # After the story.
    def invitation(self) -> None:
        """Last month's best figure of the demo's point of sale earned its manager an invitation
        to tell how (the nightly step's key: it will not invite again)."""
        point = self.cast.point_of_sale
        today = timezone.localdate()
        month = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
        rates = [
            (rate, kpi_id)
            for point_id, kpi_id, rate in points_far_above_target(
                tenant=self.tenant, month=month, rate=0.0
            )
            if point_id == point.pk
        ]
        by_id = {kpi.pk: kpi for kpi in self.kpis.values()}
        best = max(rates)[1] if rates else min(by_id, default=None)
        if best is None:
            return
        kpi = by_id[best]
        thread = best_practice_invite(
            tenant=self.tenant,
            point_of_sale=point,
            kpis=[kpi],
            what=f"{kpi.name} — {month:%m/%Y}",
            once_key=f"kpi:{kpi.pk}:{month:%Y-%m}:{point.pk}",
        )
        if thread is None:
            return
        night = timezone.localtime(self.now).replace(
            day=1, hour=settings.NIGHTLY_HOUR, minute=0, second=0, microsecond=0
        )
        sent = min(night, self.now - dt.timedelta(minutes=1))
        self.stamp(sent)
        Thread.objects.filter(pk=thread.pk).update(created_at=sent, last_post_at=sent)
        Post.objects.filter(thread=thread).update(created_at=sent)

    def catch_up(self) -> None:
        """People kept up with what is older than a few days: threads opened, notifications
        read; the nightly digests emailed what was due before today."""
        readers = [self.person(part) for part in READERS]
        threads_opened(tenant=self.tenant, people=readers, rng=self.rng, now=self.now)
        told = Notification.objects.filter(tenant=self.tenant, pk__gt=self.first_notification)
        notifications_read(tenant=self.tenant, told=told, rng=self.rng, now=self.now)
        digests_sent(tenant=self.tenant, told=told, now=self.now)
