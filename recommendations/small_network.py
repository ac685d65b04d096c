"""A small network like the demo's, to check that the engine does not credit chance.

Pure code, seeded: the same shape gives the same network. Where `recommendations.simulator`
tests how well the engine ranks many items on a large network, this one asks a narrower
question on a network the size of the demo's (48 points of sale, a year and a half of months,
small counts): does the engine recommend an item that changes nothing? The traps are those that
made it do so on the demo (issue 17):

- KPIs are counts of a few dozen a month (Poisson), whose season differs between types of point
  of sale (dividing by the network's monthly mean does not cancel it), on a network trend;
- an item that changes nothing is read by many (45 %), more by one type than the others, so
  its readers' season is not the network's;
- an item that helps (+12 % on one KPI, from the month after) is read by 30 %, all kinds alike;
- every read falls between 3 and 9 months before the last month, as the demo's do.

Past challenges, when asked (`SmallShape(challenges=15)`, for `rank_actions`): each invites the
points of sale that did worst on its KPI the month before it started (they recover anyway: the
trap of regression to the mean), on the KPIs after the first in turn; only those on the second
KPI lift it (+12 % from the month after, for good). They are drawn from a generator of their
own: the rest of the network is the same with or without them.
"""

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

TYPES = ("concession", "agent", "succursale")
SIZE_CLASSES = ("S", "M", "L", "XL")
HELPFUL, IDLE = "helpful", "idle"


@dataclass(frozen=True)
class SmallShape:
    points_of_sale: int = 48
    kpis: int = 6
    months: int = 16
    seed: int = 0
    effect: float = 0.12  # the helpful item's lift on the first KPI
    helpful_share: float = 0.3
    idle_share: float = 0.45
    # Other items read by some, changing nothing: more chances for chance.
    other_items: int = 4
    first_month: dt.date = dt.date(2025, 1, 1)
    challenges: int = 0
    challenge_size: int = 12
    challenge_effect: float = 0.12  # on the second KPI, for those taking part in one on it


@dataclass(frozen=True)
class SmallNetwork:
    profiles: pd.DataFrame
    kpi_months: pd.DataFrame
    exposures: pd.DataFrame
    items: pd.DataFrame
    helped_kpi: str  # the KPI the helpful item moves, by `effect`
    # challenge, kpi, point_of_sale, start: one row per participant (what rank_actions takes)
    challenges: pd.DataFrame
    challenged_kpi: str  # the KPI on which taking part in a challenge helps, by its effect


def _reads(
    rng: np.random.Generator, shape: SmallShape, type_of: np.ndarray
) -> dict[str, np.ndarray]:
    """Month of each point of sale's read of each item, -1 if it never read it."""
    p, m = shape.points_of_sale, shape.months
    # The idle item is read twice as much by the first type: its readers' season is not the
    # network's.
    keen = np.where(type_of == 0, 2.0, 1.0)
    shares = {
        HELPFUL: np.full(p, shape.helpful_share),
        IDLE: np.clip(shape.idle_share * keen / keen.mean(), 0, 0.95),
    }
    for other in range(shape.other_items):
        shares[f"other_{other}"] = np.full(p, rng.uniform(0.2, 0.45))
    reads = {}
    for item, share in shares.items():
        month = rng.integers(m - 10, m - 3, p)  # 9 to 3 months before the last month
        reads[item] = np.where(rng.random(p) < share, month, -1)
    return reads


