"""The communities' pages kept in the cache per reader, and every write that changes them seen
at once (the services renew the versions they key on when they commit).

- A thread's posts, under the thread's own version: a reader who opens it again reads no post.
- The communities list, under the communities' version and the reader's own (their reading,
  their memberships).
"""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from communities.models import CommunityMember, Post, Thread, ThreadRead
from communities.services import (
    announcement_send,
    answer_accept,
    community_create,
    community_leave,
    community_memberships_sync,
    post_best_practice_set,
    post_edit,
    post_hide,
    post_like_toggle,
    post_reply,
    thread_follow_toggle,
    thread_lock_toggle,
    thread_pin_toggle,
)
from communities.views.threads import posts_placeholder
from network_animation.audiences import Audience
from network_animation.fragments import csrf_placeholder
from network_animation.models import MembershipZone, Role
from network_animation.tenancy import tenant_scope

from .conftest import start

pytestmark = pytest.mark.django_db


def url(network, thread) -> str:
    return reverse("communities:thread", args=[network.tenant.slug, thread.pk])


def _reply(network, thread, role=Role.ANIMATOR, body="Appelez-le le lendemain.") -> Post:
    return post_reply(tenant=network.tenant, actor=network.members[role], thread=thread, body=body)


def _opening(thread) -> Post:
    return Post.objects.filter(thread=thread).order_by("created_at", "pk").first()


CHANGES = {
    "a reply": (
        lambda n, t: _reply(n, t, body="Une réponse toute neuve"),
        "Une réponse toute neuve",
    ),
    "an edit": (
        lambda n, t: post_edit(
            tenant=n.tenant, actor=n.members[Role.POS_MANAGER], post=_opening(t), body="Corrigé"
        ),
        "Corrigé",
    ),
    "a like": (
        lambda n, t: post_like_toggle(
            tenant=n.tenant, actor=n.members[Role.ANIMATOR], post=_opening(t)
        ),
        "1 j’aime",
    ),
    "an accepted answer": (
        lambda n, t: answer_accept(
            tenant=n.tenant, actor=n.members[Role.POS_MANAGER], thread=t, post=_reply(n, t)
        ),
        "Réponse acceptée",
    ),
    "a hidden post": (
        lambda n, t: post_hide(
            tenant=n.tenant, actor=n.members[Role.ANIMATOR], post=_opening(t), reason="Hors sujet"
        ),
        "masqué par un modérateur",
    ),
    "a best practice": (
        lambda n, t: post_best_practice_set(
            tenant=n.tenant, actor=n.members[Role.POS_MANAGER], post=_opening(t), kpis=[]
        ),
        "Bonne pratique",
    ),
}


@pytest.mark.parametrize("change", CHANGES)
def test_the_page_shows_each_change_at_once(network_a, communities_a, committed, change):
    write, shown = CHANGES[change]
    thread = start(network_a, communities_a.zone, role=Role.POS_MANAGER, kind="question")
    reader = network_a.client(Role.POS_STAFF)
    before = reader.get(url(network_a, thread)).content.decode().replace("\xa0", " ")
    assert shown not in before
    with tenant_scope(network_a.tenant):
        committed(lambda: write(network_a, thread))
    assert shown in reader.get(url(network_a, thread)).content.decode().replace("\xa0", " ")


def test_a_reader_who_comes_back_reads_no_post(
    network_a, communities_a, committed, django_assert_max_num_queries
):
    thread = start(network_a, communities_a.zone, role=Role.POS_MANAGER)
    with tenant_scope(network_a.tenant):
        for number in range(30):
            committed(lambda n=number: _reply(network_a, thread, body=f"Réponse {n}"))
    reader = network_a.client(Role.POS_STAFF)
    first = committed(lambda: reader.get(url(network_a, thread))).content.decode()
    with CaptureQueriesContext(connection) as captured:
        again = reader.get(url(network_a, thread)).content.decode()
    assert again.count('<li class="post') == first.count('<li class="post') == 25
    assert not [q for q in captured if 'FROM "communities_post"' in q["sql"]]
    # The tenant and the person (and, on PostgreSQL, the row-level security's two settings):
    # the thread and the reader's state on it are kept too.
    with django_assert_max_num_queries(4):
        reader.get(url(network_a, thread))


