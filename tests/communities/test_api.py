"""The communities API (communities/api/): what a tenant's system reads with its service token.

A token names a tenant, not a person: it sees what the whole network sees (the open
communities, their published threads and posts), never a members-only community (T12), a draft
or another tenant's rows (T2); people's text comes back as its Markdown and as HTML that runs
nothing (X2).
"""

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from communities.models import Community, Post, Thread
from communities.services import (
    answer_accept,
    community_create,
    post_best_practice_set,
    post_hide,
    post_reply,
    thread_pin_toggle,
)
from network_animation.models import Role
from network_animation.services.tokens import service_token_create
from network_animation.tenancy import tenant_scope

from ..harmless import dangers
from .conftest import start
from .test_views import PAYLOADS

pytestmark = pytest.mark.django_db

MISSING_ID = 987654321


def api(network) -> Client:
    with tenant_scope(network.tenant):
        _token, key = service_token_create(tenant=network.tenant, actor=None, name="Intranet")
    return Client(HTTP_AUTHORIZATION=f"Token {key}")


def open_community(network, name: str = "Ventes", description: str = "") -> Community:
    """A community open to the whole network, made by head office."""
    with tenant_scope(network.tenant):
        return community_create(
            tenant=network.tenant,
            actor=network.members[Role.HEAD_OFFICE],
            name=name,
            description=description,
            visibility=Community.Visibility.OPEN,
        )


def reply(network, thread: Thread, body: str, role: str = Role.ANIMATOR, **fields) -> Post:
    with tenant_scope(network.tenant):
        return post_reply(
            tenant=network.tenant, actor=network.members[role], thread=thread, body=body, **fields
        )


def draft(network, community: Community) -> Thread:
    """A prefilled best practice its author has not published (as best_practice_invite writes
    one), with its opening post."""
    author = network.members[Role.POS_MANAGER]
    with tenant_scope(network.tenant):
        thread = Thread.objects.create(
            tenant=network.tenant,
            community=community,
            author=author,
            title="Brouillon secret",
            is_draft=True,
        )
        Post.objects.create(
            tenant=network.tenant, thread=thread, author=author, body="Pas encore", is_draft=True
        )
    return thread


def communities_url() -> str:
    return reverse("api:community-list")


def community_url(community_id: int) -> str:
    return reverse("api:community-detail", args=[community_id])


def threads_url(community_id: int) -> str:
    return reverse("api:community-thread-list", args=[community_id])


def thread_url(thread_id: int) -> str:
    return reverse("api:thread-detail", args=[thread_id])


def posts_url(thread_id: int) -> str:
    return reverse("api:thread-post-list", args=[thread_id])


def titles(answer) -> list[str]:
    return [thread["title"] for thread in answer.json()["results"]]


def test_a_token_lists_the_communities_open_to_the_network_and_no_other(
    network_a, network_b, communities_a, communities_b
):
    sales = open_community(network_a, "Ventes", "Nos **meilleures** idées")
    start(network_a, sales, title="Relance")
    start(network_a, sales, title="Essais")
    draft(network_a, sales)
    archived = open_community(network_a, "Ancienne")
    with tenant_scope(network_a.tenant):
        Community.objects.filter(pk=archived.pk).update(is_archived=True)
    open_community(network_b, "Ventes CANARY-B-7f3a")

    answer = api(network_a).get(communities_url())

    assert answer.status_code == 200
    assert answer.json()["count"] == 1
    [listed] = answer.json()["results"]
    assert (listed["id"], listed["name"], listed["kind"]) == (sales.pk, "Ventes", "manual")
    assert listed["thread_count"] == 2  # the draft is nobody's but its author's
    assert listed["description"] == "Nos **meilleures** idées"
    assert listed["description_html"] == "<p>Nos <strong>meilleures</strong> idées</p>\n"
    # The zone, region and role communities are members-only; the archived one is read by id.
    assert "CANARY" not in answer.content.decode()
    assert api(network_a).get(community_url(archived.pk)).json()["is_archived"] is True


