"""Actions for animators: which challenge to launch, on which KPI, for which points of sale.

    rank_actions(*, profiles, kpi_months, challenges, k) -> pandas.DataFrame

`challenges`: challenge, kpi, point_of_sale, start: one row per participant of a past challenge.
Output: zone, kpi, points_of_sale (the sorted list of the zone's points of sale off target on the
KPI for which past challenges worked), rank (per zone), expected_uplift (their mean), reason, and
the evidence the reason cites: took_part (participants of the same kinds of point of sale, or of
the whole network when fewer than three of those took part: across_network), gained (what is
claimed for them, never more than their mean gain), so that `challenge_reason` can word it
again in another language.

The effect of taking part in a challenge on a KPI is estimated like a piece of content's (see
`recommendations.engine`): each participation is an exposure to the pseudo-item "a challenge on
this KPI", measured on that KPI against the control model, pooled and shrunk per kind of point of
sale, and judged by the same gate: nothing is claimed unless the participants' mean stands out
from its noise, and what is claimed is the least of the shrunk estimate and one standard error
below that mean (`Evidence.claim`, `claims.py`). A zone gets, at most `k`, the KPIs where
launching a challenge promises the most in total (mean claim times the number of points of sale
concerned).
"""

import numpy as np
import pandas as pd

from .claims import MIN_SEGMENT_EVIDENCE, credible, quoted_gain
from .history import AFTER_MONTHS, Panel, build_panel, off_target
from .reasons import _, percent
from .uplift import Events, Evidence, estimate_uplift

ACTION_COLUMNS = [
    "zone",
    "kpi",
    "points_of_sale",
    "rank",
    "expected_uplift",
    "reason",
    "took_part",
    "gained",
    "across_network",
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
            "across_network": pd.Series(dtype=bool),
        }
    )


def challenge_reason(
    *,
    kpi_name: object,
    gained: float,
    took_part: int,
    expected: float,
    points: int,
    across_network: bool = False,
) -> str:
    """The evidence of a challenge to launch, in words, in the active language."""
    if across_network:
        template = _(
            "Across the network, points of sale that took part in a challenge on %(kpi)s did "
            "%(gain)s%% better on it than comparable ones in the %(months)s months after it "
            "started; %(count)s took part (too few like these to tell them apart). Expected "
            "here: %(expected)s%% better; points of sale off target concerned: %(points)s."
        )
    else:
        template = _(
            "Points of sale like these that took part in a challenge on %(kpi)s did %(gain)s%% "
            "better on it than comparable ones in the %(months)s months after it started; "
            "%(count)s took part. Expected here: %(expected)s%% better; points of sale off "
            "target concerned: %(points)s."
        )
    return template % {
        "kpi": kpi_name,
        "gain": percent(gained),
        "months": AFTER_MONTHS,
        "count": took_part,
        "expected": percent(expected),
        "points": points,
    }


def _participations(panel: Panel, challenges: pd.DataFrame) -> Events:
    """Each participation as an exposure to the pseudo-item "a challenge on this KPI"."""
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
    return Events(*(participations[name].to_numpy() for name in ("pos", "item", "month")))


