"""The version of a tenant's challenges and labels, which the cached challenge panels key on.

A panel on a dealer's, a zone's or the network's page shows challenges, standings, rewards,
notifications and labels. Its rendered HTML is kept (network_animation/fragments.py) under a key
that holds this version, so that any change to what it shows makes the page render it anew:

- every save or deletion of a challenges model, whoever makes it (services, the admin), through
  the signals connected in `connect_signals`;
- the services' bulk writes, which send no signal, each call `challenges_changed` (standings
  refresh, closing, starting, label awards, notifications read);
- a renamed point of sale, person or KPI (the panels show their names) changes the
  organisation's or the KPI definitions' version, which the panels' keys also hold.

The new version is set when the transaction commits: a page rendered in between from the old
rows keys its HTML on the old version, never on the new one. Like the rollups' version, it is a
random value (`fragments.version_read`). A write that bypassed all of these would show at the
latest when the fragments expire (`fragments.FRAGMENT_SECONDS`) or the next day (the keys carry
the date).
"""

from django.db.models.signals import post_delete, post_save

from network_animation.fragments import register_tenant_version, tenant_version_renew

CHALLENGES = register_tenant_version("challenges")


def challenges_changed(tenant_id: int) -> None:
    """What the tenant's challenge panels show has changed (when the transaction commits)."""
    tenant_version_renew(CHALLENGES, tenant_id)


def _tenant_row_changed(sender, instance, **kwargs) -> None:
    challenges_changed(instance.tenant_id)


# Standings and notifications are deleted by the thousand (a refresh replaces a leaderboard):
# a deletion signal would make Django load each row first. Their services call
# `challenges_changed` themselves, and deleting a challenge (which cascades to them) is signalled.
_NOT_ON_DELETE = {"ChallengeStanding", "Notification"}


def connect_signals() -> None:
    from django.apps import apps

    for model in apps.get_app_config("challenges").get_models():
        post_save.connect(_tenant_row_changed, sender=model, dispatch_uid=f"cv-save-{model}")
        if model.__name__ not in _NOT_ON_DELETE:
            post_delete.connect(
                _tenant_row_changed, sender=model, dispatch_uid=f"cv-delete-{model}"
            )
