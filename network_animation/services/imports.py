"""Importing points of sale and people from a file: validate everything, then write everything.

A file with a single bad row imports nothing; every bad row is reported with its line, column and
reason. Rows are matched by code (points of sale) or email (people), so sending the same file
again changes nothing.
"""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.validators import validate_email
from django.db import transaction
from django.forms import ValidationError
from django.utils.translation import gettext as _

from ..audit import Action, audit_record
from ..models import Membership, PointOfSale, Region, Role, Tenant, User, Zone
from ..tabular import Columns, ImportRejected, RowError, map_columns, read_table
from .invitations import Invitee, invitations_send
from .organisation import PointOfSaleRow, points_of_sale_save_many, region_save, zone_save
from .people import (
    ROLE_SCOPE_FIELD,
    MembershipChange,
    RoleScopeInvalid,
    memberships_update,
    role_scope_check,
)

# The column tables read one line per field: the names a file may give it, then the field.
POINT_OF_SALE_COLUMNS = {
    "code": "code", "code_pdv": "code", "point_of_sale": "code",
    "name": "name", "nom": "name",
    "zone": "zone", "code_zone": "zone", "zone_code": "zone",
    "zone_name": "zone_name", "nom_zone": "zone_name",
    "region": "region", "code_region": "region", "region_code": "region",
    "region_name": "region_name", "nom_region": "region_name",
    "type": "type", "size_class": "size_class", "taille": "size_class", "size": "size_class",
    "brands": "brands", "marques": "brands", "city": "city", "ville": "city",
    "opening_date": "opening_date", "date_ouverture": "opening_date",
}  # fmt: skip
PEOPLE_COLUMNS = {
    "email": "email", "e_mail": "email", "courriel": "email",
    "first_name": "first_name", "prenom": "first_name",
    "last_name": "last_name", "nom": "last_name",
    "role": "role", "scope": "scope", "perimetre": "scope",
    "job_title": "job_title", "fonction": "job_title",
    "language": "language", "langue": "language",
}  # fmt: skip
ROLE_NAMES = {
    **{role.value: role.value for role in Role},
    "siege": Role.HEAD_OFFICE,
    "directeur_regional": Role.REGIONAL_DIRECTOR,
    "animateur": Role.ANIMATOR,
    "responsable_pdv": Role.POS_MANAGER,
    "collaborateur_pdv": Role.POS_STAFF,
}


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    invited: int = 0

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged + self.invited


def parse_date(text: str) -> dt.date:
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(text.strip(), fmt).date()  # noqa: DTZ007  # a plain date
        except ValueError:
            continue
    raise ValueError(text)


@dataclass
class Row:
    """One data row of an uploaded table, read by column name."""

    line: int
    cells: list[str]
    positions: Columns
    errors: list[RowError]

    def __call__(self, name: str) -> str:
        index = self.positions.get(name)
        return self.cells[index].strip() if index is not None and index < len(self.cells) else ""

    def error(self, column: str, reason: str) -> None:
        self.errors.append(RowError(self.line, self.positions.name(column), reason))


def _choice(value: str, choices: Any, default: str) -> str | None:
    """A choice given by its code or its label, in any case."""
    if not value:
        return default
    lowered = value.lower()
    for key, label in choices.choices:
        if lowered in (str(key).lower(), str(label).lower()):
            return key
    return None


@dataclass
class PointOfSalePlan:
    """What a points-of-sale file will write, once every row is known to be good."""

    regions: dict[str, Region]
    zones: dict[str, Zone]
    existing: dict[str, PointOfSale]
    new_regions: dict[str, str] = field(default_factory=dict)
    new_zones: dict[str, tuple[str, str]] = field(default_factory=dict)
    rows: list[tuple[str, str, dict[str, Any]]] = field(default_factory=list)
    seen: set[str] = field(default_factory=set)


def _plan_zone(row: Row, plan: PointOfSalePlan) -> None:
    zone_code, region_code = row("zone"), row("region")
    if zone_code in plan.zones or zone_code in plan.new_zones:
        return
    if not (zone_code and row("zone_name") and region_code):
        reason = _("Unknown zone “%(code)s”; give zone_name and region to create it.")
        row.error("zone", reason % {"code": zone_code})
    elif (
        region_code not in plan.regions
        and region_code not in plan.new_regions
        and not row("region_name")
    ):
        reason = _("Unknown region “%(code)s”; give region_name to create it.")
        row.error("region", reason % {"code": region_code})
    else:
        plan.new_zones[zone_code] = (row("zone_name"), region_code)
        if region_code not in plan.regions:
            plan.new_regions.setdefault(region_code, row("region_name"))


