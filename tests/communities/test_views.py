"""The communities' pages: who sees what (T12), hostile text (X2), and the daily paths."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from communities.models import Community, Flag, Post, Thread
from communities.services import post_reply
from network_animation.models import AuditEvent, Notification, Role
from network_animation.tenancy import tenant_scope

from ..harmless import dangers
from .conftest import start

pytestmark = pytest.mark.django_db
PAYLOADS = [
    "<script>alert('x')</script>",
    '<img src=x onerror="alert(1)">',
    "[click](javascript:alert(1))",
    "<svg onload=alert(1)>",
    '<iframe src="https://evil.example"></iframe>',
]


def url(network, name: str, *args) -> str:
    return reverse(f"communities:{name}", args=[network.tenant.slug, *args])


def test_a_private_communitys_thread_is_absent_for_someone_outside_it(
    network_a, communities_a, django_capture_on_commit_callbacks
):
    """The other zone's community: its dealer's staff see it, the first zone's do not."""
    thread = start(network_a, communities_a.other_zone, role=Role.HEAD_OFFICE, title="Secret")
    outsider = network_a.client(Role.POS_STAFF)
    assert "Secret" not in outsider.get(url(network_a, "list")).content.decode()
    assert outsider.get(url(network_a, "community", communities_a.other_zone.pk)).status_code == 404
    assert outsider.get(url(network_a, "thread", thread.pk)).status_code == 404
    with tenant_scope(network_a.tenant):
        post = Post.objects.get(thread=thread)
    assert outsider.post(url(network_a, "like", post.pk)).status_code == 404
    assert outsider.post(url(network_a, "reply", thread.pk), {"body": "hi"}).status_code == 404
    head_office = network_a.client(Role.HEAD_OFFICE)
    assert "Secret" in head_office.get(url(network_a, "thread", thread.pk)).content.decode()


def test_nobody_outside_a_private_community_is_told_of_it(
    network_a, communities_a, django_capture_on_commit_callbacks
):
    staff = network_a.members[Role.POS_STAFF]
    thread = start(network_a, communities_a.zone, role=Role.POS_MANAGER)
    with tenant_scope(network_a.tenant):
        # Someone who follows the thread but belongs to another zone is not told.
        from communities.models import Follow

        outsider = network_a.members[Role.COACH]  # coaches see every community: they may be told
        Follow.objects.create(tenant=network_a.tenant, membership=staff, thread=thread)
        Follow.objects.create(tenant=network_a.tenant, membership=outsider, thread=thread)
        with django_capture_on_commit_callbacks(execute=True):
            post_reply(
                tenant=network_a.tenant,
                actor=network_a.members[Role.ANIMATOR],
                thread=thread,
                body="Une idée",
            )
        told = set(
            Notification.objects.filter(kind="community.reply").values_list(
                "recipient_id", flat=True
            )
        )
    assert told == {staff.pk, outsider.pk, network_a.members[Role.POS_MANAGER].pk}


@pytest.mark.parametrize("payload", PAYLOADS)
def test_hostile_text_in_titles_and_posts_is_harmless(network_a, communities_a, payload):
    client = network_a.client(Role.POS_STAFF)
    answer = client.post(
        url(network_a, "thread_new", communities_a.zone.pk),
        {"kind": "question", "title": payload, "body": f"Texte {payload}"},
    )
    assert answer.status_code == 302
    with tenant_scope(network_a.tenant):
        thread = Thread.objects.get()
    client.post(url(network_a, "reply", thread.pk), {"body": payload})
    pages = [
        url(network_a, "thread", thread.pk),
        url(network_a, "community", communities_a.zone.pk),
        reverse("notifications", args=[network_a.tenant.slug]),
    ]
    for page in pages:
        assert dangers(network_a.client(Role.ANIMATOR).get(page).content.decode()) == [], page


