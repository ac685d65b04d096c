"""A simulated network with a hidden ground truth, to evaluate the recommendation engine offline.

Pure code, seeded with a numpy Generator: the same configuration gives the same network.
`simulate_network` returns the four frames `recommendations.engine.rank_content` takes, and,
kept apart, what the engine must never see:

- `truth`: which item really moves which KPI, by how much (a relative lift of the KPI from the
  month after the point of sale did it), for which type and size class of point of sale;
- `future`: for every point of sale, the items it has not done yet that would really help it, with
  the lift each would bring (only non-zero lifts are listed).

The network is built so that the easy answers are wrong:

- popular content (done most often) is mostly content that moves nothing;
- a share of the items is tagged with a KPI they do not move (and not with the one they move);
- animators push content tagged with a KPI to the points of sale that are the worst on it last
  month: those were mostly unlucky and recover anyway (regression to the mean), so a before/after
  reading credits the pushed content with a recovery it did not cause;
- KPIs have their own seasonality, trend and noise (a persistent shock plus measurement noise);
- an effective item helps some types and size classes only.
"""

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

TYPES = ("city_centre", "mall", "roadside")
SIZE_CLASSES = ("S", "M", "L")
KINDS = ("module", "document", "best_practice", "lesson_sheet")


@dataclass(frozen=True)
class NetworkShape:
    points_of_sale: int = 300
    kpis: int = 6
    months: int = 24
    items: int = 80
    zones: int = 12
    seed: int = 0
    # Share of items that really move a KPI for some kinds of points of sale.
    effective_share: float = 0.25
    # Share of items tagged with a KPI they do not move.
    wrong_tag_share: float = 0.3
    # Items a point of sale does on its own per month, on average.
    organic_per_month: float = 0.6
    # Share of the worst points of sale on a KPI to which animators push content each month.
    pushed_share: float = 0.1
    first_month: dt.date = dt.date(2024, 1, 1)
    # Challenges animators launched (0: none), each for the worst points of sale on its KPI.
    challenges: int = 0
    challenge_size: int = 15


@dataclass(frozen=True)
class SimulatedNetwork:
    profiles: pd.DataFrame
    kpi_months: pd.DataFrame
    exposures: pd.DataFrame
    items: pd.DataFrame
    truth: pd.DataFrame
    future: pd.DataFrame
    # challenge, kpi, point_of_sale, start: one row per participant (what rank_actions takes)
    challenges: pd.DataFrame
    # kpi, type, effect: what taking part in a challenge on a KPI really does (hidden)
    challenge_truth: pd.DataFrame


@dataclass(frozen=True)
class _Content:
    true_kpi: np.ndarray  # (items,) the KPI an item moves
    effect: np.ndarray  # (items, types, sizes) relative lift, 0 where it does nothing
    appeal: np.ndarray  # (items,) how likely it is to be done
    tags: list[list[int]]  # KPIs each item is tagged with


def _content(rng: np.random.Generator, shape: NetworkShape) -> _Content:
    n = shape.items
    true_kpi = rng.integers(0, shape.kpis, n)
    effective = rng.random(n) < shape.effective_share
    types = rng.random((n, len(TYPES))) < 0.5
    sizes = rng.random((n, len(SIZE_CLASSES))) < 0.6
    types[np.arange(n), rng.integers(0, len(TYPES), n)] = True
    sizes[np.arange(n), rng.integers(0, len(SIZE_CLASSES), n)] = True
    size = rng.uniform(0.05, 0.15, n) * effective
    effect = size[:, None, None] * types[:, :, None] * sizes[:, None, :]
    # Catchy content is done more and moves less: popularity is no guide to effect.
    appeal = rng.lognormal(0.0, 0.6, n) * np.where(effective, 0.5, 1.5)
    wrong = rng.random(n) < shape.wrong_tag_share
    other = (true_kpi + rng.integers(1, max(shape.kpis, 2), n)) % shape.kpis
    tags = [[int(o)] if w else [int(t)] for t, o, w in zip(true_kpi, other, wrong, strict=True)]
    return _Content(true_kpi, effect, appeal, tags)


@dataclass(frozen=True)
class _Campaigns:
    """Challenges, drawn from their own generator so that adding none changes nothing else."""

    effect: np.ndarray  # (kpis, types) lift from taking part, 0 where it does nothing
    month: np.ndarray  # (challenges,) launch month
    kpi: np.ndarray  # (challenges,)


