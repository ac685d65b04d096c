"""The communities API (communities/api/): what a tenant's system reads with its service token,
and the replies it writes in a person's name.

A token names a tenant, not a person: it sees what the whole network sees (the open
communities, their published threads and posts), never a members-only community (T12), a draft
or another tenant's rows (T2); people's text comes back as its Markdown and as HTML that runs
nothing (X2). A reply names its author by email, among the token's tenant's active people only
(T4, T10), and goes through the pages' service (notifications, follows, the audit trail).
"""

import pytest
from django.core.management import call_command
from django.core.validators import ProhibitNullCharactersValidator
from django.http import Http404
from django.test import Client
from django.urls import reverse

from communities import errors as community_errors
from communities import selectors
from communities.api import errors
from communities.models import Community, CommunityMember, Follow, Post, Thread
from communities.services import (
    answer_accept,
    community_create,
    post_best_practice_set,
    post_hide,
    post_reply,
    thread_lock_toggle,
    thread_pin_toggle,
)
from network_animation.models import AuditEvent, Membership, Notification, Role
from network_animation.services.tokens import service_token_create
from network_animation.tenancy import tenant_scope

from ..factories import MembershipFactory, UserFactory
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


def send_reply(client: Client, thread_id: int, **payload):
    return client.post(posts_url(thread_id), payload, content_type="application/json")


def email(network, role: str = Role.ANIMATOR) -> str:
    return network.members[role].user.email


def post_count(network) -> int:
    with tenant_scope(network.tenant):
        return Post.objects.filter(tenant=network.tenant).count()


def test_a_token_replies_in_a_persons_name_and_the_thread_s_followers_are_told(
    network_a, django_capture_on_commit_callbacks
):
    sales = open_community(network_a)
    thread = start(network_a, sales, title="Relance")  # its author, the dealer's staff, follows it
    manager = network_a.members[Role.POS_MANAGER]
    with tenant_scope(network_a.tenant):
        Follow.objects.create(tenant=network_a.tenant, membership=manager, thread=thread)
    client = api(network_a)

    with django_capture_on_commit_callbacks(execute=True):
        answer = send_reply(
            client, thread.pk, author=email(network_a).upper(), body="Appelez *le lendemain*."
        )

    assert answer.status_code == 201, answer.json()
    created = answer.json()
    animator = network_a.members[Role.ANIMATOR]
    assert created["author"] == {
        "name": animator.user.get_full_name(),
        "role": "animator",
        "point_of_sale": None,
    }
    assert (created["thread"], created["quote_of"], created["is_hidden"]) == (
        thread.pk,
        None,
        False,
    )
    assert created["body"] == "Appelez *le lendemain*."
    assert created["body_html"] == "<p>Appelez <em>le lendemain</em>.</p>\n"
    listed = client.get(posts_url(thread.pk)).json()["results"]
    assert listed[-1] == created  # the same shape as the thread's posts
    assert client.get(thread_url(thread.pk)).json()["reply_count"] == 1
    with tenant_scope(network_a.tenant):
        told = Notification.objects.filter(kind="community.reply", target_id=thread.pk)
        assert {n.recipient_id for n in told} == {
            network_a.members[Role.POS_STAFF].pk,
            manager.pk,
        }
        assert {n.actor_id for n in told} == {animator.pk}
        # As on the thread's page: the author joined the open community and follows the thread.
        assert CommunityMember.objects.filter(community=sales, membership=animator).exists()
        assert Follow.objects.filter(thread=thread, membership=animator).exists()
    [audited] = AuditEvent.objects.filter(action="community_post_replied_by_api")
    assert (audited.tenant_id, audited.actor_id) == (network_a.tenant.pk, None)
    assert (audited.actor_label, audited.target) == ("token:Intranet", f"post:{created['id']}")
    assert audited.after == {"thread": thread.pk, "author": animator.user.email}