def test_each_reader_sees_their_own_rights_and_likes(network_a, communities_a, committed):
    thread = start(network_a, communities_a.zone, role=Role.POS_MANAGER)
    with tenant_scope(network_a.tenant):
        committed(
            lambda: post_like_toggle(
                tenant=network_a.tenant,
                actor=network_a.members[Role.POS_STAFF],
                post=_opening(thread),
            )
        )
    dealer = network_a.client(Role.POS_STAFF).get(url(network_a, thread)).content.decode()
    animator = network_a.client(Role.ANIMATOR).get(url(network_a, thread)).content.decode()
    assert 'aria-pressed="true"' in dealer
    assert ">Masquer<" not in dealer
    assert 'aria-pressed="false"' in animator
    assert ">Masquer<" in animator
    again = network_a.client(Role.POS_STAFF).get(url(network_a, thread)).content.decode()
    assert ">Masquer<" not in again


def test_a_locked_thread_takes_the_quote_links_away_at_once(network_a, communities_a, committed):
    thread = start(network_a, communities_a.zone, role=Role.POS_MANAGER)
    reader = network_a.client(Role.POS_STAFF)
    assert "?quote=" in reader.get(url(network_a, thread)).content.decode()
    with tenant_scope(network_a.tenant):
        committed(
            lambda: thread_lock_toggle(
                tenant=network_a.tenant, actor=network_a.members[Role.ANIMATOR], thread=thread
            )
        )
    assert "?quote=" not in reader.get(url(network_a, thread)).content.decode()


def test_the_kept_forms_carry_each_browsers_own_token(network_a, communities_a):
    """The posts' forms come from the cache, their CSRF token from the request: a like sent
    from a second browser of the same person (another token) is accepted."""
    thread = start(network_a, communities_a.zone, role=Role.POS_MANAGER)
    network_a.client(Role.POS_STAFF).get(url(network_a, thread))  # kept in the cache
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(network_a.members[Role.POS_STAFF].user)
    page = browser.get(url(network_a, thread)).content.decode()
    like = re.search(r'action="([^"]*/like/)"[^>]*>\s*<input[^>]*value="([^"]+)"', page)
    assert like is not None
    answer = browser.post(like.group(1), {"csrfmiddlewaretoken": like.group(2)})
    assert answer.status_code == 302
    with tenant_scope(network_a.tenant):
        assert _opening(thread).like_count == 1


def test_a_right_taken_away_shows_at_once(network_a, communities_a, committed):
    """The animator leaves the zone: its thread's moderation links go with the next page."""
    thread = start(network_a, communities_a.zone, role=Role.POS_MANAGER)
    animator = network_a.client(Role.ANIMATOR)
    assert ">Masquer<" in animator.get(url(network_a, thread)).content.decode()
    with tenant_scope(network_a.tenant):
        committed(
            lambda: MembershipZone.objects.filter(
                membership=network_a.members[Role.ANIMATOR], zone=network_a.zone
            ).delete()
        )
    after = animator.get(url(network_a, thread))
    assert after.status_code == 404 or ">Masquer<" not in after.content.decode()


def test_a_members_only_thread_leaves_with_the_membership(network_a, communities_a, committed):
    """The thread and the reader's state on it, kept for the reader, are never served once they
    are no longer a member: the person moved to another zone, the sync takes them out of their
    old zone's community (and renews the communities' version when it commits)."""
    thread = start(network_a, communities_a.zone, role=Role.POS_MANAGER, body="Secret de zone")
    reader = network_a.client(Role.POS_STAFF)
    assert (
        "Secret de zone" in committed(lambda: reader.get(url(network_a, thread))).content.decode()
    )
    assert "Secret de zone" in reader.get(url(network_a, thread)).content.decode()  # kept
    staff = network_a.members[Role.POS_STAFF]
    with tenant_scope(network_a.tenant):
        staff.point_of_sale = network_a.other_point_of_sale
        staff.save(update_fields=["point_of_sale"])
        committed(lambda: community_memberships_sync(tenant=network_a.tenant))
        assert not CommunityMember.objects.filter(community=communities_a.zone, membership=staff)
    assert reader.get(url(network_a, thread)).status_code == 404


def test_a_member_who_leaves_a_community_loses_its_threads_at_once(
    network_a, communities_a, committed
):
    community = committed(
        lambda: community_create(
            tenant=network_a.tenant, actor=network_a.members[Role.HEAD_OFFICE], name="Club"
        )
    )
    staff = network_a.members[Role.POS_STAFF]
    with tenant_scope(network_a.tenant):
        CommunityMember.objects.create(
            tenant=network_a.tenant,
            community=community,
            membership=staff,
            source=CommunityMember.Source.JOINED,
        )
    thread = start(network_a, community, role=Role.POS_STAFF, body="Entre nous")
    reader = network_a.client(Role.POS_STAFF)
    assert "Entre nous" in reader.get(url(network_a, thread)).content.decode()  # kept
    with tenant_scope(network_a.tenant):
        committed(
            lambda: community_leave(tenant=network_a.tenant, actor=staff, community=community)
        )
    assert reader.get(url(network_a, thread)).status_code == 404


