"""The large tenant's communities, for the pages under load (`python -m bench.tasks communities`).

- The automatic communities and their members: the platform's own sync, as the nightly step
  leaves them.
- A few hundred threads spread over them, with replies, accepted answers, likes, follows and read
  markers, written in bulk (the services would take minutes for this volume). Each row holds
  what the services would have left: the thread's reply count and last post's date, its authors
  following it and having read it up to their last post, each post's like count. Notifications
  are left out: no measured page reads them but the bell, which counts the reader's.
- One thread of exactly 200 replies by different people, in the reader's point-of-sale type
  community (the dealers'), written by the services themselves, reply after reply, with quotes,
  likes and people reading it as it grows: it is the thread the bench reads, and it must be what
  people's replies leave (counts, dates, followers told).
"""

import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import cycle, islice

from django.db import connection, transaction
from django.utils import timezone

from communities.cache import COMMUNITIES
from communities.models import (
    Community,
    CommunityMember,
    Follow,
    Post,
    PostLike,
    Thread,
    ThreadRead,
)
from communities.services import (
    community_memberships_sync,
    post_like_toggle,
    post_reply,
    thread_mark_read,
    thread_start,
)
from network_animation.data_versions import data_changed
from network_animation.models import Membership, Notification, Tenant

THREADS = 300
LONG_REPLIES = 200
LONG_LIKES = 400
LONG_TITLE = "Essais le samedi matin : comment transformer plus de rendez-vous en commandes ?"
HISTORY_DAYS = 120
TOPICS = [
    "relancer un client après un essai",
    "présenter le financement sans faire peur",
    "estimer une reprise sans carnet d’entretien",
    "remplir l’atelier en période creuse",
    "vendre les extensions de garantie",
    "tenir les délais de livraison annoncés",
    "accueillir un client qui compare trois marques",
    "suivre les leads du site web",
    "préparer une journée portes ouvertes",
    "motiver l’équipe en fin de mois",
]
TITLES = ["Comment {} ?", "Vos astuces pour {} ?", "Retour d’expérience : {}", "Besoin d’aide : {}"]
SENTENCES = [
    "Chez nous, le rappel à 48 heures fait la différence.",
    "On a testé un message personnalisé après l’essai, avec la photo du véhicule.",
    "Le plus efficace reste de fixer le prochain rendez-vous avant que le client parte.",
    "Nos vendeurs notent chaque objection dans le CRM, on en parle le lundi.",
    "Le financement présenté en mensualités passe beaucoup mieux qu’un prix total.",
    "Attention aux délais : mieux vaut annoncer une semaine de plus et tenir parole.",
    "**Astuce** : préparez la fiche de reprise avant l’arrivée du client.",
    "On affiche les résultats de la semaine dans l’atelier, l’équipe suit de près.",
    "Quelqu’un a un modèle de mail de relance qui fonctionne bien ?",
    "Merci pour le partage, on essaie dès cette semaine.",
]
STEPS = "- appeler sous 48 heures\n- proposer un second essai\n- envoyer l’offre chiffrée"


@dataclass(frozen=True)
class SeededCommunities:
    communities: int
    threads: int
    posts: int
    likes: int
    long_thread: int
    long_thread_repliers: int  # different people among its replies


@dataclass
class _Draft:
    """A thread built in memory: its posts in order, their likers, who read it how far."""

    thread: Thread
    posts: list[Post] = field(default_factory=list)
    likers: list[list[int]] = field(default_factory=list)
    read_at: dict[int, dt.datetime] = field(default_factory=dict)
    accepted: Post | None = None


def communities_seed(
    *,
    tenant: Tenant,
    reader: Membership,
    threads: int = THREADS,
    replies: int = LONG_REPLIES,
    seed: int = 13,
) -> SeededCommunities:
    """The automatic communities, `threads` threads in bulk, then one of `replies` replies that
    `reader` can see (by as many different people as its community has)."""
    rng = random.Random(seed)  # noqa: S311  # synthetic posts
    community_memberships_sync(tenant=tenant)
    _threads_bulk(tenant, _members(tenant), threads, rng)
    long_thread = _long_thread(tenant, reader, replies, rng)
    _analyze()
    return SeededCommunities(
        communities=Community.objects.filter(tenant=tenant, is_archived=False).count(),
        threads=Thread.objects.filter(tenant=tenant).count(),
        posts=Post.objects.filter(tenant=tenant).count(),
        likes=PostLike.objects.filter(tenant=tenant).count(),
        long_thread=long_thread.pk,
        long_thread_repliers=_repliers(long_thread),
    )


