"""The search's corpus on the large tenant (`python -m bench.tasks search`): 100,000 posts in
10,000 threads and 10,000 documents, written in bulk (the generated search vectors are
PostgreSQL's own work at insert), over the tenant's communities, so the search reads what a
head office reader may see.

The text mixes a business vocabulary in French and English: common words (found in thousands of
posts), rarer ones (a few hundred), and one word in about one post in a hundred ("hôtel"), so
a query's cost spreads as real forums' do.
"""

import random
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone

from communities.models import Community, Document, Post, Thread
from network_animation.models import Membership, Role, Tenant

THREADS = 10_000
POSTS = 100_000
DOCUMENTS = 10_000
BATCH = 5_000
COMMON = [
    "client",
    "clients",
    "vente",
    "ventes",
    "essai",
    "essais",
    "relance",
    "relancer",
    "financement",
    "financer",
    "atelier",
    "stock",
    "livraison",
    "reprise",
    "occasion",
    "neuf",
    "objectif",
    "objectifs",
    "équipe",
    "vendeur",
    "vendeurs",
    "devis",
    "rendez-vous",
    "offre",
    "offres",
    "remise",
    "garantie",
    "entretien",
    "accueil",
    "showroom",
    "commande",
    "commandes",
    "délai",
    "délais",
    "prix",
    "mensualité",
    "crédit",
    "location",
    "semaine",
    "mois",
    "samedi",
    "lundi",
    "résultat",
]
RARE = [
    "hôtel",
    "séminaire",
    "carrosserie",
    "pneumatiques",
    "climatisation",
    "hybride",
    "électrique",
    "recharge",
    "borne",
    "flotte",
    "entreprise",
    "leasing",
    "assurance",
    "expertise",
    "sinistre",
    "franchise",
    "parrainage",
]
ENGLISH = [
    "customer",
    "customers",
    "sales",
    "test",
    "drive",
    "follow-up",
    "financing",
    "workshop",
    "delivery",
    "trade-in",
    "target",
    "team",
    "quote",
    "appointment",
    "offer",
    "warranty",
    "service",
    "showroom",
    "order",
    "price",
    "lease",
]
LINKS = [
    "le",
    "la",
    "les",
    "un",
    "une",
    "des",
    "du",
    "de",
    "pour",
    "avec",
    "sans",
    "sur",
    "dans",
    "après",
    "avant",
    "chez",
    "et",
    "ou",
    "mais",
]


@dataclass(frozen=True)
class SeededSearch:
    threads: int
    posts: int
    documents: int


def _sentence(rng: random.Random, words: int) -> str:
    picked = []
    for _ in range(words):
        roll = rng.random()
        if roll < 0.01:
            picked.append("hôtel")
        elif roll < 0.06:
            picked.append(rng.choice(RARE))
        elif roll < 0.16:
            picked.append(rng.choice(ENGLISH))
        elif roll < 0.56:
            picked.append(rng.choice(COMMON))
        else:
            picked.append(rng.choice(LINKS))
    return " ".join(picked).capitalize() + "."


def search_seed(
    *,
    tenant: Tenant,
    threads: int = THREADS,
    posts: int = POSTS,
    documents: int = DOCUMENTS,
    seed: int = 21,
) -> SeededSearch:
    """`threads` threads holding `posts` posts, and `documents` documents."""
    rng = random.Random(seed)  # noqa: S311  # synthetic text
    communities = list(Community.objects.filter(tenant=tenant, is_archived=False))
    authors = list(
        Membership.objects.filter(
            tenant=tenant, is_active=True, role__in=[Role.POS_MANAGER, Role.POS_STAFF]
        ).values_list("pk", flat=True)[:2000]
    )
    head_office = Membership.objects.filter(tenant=tenant, role=Role.HEAD_OFFICE).first()
    if communities and authors:
        _threads_and_posts(tenant, communities, authors, threads, posts, rng)
        _documents(tenant, head_office, documents, rng)
    with connection.cursor() as cursor:
        for model in (Thread, Post, Document):
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
    return SeededSearch(
        threads=Thread.objects.filter(tenant=tenant).count(),
        posts=Post.objects.filter(tenant=tenant).count(),
        documents=Document.objects.filter(tenant=tenant).count(),
    )


@transaction.atomic
def _threads_and_posts(
    tenant: Tenant,
    communities: list[Community],
    authors: list[int],
    count: int,
    posts: int,
    rng: random.Random,
) -> None:
    now = timezone.now()
    made = Thread.objects.bulk_create(
        (
            Thread(
                tenant=tenant,
                community=rng.choice(communities),
                author_id=rng.choice(authors),
                kind=rng.choice(Thread.Kind.values),
                title=_sentence(rng, rng.randint(4, 9))[:200],
                created_at=now,
                last_post_at=now,
                reply_count=posts // count - 1,
            )
            for _ in range(count)
        ),
        batch_size=BATCH,
    )
    written = (
        Post(
            tenant=tenant,
            thread=made[number % count],
            author_id=rng.choice(authors),
            body=" ".join(_sentence(rng, rng.randint(6, 18)) for _ in range(rng.randint(1, 4))),
            created_at=now,
        )
        for number in range(posts)
    )
    Post.objects.bulk_create(written, batch_size=BATCH)


@transaction.atomic
def _documents(tenant: Tenant, author: Membership | None, count: int, rng: random.Random) -> None:
    Document.objects.bulk_create(
        (
            Document(
                tenant=tenant,
                title=_sentence(rng, rng.randint(3, 8))[:200],
                description=_sentence(rng, rng.randint(10, 30)),
                author=author,
            )
            for _ in range(count)
        ),
        batch_size=BATCH,
    )