def _campaigns(shape: NetworkShape) -> _Campaigns:
    rng = np.random.default_rng([shape.seed, 1])
    works = rng.random((shape.kpis, len(TYPES))) < 0.4
    effect = rng.uniform(0.05, 0.12, (shape.kpis, 1)) * works
    month = rng.integers(3, max(4, shape.months - 3), shape.challenges)
    return _Campaigns(effect, month, rng.integers(0, shape.kpis, shape.challenges))


@dataclass
class _History:
    values: np.ndarray  # (pos, kpis, months)
    targets: np.ndarray
    done_month: np.ndarray  # (pos, items) month of first exposure, -1 if never
    participants: list[tuple[int, int, int, int]]  # (challenge, kpi, pos, month)


def _history(
    rng: np.random.Generator, shape: NetworkShape, content: _Content, kinds: np.ndarray
) -> _History:
    p, k, m = shape.points_of_sale, shape.kpis, shape.months
    scale = rng.uniform(50, 5000, k)
    base = scale * rng.lognormal(0.0, 0.3, (p, k))
    amplitude, phase = rng.uniform(0.05, 0.25, k), rng.uniform(0, 12, k)
    trend, drift = rng.normal(0.003, 0.003, k), rng.normal(0.0, 0.002, (p, k))
    noise = rng.uniform(0.03, 0.06, k)
    targets_lift = rng.normal(0.04, 0.06, (p, k))
    type_of, size_of = kinds[:, 0], kinds[:, 1]
    lift = np.zeros((p, k))
    shock = rng.normal(0.0, noise * 1.2, (p, k))
    values, targets = np.zeros((p, k, m)), np.zeros((p, k, m))
    done_month = np.full((p, shape.items), -1)
    rate = shape.organic_per_month / content.appeal.sum()
    campaigns, participants = _campaigns(shape), []
    tagged = [np.array([i for i, t in enumerate(content.tags) if kpi in t]) for kpi in range(k)]
    for month in range(m):
        season = 1 + amplitude * np.sin(2 * np.pi * (month + phase) / 12)
        expected = base * season * np.exp(trend * month)
        shock = 0.6 * shock + rng.normal(0.0, noise, (p, k))
        values[:, :, month] = expected * np.exp(drift * month + shock) * (1 + lift)
        values[:, :, month] *= np.exp(rng.normal(0.0, noise / 2, (p, k)))
        targets[:, :, month] = expected * np.exp(targets_lift)
        chosen = rng.random((p, shape.items)) < rate * content.appeal
        achievement = values[:, :, month] / targets[:, :, month]
        chosen |= _pushed(rng, shape, content, tagged, achievement)
        new = chosen & (done_month < 0)
        done_month[new] = month
        # Content done this month shows from the next month on.
        gained = content.effect[:, type_of, size_of].T * new  # (pos, items)
        np.add.at(lift.T, content.true_kpi, gained.T)
        for challenge in np.nonzero(campaigns.month == month)[0]:
            kpi = int(campaigns.kpi[challenge])
            invited = np.argsort(achievement[:, kpi])[: shape.challenge_size]
            lift[invited, kpi] += campaigns.effect[kpi, type_of[invited]]
            participants += [(int(challenge), kpi, int(pos), month) for pos in invited]
    return _History(values, targets, done_month, participants)


