"""The search across threads and best practices (communities/selectors/search.py, the search
page, the suggestions while a question is written, and the API's search).

PostgreSQL (marked): accents and stems in French and English, titles above bodies, typos in
titles, the GIN indexes used, headlines that stay escaped (X2). Everywhere: what a reader may
not see is never found (T12), another tenant's rows neither (T3), the queries are bounded; on
SQLite, the contains-search.
"""

import pytest
from django.db import connection
from django.urls import reverse

from communities import selectors
from communities.models import Post, Thread
from communities.services import (
    answer_accept,
    post_best_practice_set,
    post_hide,
    post_reply,
)
from communities.views.threads import POSTS_PER_PAGE
from network_animation.models import Role
from network_animation.tenancy import tenant_scope

from ..harmless import dangers
from ..kpis.conftest import build_kpis
from ..roles import as_application_role
from .conftest import start
from .test_api import api, draft, open_community
from .test_views import PAYLOADS

pytestmark = pytest.mark.django_db


def search_url(network) -> str:
    return reverse("communities:search", args=[network.tenant.slug])


def found(network, text: str, role: str = Role.HEAD_OFFICE, **filters) -> list[str]:
    """The titles a person of that role finds, best first."""
    with tenant_scope(network.tenant):
        threads = selectors.search_threads(
            tenant=network.tenant, membership=network.members[role], text=text, **filters
        )
        return [thread.title for thread in threads]


def hits(network, text: str, role: str = Role.HEAD_OFFICE, **filters):
    with tenant_scope(network.tenant):
        threads = list(
            selectors.search_threads(
                tenant=network.tenant, membership=network.members[role], text=text, **filters
            )
        )
        return selectors.search_hits(tenant=network.tenant, text=text, threads=threads)


def reply(network, thread: Thread, body: str, role: str = Role.ANIMATOR) -> Post:
    with tenant_scope(network.tenant):
        return post_reply(
            tenant=network.tenant, actor=network.members[role], thread=thread, body=body
        )


# PostgreSQL: the full-text search


@pytest.mark.postgres
def test_words_are_found_without_their_accents_and_by_their_stem(network_a, communities_a):
    start(network_a, communities_a.zone, title="Réserver un Hôtel pour le séminaire")
    start(network_a, communities_a.zone, title="Le Financement du stock de véhicules")
    start(network_a, communities_a.zone, title="Running the showroom on Sundays")
    assert found(network_a, "hotel") == ["Réserver un Hôtel pour le séminaire"]
    assert found(network_a, "financer") == ["Le Financement du stock de véhicules"]
    assert found(network_a, "vehicule") == ["Le Financement du stock de véhicules"]
    assert found(network_a, "runs") == ["Running the showroom on Sundays"]
    assert found(network_a, "séminaires hôtels") == ["Réserver un Hôtel pour le séminaire"]


@pytest.mark.postgres
def test_a_title_ranks_above_a_body(network_a, communities_a):
    in_body = start(
        network_a, communities_a.zone, title="Question du jour", body="Parlons du financement."
    )
    start(network_a, communities_a.zone, title="Financement des stocks", body="Vos idées ?")
    reply(network_a, in_body, "Le financement, encore le financement.")
    assert found(network_a, "financement") == ["Financement des stocks", "Question du jour"]


@pytest.mark.postgres
def test_a_typo_in_a_title_is_forgiven(network_a, communities_a):
    start(network_a, communities_a.zone, title="Financement des stocks")
    start(network_a, communities_a.zone, title="Réserver un hôtel")
    assert found(network_a, "finacement") == ["Financement des stocks"]
    assert found(network_a, "hottel") == ["Réserver un hôtel"]


@pytest.mark.postgres
def test_extracts_mark_the_matches_in_the_best_post(network_a, communities_a):
    thread = start(network_a, communities_a.zone, title="Hôtel ou gîte ?", body="Je cherche.")
    reply(network_a, thread, "Un hôtel près de la gare, réservé pour le séminaire.")
    [hit] = hits(network_a, "hotel seminaire")
    assert hit.title_html == "<mark>Hôtel</mark> ou gîte ?"
    assert "<mark>hôtel</mark>" in hit.extract_html
    assert "<mark>séminaire</mark>" in hit.extract_html
    assert hit.post.body.startswith("Un hôtel")