def test_a_reply_quotes_a_post_of_its_own_thread_only(network_a, network_b):
    sales = open_community(network_a)
    thread, elsewhere = start(network_a, sales), start(network_a, sales, title="Ailleurs")
    theirs = start(network_b, open_community(network_b), title="CANARY-B-7f3a")
    with tenant_scope(network_a.tenant):
        opening = Post.objects.get(thread=thread)
        other_thread_post = Post.objects.get(thread=elsewhere)
    with tenant_scope(network_b.tenant):
        their_post = Post.objects.get(thread=theirs)
    hidden_draft = draft(network_a, sales)
    with tenant_scope(network_a.tenant):
        draft_post = Post.objects.get(thread=hidden_draft)
    client, author = api(network_a), email(network_a)

    quoting = send_reply(client, thread.pk, author=author, body="Oui", quote_of=opening.pk)
    assert (quoting.status_code, quoting.json()["quote_of"]) == (201, opening.pk)
    before = post_count(network_a)
    refused = {"quote_of": [str(community_errors.QUOTE_ELSEWHERE)]}
    for quote in (other_thread_post.pk, their_post.pk, draft_post.pk, MISSING_ID):
        answer = send_reply(client, thread.pk, author=author, body="Oui", quote_of=quote)
        assert (answer.status_code, answer.json()) == (400, refused), quote
    assert post_count(network_a) == before


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"body": ""}, "body"),
        ({"body": "  \n\t "}, "body"),
        ({"body": "x" * 20_001}, "body"),
        ({"body": None}, "body"),
        ({"body": ["Oui"]}, "body"),
        ({"author": "not an email"}, "author"),
        ({"author": None}, "author"),
        ({"quote_of": "first"}, "quote_of"),
        ({"quote_of": 0}, "quote_of"),
        ({"quote_of": 2**63}, "quote_of"),
    ],
)
def test_a_bad_field_answers_400_naming_it_and_writes_nothing(network_a, payload, field):
    thread = start(network_a, open_community(network_a))
    before = post_count(network_a)

    given = {"author": email(network_a), "body": "Oui", **payload}
    answer = send_reply(api(network_a), thread.pk, **given)

    assert answer.status_code == 400
    assert list(answer.json()) == [field]
    assert all(isinstance(reason, str) for reason in answer.json()[field])
    assert post_count(network_a) == before


def test_a_missing_author_or_body_is_named(network_a):
    thread = start(network_a, open_community(network_a))
    answer = send_reply(api(network_a), thread.pk)
    assert (answer.status_code, sorted(answer.json())) == (400, ["author", "body"])
    blank = send_reply(api(network_a), thread.pk, author=email(network_a), body=" ")
    assert blank.json() == {"body": [str(community_errors.EMPTY_TEXT)]}


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_hostile_reply_is_kept_as_written_and_its_html_runs_nothing(network_a, payload):
    thread = start(network_a, open_community(network_a))
    client = api(network_a)

    answer = send_reply(client, thread.pk, author=email(network_a), body=f"Texte {payload}")

    assert answer.status_code == 201
    assert answer.json()["body"] == f"Texte {payload}"
    assert dangers(answer.json()["body_html"]) == [], answer.json()["body_html"]
    listed = client.get(posts_url(thread.pk)).json()["results"][-1]
    assert dangers(listed["body_html"]) == []
    assert answer["Content-Type"] == "application/json"


def _unknown(network_a, network_b) -> str:
    return "nobody@example.com"


def _other_tenants(network_a, network_b) -> str:
    return email(network_b)


def _inactive_membership(network_a, network_b) -> str:
    with tenant_scope(network_a.tenant):
        Membership.objects.filter(pk=network_a.members[Role.POS_MANAGER].pk).update(is_active=False)
    return email(network_a, Role.POS_MANAGER)


def _inactive_account(network_a, network_b) -> str:
    user = network_a.members[Role.POS_MANAGER].user
    user.is_active = False
    user.save(update_fields=["is_active"])
    return user.email


@pytest.mark.parametrize(
    "author", [_unknown, _other_tenants, _inactive_membership, _inactive_account]
)
def test_an_author_outside_the_tokens_network_gets_one_answer_and_nothing_is_written(
    network_a, network_b, author
):
    thread = start(network_a, open_community(network_a))
    before = [post_count(network_a), post_count(network_b)]

    answer = send_reply(api(network_a), thread.pk, author=author(network_a, network_b), body="Oui")

    assert (answer.status_code, answer.json()) == (400, {"author": [str(errors.UNKNOWN_AUTHOR)]})
    assert [post_count(network_a), post_count(network_b)] == before