def rank_actions(
    *, profiles: pd.DataFrame, kpi_months: pd.DataFrame, challenges: pd.DataFrame, k: int
) -> pd.DataFrame:
    if k < 1 or profiles.empty or kpi_months.empty or challenges.empty:
        return empty_actions()
    panel = build_panel(profiles, kpi_months)
    evidence = estimate_uplift(panel, _participations(panel, challenges), len(panel.kpis))
    kpi = np.arange(len(panel.kpis))
    # A challenge on a KPI, on that KPI: suggested where content would be (same gate, same claim).
    worth = credible(evidence, min_claim=MIN_UPLIFT, min_count=MIN_PARTICIPATIONS)[kpi, kpi, :]
    pos, kpi_at = np.nonzero(off_target(panel) & worth[:, panel.segments].T)
    if pos.size == 0:
        return empty_actions()
    zones = profiles.drop_duplicates("point_of_sale").set_index("point_of_sale")["zone"]
    segment = panel.segments[pos]
    candidates = pd.DataFrame(
        {
            "zone": zones.reindex(panel.points_of_sale[pos]).to_numpy(dtype=object),
            "kpi_at": kpi_at,
            "point_of_sale": panel.points_of_sale[pos].to_numpy(dtype=object),
            "expected_uplift": evidence.claim[kpi_at, kpi_at, segment],
            "segment": segment,
            "took_part": evidence.segment_count[kpi_at, kpi_at, segment],
            "observed": evidence.segment_mean[kpi_at, kpi_at, segment],
        }
    )
    actions = _per_zone(candidates, evidence)
    return _worded(actions[actions["observed"] > 0], panel, k)


def _per_zone(candidates: pd.DataFrame, evidence: Evidence) -> pd.DataFrame:
    """One action per zone and KPI, with the evidence its reason cites: the participants of the
    same kinds (type x size class) as the points of sale, or the network's when too few."""
    grouped = candidates.sort_values("point_of_sale").groupby(["zone", "kpi_at"], sort=True)
    actions = grouped.agg(
        points_of_sale=("point_of_sale", list), expected_uplift=("expected_uplift", "mean")
    ).reset_index()
    kinds = candidates.drop_duplicates(["zone", "kpi_at", "segment"])
    kinds = kinds.assign(total=kinds["took_part"] * kinds["observed"])
    own = kinds.groupby(["zone", "kpi_at"])[["took_part", "total"]].sum().reset_index()
    actions = actions.merge(own, on=["zone", "kpi_at"])
    at = actions["kpi_at"].to_numpy()
    across = actions["took_part"].to_numpy() < MIN_SEGMENT_EVIDENCE
    took_part = np.where(across, evidence.item_count[at, at], actions["took_part"])
    observed = np.where(
        across, evidence.item_mean[at, at], actions["total"] / actions["took_part"].clip(lower=1)
    )
    return actions.assign(
        took_part=took_part.astype("int64"),
        observed=observed,
        gained=quoted_gain(actions["expected_uplift"].to_numpy(), observed),
        across_network=across,
    )


def _worded(actions: pd.DataFrame, panel: Panel, k: int) -> pd.DataFrame:
    if actions.empty:
        return empty_actions()
    promise = actions["expected_uplift"] * actions["points_of_sale"].str.len()
    actions = actions.assign(promise=promise).sort_values(
        ["zone", "promise", "kpi_at"], ascending=[True, False, True]
    )
    actions = actions.groupby("zone").head(k)
    reasons = [
        challenge_reason(
            kpi_name=panel.kpi_names[at],
            gained=gained,
            took_part=int(took_part),
            expected=uplift,
            points=len(members),
            across_network=bool(across),
        )
        for at, uplift, members, took_part, gained, across in zip(
            actions["kpi_at"],
            actions["expected_uplift"],
            actions["points_of_sale"],
            actions["took_part"],
            actions["gained"],
            actions["across_network"],
            strict=True,
        )
    ]
    return pd.DataFrame(
        {
            "zone": actions["zone"].to_numpy(dtype=object),
            "kpi": panel.kpis[actions["kpi_at"]].to_numpy(dtype=object),
            "points_of_sale": actions["points_of_sale"].to_numpy(dtype=object),
            "rank": (actions.groupby("zone").cumcount() + 1).to_numpy(dtype="int64"),
            "expected_uplift": actions["expected_uplift"].to_numpy(dtype=float).round(4),
            "reason": reasons,
            "took_part": actions["took_part"].to_numpy(dtype="int64"),
            "gained": actions["gained"].to_numpy(dtype=float).round(4),
            "across_network": actions["across_network"].to_numpy(dtype=bool),
        }
    )
