"""What the engine may claim from its evidence, for content (`rank_content`) and challenges
(`rank_actions`) alike.

The gate and the cautious claim are computed once, by `uplift.estimate_uplift`: `Evidence.claim`
is 0 unless a mean stands out from its noise, else the least of the shrunk estimate and one
standard error below that mean. Here: which claims are worth suggesting, the evidence a reason
cites, and the gain it quotes.
"""

from dataclasses import dataclass

import numpy as np

from .uplift import Evidence

# A reason cites the points of sale of the same kind when at least this many did it, else the
# network's.
MIN_SEGMENT_EVIDENCE = 3


@dataclass(frozen=True)
class Cited:
    """Per (item, kpi, segment): the points of sale a reason cites and what they did."""

    own: np.ndarray  # True: those of the segment's kind; False: the whole network's
    count: np.ndarray
    observed: np.ndarray  # their mean uplift


def cited(evidence: Evidence) -> Cited:
    own = evidence.segment_count >= MIN_SEGMENT_EVIDENCE
    return Cited(
        own,
        np.where(own, evidence.segment_count, evidence.item_count[:, :, None]),
        np.where(own, evidence.segment_mean, evidence.item_mean[:, :, None]),
    )


def credible(evidence: Evidence, *, min_claim: float, min_count: int) -> np.ndarray:
    """(items, kpis, segments) True where a suggestion may be made: at least `min_claim` is
    claimed, at least `min_count` points of sale did the item, and the evidence its reason
    cites shows a gain."""
    found: np.ndarray = evidence.claim >= min_claim
    found &= evidence.item_count[:, :, None] >= min_count
    return found & (cited(evidence).observed > 0)


def quoted_gain(claim: np.ndarray | float, observed: np.ndarray | float) -> np.ndarray:
    """The gain a reason quotes: what is claimed, never more than the points of sale it cites
    did (a lucky mean is not sold at face value)."""
    return np.minimum(claim, observed)