def test_a_person_of_both_networks_writes_in_the_tokens_network_only(network_a, network_b):
    """CHECKLIST T10: one account, two memberships; the token's tenant decides which one."""
    shared = network_b.members[Role.ANIMATOR].user
    mine = MembershipFactory(
        tenant=network_a.tenant,
        role=Role.POS_STAFF,
        user=shared,
        point_of_sale=network_a.point_of_sale,
    )
    thread = start(network_a, open_community(network_a))

    answer = send_reply(api(network_a), thread.pk, author=shared.email, body="Des deux côtés")

    assert answer.status_code == 201
    assert answer.json()["author"]["role"] == "pos_staff"
    with tenant_scope(network_a.tenant):
        assert Post.objects.get(pk=answer.json()["id"]).author_id == mine.pk


def test_an_author_who_cannot_read_the_thread_is_refused(network_a, monkeypatch):
    """Every active person reads an open community's threads today; should the rules narrow,
    the API asks the same selector as the pages before writing in the person's name."""
    thread = start(network_a, open_community(network_a))

    def hidden_from_them(**kwargs):
        raise Http404

    monkeypatch.setattr(selectors, "thread_get_visible", hidden_from_them)
    answer = send_reply(api(network_a), thread.pk, author=email(network_a), body="Oui")

    assert (answer.status_code, answer.json()) == (
        400,
        {"author": [str(errors.AUTHOR_CANNOT_READ)]},
    )


def test_a_thread_the_api_cannot_read_answers_404_whatever_the_body(
    network_a, network_b, communities_a
):
    """Another tenant's thread, a members-only community's, a draft: as a missing one, and
    nothing is written (the thread is checked before the body is read)."""
    theirs = start(network_b, open_community(network_b, "CANARY-B-7f3a"), title="CANARY-B-7f3a")
    members_only = start(network_a, communities_a.zone, title="Secret de zone")
    hidden_draft = draft(network_a, open_community(network_a))
    client = api(network_a)
    missing = send_reply(client, MISSING_ID, author=email(network_a), body="Oui")
    before = [post_count(network_a), post_count(network_b)]

    # The animator named as the author reads the zone's thread on the pages: still 404 here.
    for thread_id in (theirs.pk, members_only.pk, hidden_draft.pk):
        for payload in ({"author": email(network_a), "body": "Oui"}, {}):
            answer = send_reply(client, thread_id, **payload)
            assert (answer.status_code, answer.json()) == (404, missing.json()), thread_id
            assert "CANARY" not in answer.content.decode()
    assert missing.status_code == 404
    assert [post_count(network_a), post_count(network_b)] == before


def test_a_locked_thread_takes_a_moderators_reply_only(network_a):
    thread = start(network_a, open_community(network_a))
    with tenant_scope(network_a.tenant):
        head_office = network_a.members[Role.HEAD_OFFICE]
        thread_lock_toggle(tenant=network_a.tenant, actor=head_office, thread=thread)
    client = api(network_a)

    refused = send_reply(client, thread.pk, author=email(network_a), body="Encore une chose")
    moderator = send_reply(
        client, thread.pk, author=email(network_a, Role.HEAD_OFFICE), body="Fil fermé."
    )

    assert refused.status_code == 403
    assert refused.json() == {"detail": str(community_errors.THREAD_LOCKED)}
    assert moderator.status_code == 201
    assert [p["body"] for p in client.get(posts_url(thread.pk)).json()["results"]] == [
        "Vos idées ?",
        "Fil fermé.",
    ]
    assert AuditEvent.objects.filter(action="community_post_replied_by_api").count() == 1


def test_an_archived_community_takes_no_reply(network_a):
    sales = open_community(network_a)
    thread = start(network_a, sales)
    with tenant_scope(network_a.tenant):
        Community.objects.filter(pk=sales.pk).update(is_archived=True)

    answer = send_reply(api(network_a), thread.pk, author=email(network_a), body="Oui")

    assert answer.status_code == 403
    assert answer.json() == {"detail": str(community_errors.CANNOT_POST)}


