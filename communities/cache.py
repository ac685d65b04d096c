"""The communities' data versions (network_animation/data_versions.py).

- The communities' kind: every service that writes a thread, a post, a best practice or a
  moderation renews it, and the panels on the core pages (best practices on a dealer's page,
  unanswered questions on a zone's) key on it.
- Who is in the communities, and the automatic communities' own rows (archived, renamed): renewed
  by the sync that keeps them (and with the communities' kind), not by each post, so what a
  thread's page keeps for its reader (their membership of its community) lasts between syncs.
- Each thread's own version: every service that changes what the thread's page shows (a reply,
  an edit, a like, an accepted answer, a best practice, a moderation) renews it, and the page's
  posts key on it, so a like in one thread leaves every other thread's pages in the cache.
- Each reader's own: renewed when they read a thread further, open an announcement, join or
  leave a community, so what shows their unread threads and announcements and their
  memberships (the communities list, the dealer's panel) is rendered again for them alone.
"""

from network_animation.data_versions import object_changed, register_data_kind
from network_animation.models import Tenant

COMMUNITIES = register_data_kind("communities")
COMMUNITY_MEMBERS = register_data_kind("community-members")
THREAD = "thread"
READER = "reader"


def thread_changed(*, tenant: Tenant | int, thread_id: int) -> None:
    object_changed(tenant=tenant, kind=THREAD, object_id=thread_id)


def reader_changed(*, tenant: Tenant | int, membership_id: int) -> None:
    object_changed(tenant=tenant, kind=READER, object_id=membership_id)