def test_a_members_only_or_another_tenants_community_answers_as_a_missing_one(
    network_a, network_b, communities_a
):
    client = api(network_a)
    sales, theirs = open_community(network_a), open_community(network_b, "CANARY-B-7f3a")
    missing = client.get(community_url(MISSING_ID))

    assert client.get(community_url(sales.pk)).json()["name"] == "Ventes"
    for community_id in (communities_a.zone.pk, communities_a.staff.pk, theirs.pk):
        for url in (community_url(community_id), threads_url(community_id)):
            answer = client.get(url)
            assert (answer.status_code, answer.json()) == (404, missing.json()), url


def test_threads_come_pinned_first_then_latest_and_filter_by_kind_and_solved(
    network_a, communities_a
):
    sales = open_community(network_a)
    pinned = start(network_a, sales, kind="discussion", title="Règles du groupe")
    unsolved = start(network_a, sales, kind="question", title="Sans réponse")
    solved = start(network_a, sales, kind="question", title="Résolue")
    talk = start(network_a, sales, kind="discussion", title="Discussion")
    answer_post = reply(network_a, solved, "Appelez le lendemain.")
    with tenant_scope(network_a.tenant):
        head_office, asker = network_a.members[Role.HEAD_OFFICE], network_a.members[Role.POS_STAFF]
        thread_pin_toggle(tenant=network_a.tenant, actor=head_office, thread=pinned)
        answer_accept(tenant=network_a.tenant, actor=asker, thread=solved, post=answer_post)
    client, url = api(network_a), threads_url(sales.pk)

    everything = client.get(url)
    assert titles(everything) == ["Règles du groupe", "Résolue", "Discussion", "Sans réponse"]
    first = everything.json()["results"][1]
    assert first["is_solved"] is True
    assert first["accepted_answer"] == answer_post.pk
    assert (first["kind"], first["reply_count"], first["community"]) == ("question", 1, sales.pk)
    assert titles(client.get(url, {"kind": "question"})) == ["Résolue", "Sans réponse"]
    assert titles(client.get(url, {"kind": "discussion"})) == ["Règles du groupe", "Discussion"]
    assert titles(client.get(url, {"solved": "true"})) == ["Résolue"]
    assert titles(client.get(url, {"solved": "false"})) == ["Sans réponse"]
    assert titles(client.get(url, {"kind": "discussion", "solved": "false"})) == []
    assert {unsolved.pk, talk.pk} <= {t["id"] for t in everything.json()["results"]}


@pytest.mark.parametrize(("query", "field"), [("kind=poll", "kind"), ("solved=yes", "solved")])
def test_a_bad_thread_filter_answers_400_naming_it(network_a, query, field):
    sales = open_community(network_a)
    answer = api(network_a).get(f"{threads_url(sales.pk)}?{query}")
    assert answer.status_code == 400
    assert list(answer.json()) == [field]


def test_a_thread_and_its_posts_are_read_in_order_with_authors_but_no_emails(
    network_a, communities_a, kpis_a
):
    sales = open_community(network_a)
    thread = start(network_a, sales, title="Relance", body="Une **idée** ?")
    with tenant_scope(network_a.tenant):
        opening = Post.objects.get(thread=thread)
    answer_post = reply(network_a, thread, "Appelez *le lendemain*.", quote_of=opening)
    with tenant_scope(network_a.tenant):
        post_best_practice_set(
            tenant=network_a.tenant,
            actor=network_a.members[Role.ANIMATOR],
            post=answer_post,
            kpis=[kpis_a.sales],
            on=True,
        )
    client = api(network_a)

    detail = client.get(thread_url(thread.pk))
    posts = client.get(posts_url(thread.pk))

    assert detail.status_code == posts.status_code == 200
    assert detail.json()["title"] == "Relance"
    staff = network_a.members[Role.POS_STAFF]
    assert detail.json()["author"] == {
        "name": staff.user.get_full_name(),
        "role": "pos_staff",
        "point_of_sale": network_a.point_of_sale.code,
    }
    first, second = posts.json()["results"]
    assert (first["id"], first["body"]) == (opening.pk, "Une **idée** ?")
    assert first["body_html"] == "<p>Une <strong>idée</strong> ?</p>\n"
    assert second["author"]["role"] == "animator"
    assert second["author"]["point_of_sale"] is None
    assert (second["quote_of"], second["thread"]) == (opening.pk, thread.pk)
    assert (second["is_best_practice"], second["kpis"]) == (True, [kpis_a.sales.code])
    assert second["body_html"] == "<p>Appelez <em>le lendemain</em>.</p>\n"
    for member in network_a.members.values():
        assert member.user.email not in detail.content.decode() + posts.content.decode()