def _members(tenant: Tenant) -> dict[Community, list[int]]:
    """Each live community with at least two people in it, and who they are."""
    communities = {c.pk: c for c in Community.objects.filter(tenant=tenant, is_archived=False)}
    people: dict[int, list[int]] = defaultdict(list)
    rows = CommunityMember.objects.filter(tenant=tenant).order_by("community_id", "membership_id")
    for community_id, membership_id in rows.values_list("community_id", "membership_id"):
        people[community_id].append(membership_id)
    return {
        communities[pk]: found
        for pk, found in people.items()
        if pk in communities and len(found) >= 2
    }


def _title(rng: random.Random) -> str:
    return rng.choice(TITLES).format(rng.choice(TOPICS))


def _body(rng: random.Random, sentences: int = 0) -> str:
    text = " ".join(rng.sample(SENTENCES, sentences or rng.randint(1, 4)))
    return f"{text}\n\n{STEPS}" if rng.random() < 0.2 else text


# Threads in bulk


@transaction.atomic
def _threads_bulk(
    tenant: Tenant, members: dict[Community, list[int]], count: int, rng: random.Random
) -> list[_Draft]:
    """`count` threads over the communities, each with its posts, likes, follows and reads."""
    if not members:
        return []
    now = timezone.now()
    communities = list(members)
    chosen = [rng.choice(communities) for _ in range(count)]
    drafts = [_draft(tenant, community, members[community], rng, now) for community in chosen]
    _threads_write(drafts)
    _marks_write(tenant, drafts)
    data_changed(tenant=tenant, kinds=[COMMUNITIES])
    return drafts


def _draft(
    tenant: Tenant, community: Community, people: list[int], rng: random.Random, now: dt.datetime
) -> _Draft:
    """A thread started some time in the last months, its replies at their pace until now."""
    started = now - dt.timedelta(minutes=rng.randint(60, HISTORY_DAYS * 24 * 60))
    question, asker = rng.random() < 0.4, rng.choice(people)
    thread = Thread(
        tenant=tenant,
        community=community,
        author_id=asker,
        kind=Thread.Kind.QUESTION if question else Thread.Kind.DISCUSSION,
        title=_title(rng),
        created_at=started,
    )
    draft = _Draft(thread)
    _post_add(draft, asker, started, people, rng)
    for author in (rng.choice(people) for _ in range(min(int(rng.expovariate(1 / 5)), 40))):
        at = draft.posts[-1].created_at + dt.timedelta(minutes=rng.randint(5, 3 * 24 * 60))
        if at >= now:
            break
        _post_add(draft, author, at, people, rng)
    thread.reply_count, thread.last_post_at = len(draft.posts) - 1, draft.posts[-1].created_at
    if question and len(draft.posts) > 1 and rng.random() < 0.5:
        draft.accepted = rng.choice(draft.posts[1:])
    _readers_add(draft, people, rng)
    return draft


def _post_add(
    draft: _Draft, author: int, at: dt.datetime, people: list[int], rng: random.Random
) -> None:
    """A post, liked by a few others; its author has read the thread up to it (as after
    `post_reply`)."""
    thread = draft.thread
    post = Post(tenant_id=thread.tenant_id, thread=thread, author_id=author, created_at=at)
    post.body = _body(rng)
    likers = rng.sample(people, min(len(people), int(rng.expovariate(1 / 1.5))))
    draft.likers.append([person for person in likers if person != author])
    post.like_count = len(draft.likers[-1])
    draft.posts.append(post)
    draft.read_at[author] = at


def _readers_add(draft: _Draft, people: list[int], rng: random.Random) -> None:
    """A few people who opened the thread at some point without writing in it."""
    for person in rng.sample(people, min(len(people), rng.randint(0, 5))):
        seen = rng.choice(draft.posts).created_at
        draft.read_at[person] = max(seen, draft.read_at.get(person, seen))


def _threads_write(drafts: list[_Draft]) -> None:
    Thread.objects.bulk_create([draft.thread for draft in drafts], batch_size=1000)
    posts = [post for draft in drafts for post in draft.posts]
    Post.objects.bulk_create(posts, batch_size=1000)  # thread ids taken from the saved threads
    answered = [draft for draft in drafts if draft.accepted is not None]
    for draft in answered:
        draft.thread.accepted_answer = draft.accepted
    Thread.objects.bulk_update([draft.thread for draft in answered], ["accepted_answer"])


