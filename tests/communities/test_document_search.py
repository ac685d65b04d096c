"""The library in the search (communities/selectors/document_search.py): documents found by
their title and description in French and English, accents and stems aside, a typo in a title
forgiven (PostgreSQL, marked); only those the reader may read; extracts that run nothing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from communities import selectors
from communities.models import Document
from communities.services import document_create
from network_animation.audiences import Audience
from network_animation.models import Role
from network_animation.tenancy import tenant_scope
from network_animation.uploads_media import media_check

from ..factories import MembershipFactory, UserFactory
from ..harmless import dangers
from .test_views import PAYLOADS

pytestmark = pytest.mark.django_db


def publish(network, title: str, description: str = "", audience=None, **fields):
    with tenant_scope(network.tenant):
        return document_create(
            tenant=network.tenant,
            actor=network.members[Role.HEAD_OFFICE],
            title=title,
            description=description,
            file=media_check(SimpleUploadedFile("guide.txt", b"Guide\n")),
            audience=audience or Audience(),
            **fields,
        )


def found(network, text: str, membership=None, **filters) -> list[str]:
    reader = membership or network.members[Role.POS_STAFF]
    with tenant_scope(network.tenant):
        hits = selectors.search_documents(
            tenant=network.tenant, membership=reader, text=text, **filters
        )
    return [hit.document.title for hit in hits]


@pytest.mark.postgres
def test_documents_are_found_without_accents_by_their_stem_titles_first(network_a):
    publish(network_a, "Réserver un Hôtel pour le séminaire")
    publish(network_a, "Le Financement du stock")
    publish(network_a, "Note de service", description="Les règles du financement des stocks.")
    publish(network_a, "Showroom opening hours")
    assert found(network_a, "hotel") == ["Réserver un Hôtel pour le séminaire"]
    assert found(network_a, "financer") == ["Le Financement du stock", "Note de service"]
    assert found(network_a, "opens") == ["Showroom opening hours"]
    assert found(network_a, "finacement") == ["Le Financement du stock"]  # a typo in a title


@pytest.mark.postgres
def test_the_document_search_reads_its_indexes(network_a):
    """The statement the search runs (not a copy of it): each side its index, the words' and
    the titles' trigrams, never a scan of the library computing a similarity per title."""
    for number in range(12):
        publish(network_a, f"Guide {number}", description="Procédure atelier")
    with tenant_scope(network_a.tenant):  # enough rows for the planner to weigh the indexes
        Document.objects.bulk_create(
            Document(tenant=network_a.tenant, title=f"Note {n}", description=f"Texte {n}")
            for n in range(2000)
        )
    with CaptureQueriesContext(connection) as ran:
        assert len(found(network_a, "atelier")) == 10
    [ranking] = [each["sql"] for each in ran.captured_queries if "WITH asked" in each["sql"]]
    with tenant_scope(network_a.tenant), connection.cursor() as cursor:
        for index in ("communities_document_search", "communities_document_title_trigram"):
            cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", [index])  # autovacuum's
        cursor.execute("ANALYZE communities_document")
        cursor.execute("SET LOCAL enable_seqscan = off")  # a small table all the same
        cursor.execute(f"EXPLAIN {ranking}")
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Bitmap Index Scan on communities_document_search" in plan, plan
    assert "Bitmap Index Scan on communities_document_title_trigram" in plan, plan


def test_a_document_for_another_zone_is_never_found(network_a, network_b):
    zone = Audience(zones=frozenset({network_a.zone.pk}))
    publish(network_a, "Plan de la zone nord", audience=zone)
    publish(network_b, "Plan de la marque B")
    stranger = MembershipFactory(
        tenant=network_a.tenant,
        role=Role.POS_STAFF,
        point_of_sale=network_a.other_point_of_sale,
        user=UserFactory(),
    )
    assert found(network_a, "plan") == ["Plan de la zone nord"]
    assert found(network_a, "plan", membership=stranger) == []
    assert found(network_a, "plan", membership=network_a.members[Role.HEAD_OFFICE]) == [
        "Plan de la zone nord"
    ]


def test_the_search_page_shows_the_library_and_filters_by_kpi(network_a, kpis_a):
    publish(network_a, "Relancer les devis", kpis=[kpis_a.sales])
    publish(network_a, "Relancer les clients inactifs")
    client = network_a.client(Role.POS_STAFF)
    address = reverse("communities:search", args=[network_a.tenant.slug])
    page = client.get(address, {"q": "relancer"}).content.decode()
    assert "Dans la bibliothèque" in page
    assert "Relancer les devis" in page.replace("<mark>", "").replace("</mark>", "")
    only = client.get(address, {"q": "relancer", "kind": "documents", "kpi": kpis_a.sales.pk})
    text = only.content.decode().replace("<mark>", "").replace("</mark>", "")
    assert "Relancer les devis" in text
    assert "Relancer les clients inactifs" not in text


@pytest.mark.parametrize("payload", PAYLOADS)
def test_hostile_titles_and_descriptions_run_nothing_in_the_results(network_a, payload):
    publish(network_a, f"Guide {payload}", description=f"Guide détaillé {payload}")
    client = network_a.client(Role.POS_STAFF)
    address = reverse("communities:search", args=[network_a.tenant.slug])
    page = client.get(address, {"q": "guide"}).content.decode()
    assert dangers(page) == []
    assert "<mark>" in page or "Guide" in page