@pytest.mark.postgres
@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_headline_over_hostile_text_stays_escaped(network_a, communities_a, payload):
    start(
        network_a,
        communities_a.zone,
        title=f"Hôtel {payload} hôtel",
        body=f"Un hôtel {payload} & <b>un</b> hôtel {payload} encore.",
    )
    [hit] = hits(network_a, "hotel")
    assert dangers(hit.title_html) == dangers(hit.extract_html) == []
    assert "&amp; &lt;b&gt;un&lt;/b&gt;" in hit.extract_html
    assert hit.extract_html.count("<mark>") == hit.extract_html.count("</mark>") >= 2
    assert set(hit.extract_html.replace("<mark>", "").replace("</mark>", "")) & set("<>") == set()
    answer = network_a.client(Role.POS_STAFF).get(search_url(network_a), {"q": "hotel"})
    assert answer.status_code == 200
    assert "<mark>hôtel</mark>" in answer.content.decode()
    assert dangers(answer.content.decode()) == []


@pytest.mark.postgres
def test_the_private_marks_in_someones_text_mark_nothing(network_a, communities_a):
    start(network_a, communities_a.zone, title="Hôtel", body="\ue000<script>\ue001 hôtel")
    [hit] = hits(network_a, "hotel")
    # (ts_headline starts an extract at a word: the `&lt;` before `script` is left out)
    assert hit.extract_html.endswith("script&gt; <mark>hôtel</mark>")
    assert hit.extract_html.count("<mark>") == 1


@pytest.mark.postgres
def test_the_search_reads_the_gin_indexes(network_a, communities_a):
    """Enough rows, their statistics and the indexes' pending entries merged, for the planner
    to weigh the indexes as it would in production."""
    thread = start(network_a, communities_a.zone, title="Sujet", body="Rien.")
    reply(network_a, thread, "Le financement du stock.")
    with tenant_scope(network_a.tenant):
        threads = Thread.objects.bulk_create(
            Thread(tenant=network_a.tenant, community=communities_a.zone, title=f"Sujet {n}")
            for n in range(2000)
        )
        Post.objects.bulk_create(
            Post(tenant=network_a.tenant, thread=each, body=f"Texte numéro {n}")
            for n, each in enumerate(threads)
        )
        with connection.cursor() as cursor:
            for index in (
                "communities_thread_search",
                "communities_post_search",
                "communities_thread_title_trigram",
            ):  # as autovacuum would have: new rows wait in a pending list, read in full
                cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", [index])
            cursor.execute("ANALYZE communities_thread, communities_post")
            cursor.execute("SET LOCAL enable_seqscan = off")  # small tables all the same
        plan = selectors.search_threads(
            tenant=network_a.tenant, membership=network_a.members[Role.HEAD_OFFICE], text="financer"
        ).explain()
    assert "Bitmap Index Scan on communities_thread_search" in plan, plan
    assert "Bitmap Index Scan on communities_thread_title_trigram" in plan
    assert "Bitmap Index Scan on communities_post_search" in plan


# Everywhere: visibility, tenants, pages


def test_a_members_only_communitys_threads_are_found_by_its_members_only(network_a, communities_a):
    start(network_a, communities_a.other_zone, role=Role.HEAD_OFFICE, title="Stock zone 2")
    start(network_a, communities_a.zone, title="Stock zone 1")
    assert found(network_a, "Stock", Role.POS_STAFF) == ["Stock zone 1"]
    assert sorted(found(network_a, "Stock", Role.HEAD_OFFICE)) == ["Stock zone 1", "Stock zone 2"]


def test_hidden_posts_and_others_drafts_are_never_found(network_a, communities_a):
    thread = start(network_a, communities_a.zone, title="Relance", body="Appeler le client.")
    hidden = reply(network_a, thread, "Le mot secret est Zanzibar.")
    with tenant_scope(network_a.tenant):
        post_hide(
            tenant=network_a.tenant,
            actor=network_a.members[Role.HEAD_OFFICE],
            post=hidden,
            reason="Hors sujet",
        )
        author = network_a.members[Role.POS_MANAGER]
        draft = Thread.objects.create(
            tenant=network_a.tenant,
            community=communities_a.zone,
            author=author,
            title="Brouillon Zanzibar",
            is_draft=True,
        )
        Post.objects.create(
            tenant=network_a.tenant, thread=draft, author=author, body="Zanzibar", is_draft=True
        )
    for role in (Role.HEAD_OFFICE, Role.ANIMATOR, Role.POS_STAFF):
        assert found(network_a, "Zanzibar", role) == [], role
    assert found(network_a, "Zanzibar", Role.POS_MANAGER) == ["Brouillon Zanzibar"]


