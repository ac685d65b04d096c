"""The recommendation engine: content ranked for each point of sale's off-target KPIs by uplift.

Pure code: plain pandas frames in, a frame out, no ORM and no Django settings needed (the reasons
are translated when Django's translation is active, English otherwise). The nightly service loads
the frames, calls `rank_content` and stores its rows; the offline evaluation calls it on the
simulator (`recommendations.simulator`).

    rank_content(*, profiles, kpi_months, exposures, items, k) -> pandas.DataFrame

Inputs (extra columns are ignored):

- `profiles`: point_of_sale, zone, type, size_class. One row per point of sale.
- `kpi_months`: point_of_sale, kpi, month, value, target. One row per point of sale, KPI and
  month (`month`: any date in the month); `target` may be missing (NaN). Higher is better, unless
  an optional boolean column `lower_is_better` says otherwise for a KPI. An optional `kpi_name`
  column names the KPI in the reasons (else its code).
- `exposures`: point_of_sale, item, date: when a point of sale did or opened a piece of content.
  Only the first exposure of a point of sale to an item counts.
- `items`: item, kind, kpis (the KPI codes the item is tagged with). Tags are not used to rank:
  they are often wrong, and the evidence says which KPI an item really moves.

Output: one row per recommendation, columns `point_of_sale, kpi, item, rank, expected_uplift,
reason`, for each point of sale and KPI off target (below target over the last three months), at
most `k` items ranked 1, 2, ...; never an item the point of sale already did. `expected_uplift` is
the relative change of the KPI expected over the two months after doing the item (0.06 = 6 %
better than without it), `reason` says it in words with the evidence behind it.

How the uplift is estimated (a T-learner on the history, robust to who gets pushed what):

1. Each KPI is divided, month by month, by its network-wide mean: the network's season and
   trend cancel out, what remains is how a point of sale does against the others.
2. For every point of sale, KPI and month m, the outcome is the change of that index over the
   two months after m against the three months before it, as the log of their ratio (change
   from its own baseline, so a structurally weak point of sale is compared with itself).
3. The control model (`control.py`: per KPI, a scikit-learn Ridge on type, size class and the
   pre-period trajectory (last month's achievement included), plus calendar effects month of
   the year x type and x size class fitted by back-fitting) predicts that change for a point
   of sale that did no content in month m. Points of sale pushed content because they had a
   bad month tend to recover anyway, and kinds of point of sale have their own seasons; the
   control model expects both.
4. Each exposure's uplift is its observed change minus the control model's prediction, read a
   second time with the claimed effects of the point of sale's other content done around the
   same months taken out. Uplifts are averaged per item, KPI and kind of point of sale.
5. Most items move most KPIs not at all: an empirical Bayes "spike and slab" model, fitted by
   EM, gives each average the probability that its effect is real from its sampling variance
   (the noise of each kind of point of sale, from the control model's errors). A mean counts
   only when it stands 2.8 standard errors above nothing (the item's over every point of
   sale), or about 3.4 (a type's or size class's, with 8 points of sale or more);
   `expected_uplift` is then the least of the shrunk estimate and one standard error below
   that mean, else nothing is claimed.

Also here: `rank_actions` (challenges to suggest to animators, judged by the same gate and
claimed as cautiously, see `actions.py` and `claims.py`) and `off_target_pairs` (the lists the
engine fills).
"""

from collections.abc import Sequence

import numpy as np
import pandas as pd

from . import claims
from .actions import ACTION_COLUMNS, challenge_reason, rank_actions
from .history import Panel, build_panel, off_target, off_target_pairs
from .reasons import reason_sentences, reasons_in
from .uplift import MIN_ITEM_EVIDENCE, Events, Evidence, estimate_uplift, first_exposures

__all__ = [
    "ACTION_COLUMNS",
    "COLUMNS",
    "challenge_reason",
    "empty_recommendations",
    "off_target_pairs",
    "rank_actions",
    "rank_content",
]

COLUMNS = ["point_of_sale", "kpi", "item", "rank", "expected_uplift", "reason"]
MIN_UPLIFT = 0.005


def empty_recommendations(reasons: Sequence[str] = ()) -> pd.DataFrame:
    """No recommendation, with the columns (and `reasons`, more reason columns)."""
    frame = pd.DataFrame(
        {
            "point_of_sale": pd.Series(dtype=object),
            "kpi": pd.Series(dtype=object),
            "item": pd.Series(dtype=object),
            "rank": pd.Series(dtype="int64"),
            "expected_uplift": pd.Series(dtype="float64"),
            "reason": pd.Series(dtype=object),
        }
    )
    for column in reasons:
        frame[column] = pd.Series(dtype=object)
    return frame


