"""Actions for animators: which challenge to launch, on which KPI, for which points of sale.

    rank_actions(*, profiles, kpi_months, challenges, k) -> pandas.DataFrame

`challenges`: challenge, kpi, point_of_sale, start: one row per participant of a past challenge.
Output: zone, kpi, points_of_sale (the sorted list of the zone's points of sale off target on the
KPI for which past challenges worked), rank (per zone), expected_uplift (their mean), reason, and
the evidence the reason cites: took_part (participants of the same kinds of point of sale) and
gained (their mean gain), so that `challenge_reason` can word it again in another language.

The effect of taking part in a challenge on a KPI is estimated like a piece of content's (see
`recommendations.engine`): each participation is an exposure to the pseudo-item "a challenge on
this KPI", measured on that KPI against the control model, pooled and shrunk per kind of point of
sale. A zone gets, at most `k`, the KPIs where launching a challenge promises the most in total
(mean expected uplift times the number of points of sale concerned).
"""

import numpy as np
import pandas as pd

from .history import AFTER_MONTHS, build_panel, off_target
from .reasons import _, percent
from .uplift import Events, estimate_uplift

ACTION_COLUMNS = [
    "zone",
    "kpi",
    "points_of_sale",
    "rank",
    "expected_uplift",
    "reason",
    "took_part",
    "gained",
]
# A challenge costs the animator and the points of sale effort: below 2 % it is not worth it.
MIN_UPLIFT = 0.02
MIN_PARTICIPATIONS = 5


def empty_actions() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "zone": pd.Series(dtype=object),
            "kpi": pd.Series(dtype=object),
            "points_of_sale": pd.Series(dtype=object),
            "rank": pd.Series(dtype="int64"),
            "expected_uplift": pd.Series(dtype="float64"),
            "reason": pd.Series(dtype=object),
            "took_part": pd.Series(dtype="int64"),
            "gained": pd.Series(dtype="float64"),
        }
    )


def challenge_reason(
    *, kpi_name: object, gained: float, took_part: int, expected: float, points: int
) -> str:
    """The evidence of a challenge to launch, in words, in the active language."""
    template = _(
        "Points of sale like these that took part in a challenge on %(kpi)s did %(gain)s %% "
        "better on it than comparable ones in the %(months)s months after it started; "
        "%(count)s took part. Expected here: %(expected)s %% better; points of sale off target "
        "concerned: %(points)s."
    )
    return template % {
        "kpi": kpi_name,
        "gain": percent(gained),
        "months": AFTER_MONTHS,
        "count": took_part,
        "expected": percent(expected),
        "points": points,
    }


def rank_actions(
    *, profiles: pd.DataFrame, kpi_months: pd.DataFrame, challenges: pd.DataFrame, k: int
) -> pd.DataFrame:
    if k < 1 or profiles.empty or kpi_months.empty or challenges.empty:
        return empty_actions()
    panel = build_panel(profiles, kpi_months)
    known = challenges[
        challenges["point_of_sale"].isin(panel.points_of_sale) & challenges["kpi"].isin(panel.kpis)
    ]
    when = pd.to_datetime(known["start"])
    participations = pd.DataFrame(
        {
            "pos": panel.points_of_sale.get_indexer(known["point_of_sale"]),
            "item": panel.kpis.get_indexer(known["kpi"]),
            "month": (when.dt.year * 12 + when.dt.month).to_numpy() - panel.first_ordinal,
        }
    ).drop_duplicates()
    events = Events(*(participations[name].to_numpy() for name in ("pos", "item", "month")))
    evidence = estimate_uplift(panel, events, len(panel.kpis))
    kpi = np.arange(len(panel.kpis))
    own = evidence.expected[kpi, kpi, :]  # (kpis, segments): a challenge on a KPI, on that KPI
    worked = (own >= MIN_UPLIFT) & (evidence.item_count[kpi, kpi] >= MIN_PARTICIPATIONS)[:, None]
    worked &= (evidence.item_mean[kpi, kpi] > 0)[:, None]
    pos, kpi_at = np.nonzero(off_target(panel) & worked[:, panel.segments].T)
    if pos.size == 0:
        return empty_actions()
    zones = profiles.drop_duplicates("point_of_sale").set_index("point_of_sale")["zone"]
    candidates = pd.DataFrame(
        {
            "zone": zones.reindex(panel.points_of_sale[pos]).to_numpy(dtype=object),
            "kpi_at": kpi_at,
            "point_of_sale": panel.points_of_sale[pos].to_numpy(dtype=object),
            "expected_uplift": own[kpi_at, panel.segments[pos]],
            "segment": panel.segments[pos],
            "took_part": evidence.segment_count[kpi_at, kpi_at, panel.segments[pos]],
            "gained": evidence.segment_mean[kpi_at, kpi_at, panel.segments[pos]],
        }
    )
    return _per_zone(candidates, panel.kpis, panel.kpi_names, k)


def _per_zone(
    candidates: pd.DataFrame, kpis: pd.Index, kpi_names: pd.Index, k: int
) -> pd.DataFrame:
    grouped = candidates.sort_values("point_of_sale").groupby(["zone", "kpi_at"], sort=True)
    actions = grouped.agg(
        points_of_sale=("point_of_sale", list), expected_uplift=("expected_uplift", "mean")
    ).reset_index()
    # The evidence: participants of the same kinds (type x size class) as the points of sale.
    kinds = candidates.drop_duplicates(["zone", "kpi_at", "segment"])
    kinds = kinds.assign(total=kinds["took_part"] * kinds["gained"])
    evidence = kinds.groupby(["zone", "kpi_at"])[["took_part", "total"]].sum().reset_index()
    actions = actions.merge(evidence, on=["zone", "kpi_at"])
    promise = actions["expected_uplift"] * actions["points_of_sale"].str.len()
    actions = actions.assign(promise=promise).sort_values(
        ["zone", "promise", "kpi_at"], ascending=[True, False, True]
    )
    actions = actions.groupby("zone").head(k)
    gained = actions["total"] / actions["took_part"]
    reasons = [
        challenge_reason(
            kpi_name=kpi_names[at],
            gained=gain,
            took_part=int(took_part),
            expected=uplift,
            points=len(members),
        )
        for at, uplift, members, took_part, gain in zip(
            actions["kpi_at"],
            actions["expected_uplift"],
            actions["points_of_sale"],
            actions["took_part"],
            gained,
            strict=True,
        )
    ]
    return pd.DataFrame(
        {
            "zone": actions["zone"].to_numpy(dtype=object),
            "kpi": kpis[actions["kpi_at"]].to_numpy(dtype=object),
            "points_of_sale": actions["points_of_sale"].to_numpy(dtype=object),
            "rank": (actions.groupby("zone").cumcount() + 1).to_numpy(dtype="int64"),
            "expected_uplift": actions["expected_uplift"].to_numpy(dtype=float).round(4),
            "reason": reasons,
            "took_part": actions["took_part"].to_numpy(dtype="int64"),
            "gained": gained.to_numpy(dtype=float).round(4),
        }
    )
