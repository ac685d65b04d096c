"""The demo's story, the one a visitor can follow from the demo accounts' zone (the zone of the
brand's first point of sale, the demo animator's):

- **The zone that recovers**: its points of sale fall behind on one KPI (test drives at
  Autonova, loyalty sign-ups at Belle Allure: KPIs the recommendations' planted evidence does
  not use) for two months; its animator then launches a "Reconquête" challenge on it over the
  zone, for two months, and the KPI is back above target from the challenge's start on.
- **The store that wins a label**: a point of sale of the zone (its first smaller than the demo
  accounts' one, so that this one can pass it) sells well above its target all along with
  delighted customers; it holds last year's gold label, awarded as the nightly
  step awards labels (challenges/demo.py). The label is last year's, so the story needs the
  history from January 1 of last year: the demo's 730 days always hold it. With a shorter
  history, the first month's targets count only the days it holds (kpis/demo_series.py), so
  the part of last year there is judged fairly.
- **The dealer who climbs**: the demo accounts' point of sale has a bad spell four months ago,
  then climbs its zone's ranking (by value, as the dashboards rank) month after month, to the
  top or near it last month.

`story_series` writes the figures (a story teller registered with the KPIs' demo, so they are
drawn, loaded and rolled up as every other fact); `story_challenge` launches and closes the
challenge through the challenges' services.
"""

import datetime as dt

import numpy as np
import pandas as pd

from kpis.demo_series import STORY_COLUMNS, DemoStory
from kpis.models import KpiDefinition
from network_animation.models import Membership, Tenant, Zone

from .models import Challenge, ScoringRule
from .services import ChallengeSpec, KpiChoice, challenge_close, challenge_launch

STORY_KPIS = ("essais", "fidelite")  # the first a brand has is the zone's
DIP_MONTHS = (4, 3)  # months before today's the zone falls behind
CHALLENGE_MONTHS = (2, 1)  # the challenge's months; the recovery runs from its start on
DIP, RECOVERY = 0.7, 1.12
STAR_SALES, STAR_SATISFACTION = 1.35, 1.4  # the label winner's performance
SATISFACTION = "satisfaction"
# The climber's performance: BEFORE_CLIMB until five months before today's, then its way from
# the bottom of its climb (0) to the top (1), by months before today's. The bottom and the top
# are set from its zone's figures (`_climb_ends`), within credible bounds.
BEFORE_CLIMB = 0.95
CLIMB_PATH = {4: 0.0, 3: 1 / 3, 2: 2 / 3, 1: 1.0, 0: 1.0}
CLIMB_BOTTOM, LOWEST_BOTTOM = 0.75, 0.55
CLIMB_TOP, HIGHEST_TOP = 1.2, 1.45
RANK_AT_BOTTOM = 4  # the climber's rank in its zone, by expected value, at the bottom
LEAD = 1.25  # the climber's lead at the top, by expected value: more than a month's noise


def story_kpi(kpis: list[str]) -> str | None:
    return next((code for code in STORY_KPIS if code in kpis), None)


def month_before(today: dt.date, count: int) -> pd.Timestamp:
    return pd.Timestamp(today.replace(day=1)) - pd.DateOffset(months=count)


def story_series(
    *,
    profile: pd.DataFrame,
    months: pd.DatetimeIndex,
    kpis: list[str],
    today: dt.date,
    **_: object,
) -> DemoStory:
    """The story's figures: the performance of the zone, its label winner and its climber."""
    if profile.empty or not kpis:
        return DemoStory.untold()
    zone = profile[profile["zone_id"] == profile["zone_id"].iloc[0]]
    star = _label_winner(zone)
    levels = [
        _climb(zone, star, kpis[0], months, today),
        _passed(zone, star, kpis[0], months, today),
    ]
    if star is not None:
        for code, level in ((kpis[0], STAR_SALES), (SATISFACTION, STAR_SATISFACTION)):
            levels.append(_rows([int(zone["point_of_sale_id"].iloc[star])], code, months, level))
    fallen = story_kpi(kpis)
    factors = [] if fallen is None else [_dip_and_recovery(zone, fallen, months, today)]
    return DemoStory(_frame(levels), _frame(factors))


def _label_winner(zone: pd.DataFrame) -> int | None:
    """The row of the zone's label winner: its first point of sale after the climber smaller
    than the climber (so that the climber can pass it), else its second."""
    if len(zone) < 2:
        return None
    sizes = zone["size"].to_numpy()
    smaller = np.flatnonzero(sizes[1:] < sizes[0])
    return int(smaller[0]) + 1 if len(smaller) else 1


def _frame(parts: list[pd.DataFrame]) -> pd.DataFrame:
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=STORY_COLUMNS)


def _rows(
    points: list[int], code: str, months: pd.DatetimeIndex | list[pd.Timestamp], value: float
) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"point_of_sale_id": point, "kpi": code, "month": month, "value": value}
            for point in points
            for month in months
        ],
        columns=STORY_COLUMNS,
    )