def _plan_point_of_sale(row: Row, plan: PointOfSalePlan) -> None:
    code = row("code")
    if not code:
        row.error("code", _("The code is empty."))
    elif code in plan.seen:
        row.error("code", _("This code appears twice in the file."))
    plan.seen.add(code)
    if not row("name"):
        row.error("name", _("The name is empty."))
    _plan_zone(row, plan)
    fields: dict[str, Any] = {"name": row("name"), "city": row("city"), "opening_date": None}
    fields["type"] = _choice(row("type"), PointOfSale.Type, PointOfSale.Type.DEALER)
    if fields["type"] is None:
        row.error("type", _("Unknown type “%(value)s”.") % {"value": row("type")})
    fields["size_class"] = _choice(row("size_class"), PointOfSale.SizeClass, "M")
    if fields["size_class"] is None:
        reason = _("Unknown size class “%(value)s”.") % {"value": row("size_class")}
        row.error("size_class", reason)
    brands = row("brands").replace("|", ",").split(",")
    fields["brands"] = [brand.strip() for brand in brands if brand.strip()]
    if row("opening_date"):
        try:
            fields["opening_date"] = parse_date(row("opening_date"))
        except ValueError:
            reason = _("“%(value)s” is not a date (dd/mm/yyyy or yyyy-mm-dd).")
            row.error("opening_date", reason % {"value": row("opening_date")})
    plan.rows.append((code, row("zone"), fields))


def points_of_sale_import(
    *, tenant: Tenant, actor: User | None, content: bytes, filename: str
) -> ImportResult:
    header, rows = read_table(content, filename)
    positions = map_columns(header, POINT_OF_SALE_COLUMNS, {"code", "name", "zone"})
    plan = PointOfSalePlan(
        regions={r.code: r for r in Region.objects.filter(tenant=tenant)},
        zones={z.code: z for z in Zone.objects.filter(tenant=tenant)},
        existing={
            p.code: p for p in PointOfSale.objects.filter(tenant=tenant).select_related("zone")
        },
    )
    errors: list[RowError] = []
    for line, cells in rows:
        _plan_point_of_sale(Row(line, cells, positions, errors), plan)
    if errors:
        raise ImportRejected(errors)
    return _write_points_of_sale(tenant=tenant, actor=actor, plan=plan, filename=filename)


@transaction.atomic
def _write_points_of_sale(
    *, tenant: Tenant, actor: User | None, plan: PointOfSalePlan, filename: str
) -> ImportResult:
    for code, name in plan.new_regions.items():
        plan.regions[code] = region_save(tenant=tenant, actor=actor, code=code, name=name)
    for code, (name, region_code) in plan.new_zones.items():
        plan.zones[code] = zone_save(
            tenant=tenant, actor=actor, code=code, name=name, region=plan.regions[region_code]
        )
    rows = [
        PointOfSaleRow(plan.existing.get(code), plan.zones[zone_code], code, fields)
        for code, zone_code, fields in plan.rows
    ]
    created, updated = points_of_sale_save_many(tenant=tenant, actor=actor, rows=rows)
    unchanged = len(rows) - created - updated
    result = ImportResult(created=created, updated=updated, unchanged=unchanged)
    _audit_import(tenant=tenant, actor=actor, what=f"points_of_sale:{filename}", result=result)
    return result


def _audit_import(*, tenant: Tenant, actor: User | None, what: str, result: ImportResult) -> None:
    audit_record(
        tenant=tenant,
        actor=actor,
        action=Action.IMPORT,
        target=what,
        after={
            "created": result.created,
            "updated": result.updated,
            "unchanged": result.unchanged,
            "invited": result.invited,
        },
    )


@dataclass
class PeoplePlan:
    regions: dict[str, Region]
    zones: dict[str, Zone]
    points: dict[str, PointOfSale]
    tenant: Tenant
    rows: list[dict[str, Any]] = field(default_factory=list)
    seen: set[str] = field(default_factory=set)


