"""Importing points of sale and people from a file: validate everything, then write everything.

A file with a single bad row imports nothing; every bad row is reported with its line, column and
reason. Rows are matched by code (points of sale) or email (people), so sending the same file
again changes nothing.
"""

import datetime as dt
from dataclasses import dataclass

from django.core.validators import validate_email
from django.db import transaction
from django.forms import ValidationError
from django.utils.translation import gettext as _

from ..audit import Action, audit_record
from ..models import PointOfSale, Region, Role, Tenant, User, Zone
from ..tabular import ImportRejected, RowError, map_columns, read_table
from .organisation import point_of_sale_save, region_save, zone_save
from .people import membership_save, user_get_or_create

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
    "date_d'ouverture": "opening_date",
}
PEOPLE_COLUMNS = {
    "email": "email", "e_mail": "email", "courriel": "email",
    "first_name": "first_name", "prenom": "first_name",
    "last_name": "last_name", "nom": "last_name",
    "role": "role", "scope": "scope", "perimetre": "scope",
    "job_title": "job_title", "fonction": "job_title",
    "language": "language", "langue": "language",
}
ROLE_NAMES = {
    **{role.value: role.value for role in Role},
    "siege": Role.HEAD_OFFICE, "directeur_regional": Role.REGIONAL_DIRECTOR,
    "animateur": Role.ANIMATOR, "responsable_pdv": Role.POS_MANAGER,
    "collaborateur_pdv": Role.POS_STAFF,
}


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0

    @property
    def total(self) -> int:
        return self.created + self.updated


def parse_date(text: str) -> dt.date:
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(text.strip(), fmt).date()  # noqa: DTZ007  # a plain date
        except ValueError:
            continue
    raise ValueError(text)


def _cell(row: list[str], positions: dict[str, int], name: str) -> str:
    index = positions.get(name)
    return row[index].strip() if index is not None and index < len(row) else ""


def _choice(value: str, choices: type, default: str) -> str | None:
    if not value:
        return default
    by_label = {str(label).lower(): key for key, label in choices.choices}
    lowered = value.lower()
    if lowered in {str(key).lower() for key in choices.values}:
        return next(key for key in choices.values if str(key).lower() == lowered)
    return by_label.get(lowered)


def points_of_sale_import(*, tenant: Tenant, actor: User | None, content: bytes,
                          filename: str) -> ImportResult:
    header, rows = read_table(content, filename)
    positions = map_columns(header, POINT_OF_SALE_COLUMNS, {"code", "name", "zone"})
    regions = {r.code: r for r in Region.objects.filter(tenant=tenant)}
    zones = {z.code: z for z in Zone.objects.filter(tenant=tenant)}
    existing = {p.code: p for p in PointOfSale.objects.filter(tenant=tenant)}
    errors: list[RowError] = []
    parsed, seen = [], set()
    new_regions: dict[str, str] = {}
    new_zones: dict[str, tuple[str, str]] = {}
    for line, row in rows:
        value = lambda name: _cell(row, positions, name)  # noqa: E731
        code, zone_code = value("code"), value("zone")
        fields: dict = {"name": value("name"), "city": value("city")}
        if not code:
            errors.append(RowError(line, "code", _("The code is empty.")))
        elif code in seen:
            errors.append(RowError(line, "code", _("This code appears twice in the file.")))
        seen.add(code)
        if not fields["name"]:
            errors.append(RowError(line, "name", _("The name is empty.")))
        if zone_code not in zones and zone_code not in new_zones:
            region_code = value("region")
            if not zone_code or not value("zone_name") or not region_code:
                errors.append(RowError(line, "zone", _("Unknown zone “%(code)s”; give zone_name and region to create it.") % {"code": zone_code}))
            elif region_code not in regions and not value("region_name") and region_code not in new_regions:
                errors.append(RowError(line, "region", _("Unknown region “%(code)s”; give region_name to create it.") % {"code": region_code}))
            else:
                new_zones[zone_code] = (value("zone_name"), region_code)
                if region_code not in regions:
                    new_regions.setdefault(region_code, value("region_name"))
        fields["type"] = _choice(value("type"), PointOfSale.Type, PointOfSale.Type.DEALER)
        if fields["type"] is None:
            errors.append(RowError(line, "type", _("Unknown type “%(value)s”.") % {"value": value("type")}))
        fields["size_class"] = _choice(value("size_class"), PointOfSale.SizeClass, PointOfSale.SizeClass.MEDIUM)
        if fields["size_class"] is None:
            errors.append(RowError(line, "size_class", _("Unknown size class “%(value)s”.") % {"value": value("size_class")}))
        fields["brands"] = [b.strip() for b in value("brands").replace("|", ",").split(",") if b.strip()]
        fields["opening_date"] = None
        if value("opening_date"):
            try:
                fields["opening_date"] = parse_date(value("opening_date"))
            except ValueError:
                errors.append(RowError(line, "opening_date", _("“%(value)s” is not a date (dd/mm/yyyy or yyyy-mm-dd).") % {"value": value("opening_date")}))
        parsed.append((code, zone_code, fields))
    if errors:
        raise ImportRejected(errors)
    with transaction.atomic():
        for region_code, region_name in new_regions.items():
            regions[region_code] = region_save(tenant=tenant, actor=actor, code=region_code, name=region_name)
        for zone_code, (zone_name, region_code) in new_zones.items():
            zones[zone_code] = zone_save(tenant=tenant, actor=actor, code=zone_code, name=zone_name, region=regions[region_code])
        result = ImportResult()
        for code, zone_code, fields in parsed:
            point = existing.get(code)
            point_of_sale_save(tenant=tenant, actor=actor, point_of_sale=point, zone=zones[zone_code], code=code, **fields)
            if point is None:
                result.created += 1
            else:
                result.updated += 1
        audit_record(tenant=tenant, actor=actor, action=Action.IMPORT, target=f"points_of_sale:{filename}", after={"created": result.created, "updated": result.updated})
    return result