def test_a_hidden_post_keeps_its_place_without_its_text(network_a, communities_a):
    sales = open_community(network_a)
    thread = start(network_a, sales)
    rude = reply(network_a, thread, "Texte grossier", role=Role.POS_MANAGER)
    with tenant_scope(network_a.tenant):
        head_office = network_a.members[Role.HEAD_OFFICE]
        post_hide(tenant=network_a.tenant, actor=head_office, post=rude, reason="Insultant")

    answer = api(network_a).get(posts_url(thread.pk))

    hidden = answer.json()["results"][1]
    assert (hidden["id"], hidden["is_hidden"]) == (rude.pk, True)
    assert (hidden["body"], hidden["body_html"]) == (None, None)
    assert hidden["author"]["role"] == "pos_manager"
    assert "grossier" not in answer.content.decode()
    assert "Insultant" not in answer.content.decode()  # the reason is for its author only


def test_drafts_are_in_no_list_and_answer_as_missing(network_a, communities_a):
    sales = open_community(network_a)
    published = start(network_a, sales, title="Publié")
    hidden_draft = draft(network_a, sales)
    with tenant_scope(network_a.tenant):
        Post.objects.create(
            tenant=network_a.tenant,
            thread=published,
            author=network_a.members[Role.POS_MANAGER],
            body="Réponse en brouillon",
            is_draft=True,
        )
    client = api(network_a)

    assert titles(client.get(threads_url(sales.pk))) == ["Publié"]
    assert client.get(thread_url(hidden_draft.pk)).status_code == 404
    assert client.get(posts_url(hidden_draft.pk)).status_code == 404
    posts = client.get(posts_url(published.pk))
    assert posts.json()["count"] == 1
    assert "brouillon" not in posts.content.decode()


def test_a_members_only_communitys_thread_is_missing_and_in_no_list(network_a, communities_a):
    """The zone's community: its dealer's staff and animator see it, a token does not."""
    secret = start(network_a, communities_a.zone, title="Secret de zone", body="Chiffres internes")
    client = api(network_a)
    missing = client.get(thread_url(MISSING_ID))

    for url in (thread_url(secret.pk), posts_url(secret.pk), threads_url(communities_a.zone.pk)):
        answer = client.get(url)
        assert (answer.status_code, answer.json()) == (404, missing.json()), url
    listed = client.get(communities_url())
    assert communities_a.zone.pk not in [c["id"] for c in listed.json()["results"]]
    assert "Secret" not in listed.content.decode()


def test_another_tenants_threads_answer_as_missing_ones(network_a, network_b):
    theirs = open_community(network_b, "Ventes CANARY-B-7f3a")
    thread = start(network_b, theirs, title="CANARY-B-7f3a", body="CANARY-B-7f3a")
    client = api(network_a)
    missing = {"thread": client.get(thread_url(MISSING_ID)), "posts": client.get(posts_url(1))}

    for kind, url in (("thread", thread_url(thread.pk)), ("posts", posts_url(thread.pk))):
        answer = client.get(url)
        assert (answer.status_code, answer.json()) == (404, missing[kind].json()), url
        assert "CANARY" not in answer.content.decode()
    assert api(network_b).get(thread_url(thread.pk)).status_code == 200  # B reads its own