def _plan_person(row: Row, plan: PeoplePlan) -> None:
    email = row("email").lower()
    try:
        validate_email(email)
    except ValidationError:
        row.error("email", _("“%(value)s” is not an email address.") % {"value": email})
    if email in plan.seen:
        row.error("email", _("This email appears twice in the file."))
    plan.seen.add(email)
    person = {
        "email": email,
        "language": row("language").lower() or "fr",
        "first_name": row("first_name"),
        "last_name": row("last_name"),
        "job_title": row("job_title"),
    }
    role = ROLE_NAMES.get(row("role").lower().replace(" ", "_").replace("é", "e"))
    if role is None:
        row.error("role", _("Unknown role “%(value)s”.") % {"value": row("role")})
    elif scope_error := _parse_scope(role, row("scope"), plan, person):
        row.error("scope", scope_error)
    if person["language"] not in ("fr", "en"):
        row.error("language", _("The language must be fr or en."))
    plan.rows.append(person)


def people_import(
    *, tenant: Tenant, actor: User | None, content: bytes, filename: str
) -> ImportResult:
    """Members get the role and scope of their row; other addresses are invited (whether they
    have an account or not: the same answer either way), and nobody's name is changed."""
    header, rows = read_table(content, filename)
    positions = map_columns(header, PEOPLE_COLUMNS, {"email", "role"})
    plan = PeoplePlan(
        regions={r.code: r for r in Region.objects.filter(tenant=tenant)},
        zones={z.code: z for z in Zone.objects.filter(tenant=tenant)},
        points={p.code: p for p in PointOfSale.objects.filter(tenant=tenant)},
        tenant=tenant,
    )
    errors: list[RowError] = []
    for line, cells in rows:
        _plan_person(Row(line, cells, positions, errors), plan)
    if errors:
        raise ImportRejected(errors)
    return _write_people(tenant=tenant, actor=actor, plan=plan, filename=filename)


@transaction.atomic
def _write_people(
    *, tenant: Tenant, actor: User | None, plan: PeoplePlan, filename: str
) -> ImportResult:
    members = {
        membership.user.email.lower(): membership
        for membership in Membership.objects.filter(tenant=tenant).select_related("user")
    }
    changes = [_change(members[row["email"]], row) for row in plan.rows if row["email"] in members]
    invitees = [_invitee(row) for row in plan.rows if row["email"] not in members]
    updated = memberships_update(tenant=tenant, actor=actor, changes=changes)
    result = ImportResult(
        updated=updated,
        unchanged=len(changes) - updated,
        invited=len(invitations_send(tenant=tenant, actor=actor, invitees=invitees)),
    )
    _audit_import(tenant=tenant, actor=actor, what=f"people:{filename}", result=result)
    return result


def _change(member: Membership, row: dict[str, Any]) -> MembershipChange:
    """A member's row: their new role, scope and job title; their state kept."""
    return MembershipChange(member, row["scope"], row["job_title"], member.is_active)


def _invitee(row: dict[str, Any]) -> Invitee:
    return Invitee(
        email=row["email"],
        scope=row["scope"],
        job_title=row["job_title"],
        first_name=row["first_name"],
        last_name=row["last_name"],
        language=row["language"],
    )


def _parse_scope(role: str, text: str, plan: PeoplePlan, row: dict[str, Any]) -> str:
    """The scope codes of a row, read for the field its role needs, then checked by the
    people service's rule (`role_scope_check`): the row gets its scope, or an error."""
    codes = [code.strip() for code in text.replace(",", "|").split("|") if code.strip()]
    needed = ROLE_SCOPE_FIELD.get(role)
    scope: dict[str, Any] = {}
    if needed is not None:
        units_by_field: dict[str, dict[str, Any]] = {
            "region": plan.regions,
            "zones": plan.zones,
            "point_of_sale": plan.points,
        }
        known = units_by_field[needed]
        unknown = [code for code in codes if code not in known]
        if unknown:
            return _("Unknown code “%(value)s”.") % {"value": unknown[0]}
        if needed != "zones" and len(codes) > 1:
            return _("Give one code only for this role.")
        units = [known[code] for code in codes]
        scope[needed] = units if needed == "zones" else (units[0] if units else None)
    try:
        row["scope"] = role_scope_check(tenant=plan.tenant, role=role, **scope)
    except RoleScopeInvalid as invalid:
        return str(invalid.message)
    return ""