def people_import(*, tenant: Tenant, actor: User | None, content: bytes,
                  filename: str) -> ImportResult:
    header, rows = read_table(content, filename)
    positions = map_columns(header, PEOPLE_COLUMNS, {"email", "role"})
    regions = {r.code: r for r in Region.objects.filter(tenant=tenant)}
    zones = {z.code: z for z in Zone.objects.filter(tenant=tenant)}
    points = {p.code: p for p in PointOfSale.objects.filter(tenant=tenant)}
    known_emails = set(
        User.objects.filter(memberships__tenant=tenant).values_list("email", flat=True)
    )
    errors: list[RowError] = []
    parsed, seen = [], set()
    for line, row in rows:
        value = lambda name: _cell(row, positions, name)  # noqa: E731
        email = value("email").lower()
        try:
            validate_email(email)
        except ValidationError:
            errors.append(RowError(line, "email", _("“%(value)s” is not an email address.") % {"value": email}))
        if email in seen:
            errors.append(RowError(line, "email", _("This email appears twice in the file.")))
        seen.add(email)
        role = ROLE_NAMES.get(value("role").lower().replace(" ", "_").replace("é", "e"))
        scope: dict = {}
        if role is None:
            errors.append(RowError(line, "role", _("Unknown role “%(value)s”.") % {"value": value("role")}))
        else:
            scope_error = _parse_scope(role, value("scope"), regions, zones, points, scope)
            if scope_error:
                errors.append(RowError(line, "scope", scope_error))
        language = value("language").lower() or "fr"
        if language not in ("fr", "en"):
            errors.append(RowError(line, "language", _("The language must be fr or en.")))
        parsed.append((email, role, scope, language, value("first_name"), value("last_name"), value("job_title")))
    if errors:
        raise ImportRejected(errors)
    result = ImportResult()
    with transaction.atomic():
        for email, role, scope, language, first_name, last_name, job_title in parsed:
            user = user_get_or_create(email=email, first_name=first_name, last_name=last_name, language=language)
            membership_save(tenant=tenant, actor=actor, user=user, role=role, job_title=job_title, **scope)
            if email in known_emails:
                result.updated += 1
            else:
                result.created += 1
        audit_record(tenant=tenant, actor=actor, action=Action.IMPORT, target=f"people:{filename}", after={"created": result.created, "updated": result.updated})
    return result


def _parse_scope(role: str, text: str, regions: dict, zones: dict, points: dict,
                 scope: dict) -> str:
    codes = [code.strip() for code in text.replace(",", "|").split("|") if code.strip()]
    if role == Role.REGIONAL_DIRECTOR:
        if len(codes) != 1 or codes[0] not in regions:
            return _("A regional director needs one known region code.")
        scope["region"] = regions[codes[0]]
    elif role == Role.ANIMATOR:
        unknown = [code for code in codes if code not in zones]
        if not codes or unknown:
            return _("An animator needs known zone codes separated by |.")
        scope["zones"] = [zones[code] for code in codes]
    elif role in (Role.POS_MANAGER, Role.POS_STAFF):
        if len(codes) != 1 or codes[0] not in points:
            return _("Point of sale staff need one known point of sale code.")
        scope["point_of_sale"] = points[codes[0]]
    return ""
