"""The demo's story, written into the figures (README, "The demo's story"): pure code.

- **The zone that recovers**: the demo animator's zone (the first point of sale's) falls behind
  for the three months before last month, when its animator runs a challenge
  (challenges/demo.py closes one there last month), and is back above its pace since.
- **The dealer who climbs**: the demo accounts' point of sale (the first) had a bad spring, then
  climbs month after month to the top of its zone's ranking; it wins last month's challenge.
- **The label winner**: the zone's second point of sale performs well above target all along
  with delighted customers: it wins last year's gold label.
"""

from dataclasses import dataclass

import numpy as np

from .series import Profile

SLUMP = 0.82  # the zone's months before the challenge
RECOVERY = 1.08  # the challenge's month and after
SLUMP_MONTHS = 3
CLIMB_MONTHS = 7  # from the bottom, seven months ago, to the top this month
CLIMB_FROM, CLIMB_TO, BEFORE_CLIMB = 0.75, 1.5, 0.97
STAR_PERFORMANCE, STAR_SATISFACTION = 1.16, 0.8


@dataclass(frozen=True)
class Story:
    """Whom the story is about (rows of the profile) and when (month indexes)."""

    climber: int  # the demo accounts' point of sale
    star: int | None  # the label winner
    zone: np.ndarray  # the rows of the climber's zone, the climber aside
    challenge_month: int  # last month

    @property
    def slump(self) -> slice:
        return slice(max(self.challenge_month - SLUMP_MONTHS, 0), max(self.challenge_month, 0))


def demo_story(zones: list[int], current_month: int) -> Story | None:
    """The story's cast, from each point of sale's zone (rows in creation order)."""
    if not zones:
        return None
    neighbours = np.flatnonzero(np.asarray(zones) == zones[0])[1:]
    return Story(
        climber=0,
        star=int(neighbours[0]) if len(neighbours) else None,
        zone=neighbours,
        challenge_month=current_month - 1,
    )


def story_tell(story: Story, profile: Profile) -> None:
    """Write the story into the profile: its cast's level, performance and months."""
    climber = story.climber
    cast = [climber] if story.star is None else [climber, story.star]
    profile.steady[cast] = True
    for row in cast:
        profile.monthly[row, :] = 1.0
        profile.plan[row] = profile.size[row]
        profile.trend[row] = 0.04
        profile.kpi_spread[row, :] = 1.0
    profile.performance[climber] = 1.0
    if story.star is not None:
        profile.performance[story.star] = STAR_PERFORMANCE
        profile.satisfaction[story.star] = STAR_SATISFACTION
    profile.monthly[story.zone, story.slump] *= SLUMP
    profile.monthly[story.zone, max(story.challenge_month, 0) :] *= RECOVERY
    _climb(story, profile.monthly[climber])


def _climb(story: Story, months: np.ndarray) -> None:
    """The climber's months: steady, a bad spring, then up month after month."""
    current = story.challenge_month + 1
    start = current - CLIMB_MONTHS
    for month in range(len(months)):
        step = min(max(month - start, 0), CLIMB_MONTHS)
        months[month] = (
            BEFORE_CLIMB
            if month < start
            else CLIMB_FROM + (CLIMB_TO - CLIMB_FROM) * step / CLIMB_MONTHS
        )