def test_a_dealer_asks_an_animator_answers_the_dealer_accepts(
    network_a, communities_a, django_capture_on_commit_callbacks
):
    dealer, animator = network_a.client(Role.POS_STAFF), network_a.client(Role.ANIMATOR)
    with django_capture_on_commit_callbacks(execute=True):
        dealer.post(
            url(network_a, "thread_new", communities_a.zone.pk),
            {"kind": "question", "title": "Relance", "body": "Comment relancer ?"},
        )
    with tenant_scope(network_a.tenant):
        thread = Thread.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        animator.post(url(network_a, "reply", thread.pk), {"body": "Appelez à J+2."})
    with tenant_scope(network_a.tenant):
        answer = Post.objects.filter(thread=thread).last()
    accepted = dealer.post(url(network_a, "accept", thread.pk, answer.pk), HTTP_HX_REQUEST="true")
    assert accepted.status_code == 200
    assert "post--accepted" in accepted.content.decode()
    with tenant_scope(network_a.tenant):
        thread.refresh_from_db()
        told = Notification.objects.filter(
            kind="community.answer_accepted", recipient=network_a.members[Role.ANIMATOR]
        )
        assert thread.accepted_answer == answer
        assert told.exists()
    someone_else = network_a.client(Role.POS_MANAGER)
    assert someone_else.post(url(network_a, "accept", thread.pk, answer.pk)).status_code == 403


def test_likes_and_follows_answer_htmx_partials(network_a, communities_a):
    thread = start(network_a, communities_a.zone, role=Role.POS_MANAGER)
    with tenant_scope(network_a.tenant):
        post = Post.objects.get(thread=thread)
    client = network_a.client(Role.POS_STAFF)
    liked = client.post(url(network_a, "like", post.pk), HTTP_HX_REQUEST="true")
    assert "1 j’aime" in liked.content.decode() or "1\xa0j’aime" in liked.content.decode()
    unliked = client.post(url(network_a, "like", post.pk), HTTP_HX_REQUEST="true")
    assert 'aria-pressed="false"' in unliked.content.decode()
    followed = client.post(url(network_a, "thread_follow", thread.pk), HTTP_HX_REQUEST="true")
    assert 'aria-pressed="true"' in followed.content.decode()


def test_flagging_hiding_and_the_queue(
    network_a, communities_a, django_capture_on_commit_callbacks
):
    thread = start(network_a, communities_a.zone, role=Role.POS_MANAGER, body="Spam !")
    with tenant_scope(network_a.tenant):
        post = Post.objects.get(thread=thread)
    reporter = network_a.client(Role.POS_STAFF)
    assert (
        reporter.post(url(network_a, "flag", post.pk), {"reason": "Publicité"}).status_code == 302
    )
    assert reporter.post(url(network_a, "flag", post.pk), {"reason": "Encore"}).status_code == 400
    assert reporter.get(url(network_a, "moderation")).content.decode().count("Publicité") == 0
    moderator = network_a.client(Role.ANIMATOR)
    assert "Publicité" in moderator.get(url(network_a, "moderation")).content.decode()
    assert (
        moderator.post(url(network_a, "hide", post.pk), {"reason": "Hors sujet"}).status_code == 302
    )
    page = reporter.get(url(network_a, "thread", thread.pk)).content.decode()
    assert "Spam" not in page
    author_page = (
        network_a.client(Role.POS_MANAGER).get(url(network_a, "thread", thread.pk)).content.decode()
    )
    assert "Hors sujet" in author_page
    with tenant_scope(network_a.tenant):
        assert Flag.objects.get().status == Flag.Status.HIDDEN
        assert AuditEvent.objects.filter(action="community_post_hidden").exists()
    assert reporter.post(url(network_a, "hide", post.pk), {"reason": "x"}).status_code == 403