def test_a_reader_who_comes_back_reads_no_row_of_the_thread(
    network_a, communities_a, committed, django_assert_max_num_queries
):
    thread = start(network_a, communities_a.zone, role=Role.POS_MANAGER)
    reader = network_a.client(Role.POS_STAFF)
    committed(lambda: reader.get(url(network_a, thread)))  # read: their marker moved
    reader.get(url(network_a, thread))  # kept, read up to date
    with CaptureQueriesContext(connection) as captured:
        assert reader.get(url(network_a, thread)).status_code == 200
    assert not [q for q in captured if "communities_" in q["sql"]]
    # The tenant and the person (and, on PostgreSQL, the row-level security's two settings).
    with django_assert_max_num_queries(4):
        reader.get(url(network_a, thread))


def _toggle(service, role=Role.ANIMATOR):
    return lambda n, t: service(tenant=n.tenant, actor=n.members[role], thread=t)


# What the thread's own row and the reader's state show, each changed by what changes it in
# the product, and the text the reader's next page shows (or no longer shows) then.
THREAD_CHANGES = {
    "locked": (_toggle(thread_lock_toggle), 'id="reply"', False),
    "pinned": (_toggle(thread_pin_toggle), "Épinglé", True),
    "followed": (_toggle(thread_follow_toggle, Role.POS_STAFF), "Suivi : prévenu", True),
    "a reply": (lambda n, t: _reply(n, t, body="Du neuf"), "Du neuf", True),
}


@pytest.mark.parametrize("change", THREAD_CHANGES)
def test_the_threads_own_row_and_the_readers_state_change_at_once(
    network_a, communities_a, committed, change
):
    write, text, shown = THREAD_CHANGES[change]
    thread = start(network_a, communities_a.zone, role=Role.POS_MANAGER)
    reader = network_a.client(Role.POS_STAFF)

    def page() -> str:
        return reader.get(url(network_a, thread)).content.decode().replace("\xa0", " ")

    committed(page)
    assert (text in page()) is not shown  # kept as it was
    with tenant_scope(network_a.tenant):
        committed(lambda: write(network_a, thread))
    assert (text in page()) is shown


def test_a_reply_moves_the_readers_marker_although_their_state_was_kept(
    network_a, communities_a, committed
):
    thread = start(network_a, communities_a.zone, role=Role.POS_MANAGER)
    reader = network_a.client(Role.POS_STAFF)
    committed(lambda: reader.get(url(network_a, thread)))
    reader.get(url(network_a, thread))  # kept
    with tenant_scope(network_a.tenant):
        committed(lambda: _reply(network_a, thread, body="Du neuf"))
    committed(lambda: reader.get(url(network_a, thread)))
    with tenant_scope(network_a.tenant):
        read_at = ThreadRead.objects.get(
            thread=thread, membership=network_a.members[Role.POS_STAFF]
        )
        assert read_at.read_at == Thread.objects.get(pk=thread.pk).last_post_at


def test_each_reader_keeps_their_own_state(network_a, communities_a, committed):
    """Two readers of one thread: one follows it, the other does not; neither is served the
    other's kept state."""
    thread = start(network_a, communities_a.zone, role=Role.POS_MANAGER)
    follow = _toggle(thread_follow_toggle, Role.POS_STAFF)
    with tenant_scope(network_a.tenant):
        committed(lambda: follow(network_a, thread))
    for _ in range(2):  # rendered, then kept
        staff = network_a.client(Role.POS_STAFF).get(url(network_a, thread)).content.decode()
        animator = network_a.client(Role.ANIMATOR).get(url(network_a, thread)).content.decode()
        assert "Suivi : prévenu" in staff.replace("\xa0", " ")
        assert "Suivi : prévenu" not in animator.replace("\xa0", " ")


def test_a_refused_reply_keeps_its_text_and_says_why(network_a, communities_a):
    """The reply form, written out in the page: its errors and what was typed come back."""
    thread = start(network_a, communities_a.zone, role=Role.POS_MANAGER)
    reader = network_a.client(Role.POS_STAFF)
    reply = reverse("communities:reply", args=[network_a.tenant.slug, thread.pk])
    refused = reader.post(reply, {"body": "x" * 20_001, "quote_of": "7"})
    page = refused.content.decode()
    assert refused.status_code == 400
    assert 'aria-invalid="true" id="id_body"' in page
    assert 'class="field__error"' in page
    assert "x" * 20_001 in page
    assert 'name="quote_of" value="7"' in page
    quoting = reader.get(url(network_a, thread) + "?quote=12").content.decode()
    assert 'name="quote_of" value="12"' in quoting
    assert 'id="id_body_helptext"' in quoting