def test_another_tenants_rows_are_never_found(network_a, network_b, communities_a, communities_b):
    start(network_a, communities_a.zone, title="Stock de printemps")
    start(network_b, communities_b.zone, title="Stock CANARY-B-7f3a")
    with as_application_role():  # on PostgreSQL, as production's web: row-level security on
        for role in Role.values:
            assert found(network_a, "Stock", role) in (["Stock de printemps"], []), role
            answer = network_a.client(role).get(search_url(network_a), {"q": "Stock"})
            assert answer.status_code == 200, role
            assert "CANARY" not in answer.content.decode(), role


def test_the_page_filters_by_kind_and_kpi(network_a, communities_a, kpis_a):
    question = start(network_a, communities_a.zone, title="Stock question", kind="question")
    start(network_a, communities_a.zone, title="Stock discussion")
    practice = start(network_a, communities_a.zone, title="Stock pratique")
    start(network_a, communities_a.zone, title="Stock autre pratique", best_practice=True)
    with tenant_scope(network_a.tenant):
        post_best_practice_set(
            tenant=network_a.tenant,
            actor=network_a.members[Role.HEAD_OFFICE],
            post=practice.posts.get(),
            kpis=[kpis_a.sales],
        )
    client = network_a.client(Role.ANIMATOR)

    def titles(**query) -> list[str]:
        answer = client.get(search_url(network_a), {"q": "Stock", **query})
        assert answer.status_code == 200
        return sorted(hit.thread.title for hit, _link in answer.context["page"])

    assert titles(kind="questions") == [question.title]
    assert titles(kind="best_practices") == ["Stock autre pratique", "Stock pratique"]
    assert titles(kpi=kpis_a.sales.pk) == ["Stock pratique"]
    assert len(titles()) == len(titles(kind="threads")) == 4


def test_the_page_without_words_invites_to_type_and_refuses_a_foreign_kpi(
    network_a, network_b, communities_a
):
    client = network_a.client(Role.POS_STAFF)
    answer = client.get(search_url(network_a))
    assert answer.status_code == 200
    assert answer.context["page"] is None
    answer = client.get(search_url(network_a), {"q": "Rien du tout ici"})
    assert answer.status_code == 200
    assert list(answer.context["page"]) == []
    assert 'class="empty"' in answer.content.decode()
    foreign = build_kpis(network_b).sales.pk
    assert client.get(search_url(network_a), {"q": "x", "kpi": foreign}).status_code == 400
    assert client.get(search_url(network_a), {"q": "x", "kind": "nope"}).status_code == 400


def test_a_hit_links_to_the_page_of_the_thread_that_shows_its_post(network_a, communities_a):
    thread = start(network_a, communities_a.zone, title="Longue discussion")
    for number in range(POSTS_PER_PAGE):  # the opening post and these: one more than a page
        last = reply(network_a, thread, f"Réponse {number}")
    [(hit, link)] = (
        network_a.client(Role.ANIMATOR)
        .get(search_url(network_a), {"q": f"Réponse {POSTS_PER_PAGE - 1}"})
        .context["page"]
    )
    assert hit.post == last
    assert link.endswith(f"/threads/{thread.pk}/?page=2#post-{last.pk}")


def test_the_search_costs_the_same_queries_for_one_or_many_hits(
    network_a, communities_a, django_assert_max_num_queries
):
    client = network_a.client(Role.POS_STAFF)
    start(network_a, communities_a.zone, title="Stock 0", best_practice=True)
    client.get(search_url(network_a), {"q": "Stock"})
    with django_assert_max_num_queries(20) as one:
        client.get(search_url(network_a), {"q": "Stock"})
    queries = len(one)  # (before the next request empties the log it reads)
    for number in range(1, 15):
        thread = start(network_a, communities_a.zone, title=f"Stock {number}", best_practice=True)
        reply(network_a, thread, "Stock stock")
    client.get(search_url(network_a), {"q": "Stock"})  # the bell's count, cached again
    with django_assert_max_num_queries(queries):
        answer = client.get(search_url(network_a), {"q": "Stock"})
    assert len(answer.context["page"]) == 15


def test_a_page_of_results_costs_the_same_few_queries_whatever_it_holds(
    network_a, communities_a, on_postgres, django_assert_max_num_queries
):
    """The reader's communities are read once, as a list; one statement ranks and counts (two
    on SQLite); the page's threads, their posts and the posts' KPIs: one query each."""
    for number in range(12):
        thread = start(
            network_a, communities_a.zone, title=f"Stock {number}", best_practice=number % 2 == 0
        )
        reply(network_a, thread, "Merci.")  # the opening post, a best practice or not, shown
    reader = network_a.members[Role.POS_STAFF]
    with tenant_scope(network_a.tenant), django_assert_max_num_queries(5 if on_postgres else 6):
        found = selectors.search_threads(tenant=network_a.tenant, membership=reader, text="stock")
        page = found[0:20]
        assert found.count() == len(page) == 12
        hits = selectors.search_hits(tenant=network_a.tenant, text="stock", threads=page)
        assert sum(hit.is_best_practice for hit in hits) == 6


