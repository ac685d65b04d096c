"""Mystery-visit and customer-survey campaigns: created by head office, their scores imported
from the firm's CSV/XLSX file (point of sale code, date, score 0–100), all or nothing: a file
with one bad row writes nothing and says the line, column and reason of every bad row, as every
import of the platform does. Sending the same file twice changes nothing (a point of sale's
score on a date is replaced). A score can also be typed in by hand."""

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from kpis.services.computed import computed_kpis_ensure
from network_animation.audit import audit_record
from network_animation.data_versions import data_changed
from network_animation.models import Membership, PointOfSale, Tenant
from network_animation.services.imports import Row, parse_date
from network_animation.tabular import ImportRejected, RowError, map_columns, read_table

from ...models import SurveyCampaign, SurveyResult
from .. import errors, rights
from ..cache import VISITS
from ..kpi_facts import VISIT_FACTS

CAMPAIGN_IMPORTED = "survey_campaign_imported"
ALIASES = {
    "point_of_sale": "point_of_sale",
    "point_of_sale_code": "point_of_sale",
    "code": "point_of_sale",
    "code_pdv": "point_of_sale",
    "pdv": "point_of_sale",
    "point_de_vente": "point_of_sale",
    "date": "date",
    "score": "score",
    "note": "score",
}


@dataclass(frozen=True)
class ResultRow:
    point_of_sale_id: int
    date: dt.date
    score: float


def _check_manager(actor: Membership) -> None:
    if not rights.can_manage(actor):
        raise PermissionDenied(errors.CANNOT_MANAGE)


@transaction.atomic
def campaign_create(
    *, tenant: Tenant, actor: Membership, name: str, kind: str, firm: str = ""
) -> SurveyCampaign:
    """A campaign; the KPIs its scores become exist from then on."""
    _check_manager(actor)
    if SurveyCampaign.objects.filter(tenant=tenant, name=name).exists():
        raise ValidationError(errors.NAME_TAKEN)
    campaign = SurveyCampaign.objects.create(
        tenant=tenant, name=name, kind=kind, firm=firm, created_by=actor
    )
    computed_kpis_ensure(tenant=tenant, producer=VISIT_FACTS)
    data_changed(tenant=tenant, kinds=[VISITS])
    return campaign


def _score(text: str) -> float | None:
    plain = text.replace("\u00a0", "").replace(" ", "").replace(",", ".").rstrip("%")
    try:
        score = float(plain)
    except ValueError:
        return None
    return score if 0 <= score <= 100 else None


def _parsed(row: Row, codes: dict[str, int], today: dt.date) -> ResultRow | None:
    point_id = codes.get(row("point_of_sale").lower())
    if point_id is None:
        row.error("point_of_sale", str(errors.POINT_OF_SALE_UNKNOWN))
    try:
        day: dt.date | None = parse_date(row("date"))
    except ValueError:
        day = None
        row.error("date", str(errors.DATE_INVALID))
    if day is not None and day > today:
        row.error("date", str(errors.FUTURE_DATE))
    score = _score(row("score"))
    if score is None:
        row.error("score", str(errors.SCORE_INVALID))
    if row.errors or point_id is None or day is None or score is None:
        return None
    return ResultRow(point_id, day, score)


def campaign_results_parse(
    *, tenant: Tenant, content: bytes, filename: str, today: dt.date
) -> list[ResultRow]:
    """The file's scores; ImportRejected with every bad row's line, column and reason."""
    header, rows = read_table(content, filename)
    columns = map_columns(header, ALIASES, required={"point_of_sale", "date", "score"})
    codes = {
        code.lower(): pk
        for code, pk in PointOfSale.objects.filter(tenant=tenant).values_list("code", "pk")
    }
    results: list[ResultRow] = []
    problems: list[RowError] = []
    seen: set[tuple[int, dt.date]] = set()
    for line, cells in rows:
        row = Row(line, cells, columns, [])
        parsed = _parsed(row, codes, today)
        if parsed is not None and (parsed.point_of_sale_id, parsed.date) in seen:
            row.error("date", str(errors.RESULT_TWICE))
        problems.extend(row.errors)
        if parsed is not None and not row.errors:
            seen.add((parsed.point_of_sale_id, parsed.date))
            results.append(parsed)
    if problems:
        raise ImportRejected(problems)
    return results


def _write(tenant: Tenant, campaign: SurveyCampaign, rows: list[ResultRow]) -> None:
    now = timezone.now()
    SurveyResult.objects.bulk_create(
        [
            SurveyResult(
                tenant=tenant,
                campaign=campaign,
                point_of_sale_id=row.point_of_sale_id,
                date=row.date,
                score=row.score,
                updated_at=now,
            )
            for row in rows
        ],
        update_conflicts=True,
        unique_fields=["tenant", "campaign", "point_of_sale", "date"],
        update_fields=["score", "updated_at"],
        batch_size=1000,
    )
    data_changed(tenant=tenant, kinds=[VISITS])


@transaction.atomic
def campaign_import(
    *,
    tenant: Tenant,
    actor: Membership,
    campaign: SurveyCampaign,
    content: bytes,
    filename: str,
    today: dt.date,
) -> int:
    """The file's scores into the campaign; nothing is written if any row is bad."""
    _check_manager(actor)
    rows = campaign_results_parse(tenant=tenant, content=content, filename=filename, today=today)
    _write(tenant, campaign, rows)
    audit_record(
        tenant=tenant,
        actor=actor.user,
        action=CAMPAIGN_IMPORTED,
        target=f"survey_campaign:{campaign.pk}",
        after={"rows": len(rows), "file": filename[:100]},
    )
    return len(rows)


@transaction.atomic
def campaign_result_save(
    *,
    tenant: Tenant,
    actor: Membership,
    campaign: SurveyCampaign,
    point_of_sale: PointOfSale,
    date: dt.date,
    score: float,
    today: dt.date,
) -> None:
    """One score typed in by hand (replacing the point of sale's score of that date)."""
    _check_manager(actor)
    if point_of_sale.tenant_id != tenant.pk:
        raise ValidationError(errors.OF_ANOTHER_NETWORK)
    if date > today:
        raise ValidationError(errors.FUTURE_DATE)
    if not 0 <= score <= 100:
        raise ValidationError(errors.SCORE_INVALID)
    _write(tenant, campaign, [ResultRow(point_of_sale.pk, date, score)])