@pytest.mark.parametrize("payload", PAYLOADS)
def test_hostile_text_comes_back_as_data_and_its_html_runs_nothing(network_a, payload):
    sales = open_community(network_a, "Ventes", f"Description {payload}")
    thread = start(network_a, sales, title=payload, body=f"Texte {payload}")
    reply(network_a, thread, payload)
    client = api(network_a)

    community = client.get(community_url(sales.pk))
    threads = client.get(threads_url(sales.pk))
    posts = client.get(posts_url(thread.pk))

    assert dangers(community.json()["description_html"]) == []
    assert threads.json()["results"][0]["title"] == payload  # plain text, for the client to escape
    for post in posts.json()["results"]:
        assert payload in post["body"]
        assert dangers(post["body_html"]) == [], post["body_html"]
    for answer in (community, threads, posts):
        assert answer["Content-Type"] == "application/json"  # never read as a page
        assert answer["X-Content-Type-Options"] == "nosniff"


def test_lists_are_paginated(network_a):
    sales = open_community(network_a)
    thread = start(network_a, sales, title="Long fil")
    for number in range(4):
        reply(network_a, thread, f"Réponse {number}")
    client = api(network_a)

    page = client.get(posts_url(thread.pk), {"limit": 2}).json()
    last = client.get(posts_url(thread.pk), {"limit": 2, "offset": 4}).json()

    assert page["count"] == 5
    assert [post["body"] for post in page["results"]] == ["Vos idées ?", "Réponse 0"]
    assert "offset=2" in page["next"]
    assert ([post["body"] for post in last["results"]], last["next"]) == (["Réponse 3"], None)
    assert client.get(posts_url(thread.pk), {"limit": 1001}).status_code == 400
    assert client.get(threads_url(sales.pk), {"limit": 1}).json()["count"] == 1


def _rows(network, community: Community, thread: Thread, kpis, rows: int) -> None:
    """Communities, threads and replies, the last a best practice a moderator hid."""
    for number in range(rows):
        open_community(network, f"Communauté {number}")
        start(network, community, title=f"Fil {number}")
        last = reply(network, thread, f"Réponse {number}", role=Role.POS_MANAGER)
    with tenant_scope(network.tenant):
        head_office = network.members[Role.HEAD_OFFICE]
        kpis = [kpis.sales, kpis.leads]
        post_best_practice_set(
            tenant=network.tenant, actor=head_office, post=last, kpis=kpis, on=True
        )
        post_hide(tenant=network.tenant, actor=head_office, post=last, reason="Doublon")


def test_the_lists_cost_as_many_queries_for_many_rows_as_for_few(
    network_a, kpis_a, django_assert_max_num_queries
):
    """The token and the tenant's scope (five queries on PostgreSQL, none of its own on
    SQLite), the community or thread the list belongs to, a count and a page; the posts' KPIs
    in one more query (their HTML comes from the cache)."""
    sales = open_community(network_a)
    thread = start(network_a, sales, title="Fil")
    client = api(network_a)
    limits = {communities_url(): 7, threads_url(sales.pk): 8, posts_url(thread.pk): 9}
    _rows(network_a, sales, thread, kpis_a, 2)
    client.get(communities_url())  # the token's use is recorded (at most once a minute)
    few = {}
    for url, limit in limits.items():
        with django_assert_max_num_queries(limit) as queries:
            assert client.get(url).json()["count"] == 3, url
        few[url] = len(queries)

    _rows(network_a, sales, thread, kpis_a, 40)

    for url in limits:
        with django_assert_max_num_queries(few[url]):
            assert client.get(url).json()["count"] == 43, url


def test_every_route_is_in_the_schema_which_validates_without_a_warning(tmp_path):
    schema = Client().get(reverse("api:schema"), {"format": "json"}).json()
    for path in (
        "/api/v1/communities/",
        "/api/v1/communities/{community_id}/",
        "/api/v1/communities/{community_id}/threads/",
        "/api/v1/threads/{thread_id}/",
        "/api/v1/threads/{thread_id}/posts/",
    ):
        operation = schema["paths"][path]["get"]
        assert operation["description"], path
        assert {"200", "400", "401", "429"} <= set(operation["responses"]), path
    threads = schema["paths"]["/api/v1/communities/{community_id}/threads/"]["get"]
    filters = {p["name"]: p["schema"] for p in threads["parameters"] if p["in"] == "query"}
    assert filters["kind"]["enum"] == ["discussion", "question"]
    assert filters["solved"]["type"] == "boolean"
    # The command raises on any warning or any error of the OpenAPI validator.
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", tmp_path / "api.yaml")
