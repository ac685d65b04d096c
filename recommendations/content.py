"""The content the engine ranks, as the frames `rank_content` reads, loaded through the owning
apps' reads (DESIGN section 1).

Only micro-learning modules are loaded for now: they are the one kind of content whose use is
recorded per person and dated, hence per point of sale (a module finished). The communities
record no reading of a library document or a lesson sheet; a thread's read marker keeps the
latest read of a best practice, not the first, and a like has no date: the exposure would be
misdated. With no exposure the engine finds no evidence for an item, so listing them would
change nothing. Items are keyed "<kind>:<id>" ("module:12"); their `kpis` are the
KPIs' ids, as `kpi_months` names KPIs.
"""

import pandas as pd
from django.utils import timezone

from microlearning import recommendation_reads as learning_reads
from network_animation.models import Tenant

from .models import ContentKind

ITEM_COLUMNS = ["item", "kind", "kpis"]
EXPOSURE_COLUMNS = ["point_of_sale", "item", "date"]


def item_key(kind: str, pk: int) -> str:
    return f"{kind}:{pk}"


def item_of_key(key: str) -> tuple[str, int]:
    kind, _sep, pk = key.partition(":")
    return kind, int(pk)


def items_frame(*, tenant: Tenant) -> pd.DataFrame:
    """item, kind, kpis: every published module with the KPIs it is linked to."""
    kpis: dict[int, list[int]] = {}
    for module, kpi in learning_reads.published_module_kpis(tenant=tenant):
        kpis.setdefault(module, [])
        if kpi is not None:
            kpis[module].append(kpi)
    rows = [
        (item_key(ContentKind.MODULE, pk), ContentKind.MODULE.value, k) for pk, k in kpis.items()
    ]
    return pd.DataFrame(rows, columns=ITEM_COLUMNS)


def exposures_frame(*, tenant: Tenant) -> pd.DataFrame:
    """point_of_sale, item, date: the first day someone of the point of sale finished a
    module (in the local time zone)."""
    rows = [
        (point, item_key(ContentKind.MODULE, module), timezone.localdate(first))
        for point, module, first in learning_reads.modules_done_by_points_of_sale(tenant=tenant)
    ]
    return pd.DataFrame(rows, columns=EXPOSURE_COLUMNS)
