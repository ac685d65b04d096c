"""Alerts: a point of sale off target on a KPI. The zone's heat map ranks this month's by where
they will end at the current pace, the recommendations' "What matters first" by how sure it is
that the shortfall lasts; both show them per point of sale, not as a flat list of figures, and
group them here, the same way."""

from collections.abc import Callable, Hashable, Iterable


def alerts_grouped[T](ranked: Iterable[T], *, owner: Callable[[T], Hashable]) -> list[list[T]]:
    """`ranked` alerts (the one that matters most first) in a group per `owner` (a point of
    sale, a heat map's row). Each group keeps their order and the groups come in the order of
    their first alert: the owner of the alert that matters most first, its worst alert first."""
    groups: dict[Hashable, list[T]] = {}
    for alert in ranked:
        groups.setdefault(owner(alert), []).append(alert)
    return list(groups.values())