def list_url(network) -> str:
    return reverse("communities:list", args=[network.tenant.slug])


def card(page: str, name: str) -> str:
    """A community's card in the list."""
    start = page.index(f"<strong>{name}</strong>")
    return page[start : page.index("</li>", start)]


def test_the_list_follows_the_readers_reading_and_memberships(network_a, communities_a, committed):
    thread = start(network_a, communities_a.zone, role=Role.POS_MANAGER)
    reader = network_a.client(Role.POS_STAFF)
    assert "1 sujet avec du nouveau" in reader.get(list_url(network_a)).content.decode()
    committed(lambda: reader.get(url(network_a, thread)))
    assert "avec du nouveau" not in reader.get(list_url(network_a)).content.decode()
    with tenant_scope(network_a.tenant):
        open_one = committed(
            lambda: community_create(
                tenant=network_a.tenant,
                actor=network_a.members[Role.HEAD_OFFICE],
                name="Club des passionnés",
                visibility="open",
            )
        )
    page = reader.get(list_url(network_a)).content.decode()
    assert "vous en êtes membre" not in card(page, "Club des passionnés")
    join = reverse("communities:join", args=[network_a.tenant.slug, open_one.pk])
    committed(lambda: reader.post(join))
    page = reader.get(list_url(network_a)).content.decode()
    assert "vous en êtes membre" in card(page, "Club des passionnés")


def test_the_dealers_announcements_leave_the_panel_once_read(network_a, committed):
    """tests/communities/test_announcements.py sends and reads; this one checks the panel is
    kept while nothing changes: the dealer's page reads no announcement the second time."""
    with tenant_scope(network_a.tenant):
        committed(
            lambda: announcement_send(
                tenant=network_a.tenant,
                actor=network_a.members[Role.HEAD_OFFICE],
                title="Prix de printemps",
                body="Les nouveaux prix.",
                audience=Audience(),
            )
        )
    page = reverse("point_of_sale", args=[network_a.tenant.slug, network_a.point_of_sale.pk])
    dealer = network_a.client(Role.POS_STAFF)
    assert "Prix de printemps" in dealer.get(page).content.decode()
    with CaptureQueriesContext(connection) as again:
        assert "Prix de printemps" in dealer.get(page).content.decode()
    assert not [q for q in again if "communities_announcement" in q["sql"]]


def test_the_kept_page_around_the_posts_carries_each_browsers_own_token(
    network_a, communities_a, committed
):
    """The title, the follow and reply forms, kept for the reader with placeholders for the
    posts and the CSRF token: a reply sent from a second browser (its own token) is accepted,
    and no placeholder is ever sent."""
    thread = start(network_a, communities_a.zone, role=Role.POS_MANAGER)
    committed(lambda: network_a.client(Role.POS_STAFF).get(url(network_a, thread)))
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(network_a.members[Role.POS_STAFF].user)
    page = browser.get(url(network_a, thread)).content.decode()
    assert csrf_placeholder() not in page
    assert posts_placeholder() not in page
    assert page.count('<li class="post') == 1
    reply = re.search(r'action="([^"]*/reply/)"[^>]*>\s*<input[^>]*value="([^"]+)"', page)
    assert reply is not None
    sent = committed(
        lambda: browser.post(
            reply.group(1), {"csrfmiddlewaretoken": reply.group(2), "body": "Bien reçu"}
        )
    )
    assert sent.status_code == 302
    assert "Bien reçu" in browser.get(url(network_a, thread)).content.decode()


def test_a_quoting_reply_form_is_rendered_for_its_request(network_a, communities_a, committed):
    thread = start(network_a, communities_a.zone, role=Role.POS_MANAGER)
    reader = network_a.client(Role.POS_STAFF)
    committed(lambda: reader.get(url(network_a, thread)))
    with tenant_scope(network_a.tenant):
        opening = _opening(thread)
    quoting = reader.get(f"{url(network_a, thread)}?quote={opening.pk}").content.decode()
    assert f'name="quote_of" value="{opening.pk}"' in quoting
    assert 'name="quote_of" value=""' in reader.get(url(network_a, thread)).content.decode()