@pytest.mark.parametrize(
    "raw",
    [
        '{"author": "a@example.com", "body": "Oui\\u0000"}',
        '{"author": "a\\u0000@example.com", "body": "Oui"}',
        '{"author": "a@example.com", "body": "Oui", "x\\u0000": 1}',
    ],
)
def test_a_nul_character_anywhere_in_the_body_answers_400(network_a, raw):
    thread = start(network_a, open_community(network_a))
    raw = raw.replace("a@example.com", email(network_a))

    answer = api(network_a).post(posts_url(thread.pk), raw, content_type="application/json")

    assert answer.status_code == 400
    assert answer.json() == {"detail": str(ProhibitNullCharactersValidator.message)}
    assert post_count(network_a) == 1


@pytest.mark.parametrize(
    ("raw", "content_type", "status"),
    [
        ("{not json", "application/json", 400),
        ('["a list"]', "application/json", 400),
        ("null", "application/json", 400),
        ("author=a%40example.com&body=Oui", "application/x-www-form-urlencoded", 415),
    ],
)
def test_a_body_that_is_no_json_object_is_refused(network_a, raw, content_type, status):
    thread = start(network_a, open_community(network_a))
    answer = api(network_a).post(posts_url(thread.pk), raw, content_type=content_type)
    assert answer.status_code == status
    assert answer["Content-Type"] == "application/json"
    assert post_count(network_a) == 1


def test_a_reply_costs_as_many_queries_for_many_followers_as_for_few(
    network_a, django_assert_max_num_queries
):
    """The token, the thread, the author, the write (joining, post, counts, follow, read marker,
    the followers' preferences and notifications in one query each, audit) and the post read
    back: 40 queries on PostgreSQL (the tenant's scope), 36 on SQLite; as many for a thread of
    thirty followers as for one."""
    thread = start(network_a, open_community(network_a))
    client = api(network_a)
    client.get(communities_url())  # the token's use is recorded (at most once a minute)
    with django_assert_max_num_queries(40) as queries:
        assert send_reply(client, thread.pk, author=email(network_a), body="Un").status_code == 201
    few = len(queries)
    with tenant_scope(network_a.tenant):
        for _number in range(30):
            follower = MembershipFactory(
                tenant=network_a.tenant,
                role=Role.POS_STAFF,
                user=UserFactory(),
                point_of_sale=network_a.point_of_sale,
            )
            Follow.objects.create(tenant=network_a.tenant, membership=follower, thread=thread)

    manager = email(network_a, Role.POS_MANAGER)  # who, too, joins and follows by replying
    with django_assert_max_num_queries(few):
        assert send_reply(client, thread.pk, author=manager, body="Deux").status_code == 201
    with tenant_scope(network_a.tenant):
        told = Notification.objects.filter(kind="community.reply", target_id=thread.pk)
        assert told.count() == 1 + 32  # the first reply's; then the author, animator, thirty


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
    reply_operation = schema["paths"]["/api/v1/threads/{thread_id}/posts/"]["post"]
    assert reply_operation["description"]
    request_body = reply_operation["requestBody"]["content"]["application/json"]["schema"]
    assert request_body == {"$ref": "#/components/schemas/PostReplyInput"}
    assert schema["components"]["schemas"]["PostReplyInput"]["required"] == ["author", "body"]
    assert {"201", "400", "401", "403", "404", "415", "429"} <= set(reply_operation["responses"])
    created = reply_operation["responses"]["201"]["content"]["application/json"]["schema"]
    assert created == {"$ref": "#/components/schemas/PostOutput"}
    # The command raises on any warning or any error of the OpenAPI validator.
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", tmp_path / "api.yaml")