def test_the_threads_found_read_as_a_queryset_does(network_a, communities_a):
    for number in range(3):
        start(network_a, communities_a.zone, title=f"Stock {number}")
    with tenant_scope(network_a.tenant):
        found = selectors.search_threads(
            tenant=network_a.tenant, membership=network_a.members[Role.POS_STAFF], text="stock"
        )
        every = list(found)
        assert len(found) == found.count() == len(every) == 3
        assert (found[1], found[1:], found[0:2], found[5:9]) == (
            every[1],
            every[1:],
            every[:2],
            [],
        )
        with pytest.raises(IndexError):
            found[3]


def test_the_pages_of_results_follow_one_another(network_a, communities_a):
    for number in range(23):
        start(network_a, communities_a.zone, title=f"Stock {number}")
    start(network_a, communities_a.other_zone, role=Role.HEAD_OFFICE, title="Stock ailleurs")
    client = network_a.client(Role.POS_STAFF)
    first = client.get(search_url(network_a), {"q": "stock"}).context["page"]
    second = client.get(search_url(network_a), {"q": "stock", "page": 2}).context["page"]
    titles = [hit.thread.title for page in (first, second) for hit, _link in page]
    assert (first.paginator.count, len(first), len(second)) == (23, 20, 3)
    assert sorted(titles) == sorted(f"Stock {number}" for number in range(23))


def test_the_communities_page_has_the_search_box(network_a, communities_a):
    page = network_a.client(Role.POS_STAFF).get(
        reverse("communities:list", args=[network_a.tenant.slug])
    )
    assert f'action="{search_url(network_a)}"' in page.content.decode()


# Suggestions while a question is written


def test_answered_questions_and_best_practices_are_suggested_while_typing_a_title(
    network_a, communities_a
):
    solved = start(network_a, communities_a.zone, title="Relancer un client", kind="question")
    answer = reply(network_a, solved, "Appelez le lendemain.")
    with tenant_scope(network_a.tenant):
        answer_accept(
            tenant=network_a.tenant,
            actor=network_a.members[Role.POS_STAFF],
            thread=solved,
            post=answer,
        )
    start(network_a, communities_a.zone, title="Relancer sans réponse", kind="question")
    start(network_a, communities_a.zone, title="Relancer en discussion")
    start(network_a, communities_a.zone, title="Relancer par SMS", best_practice=True)
    start(
        network_a,
        communities_a.other_zone,
        role=Role.HEAD_OFFICE,
        title="Relancer ailleurs",
        best_practice=True,
    )
    client = network_a.client(Role.POS_STAFF)
    new = reverse("communities:thread_new", args=[network_a.tenant.slug, communities_a.zone.pk])
    assert 'hx-get="' + search_url(network_a) in client.get(new).content.decode()

    answer = client.get(
        search_url(network_a),
        {"similar": "1", "title": "Comment relancer un client ?"},
        HTTP_HX_REQUEST="true",
    )

    assert answer.status_code == 200
    suggested = [hit.thread.title for hit, _link in answer.context["similar"]]
    assert sorted(suggested) == ["Relancer par SMS", "Relancer un client"]
    assert "<html" not in answer.content.decode()
    short = client.get(search_url(network_a), {"similar": "1", "title": "Rel"})
    assert short.context["similar"] == []


# SQLite: the contains-search


def test_sqlite_finds_every_word_in_a_title_or_a_post(network_a, communities_a, on_postgres):
    if on_postgres:
        pytest.skip("PostgreSQL ranks its full-text matches (the tests above)")
    thread = start(network_a, communities_a.zone, title="Stock de printemps", body="Vos idées ?")
    reply(network_a, thread, "Une remise <b>ciblée</b> sur le stock.")
    start(network_a, communities_a.zone, title="Remise", body="Rien.")
    assert found(network_a, "stock remise") == ["Stock de printemps"]
    assert found(network_a, "remise") == ["Remise", "Stock de printemps"]
    [hit] = hits(network_a, "ciblée stock")
    assert hit.title_html == "<mark>Stock</mark> de printemps"
    assert "&lt;b&gt;<mark>ciblée</mark>&lt;/b&gt; sur le <mark>stock</mark>" in hit.extract_html


