"""The bench's communities (bench/community_seed.py): the threads written in bulk hold what the
services would have left, and the long thread is the services' own, visible to its reader."""

import pytest
from django.db.models import Count, Max, Min

from bench.community_seed import communities_seed
from communities import selectors
from communities.models import Follow, Post, PostLike, Thread, ThreadRead
from network_animation.models import Notification, Role
from network_animation.tenancy import tenant_scope
from tests.factories import MembershipFactory, PointOfSaleFactory

pytestmark = pytest.mark.django_db

REPLIES = 8


@pytest.fixture
def seeded(network_a, network_b):
    """Network A with ten more dealers' managers, seeded small; network B left alone."""
    for _ in range(10):
        point = PointOfSaleFactory(zone=network_a.zone)
        MembershipFactory(tenant=network_a.tenant, role=Role.POS_MANAGER, point_of_sale=point)
    reader = network_a.members[Role.POS_STAFF]
    with tenant_scope(network_a.tenant):
        return communities_seed(tenant=network_a.tenant, reader=reader, threads=40, replies=REPLIES)


def test_the_long_thread_is_what_replies_through_the_services_leave(network_a, seeded):
    reader = network_a.members[Role.POS_STAFF]
    with tenant_scope(network_a.tenant):
        thread = selectors.thread_get_visible(
            tenant=network_a.tenant, membership=reader, id=seeded.long_thread
        )
        posts = list(Post.objects.filter(thread=thread).order_by("created_at", "pk"))
        follows = Follow.objects.filter(thread=thread)
        followers = set(follows.values_list("membership_id", flat=True))
        told = Notification.objects.filter(kind="community.reply", target_id=thread.pk).count()
    assert thread.reply_count == REPLIES == len(posts) - 1
    assert thread.last_post_at == posts[-1].created_at
    assert seeded.long_thread_repliers == REPLIES  # each reply by someone else
    assert reader.pk not in {post.author_id for post in posts}
    assert followers == {post.author_id for post in posts}
    assert told > 0  # the followers were told of the replies


def test_bulk_threads_hold_their_counts_dates_and_likes(network_a, seeded):
    with tenant_scope(network_a.tenant):
        threads = Thread.objects.filter(tenant=network_a.tenant).annotate(
            posts_n=Count("posts"), first=Min("posts__created_at"), last=Max("posts__created_at")
        )
        for thread in threads:
            assert thread.reply_count == thread.posts_n - 1
            assert (thread.created_at, thread.last_post_at) == (thread.first, thread.last)
            if thread.accepted_answer_id is not None:
                assert thread.accepted_answer.thread_id == thread.pk
                assert thread.accepted_answer.created_at > thread.created_at
        for post_id, like_count in Post.objects.values_list("pk", "like_count"):
            assert PostLike.objects.filter(post_id=post_id).count() == like_count
    assert seeded.threads == threads.count() == 41


def test_writers_follow_and_have_read_up_to_their_last_post(network_a, seeded):
    with tenant_scope(network_a.tenant):
        for post in Post.objects.exclude(thread_id=seeded.long_thread).select_related("thread"):
            assert Follow.objects.filter(thread=post.thread, membership=post.author).exists()
            read = ThreadRead.objects.get(thread=post.thread, membership=post.author)
            assert post.created_at <= read.read_at <= post.thread.last_post_at


def test_the_other_network_gets_nothing(network_b, seeded):
    with tenant_scope(network_b.tenant):
        assert not Thread.objects.filter(tenant=network_b.tenant).exists()