def _candidates(evidence: Evidence, done_most: int, k: int) -> pd.DataFrame:
    """Per (kpi, segment), the best items worth recommending, enough of them for anyone's list."""
    # What is claimed is 0 unless a mean stands out from its noise (uplift.py); the evidence a
    # reason cites must show a gain (claims.py).
    credible = claims.credible(evidence, min_claim=MIN_UPLIFT, min_count=MIN_ITEM_EVIDENCE)
    item, kpi, segment = np.nonzero(credible)
    frame = pd.DataFrame(
        {
            "item_at": item,
            "kpi_at": kpi,
            "segment": segment,
            "expected_uplift": evidence.claim[item, kpi, segment],
        }
    )
    frame = frame.sort_values(
        ["kpi_at", "segment", "expected_uplift", "item_at"], ascending=[True, True, False, True]
    )
    return frame.groupby(["kpi_at", "segment"]).head(k + done_most)


def _ranked(panel: Panel, evidence: Evidence, events: Events, k: int) -> pd.DataFrame:
    n_items = evidence.expected.shape[0]
    done_per_pos = np.bincount(events.pos, minlength=len(panel.points_of_sale))
    candidates = _candidates(evidence, int(done_per_pos.max(initial=0)), k)
    pos, kpi = np.nonzero(off_target(panel))
    lists = pd.DataFrame({"pos_at": pos, "kpi_at": kpi, "segment": panel.segments[pos]})
    rows = lists.merge(candidates, on=["kpi_at", "segment"])
    done = np.isin(
        rows["pos_at"].to_numpy() * n_items + rows["item_at"].to_numpy(),
        events.pos * n_items + events.item,
    )
    rows = rows[~done]
    rows = rows.sort_values(
        ["pos_at", "kpi_at", "expected_uplift", "item_at"], ascending=[True, True, False, True]
    )
    rows = rows.groupby(["pos_at", "kpi_at"]).head(k)
    rows["rank"] = rows.groupby(["pos_at", "kpi_at"]).cumcount() + 1
    return rows


def _names_in(language: str, profiles: pd.DataFrame, kpi_months: pd.DataFrame) -> dict:
    """What the sentences in `language` call the KPIs and the types: the optional columns
    `kpi_name_<language>` and `type_name_<language>`, else as the `reason` column does."""
    names: dict[str, dict[str, str]] = {}
    for key, frame, column in (
        ("kpi", kpi_months, f"kpi_name_{language}"),
        ("type", profiles, f"type_name_{language}"),
    ):
        if column in frame.columns:
            pairs = frame[[key, column]].dropna().drop_duplicates(key)
            # The panel knows types as text (its segments), KPIs by their own values.
            keys = pairs[key].astype(str) if key == "type" else pairs[key]
            names[key] = dict(zip(keys, pairs[column].astype(str), strict=True))
    return names


def rank_content(
    *,
    profiles: pd.DataFrame,
    kpi_months: pd.DataFrame,
    exposures: pd.DataFrame,
    items: pd.DataFrame,
    k: int,
    languages: Sequence[str] = (),
) -> pd.DataFrame:
    """Content for each point of sale's off-target KPIs, best expected uplift first (see above).
    With `languages`, the reason is also worded in each (columns `reason_<language>`), from one
    ranking: KPIs named by the optional `kpi_name_<language>` columns of `kpi_months`, types by
    `type_name_<language>` of `profiles`."""
    extra = [f"reason_{language}" for language in languages]
    if k < 1 or profiles.empty or kpi_months.empty or items.empty:
        return empty_recommendations(extra)
    panel = build_panel(profiles, kpi_months)
    catalogue = items.drop_duplicates("item")
    item_index = pd.Index(catalogue["item"])
    events = first_exposures(panel, exposures, item_index)
    evidence = estimate_uplift(panel, events, len(item_index))
    rows = _ranked(panel, evidence, events, k)
    if rows.empty:
        return empty_recommendations(extra)
    kinds = catalogue["kind"].to_numpy()
    result = pd.DataFrame(
        {
            "point_of_sale": panel.points_of_sale[rows["pos_at"]].to_numpy(dtype=object),
            "kpi": panel.kpis[rows["kpi_at"]].to_numpy(dtype=object),
            "item": item_index[rows["item_at"]].to_numpy(dtype=object),
            "rank": rows["rank"].to_numpy(dtype="int64"),
            "expected_uplift": rows["expected_uplift"].to_numpy(dtype=float).round(4),
            "reason": reason_sentences(rows, panel, evidence, kinds),
        }
    )
    for language, column in zip(languages, extra, strict=True):
        names = _names_in(language, profiles, kpi_months)
        result[column] = reasons_in(language, rows, panel, evidence, kinds, names)
    return result.reset_index(drop=True)