# The API: what the whole network reads


def search_api(network, **query):
    return api(network).get(reverse("api:search"), query)


def test_a_token_finds_what_the_whole_network_reads_and_nothing_else(
    network_a, network_b, communities_a, kpis_a
):
    sales = open_community(network_a, "Ventes")
    thread = start(network_a, sales, title="Stock ouvert", body="Le stock **tourne**.")
    hidden = reply(network_a, thread, "Stock caché")
    with tenant_scope(network_a.tenant):
        post_hide(
            tenant=network_a.tenant,
            actor=network_a.members[Role.HEAD_OFFICE],
            post=hidden,
            reason="Hors sujet",
        )
    start(network_a, communities_a.zone, title="Stock de la zone")  # members only
    draft(network_a, sales)  # "Brouillon secret"
    start(network_b, open_community(network_b, "Ventes B"), title="Stock CANARY-B-7f3a")

    answer = search_api(network_a, q="stock")

    assert answer.status_code == 200
    assert "CANARY" not in answer.content.decode()
    [hit] = answer.json()["results"]
    assert hit["thread"]["id"] == thread.pk
    assert hit["thread"]["title"] == "Stock ouvert"
    with tenant_scope(network_a.tenant):
        assert hit["post"] == thread.posts.order_by("pk").first().pk
    assert hit["is_best_practice"] is False
    assert hit["kpis"] == []
    assert "caché" not in answer.content.decode()
    assert search_api(network_a, q="secret").json()["results"] == []


def test_a_token_filters_best_practices_by_kpi_code(network_a, communities_a, kpis_a):
    sales = open_community(network_a, "Ventes")
    practice = start(network_a, sales, title="Stock pratique", body="Relancer le stock.")
    start(network_a, sales, title="Stock discussion")
    with tenant_scope(network_a.tenant):
        post_best_practice_set(
            tenant=network_a.tenant,
            actor=network_a.members[Role.HEAD_OFFICE],
            post=practice.posts.get(),
            kpis=[kpis_a.sales],
        )
    answer = search_api(network_a, q="stock", kpi=kpis_a.sales.code)
    [hit] = answer.json()["results"]
    assert (hit["thread"]["id"], hit["is_best_practice"]) == (practice.pk, True)
    assert hit["kpis"] == [kpis_a.sales.code]
    assert search_api(network_a, q="stock", kpi="nothing").json()["results"] == []
    assert len(search_api(network_a, q="stock", kind="best_practices").json()["results"]) == 1
    assert len(search_api(network_a, q="stock").json()["results"]) == 2


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_tokens_extracts_run_nothing(network_a, communities_a, payload):
    sales = open_community(network_a, "Ventes")
    start(network_a, sales, title=f"Stock {payload}", body=f"Le stock {payload} encore")
    [hit] = search_api(network_a, q="stock").json()["results"]
    assert dangers(hit["title_html"]) == dangers(hit["extract_html"]) == []
    assert "<mark>" in hit["extract_html"]


def test_a_tokens_search_refuses_what_it_cannot_read(network_a, communities_a):
    assert search_api(network_a).status_code == 400
    assert search_api(network_a, q="x" * 201).status_code == 400
    assert search_api(network_a, q="stock\x00").status_code == 400
    assert search_api(network_a, q="stock", kind="documents").status_code == 400
    empty = search_api(network_a, q="  ")
    assert (empty.status_code, empty.json()["results"]) == (200, [])


def test_a_tokens_search_costs_the_same_queries_for_one_or_many_hits(
    network_a, communities_a, django_assert_max_num_queries
):
    sales = open_community(network_a, "Ventes")
    client = api(network_a)
    start(network_a, sales, title="Stock 0")
    with django_assert_max_num_queries(15) as one:
        client.get(reverse("api:search"), {"q": "stock"})
    queries = len(one)
    for number in range(1, 12):
        thread = start(network_a, sales, title=f"Stock {number}", best_practice=True)
        reply(network_a, thread, "Le stock")
    with django_assert_max_num_queries(queries):
        answer = client.get(reverse("api:search"), {"q": "stock"})
    assert answer.json()["count"] == 12
    rest = client.get(reverse("api:search"), {"q": "stock", "limit": 5, "offset": 10}).json()
    shown = {hit["thread"]["id"] for hit in answer.json()["results"][10:]}
    assert (rest["count"], {hit["thread"]["id"] for hit in rest["results"]}) == (12, shown)