def simulate_small_network(shape: SmallShape | None = None) -> SmallNetwork:
    shape = shape or SmallShape()
    rng = np.random.default_rng(shape.seed)
    p, k, m = shape.points_of_sale, shape.kpis, shape.months
    type_of = rng.integers(0, len(TYPES), p)
    size_of = rng.integers(0, len(SIZE_CLASSES), p)
    month_of_year = (shape.first_month.month - 1 + np.arange(m)) % 12
    # Each type has its own season on each KPI (new car sales move ~20 % month to month).
    amplitude = rng.uniform(0.1, 0.3, (len(TYPES), k))
    phase = rng.uniform(0, 12, (len(TYPES), k))
    season = 1 + amplitude[:, :, None] * np.sin(
        2 * np.pi * (month_of_year[None, None, :] + phase[:, :, None]) / 12
    )  # (types, kpis, months)
    trend = np.exp(rng.normal(0.01, 0.005, k)[:, None] * np.arange(m)[None, :])  # (kpis, months)
    base = rng.uniform(12, 40, k)[None, :] * (1 + 0.3 * size_of)[:, None]
    base = base * rng.lognormal(0, 0.2, (p, k))
    expected = base[:, :, None] * season[type_of] * trend[None, :, :]
    reads = _reads(rng, shape, type_of)
    lifted = np.arange(m)[None, :] > reads[HELPFUL][:, None]  # from the month after the read
    lifted &= reads[HELPFUL][:, None] >= 0
    lift = np.ones((p, k, m))
    lift[:, 0, :] += shape.effect * lifted
    values = rng.poisson(expected * lift * rng.lognormal(0, 0.05, (p, k, m))).astype(float)
    targets = np.round(expected * 1.05, 1)
    challenges = _challenges(shape, values, targets, expected)
    return SmallNetwork(
        profiles=_profiles(shape, type_of, size_of),
        kpi_months=_kpi_months(shape, values, targets),
        exposures=_exposures(rng, shape, reads),
        items=pd.DataFrame(
            {
                "item": list(reads),
                "kind": "document",
                "kpis": [["K00"] if item == IDLE else ["K01"] for item in reads],
            }
        ),
        helped_kpi="K00",
        challenges=challenges,
        challenged_kpi="K01",
    )


def _challenges(
    shape: SmallShape, values: np.ndarray, targets: np.ndarray, expected: np.ndarray
) -> pd.DataFrame:
    """Launch the past challenges, lifting `values` in place where they work; their
    participants."""
    rng = np.random.default_rng([shape.seed, 1])
    p, k, m = values.shape
    n = shape.challenges
    kpis = 1 + np.arange(n) % max(k - 1, 1)
    # Started from the fifth month to three months before the last: measured before and after.
    starts = np.sort(rng.integers(4, m - 2, n)) if n else np.zeros(0, dtype=int)
    months = pd.date_range(shape.first_month, periods=m, freq="MS")
    names = _names(p, "P")
    rows = []
    for number, (kpi, start) in enumerate(zip(kpis, starts, strict=True)):
        last_month = values[:, kpi, start - 1] / targets[:, kpi, start - 1]
        invited = np.argsort(last_month, kind="stable")[: shape.challenge_size]
        if kpi == 1:
            # A Poisson of the extra expected: the sum is a Poisson of the lifted mean.
            extra = expected[invited, kpi, start + 1 :] * shape.challenge_effect
            values[invited, kpi, start + 1 :] += rng.poisson(extra)
        rows += [(f"CH{number:02d}", f"K{kpi:02d}", names[pos], months[start]) for pos in invited]
    return pd.DataFrame(rows, columns=["challenge", "kpi", "point_of_sale", "start"])


def _names(count: int, prefix: str) -> np.ndarray:
    return np.array([f"{prefix}{i:02d}" for i in range(count)])


def _profiles(shape: SmallShape, type_of: np.ndarray, size_of: np.ndarray) -> pd.DataFrame:
    p = shape.points_of_sale
    return pd.DataFrame(
        {
            "point_of_sale": _names(p, "P"),
            "zone": [f"Z{i % 4}" for i in range(p)],
            "type": np.array(TYPES)[type_of],
            "size_class": np.array(SIZE_CLASSES)[size_of],
        }
    )


def _kpi_months(shape: SmallShape, values: np.ndarray, targets: np.ndarray) -> pd.DataFrame:
    p, k, m = values.shape
    months = pd.date_range(shape.first_month, periods=m, freq="MS")
    return pd.DataFrame(
        {
            "point_of_sale": np.repeat(_names(p, "P"), k * m),
            "kpi": np.tile(np.repeat(_names(k, "K"), m), p),
            "month": np.tile(months, p * k),
            "value": values.reshape(-1),
            "target": targets.reshape(-1),
        }
    )


def _exposures(
    rng: np.random.Generator, shape: SmallShape, reads: dict[str, np.ndarray]
) -> pd.DataFrame:
    months = pd.date_range(shape.first_month, periods=shape.months, freq="MS")
    names = _names(shape.points_of_sale, "P")
    frames = []
    for item, month in reads.items():
        pos = np.nonzero(month >= 0)[0]
        day = pd.to_timedelta(rng.integers(0, 28, pos.size), unit="D")
        frames.append(
            pd.DataFrame(
                {"point_of_sale": names[pos], "item": item, "date": months[month[pos]] + day}
            )
        )
    return pd.concat(frames, ignore_index=True)