def _marks_write(tenant: Tenant, drafts: list[_Draft]) -> None:
    """Likes; the follows of everyone who wrote in a thread; how far each reader read."""
    likes = [
        PostLike(tenant=tenant, post=post, membership_id=person)
        for draft in drafts
        for post, likers in zip(draft.posts, draft.likers, strict=True)
        for person in likers
    ]
    follows = [
        Follow(tenant=tenant, thread=draft.thread, membership_id=person)
        for draft in drafts
        for person in {post.author_id for post in draft.posts if post.author_id is not None}
    ]
    reads = [
        ThreadRead(tenant=tenant, thread=draft.thread, membership_id=person, read_at=at)
        for draft in drafts
        for person, at in draft.read_at.items()
    ]
    PostLike.objects.bulk_create(likes, batch_size=1000)
    Follow.objects.bulk_create(follows, batch_size=1000)
    ThreadRead.objects.bulk_create(reads, batch_size=1000)


# The thread of 200 replies, through the services


def _long_thread(tenant: Tenant, reader: Membership, replies: int, rng: random.Random) -> Thread:
    """A discussion in the reader's point-of-sale type community: `replies` replies by people of
    it (each once, when it has enough), some quoting an earlier post; people read it as it
    grows; then likes."""
    community, people = _long_thread_people(tenant, reader)
    opener, *others = rng.sample(people, len(people))
    thread = thread_start(
        tenant=tenant, actor=opener, community=community, title=LONG_TITLE, body=_body(rng, 4)
    )
    opening = Post.objects.get(tenant=tenant, thread=thread)
    opening.thread = thread
    posts = [opening]
    for author in islice(cycle(others or [opener]), replies):
        quote = rng.choice(posts) if rng.random() < 0.1 else None
        posts.append(
            post_reply(tenant=tenant, actor=author, thread=thread, body=_body(rng), quote_of=quote)
        )
        thread_mark_read(tenant=tenant, actor=rng.choice(people), thread=thread)
    _likes_through_services(tenant, people, posts, rng)
    _long_thread_check(thread, replies)
    return thread


def _long_thread_people(tenant: Tenant, reader: Membership) -> tuple[Community, list[Membership]]:
    """The reader's point-of-sale type community, and its people but the reader."""
    if reader.point_of_sale is None:
        raise ValueError("the reader of the long thread must work at a point of sale")
    community = Community.objects.get(
        tenant=tenant, kind=Community.Kind.POINT_OF_SALE_TYPE, rule=reader.point_of_sale.type
    )
    members = CommunityMember.objects.filter(tenant=tenant, community=community)
    people = (
        Membership.objects.filter(tenant=tenant, pk__in=members.values("membership_id"))
        .exclude(pk=reader.pk)
        .select_related("user")
        .order_by("pk")
    )
    return community, list(people)


def _likes_through_services(
    tenant: Tenant, people: list[Membership], posts: list[Post], rng: random.Random
) -> None:
    """About LONG_LIKES likes of the thread's posts, never one's own, each liked once."""
    done: set[tuple[int, int]] = set()
    for _ in range(LONG_LIKES):
        person, post = rng.choice(people), rng.choice(posts)
        if person.pk != post.author_id and (person.pk, post.pk) not in done:
            post_like_toggle(tenant=tenant, actor=person, post=post)
            done.add((person.pk, post.pk))


def _long_thread_check(thread: Thread, replies: int) -> None:
    """The thread says what its posts are: the bench must read what it claims to."""
    thread.refresh_from_db()
    posts = Post.objects.filter(tenant_id=thread.tenant_id, thread=thread)
    last = posts.order_by("-created_at", "-pk").values_list("created_at", flat=True).first()
    if (thread.reply_count, posts.count(), thread.last_post_at) != (replies, replies + 1, last):
        raise RuntimeError(f"thread {thread.pk} does not hold its {replies} replies")


def _repliers(thread: Thread) -> int:
    posts = Post.objects.filter(tenant_id=thread.tenant_id, thread=thread)
    authors = list(posts.order_by("created_at", "pk").values_list("author_id", flat=True))
    return len(set(authors[1:]))  # the opening post is not a reply


def _analyze() -> None:
    """Statistics for the tables just filled: autovacuum is off on the bench's machines, and
    without them PostgreSQL plans the pages' queries as if the tables were empty."""
    tables = [Community, CommunityMember, Thread, Post, PostLike, Follow, ThreadRead, Notification]
    with connection.cursor() as cursor:
        for model in tables:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