def test_a_token_reads_the_announcements_and_documents_for_everyone_and_no_other(
    network_a, network_b
):
    """Announcements and documents for part of the network are missing for a token, as another
    tenant's are; those for everyone come with their read counts and facets."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from communities.services import announcement_read, announcement_send, document_create
    from network_animation.audiences import Audience
    from network_animation.uploads_media import media_check

    def announce(network, title, audience):
        with tenant_scope(network.tenant):
            return announcement_send(
                tenant=network.tenant,
                actor=network.members[Role.HEAD_OFFICE],
                title=title,
                body="**Lundi**",
                audience=audience,
            )

    def document(network, title, audience):
        with tenant_scope(network.tenant):
            return document_create(
                tenant=network.tenant,
                actor=network.members[Role.HEAD_OFFICE],
                title=title,
                file=media_check(SimpleUploadedFile("guide.txt", b"Guide\n")),
                audience=audience,
                tags=["Atelier"],
            )

    zone = Audience(zones=frozenset({network_a.zone.pk}))
    everyone = announce(network_a, "Pour tous", Audience())
    partial = announce(network_a, "Pour une zone", zone)
    theirs = announce(network_b, "Chez B", Audience())
    with tenant_scope(network_a.tenant):
        row = everyone.recipients.get(membership=network_a.members[Role.POS_STAFF])
        announcement_read(
            tenant=network_a.tenant, membership=row.membership, recipient=row, acknowledge=True
        )
    shared = document(network_a, "Guide commun", Audience())
    hidden = document(network_a, "Guide de zone", zone)
    client = api(network_a)
    listed = client.get(reverse("api:announcement-list")).json()["results"]
    assert [item["title"] for item in listed] == ["Pour tous"]
    assert listed[0]["read_count"] == 1
    assert listed[0]["body_html"] == "<p><strong>Lundi</strong></p>\n"
    assert "email" not in str(listed[0]["author"])
    for pk in (partial.pk, theirs.pk):
        address = reverse("api:announcement-detail", args=[pk])
        assert client.get(address).status_code == 404
    documents = client.get(reverse("api:document-list")).json()["results"]
    assert [item["title"] for item in documents] == ["Guide commun"]
    assert documents[0]["tags"] == ["Atelier"]
    assert documents[0]["current"]["number"] == 1
    assert client.get(reverse("api:document-detail", args=[shared.pk])).status_code == 200
    assert client.get(reverse("api:document-detail", args=[hidden.pk])).status_code == 404


def _library_document(network, title: str, audience, content: bytes = b"Guide\n", **fields):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from communities.services import document_create
    from network_animation.uploads_media import media_check

    with tenant_scope(network.tenant):
        return document_create(
            tenant=network.tenant,
            actor=network.members[Role.HEAD_OFFICE],
            title=title,
            file=media_check(SimpleUploadedFile("guide.txt", content)),
            audience=audience,
            **fields,
        )


def test_a_token_searches_the_documents_for_everyone_only(network_a, network_b):
    from network_animation.audiences import Audience

    zone = Audience(zones=frozenset({network_a.zone.pk}))
    _library_document(network_a, "Financement des véhicules d’occasion", Audience())
    _library_document(network_a, "Financement de la zone", zone)
    _library_document(network_b, "Financement chez B", Audience())
    client = api(network_a)
    found = client.get(reverse("api:document-search"), {"q": "financement"}).json()["results"]
    assert [hit["document"]["title"] for hit in found] == ["Financement des véhicules d’occasion"]
    assert "<mark>" in found[0]["title_html"]
    assert client.get(reverse("api:document-search"), {"q": ""}).json()["results"] == []
    unknown = client.get(reverse("api:document-search"), {"q": "financement", "kpi": "nope"})
    assert unknown.json()["results"] == []
    too_long = client.get(reverse("api:document-search"), {"q": "x" * 1000})
    assert too_long.status_code == 400
    assert "q" in too_long.json()


@pytest.mark.parametrize("payload", PAYLOADS)
def test_document_search_extracts_stay_escaped(network_a, payload):
    from network_animation.audiences import Audience

    _library_document(network_a, f"Guide {payload}", Audience(), description=f"Texte {payload}")
    found = api(network_a).get(reverse("api:document-search"), {"q": "guide"}).json()["results"]
    assert dangers(found[0]["title_html"] + found[0]["extract_html"]) == []


def test_a_token_downloads_the_file_of_a_document_for_everyone_only(network_a):
    from network_animation.audiences import Audience

    shared = _library_document(network_a, "Guide commun", Audience(), content=b"Pour tous\n")
    hidden = _library_document(
        network_a, "Guide de zone", Audience(zones=frozenset({network_a.zone.pk}))
    )
    client = api(network_a)
    answer = client.get(reverse("api:document-file", args=[shared.pk]))
    assert answer.status_code == 200
    assert b"".join(answer.streaming_content) == b"Pour tous\n"
    assert answer["Content-Disposition"].startswith('attachment; filename="guide.txt"')
    assert answer["X-Content-Type-Options"] == "nosniff"
    assert client.get(reverse("api:document-file", args=[hidden.pk])).status_code == 404
    assert client.get(reverse("api:document-file", args=[MISSING_ID])).status_code == 404
