"""Peers: groups of comparable points of sale, found with scikit-learn. Pure: frames in, a
dataclass out, no ORM (the service loads, calls and stores).

A point of sale is described by a standardised profile and by the shape of its KPI history:

- its type (one-hot), its size class (ordinal S < M < L < XL), its brands (one column each) and
  its age (years since opening; unknown dates count as the median age);
- for every KPI, its last twelve closed months divided by its own mean over them: the curve's
  shape (seasonality, trend), not its level, which the size class already tells.

Each block is standardised, then scaled so that its total variance equals its weight
(`BLOCK_WEIGHTS`): the 240 columns of twenty KPIs' curves weigh twice the one size column,
not 240 times.
Blocks without variance (one type in the whole network) weigh nothing.

The groups are k-means clusters on the features' main components (`COMPONENTS`; a fixed random
state, points ordered by id: the same input gives the same groups). The number of groups is
chosen by silhouette among at most `MAX_CANDIDATES` values, from the one that makes groups of
`MAX_GROUP` points on average to the one that makes groups of `MIN_GROUP`; a cluster smaller than
`MIN_GROUP` is dissolved into the nearest kept one, so every group has at least `MIN_GROUP`
points (a network of fewer than twice that is one group, without silhouette). Group ids are then
matched to the previous night's by the overlap of their members (Hungarian matching, scipy's
`linear_sum_assignment`), so a group keeps its id as long as it keeps most of its members; new
groups get new ids.
"""

import datetime as dt
import hashlib
import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy.optimize import linear_sum_assignment
from sklearn.cluster import KMeans
from sklearn.decomposition import PCA
from sklearn.exceptions import ConvergenceWarning
from sklearn.metrics import silhouette_score
from threadpoolctl import threadpool_limits

MIN_GROUP = 8  # enough peers for a median and a rank that mean something
MAX_GROUP = 40  # groups tried start where they average this size: "points of sale like yours"
MAX_CANDIDATES = 8  # numbers of groups tried
COMPONENTS = 20  # principal components clustered on
N_INIT = 2  # k-means++ starts per number of groups
CURVE_MONTHS = 12
RANDOM_STATE = 0
SIZE_ORDER = {"S": 0.0, "M": 1.0, "L": 2.0, "XL": 3.0}
BLOCK_WEIGHTS = {"type": 1.0, "size": 1.0, "brands": 0.5, "age": 0.5, "curves": 2.0}

# profiles: point_of_sale, type, size_class, brands (list of names), opening_date (date or None)
# curves: point_of_sale, kpi, month, value (the closed months the curves are read on)


@dataclass(frozen=True)
class PeerGroups:
    """Each point of sale's group id, and how good the grouping is."""

    groups: pd.Series  # point of sale id -> group id (1, 2, ...)
    silhouette: float | None  # None with a single group
    tried: dict[int, float] = field(default_factory=dict)  # number of groups -> silhouette

    @property
    def group_count(self) -> int:
        return int(self.groups.nunique())


def peer_features(profiles: pd.DataFrame, curves: pd.DataFrame, today: dt.date) -> pd.DataFrame:
    """The standardised, weighted features of each point of sale (rows ordered by id)."""
    profiles = profiles.sort_values("point_of_sale").set_index("point_of_sale")
    blocks = {
        "type": pd.get_dummies(profiles["type"].astype(str), dtype=float),
        "size": profiles[["size_class"]].apply(lambda s: s.map(SIZE_ORDER).fillna(1.0)),
        "brands": _brand_columns(profiles["brands"]),
        "age": _ages(profiles["opening_date"], today).to_frame("age"),
        "curves": curve_shapes(curves, profiles.index),
    }
    weighted = [_weighted(block, BLOCK_WEIGHTS[name]) for name, block in blocks.items()]
    kept = [block for block in weighted if not block.empty]
    features = pd.concat(kept, axis=1) if kept else pd.DataFrame(index=profiles.index)
    features.columns = [str(column) for column in features.columns]
    return features.reindex(profiles.index).fillna(0.0)


def _brand_columns(brands: pd.Series) -> pd.DataFrame:
    exploded = brands.apply(lambda names: list(names or [])).explode().dropna()
    if exploded.empty:
        return pd.DataFrame(index=brands.index)
    columns = pd.crosstab(exploded.index, exploded.astype(str)).clip(upper=1).astype(float)
    return columns.reindex(brands.index).fillna(0.0)


def _ages(opening: pd.Series, today: dt.date) -> pd.Series:
    dates = pd.to_datetime(opening, errors="coerce")
    years = (pd.Timestamp(today) - dates).dt.days / 365.25
    return years.fillna(years.median() if years.notna().any() else 0.0)


def curve_shapes(curves: pd.DataFrame, points: pd.Index) -> pd.DataFrame:
    """Per point of sale, each KPI's months divided by their mean (1 where unknown), minus 1."""
    if curves.empty:
        return pd.DataFrame(index=points)
    wide = curves.pivot_table(
        index="point_of_sale", columns=["kpi", "month"], values="value", aggfunc="sum"
    ).reindex(points)
    means = wide.T.groupby(level="kpi").transform("mean").T
    shapes = (wide / means.where(means.abs() > 1e-9)).fillna(1.0) - 1.0
    shapes.columns = [f"curve:{kpi}:{month}" for kpi, month in shapes.columns]
    return shapes


