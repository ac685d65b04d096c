"""A zone's (a region's, the network's) recognition feed: the challenges' rewards and the
certifications its people obtained (learning's, read through its selector), latest first."""

import datetime as dt
from dataclasses import dataclass

from microlearning.models import CertificationAward
from microlearning.selectors.plans import recently_certified
from network_animation.models import Region, Tenant, Zone

from .models import Reward
from .selectors import recognition_feed

FEED_LINES = 10


@dataclass(frozen=True)
class Recognition:
    """One line of the feed: a reward, or a certification obtained."""

    at: dt.datetime  # when it was awarded
    reward: Reward | None = None
    certification: CertificationAward | None = None


def recognitions(
    *, tenant: Tenant, on: dt.date, zone: Zone | None = None, region: Region | None = None
) -> list[Recognition]:
    """The latest rewards and certifications (still valid that day), merged by when they were
    awarded (a certification may date from earlier results): two queries."""
    rewards = list(recognition_feed(tenant=tenant, zone=zone, region=region, limit=FEED_LINES))
    awards = recently_certified(tenant=tenant, on=on, zone=zone, region=region, limit=FEED_LINES)
    lines = [Recognition(r.awarded_at, reward=r) for r in rewards]
    lines += [Recognition(a.created_at, certification=a) for a in awards]
    lines.sort(key=lambda line: line.at, reverse=True)  # stable: each keeps its own order
    return lines[:FEED_LINES]
