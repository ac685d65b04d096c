"""Writes on the organisation: regions, zones, points of sale."""

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction

from ..audit import Action, AuditChange, audit_record, audit_record_many
from ..data_versions import ORGANISATION, data_changed
from ..models import PointOfSale, Region, Tenant, User, Zone


def _changed(instance: Any, fields: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    before, after = {}, {}
    for name, value in fields.items():
        try:
            old = getattr(instance, name)
        except ObjectDoesNotExist:  # a new row's foreign key
            old = None
        if old != value:
            before[name], after[name] = _plain(old), _plain(value)
            setattr(instance, name, value)
    return before, after


def _plain(value: Any) -> Any:
    if hasattr(value, "pk"):
        return value.pk
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _audit_change(
    *,
    tenant: Tenant,
    actor: User | None,
    instance: Any,
    before: dict[str, Any],
    after: dict[str, Any],
) -> None:
    if after:
        audit_record(
            tenant=tenant,
            actor=actor,
            action=Action.ORGANISATION_CHANGED,
            target=f"{instance._meta.model_name}:{instance.pk}",
            before=before,
            after=after,
        )


# What a points-of-sale file may give (services/imports.py).
IMPORTED_FIELDS = ["name", "type", "size_class", "brands", "city", "opening_date"]


@transaction.atomic
def region_save(
    *, tenant: Tenant, actor: User | None, region: Region | None = None, code: str, name: str
) -> Region:
    region = region or Region(tenant=tenant)
    before, after = _changed(region, {"code": code, "name": name})
    region.save()
    data_changed(tenant=tenant, kinds=[ORGANISATION])
    _audit_change(tenant=tenant, actor=actor, instance=region, before=before, after=after)
    return region


@transaction.atomic
def zone_save(
    *,
    tenant: Tenant,
    actor: User | None,
    zone: Zone | None = None,
    code: str,
    name: str,
    region: Region,
) -> Zone:
    if region.tenant_id != tenant.pk:
        raise ValueError("The region belongs to another tenant.")
    zone = zone or Zone(tenant=tenant)
    before, after = _changed(zone, {"code": code, "name": name, "region": region})
    zone.save()
    data_changed(tenant=tenant, kinds=[ORGANISATION])
    _audit_change(tenant=tenant, actor=actor, instance=zone, before=before, after=after)
    return zone


@transaction.atomic
def point_of_sale_save(
    *,
    tenant: Tenant,
    actor: User | None,
    point_of_sale: PointOfSale | None = None,
    zone: Zone,
    **fields: Any,
) -> PointOfSale:
    if zone.tenant_id != tenant.pk:
        raise ValueError("The zone belongs to another tenant.")
    point_of_sale = point_of_sale or PointOfSale(tenant=tenant)
    before, after = _changed(point_of_sale, {"zone": zone, **fields})
    point_of_sale.save()
    data_changed(tenant=tenant, kinds=[ORGANISATION])
    _audit_change(tenant=tenant, actor=actor, instance=point_of_sale, before=before, after=after)
    return point_of_sale


@dataclass(frozen=True)
class PointOfSaleRow:
    """A point of sale as an import gives it: the existing one (or None), its zone, its fields."""

    point_of_sale: PointOfSale | None
    zone: Zone
    code: str
    fields: dict[str, Any]


@transaction.atomic
def points_of_sale_save_many(
    *, tenant: Tenant, actor: User | None, rows: list[PointOfSaleRow]
) -> tuple[int, int]:
    """Create and change points of sale in one batch whatever their number (an import); a row
    that says what its point of sale already is writes nothing. Returns (created, changed)."""
    created: list[PointOfSale] = []
    changed: list[PointOfSale] = []
    audit: list[tuple[PointOfSale, dict[str, Any], dict[str, Any]]] = []
    for row in rows:
        if row.zone.tenant_id != tenant.pk:
            raise ValueError("The zone belongs to another tenant.")
        point = row.point_of_sale or PointOfSale(tenant=tenant)
        before, after = _changed(point, {"zone": row.zone, "code": row.code, **row.fields})
        if point.pk is None:
            created.append(point)
        elif after:
            changed.append(point)
            audit.append((point, before, after))
    PointOfSale.objects.bulk_create(created)
    PointOfSale.objects.bulk_update(changed, fields=[*IMPORTED_FIELDS, "zone", "code"])
    audit_record_many(
        tenant=tenant,
        actor=actor,
        action=Action.ORGANISATION_CHANGED,
        changes=[
            AuditChange(f"pointofsale:{point.pk}", before=before, after=after)
            for point, before, after in audit
        ],
    )
    if created or changed:
        data_changed(tenant=tenant, kinds=[ORGANISATION])
    return len(created), len(changed)
