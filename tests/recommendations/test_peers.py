"""Peers, pure: clusters found on hand-made profiles and curves, their quality reported, and the
same groups with the same ids from night to night."""

import datetime as dt

import numpy as np
import pandas as pd

from recommendations.peers import (
    PeerGroups,
    derived_size_classes,
    input_digest,
    peer_features,
    peer_groups,
)

MONTHS = list(pd.date_range("2025-01-01", periods=12, freq="MS").date)
TODAY = dt.date(2026, 1, 1)


def _network(per_kind: int = 12, seed: int = 3) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Four kinds of points of sale: small dealers with a flat year, small dealers with a summer
    peak, large stores with a flat year, large stores with a summer peak."""
    rng = np.random.default_rng(seed)
    kinds = [("dealer", "S", 0.0), ("dealer", "S", 0.4), ("store", "XL", 0.0), ("store", "XL", 0.4)]
    profiles, curves = [], []
    for number, (kind, size, peak) in enumerate(kinds):
        for index in range(per_kind):
            point = number * 100 + index + 1
            profiles.append((point, kind, size, ["Autonova"], dt.date(2000, 1, 1)))
            for month_index, month in enumerate(MONTHS):
                season = 1 + peak * np.sin(np.pi * month_index / 11)
                curves.append((point, 1, month, 100 * season * (1 + rng.normal(0, 0.02))))
    profile_frame = pd.DataFrame(
        profiles, columns=["point_of_sale", "type", "size_class", "brands", "opening_date"]
    )
    curve_frame = pd.DataFrame(curves, columns=["point_of_sale", "kpi", "month", "value"])
    return profile_frame, curve_frame


def _kind(point: int) -> int:
    return point // 100


def test_clear_clusters_are_found_and_their_silhouette_reported():
    profiles, curves = _network()
    found = peer_groups(peer_features(profiles, curves, TODAY))
    assert found.group_count == 4
    for group, members in found.groups.groupby(found.groups):
        assert {_kind(point) for point in members.index} == {_kind(members.index[0])}, group
    assert found.silhouette is not None
    assert found.silhouette > 0.5
    assert found.tried[4] == found.silhouette


def test_groups_stay_between_the_minimum_and_maximum_size():
    profiles, curves = _network(per_kind=12)
    found = peer_groups(peer_features(profiles, curves, TODAY), min_group=8, max_group=40)
    assert found.groups.value_counts().min() >= 8


def test_a_network_too_small_to_split_is_one_group_without_silhouette():
    profiles, curves = _network(per_kind=3)
    found = peer_groups(peer_features(profiles, curves, TODAY))
    assert found.group_count == 1
    assert found.silhouette is None


def test_the_same_input_gives_the_same_groups_and_ids():
    profiles, curves = _network()
    features = peer_features(profiles, curves, TODAY)
    first = peer_groups(features)
    second = peer_groups(peer_features(profiles, curves, TODAY), first.groups)
    assert input_digest(features) == input_digest(peer_features(profiles, curves, TODAY))
    pd.testing.assert_series_equal(first.groups, second.groups)


def test_a_relabelled_clustering_is_matched_back_to_the_previous_ids():
    profiles, curves = _network()
    found = peer_groups(peer_features(profiles, curves, TODAY))
    # Last night's ids were the same groups under other numbers (say, 7, 9, 12, 15).
    renumbered = {1: 12, 2: 7, 3: 15, 4: 9}
    previous = found.groups.map(renumbered)
    again = peer_groups(peer_features(profiles, curves, TODAY), previous)
    pd.testing.assert_series_equal(again.groups, previous.rename("group"), check_names=False)


def test_a_new_group_gets_a_new_id_and_the_old_ones_keep_theirs():
    profiles, curves = _network()
    previous = peer_groups(peer_features(profiles, curves, TODAY)).groups
    # Last night, kinds 2 and 3 were one group: tonight they split; one half keeps the id.
    merged = previous.where(previous != previous[301], previous[201])
    again = peer_groups(peer_features(profiles, curves, TODAY), merged)
    assert set(again.groups[again.groups.index < 200]) == set(merged[merged.index < 200])
    assert again.groups[301] == max(merged) + 1 or again.groups[201] == max(merged) + 1


def test_the_profile_weighs_with_the_curves_type_and_size_split_the_network():
    """Same curves everywhere: the groups follow the type and size."""
    profiles, curves = _network()
    curves["value"] = 100.0
    found = peer_groups(peer_features(profiles, curves, TODAY))
    by_profile = profiles.set_index("point_of_sale")["type"]
    for _group, members in found.groups.groupby(found.groups):
        assert by_profile[members.index].nunique() == 1


def test_size_classes_left_at_the_default_are_derived_from_the_volume():
    sizes = pd.Series(["M"] * 8, index=range(1, 9))
    volumes = pd.Series([10, 20, 30, 40, 50, 60, 70, 80], index=range(1, 9), dtype=float)
    derived = derived_size_classes(sizes, volumes)
    assert list(derived) == ["S", "S", "M", "M", "L", "L", "XL", "XL"]
    stored = pd.Series(["S", "M", "L", "XL"] * 2, index=range(1, 9))
    assert derived_size_classes(stored, volumes).equals(stored)


def test_peer_groups_is_a_dataclass_of_plain_values():
    profiles, curves = _network()
    found = peer_groups(peer_features(profiles, curves, TODAY))
    assert isinstance(found, PeerGroups)
    assert found.groups.dtype.kind == "i"
    assert sorted(found.groups.unique()) == [1, 2, 3, 4]
