"""A tenant page's tenant and the person's membership, kept in the cache (Redis in production)
between requests: both read in one round trip instead of two queries.

Every tenant page finds its tenant by the slug in its URL and the person's active membership in
it before the view runs. Both change rarely, and `TenantMiddleware` reads them here first:

- the tenant's entry (key: its slug) holds its row and a generation, a random value drawn when
  the entry is written;
- the person's entry (key: the slug and the person) holds their membership, with the region, point
  of sale and zone the pages read from it (and an animator's zones, which every check of their
  rights reads), and the tenant's id and generation it was read under.
  It counts only if both are those of the tenant's entry, so an entry never serves another
  tenant, even one that took over a renamed tenant's slug.

Forgetting: the tenant's entry is marked stale, at once and again when the transaction commits,
whenever the tenant is saved or deleted (under its old and new slug), a membership of it is saved
or deleted (signals, connected in apps.py), and its organisation changes
(`data_changed(kinds=[ORGANISATION])`, which the services call for memberships, people, points of
sale, zones and regions, bulk writes included). Its generation is then gone for good, and with it
every membership entry of the tenant. A stale mark is not an entry: while it lasts
(`STALE_SECONDS`, far longer than a request takes between reading rows and caching them) requests
read the database and cache nothing. So a deactivated membership, a changed role, a moved person
or a renamed or deactivated tenant is seen by the very next request.

With a database cache (the embedded default) this would be a query for a query: not used.
"""

from functools import partial
from typing import Any
from uuid import uuid4

from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, transaction

from .models import Membership, Role, Tenant, User
from .permissions import membership_zone_ids
from .read_ahead import cache_get_many
from .user_cache import STALE, STALE_SECONDS, caches_people

ENTRY_SECONDS = 3600


def tenant_key(slug: str) -> str:
    return f"tenant-by-slug:{slug}"


def membership_key(slug: str, user_id: object) -> str:
    return f"tenant-member:{slug}:{user_id}"


def cached_tenant_membership(*, slug: str, user: User) -> tuple[Tenant | None, Any, Any]:
    """(the tenant's cached row, its generation, the person's raw entry), or Nones."""
    if not caches_people():
        return None, None, None
    keys = tenant_key(slug), membership_key(slug, user.pk)
    found = cache_get_many(keys)  # read ahead by tenant pages (page_reads.py)
    entry, member_entry = found.get(keys[0]), found.get(keys[1])
    if not isinstance(entry, dict) or entry["fields"]["slug"] != slug:
        return None, None, None
    fields: dict[str, Any] = entry["fields"]
    names = list(fields)
    tenant = Tenant.from_db(DEFAULT_DB_ALIAS, names, [fields[name] for name in names])
    return tenant, entry["generation"], member_entry


def cached_membership(*, tenant: Tenant, generation: object, entry: Any) -> Membership | None:
    """The membership the person's entry holds, if it was read under this tenant's generation."""
    if (
        not generation
        or not isinstance(entry, dict)
        or entry["tenant_id"] != tenant.pk
        or entry["generation"] != generation
    ):
        return None
    membership: Membership = entry["membership"]
    membership.tenant = tenant
    return membership


def tenant_cache_add(tenant: Tenant) -> str | None:
    """Cache the active tenant's row under a new generation, unless its entry is there or marked
    stale; the generation memberships may be cached under (None: none)."""
    if not caches_people():
        return None
    fields = {field.attname: getattr(tenant, field.attname) for field in Tenant._meta.fields}
    generation = uuid4().hex
    added = cache.add(
        tenant_key(tenant.slug), {"fields": fields, "generation": generation}, ENTRY_SECONDS
    )
    return generation if added else None


def membership_cache_set(*, slug: str, generation: str, membership: Membership) -> None:
    """Keep the membership (as read, its related rows with it, an animator's zones read now)
    under the tenant's generation. Set, not added: an entry left by an older generation is
    worth nothing."""
    if membership.role == Role.ANIMATOR:
        membership_zone_ids(membership)  # kept in the membership, so pickled with it
    entry = {"tenant_id": membership.tenant_id, "generation": generation, "membership": membership}
    cache.set(membership_key(slug, membership.user_id), entry, ENTRY_SECONDS)


def tenants_forget(slugs: list[str]) -> None:
    """These tenants, or their organisation or memberships, changed (see the module's doc)."""
    marks = {tenant_key(slug): STALE for slug in slugs if slug}
    if not marks or not caches_people():
        return
    cache.set_many(marks, STALE_SECONDS)
    transaction.on_commit(partial(cache.set_many, marks, STALE_SECONDS))


def tenant_id_forget(tenant_id: int) -> None:
    slugs = list(Tenant.objects.filter(pk=tenant_id).values_list("slug", flat=True))
    tenants_forget(slugs)


def tenant_before_save(sender: type, instance: Tenant, **kwargs: Any) -> None:
    """pre_save of tenants: the slug it had, forgotten with the one it gets (post_save)."""
    if instance.pk is not None and not kwargs.get("raw"):
        tenants_forget(list(Tenant.objects.filter(pk=instance.pk).values_list("slug", flat=True)))


def tenant_saved(sender: type, instance: Tenant, **kwargs: Any) -> None:
    """post_save and post_delete of tenants."""
    tenants_forget([instance.slug])


def membership_saved(sender: type, instance: Membership, **kwargs: Any) -> None:
    """post_save and post_delete of memberships: their tenant's entries are forgotten."""
    if not kwargs.get("created"):
        tenant_id_forget(instance.tenant_id)
