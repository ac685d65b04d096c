"""What the pure computations read, as DataFrames, loaded through the other apps' selectors
(DESIGN section 1): the points of sale's profiles and their month rollups."""

import datetime as dt

import pandas as pd

from kpis import recommendation_reads as kpi_reads
from network_animation import selectors as organisation
from network_animation.models import Tenant

PROFILE_COLUMNS = ["point_of_sale", "zone", "type", "size_class", "brands", "opening_date"]


def profiles_frame(*, tenant: Tenant) -> pd.DataFrame:
    """The tenant's active points of sale: point_of_sale, zone, type, size_class, brands,
    opening_date."""
    points = organisation.point_of_sale_list(tenant=tenant).filter(is_active=True)
    rows = points.select_related(None).order_by("pk")
    values = rows.values_list("pk", "zone_id", "type", "size_class", "brands", "opening_date")
    return pd.DataFrame(list(values), columns=PROFILE_COLUMNS)


def kpi_months_frame(*, tenant: Tenant, start: dt.date, end: dt.date) -> pd.DataFrame:
    """Month rollups of points of sale from `start` to `end`, with each KPI's direction:
    point_of_sale, kpi, month, value, target, projection, higher_is_better."""
    rows = kpi_reads.point_of_sale_months(tenant=tenant, start=start, end=end)
    frame = pd.DataFrame(rows, columns=list(kpi_reads.MONTH_COLUMNS))
    directions = kpi_reads.kpi_higher_is_better(tenant=tenant)
    frame["higher_is_better"] = frame["kpi"].map(directions).fillna(True).astype(bool)
    for column in ("value", "target", "projection"):
        frame[column] = pd.to_numeric(frame[column], errors="coerce").astype(float)
    return frame


def months_before(month: dt.date, count: int) -> dt.date:
    """The first day of the month `count` months before `month`."""
    index = month.year * 12 + month.month - 1 - count
    return dt.date(index // 12, index % 12 + 1, 1)
