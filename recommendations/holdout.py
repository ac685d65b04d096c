"""The hold-out group: points of sale drawn at random, stratified by zone and size class, that
receive no recommendations for a quarter, so the recommended group can be measured against
them. Pure: a frame in, ids out, no ORM.

Every stratum (zone × size class) holds out `floor(share × its size)` points of sale; the
remaining places, up to `round(share × network)`, go to the strata with the largest remainders
(ties in random order). So each zone and size class is represented in proportion, even when its
strata are smaller than 1 / share. The draw is seeded by the tenant and the quarter: the same
network drawn again in the same quarter gives the same group.
"""

import datetime as dt
import hashlib

import numpy as np
import pandas as pd

DEFAULT_SHARE_PERCENT = 10
MAX_SHARE_PERCENT = 50


def quarter_start(day: dt.date) -> dt.date:
    return dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def draw_seed(tenant_slug: str, quarter: dt.date) -> int:
    """A seed fixed by the tenant and the quarter, the same on every machine and run: by the
    tenant's slug, not its id, which differs from one database to another."""
    digest = hashlib.blake2b(f"holdout:{tenant_slug}:{quarter.isoformat()}".encode(), digest_size=8)
    return int.from_bytes(digest.digest(), "big") >> 1


def holdout_draw(points: pd.DataFrame, share: float, seed: int) -> list[int]:
    """The held-out point of sale ids among `points` (columns point_of_sale, zone, size_class)."""
    if points.empty or share <= 0:
        return []
    generator = np.random.default_rng(seed)
    points = points.sort_values("point_of_sale").reset_index(drop=True)
    strata = points.groupby(["zone", "size_class"], sort=True)["point_of_sale"].apply(list)
    quotas = strata.apply(len) * share
    places = np.floor(quotas).astype(int)
    remaining = int(round(share * len(points))) - int(places.sum())
    if remaining > 0:
        remainders = (quotas - places).to_numpy()
        tie_breaks = generator.random(len(remainders))
        order = np.lexsort((tie_breaks, -remainders))
        places.iloc[order[:remaining]] += 1
    held: list[int] = []
    for members, count in zip(strata, places, strict=True):
        if count > 0:
            chosen = generator.choice(members, size=min(int(count), len(members)), replace=False)
            held += [int(point) for point in chosen]
    return sorted(held)
