"""The content the engine ranks, as the frames `rank_content` reads, loaded through the owning
apps' reads (DESIGN section 1).

Micro-learning modules are exposures when someone of a point of sale first finished them; the
communities' best practices, published lesson sheets and library documents when someone of it
first read them (communities.FirstRead: a best practice's thread, a lesson sheet's threads or
its library document, a document's page or file). Reads before first reads were recorded are
unknown, not misdated. Items are keyed "<kind>:<id>" ("module:12", "best_practice:40"); their
`kpis` are the KPIs' ids, as `kpi_months` names KPIs.
"""

import pandas as pd
from django.utils import timezone

from communities import recommendation_reads as community_reads
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


def items_frame(
    *, tenant: Tenant, pieces: list[community_reads.Piece] | None = None
) -> pd.DataFrame:
    """item, kind, kpis: every published module with the KPIs it is linked to, then the
    communities' content (`pieces`, read if not given)."""
    kpis: dict[int, list[int]] = {}
    for module, kpi in learning_reads.published_module_kpis(tenant=tenant):
        kpis.setdefault(module, [])
        if kpi is not None:
            kpis[module].append(kpi)
    rows = [
        (item_key(ContentKind.MODULE, pk), ContentKind.MODULE.value, k) for pk, k in kpis.items()
    ]
    if pieces is None:
        pieces = community_reads.recommendable_content(tenant=tenant)
    rows += [(item_key(p.kind, p.id), p.kind, sorted(p.kpis)) for p in pieces]
    return pd.DataFrame(rows, columns=ITEM_COLUMNS)


def exposures_frame(
    *, tenant: Tenant, pieces: list[community_reads.Piece] | None = None
) -> pd.DataFrame:
    """point_of_sale, item, date: the first day someone of the point of sale finished a
    module, or read a piece of the communities' content (in the local time zone)."""
    rows = [
        (point, item_key(ContentKind.MODULE, module), timezone.localdate(first))
        for point, module, first in learning_reads.modules_done_by_points_of_sale(tenant=tenant)
    ]
    if pieces is None:
        pieces = community_reads.recommendable_content(tenant=tenant)
    by_thread: dict[int, list[str]] = {}
    by_document: dict[int, list[str]] = {}
    for piece in pieces:
        for thread in piece.threads:
            by_thread.setdefault(thread, []).append(item_key(piece.kind, piece.id))
        for document in piece.documents:
            by_document.setdefault(document, []).append(item_key(piece.kind, piece.id))
    for point, read_thread, read_document, first in community_reads.first_reads_by_points_of_sale(
        tenant=tenant
    ):
        keys = by_thread.get(read_thread or 0, []) + by_document.get(read_document or 0, [])
        rows += [(point, key, timezone.localdate(first)) for key in keys]
    return pd.DataFrame(rows, columns=EXPOSURE_COLUMNS)