def _weighted(block: pd.DataFrame, weight: float) -> pd.DataFrame:
    """The block standardised, scaled so its total variance is `weight` (empty if constant)."""
    values = block.astype(float)
    spread = values.std(ddof=0)
    values = values.loc[:, spread > 1e-12]
    if values.empty:
        return values
    standardised = (values - values.mean()) / values.std(ddof=0)
    return standardised * np.sqrt(weight / standardised.shape[1])


def input_digest(features: pd.DataFrame) -> str:
    """A digest of the features: the same digest the next night means nothing changed."""
    digest = hashlib.sha256()
    digest.update(",".join(map(str, features.index)).encode())
    digest.update(",".join(features.columns).encode())
    digest.update(np.ascontiguousarray(features.to_numpy(dtype=float).round(9)).tobytes())
    return digest.hexdigest()


def peer_groups(
    features: pd.DataFrame,
    previous: pd.Series | None = None,
    *,
    min_group: int = MIN_GROUP,
    max_group: int = MAX_GROUP,
) -> PeerGroups:
    """Group the points of sale (rows of `features`), ids matched to `previous` groups."""
    count = len(features)
    candidates = _candidate_counts(count, min_group, max_group)
    if not candidates:
        labels = np.zeros(count, dtype=int)
        return PeerGroups(_matched(features.index, labels, previous), None)
    # One thread: a worker runs one tenant at a time, and BLAS and OpenMP threads waiting on a
    # busy machine cost many times the computation itself.
    with threadpool_limits(limits=1):
        tried, best = _best_grouping(features.to_numpy(dtype=float), candidates, min_group)
    if best is None:
        labels = np.zeros(count, dtype=int)
        return PeerGroups(_matched(features.index, labels, previous), None, tried)
    return PeerGroups(_matched(features.index, best[1], previous), round(best[0], 4), tried)


def _best_grouping(
    features: np.ndarray, candidates: list[int], min_group: int
) -> tuple[dict[int, float], tuple[float, np.ndarray] | None]:
    """The silhouette of each number of groups tried, and the best (score, labels)."""
    matrix = _reduced(features)
    tried: dict[int, float] = {}
    best: tuple[float, np.ndarray] | None = None
    for k in candidates:
        labels = _clusters(matrix, k, min_group)
        if len(np.unique(labels)) < 2:
            continue
        score = float(silhouette_score(matrix, labels))
        tried[k] = round(score, 4)
        if best is None or score > best[0] + 1e-12:
            best = (score, labels)
    return tried, best


def _reduced(matrix: np.ndarray) -> np.ndarray:
    """The main components of the features: most of their spread in a few columns, and the
    noise of hundreds of curve months left out (k-means' cost grows with the columns)."""
    if matrix.shape[1] <= COMPONENTS:
        return matrix
    components = min(COMPONENTS, matrix.shape[0] - 1)
    return PCA(n_components=components, svd_solver="full").fit_transform(matrix)


def _candidate_counts(count: int, min_group: int, max_group: int) -> list[int]:
    low = max(2, -(-count // max_group))
    high = count // min_group
    if high < low:
        return []
    spread = np.linspace(low, high, num=min(MAX_CANDIDATES, high - low + 1))
    return sorted({int(round(k)) for k in spread})


def _clusters(matrix: np.ndarray, k: int, min_group: int) -> np.ndarray:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)  # alike points: fewer clusters
        model = KMeans(n_clusters=k, n_init=N_INIT, random_state=RANDOM_STATE).fit(matrix)
    labels = model.labels_.copy()
    sizes = np.bincount(labels, minlength=k)
    kept = np.flatnonzero(sizes >= min_group)
    if len(kept) == 0:
        return np.zeros(len(matrix), dtype=int)
    small = ~np.isin(labels, kept)
    if small.any():
        centres = model.cluster_centers_[kept]
        distances = ((matrix[small, None, :] - centres[None, :, :]) ** 2).sum(axis=2)
        labels[small] = kept[distances.argmin(axis=1)]
    return labels


def _matched(points: pd.Index, labels: np.ndarray, previous: pd.Series | None) -> pd.Series:
    """Group ids for the labels: the previous ids of the groups they overlap most, else new
    ones (numbered after the previous ids, in the order of each group's smallest point id)."""
    new = pd.Series(labels, index=points)
    order = new.groupby(new).apply(lambda members: members.index.min()).sort_values()
    previous = previous if previous is not None else pd.Series(dtype=int)
    common = new.index.intersection(previous.index)
    ids: dict[int, int] = {}
    if len(common):
        overlap = pd.crosstab(new[common], previous[common])
        rows, columns = linear_sum_assignment(-overlap.to_numpy())
        for row, column in zip(rows, columns, strict=True):
            if overlap.iat[row, column] > 0:
                ids[int(overlap.index[row])] = int(overlap.columns[column])
    next_id = int(previous.max()) + 1 if len(previous) else 1
    for label in order.index:
        if int(label) not in ids:
            ids[int(label)] = next_id
            next_id += 1
    return new.map(ids).astype(int).rename("group")


def derived_size_classes(sizes: pd.Series, volumes: pd.Series) -> pd.Series:
    """The size classes to compare on: the organisation's, unless the tenant never set them
    (all alike), then the quartile of each point of sale's volume (its first KPI's mean month):
    S, M, L, XL. Points of sale without a volume keep their stored class."""
    if sizes.nunique() > 1 or volumes.dropna().nunique() < 4:
        return sizes
    known = volumes.reindex(sizes.index).dropna()
    quartiles = pd.qcut(known.rank(method="first"), 4, labels=["S", "M", "L", "XL"])
    return quartiles.astype(str).reindex(sizes.index).fillna(sizes)