def _pushed(
    rng: np.random.Generator,
    shape: NetworkShape,
    content: _Content,
    tagged: list[np.ndarray],
    achievement: np.ndarray,
) -> np.ndarray:
    """Animators push popular content tagged with a KPI to the worst points of sale on it."""
    pushed = np.zeros((shape.points_of_sale, shape.items), dtype=bool)
    worst = max(1, int(shape.pushed_share * shape.points_of_sale))
    for kpi, items in enumerate(tagged):
        if items.size == 0:
            continue
        popular = items[np.argsort(-content.appeal[items])[: max(1, (items.size + 1) // 2)]]
        favourite = rng.choice(popular, size=min(2, popular.size), replace=False)
        targets = np.argsort(achievement[:, kpi])[:worst]
        pushed[np.ix_(targets, favourite)] = True
    return pushed


def simulate_network(shape: NetworkShape | None = None) -> SimulatedNetwork:
    shape = shape or NetworkShape()
    rng = np.random.default_rng(shape.seed)
    content = _content(rng, shape)
    kinds = np.column_stack(
        [rng.integers(0, len(TYPES), shape.points_of_sale)]
        + [rng.integers(0, len(SIZE_CLASSES), shape.points_of_sale)]
    )
    history = _history(rng, shape, content, kinds)
    names = _Names(shape)
    profiles = pd.DataFrame(
        {
            "point_of_sale": names.points_of_sale,
            "zone": [f"Z{z:02d}" for z in rng.integers(0, shape.zones, shape.points_of_sale)],
            "type": np.array(TYPES)[kinds[:, 0]],
            "size_class": np.array(SIZE_CLASSES)[kinds[:, 1]],
        }
    )
    return SimulatedNetwork(
        profiles=profiles,
        kpi_months=_kpi_months(history, names),
        exposures=_exposures(rng, history, names),
        items=pd.DataFrame(
            {
                "item": names.items,
                "kind": np.array(KINDS)[rng.integers(0, len(KINDS), shape.items)],
                "kpis": [[names.kpis[t] for t in tags] for tags in content.tags],
            }
        ),
        truth=_truth(content, names),
        future=_future(content, history, kinds, names),
        challenges=_challenges(history, names),
        challenge_truth=_challenge_truth(_campaigns(shape), names),
    )


class _Names:
    def __init__(self, shape: NetworkShape) -> None:
        self.points_of_sale = np.array([f"P{i:04d}" for i in range(shape.points_of_sale)])
        self.kpis = np.array([f"K{i:02d}" for i in range(shape.kpis)])
        self.items = np.array([f"C{i:03d}" for i in range(shape.items)])
        self.months = pd.date_range(shape.first_month, periods=shape.months, freq="MS")


def _kpi_months(history: _History, names: _Names) -> pd.DataFrame:
    p, k, m = history.values.shape
    return pd.DataFrame(
        {
            "point_of_sale": np.repeat(names.points_of_sale, k * m),
            "kpi": np.tile(np.repeat(names.kpis, m), p),
            "month": np.tile(names.months, p * k),
            "value": history.values.reshape(-1).round(2),
            "target": history.targets.reshape(-1).round(2),
        }
    )


def _exposures(rng: np.random.Generator, history: _History, names: _Names) -> pd.DataFrame:
    pos, item = np.nonzero(history.done_month >= 0)
    month = history.done_month[pos, item]
    day = rng.integers(0, 28, pos.size)
    dates = names.months[month] + pd.to_timedelta(day, unit="D")
    return pd.DataFrame(
        {"point_of_sale": names.points_of_sale[pos], "item": names.items[item], "date": dates}
    ).sort_values(["date", "point_of_sale", "item"], ignore_index=True)


def _truth(content: _Content, names: _Names) -> pd.DataFrame:
    item, type_, size = np.nonzero(content.effect)
    return pd.DataFrame(
        {
            "item": names.items[item],
            "kpi": names.kpis[content.true_kpi[item]],
            "type": np.array(TYPES)[type_],
            "size_class": np.array(SIZE_CLASSES)[size],
            "effect": content.effect[item, type_, size],
        }
    )


def _future(content: _Content, history: _History, kinds: np.ndarray, names: _Names) -> pd.DataFrame:
    lift = content.effect[:, kinds[:, 0], kinds[:, 1]].T  # (pos, items)
    pos, item = np.nonzero((lift > 0) & (history.done_month < 0))
    return pd.DataFrame(
        {
            "point_of_sale": names.points_of_sale[pos],
            "kpi": names.kpis[content.true_kpi[item]],
            "item": names.items[item],
            "true_uplift": lift[pos, item],
        }
    )


def _challenges(history: _History, names: _Names) -> pd.DataFrame:
    rows = np.array(history.participants, dtype=int).reshape(-1, 4)
    return pd.DataFrame(
        {
            "challenge": [f"CH{number:03d}" for number in rows[:, 0]],
            "kpi": names.kpis[rows[:, 1]],
            "point_of_sale": names.points_of_sale[rows[:, 2]],
            "start": names.months[rows[:, 3]],
        }
    )


def _challenge_truth(campaigns: _Campaigns, names: _Names) -> pd.DataFrame:
    kpi, type_ = np.nonzero(campaigns.effect)
    return pd.DataFrame(
        {
            "kpi": names.kpis[kpi],
            "type": np.array(TYPES)[type_],
            "effect": campaigns.effect[kpi, type_],
        }
    )