def test_an_edit_keeps_the_earlier_text_for_moderators(network_a, communities_a):
    thread = start(network_a, communities_a.zone, role=Role.POS_STAFF, body="Version une")
    with tenant_scope(network_a.tenant):
        post = Post.objects.get(thread=thread)
    author = network_a.client(Role.POS_STAFF)
    assert author.post(url(network_a, "edit", post.pk), {"body": "Version deux"}).status_code == 302
    history = (
        network_a.client(Role.ANIMATOR).get(url(network_a, "history", post.pk)).content.decode()
    )
    assert "Version une" in history
    assert "Version deux" in history
    assert author.get(url(network_a, "history", post.pk)).status_code == 403
    assert (
        network_a.client(Role.POS_MANAGER)
        .post(url(network_a, "edit", post.pk), {"body": "x"})
        .status_code
        == 403
    )


def test_a_locked_thread_takes_no_more_replies(network_a, communities_a):
    thread = start(network_a, communities_a.zone, role=Role.POS_STAFF)
    network_a.client(Role.ANIMATOR).post(url(network_a, "lock", thread.pk))
    answer = network_a.client(Role.POS_STAFF).post(
        url(network_a, "reply", thread.pk), {"body": "Et ?"}
    )
    assert answer.status_code == 403


def test_an_animator_makes_a_community_for_their_zone_only(network_a):
    client = network_a.client(Role.ANIMATOR)
    form = {"name": "Atelier", "visibility": "members", "zone": network_a.other_zone.pk}
    assert client.post(url(network_a, "new"), form).status_code == 400
    assert (
        client.post(url(network_a, "new"), {**form, "zone": network_a.zone.pk}).status_code == 302
    )
    with tenant_scope(network_a.tenant):
        assert Community.objects.get(name="Atelier").zone == network_a.zone
    assert network_a.client(Role.POS_STAFF).get(url(network_a, "new")).status_code == 403


def test_the_community_list_costs_the_same_queries_for_few_or_many_threads(
    network_a, communities_a, django_assert_max_num_queries
):
    """Each time a thread is started the list is rendered again (the communities' version is
    renewed): as many queries then with one thread as with sixteen; none of its own when the
    reader comes back to an unchanged list."""
    client = network_a.client(Role.POS_STAFF)
    client.get(url(network_a, "list"))  # the first page of a session reads more (the bell...)
    start(network_a, communities_a.zone, role=Role.POS_MANAGER)
    with django_assert_max_num_queries(30) as few:
        client.get(url(network_a, "list"))
    for number in range(15):
        start(network_a, communities_a.zone, role=Role.POS_MANAGER, title=f"Sujet {number}")
    with django_assert_max_num_queries(len(few)):
        assert "16 sujets avec du nouveau" in client.get(url(network_a, "list")).content.decode()
    with CaptureQueriesContext(connection) as again:
        client.get(url(network_a, "list"))
    assert not [q for q in again if "communities_" in q["sql"]]


def test_a_reader_up_to_date_writes_nothing_when_opening_a_thread_again(
    network_a, communities_a, committed
):
    """A long thread is opened again and again: its page reads the read marker and locks no
    row (under load, one row written per view serialised every reader). Each request commits,
    as in production: what the page keeps for the reader follows their marker."""
    thread = start(network_a, communities_a.zone, role=Role.POS_MANAGER)
    reader = network_a.client(Role.POS_STAFF)
    page = url(network_a, "thread", thread.pk)
    committed(lambda: reader.get(page))
    with CaptureQueriesContext(connection) as captured:
        assert reader.get(page).status_code == 200
    writes = [q["sql"] for q in captured if q["sql"].startswith(("UPDATE", "INSERT"))]
    assert [sql for sql in writes if "communities_threadread" in sql] == []
    with tenant_scope(network_a.tenant):
        committed(
            lambda: post_reply(
                tenant=network_a.tenant,
                actor=network_a.members[Role.ANIMATOR],
                thread=thread,
                body="Nouvelle réponse",
            )
        )
    with CaptureQueriesContext(connection) as captured:
        reader.get(page)
    moved = [q["sql"] for q in captured if q["sql"].startswith("UPDATE")]
    assert any("communities_threadread" in sql for sql in moved)