def _dip_and_recovery(
    zone: pd.DataFrame, code: str, months: pd.DatetimeIndex, today: dt.date
) -> pd.DataFrame:
    points = zone["point_of_sale_id"].astype(int).tolist()
    dip = [month_before(today, count) for count in DIP_MONTHS]
    start = month_before(today, CHALLENGE_MONTHS[0])
    return pd.concat(
        [
            _rows(points, code, dip, DIP),
            _rows(points, code, [month for month in months if month >= start], RECOVERY),
        ],
        ignore_index=True,
    )


def _climb(
    zone: pd.DataFrame, star: int | None, code: str, months: pd.DatetimeIndex, today: dt.date
) -> pd.DataFrame:
    """The climber's performance month by month: steady, then a bad spell, then up."""
    bottom, top = _climb_ends(zone, star, _pace(zone, months, today))
    values = []
    for month in months:
        ago = _months_ago(month, today)
        if ago in CLIMB_PATH:
            values.append(bottom + (top - bottom) * CLIMB_PATH[ago])
        else:
            values.append((BEFORE_CLIMB + bottom) / 2 if ago == 5 else BEFORE_CLIMB)
    return pd.DataFrame(
        {
            "point_of_sale_id": int(zone["point_of_sale_id"].iloc[0]),
            "kpi": code,
            "month": list(months),
            "value": values,
        },
        columns=STORY_COLUMNS,
    )


def _climb_ends(zone: pd.DataFrame, star: int | None, pace: np.ndarray) -> tuple[float, float]:
    """The climber's performance at the bottom of its climb (behind RANK_AT_BOTTOM - 1 of its
    zone, by expected value, as far as a credible bad month allows) and at the top (ahead of
    them all, as far as a credible good month allows)."""
    size = float(pace[0])
    expected = pace * zone["performance"].to_numpy(dtype=float)
    if star is not None:  # the label winner, at its story's level
        expected[star] = pace[star] * STAR_SALES
    others = np.sort(expected[1:])[::-1]
    bottom, top = CLIMB_BOTTOM, CLIMB_TOP
    if len(others) >= RANK_AT_BOTTOM - 1:
        behind = 0.95 * others[RANK_AT_BOTTOM - 2] / size
        bottom = float(np.clip(behind, LOWEST_BOTTOM, CLIMB_BOTTOM))
    if len(others):
        top = float(np.clip(LEAD * others[0] / size, CLIMB_TOP, HIGHEST_TOP))
    return bottom, top


def _passed(
    zone: pd.DataFrame, star: int | None, code: str, months: pd.DatetimeIndex, today: dt.date
) -> pd.DataFrame:
    """The zone's leaders whom no credible month of the climber's would pass (a larger point of
    sale in a good year) have an ordinary month while it is at the top of its climb."""
    sizes = _pace(zone, months, today)
    _bottom, top = _climb_ends(zone, star, sizes)
    ahead = top * sizes[0] / LEAD
    leaders = [
        row
        for row in range(1, len(zone))
        if row != star and sizes[row] * float(zone["performance"].iloc[row]) > ahead
    ]
    at_top = [month for month in months if CLIMB_PATH.get(_months_ago(month, today)) == 1.0]
    return _frame(
        [
            _rows([int(zone["point_of_sale_id"].iloc[row])], code, at_top, ahead / sizes[row])
            for row in leaders
        ]
    )


def _pace(zone: pd.DataFrame, months: pd.DatetimeIndex, today: dt.date) -> np.ndarray:
    """Each point of sale's level today before its performance: its size and its trend."""
    years = (pd.Timestamp(today) - months[0]).days / 365.25 if len(months) else 0.0
    return zone["size"].to_numpy(dtype=float) * (1 + zone["trend"].to_numpy(dtype=float) * years)


def _months_ago(month: pd.Timestamp, today: dt.date) -> int:
    return (today.year - month.year) * 12 + today.month - month.month


def story_challenge(
    *, tenant: Tenant, zone: Zone, animator: Membership | None, today: dt.date
) -> Challenge | None:
    """The zone's "Reconquête" challenge on the KPI it fell behind on, launched by its animator
    at the start of its first month, closed at the end of its last."""
    kpi = KpiDefinition.objects.filter(tenant=tenant, code__in=STORY_KPIS).first()
    if kpi is None:
        return None
    start = month_before(today, CHALLENGE_MONTHS[0]).date()
    end = (month_before(today, CHALLENGE_MONTHS[-1] - 1) - pd.Timedelta(days=1)).date()
    spec = ChallengeSpec(
        name=f"Reconquête {kpi.name_fr}",
        start=start,
        end=end,
        zone=zone,
        kpis=[KpiChoice(kpi)],
        scoring_rule=ScoringRule.ACHIEVEMENT,
        rewards={"winner_count": 3, "winner_points": 100, "threshold": 1.0, "threshold_points": 50},
    )
    challenge = challenge_launch(tenant=tenant, actor=animator, today=start, spec=spec)
    challenge_close(tenant=tenant, challenge=challenge, today=today)
    return challenge
