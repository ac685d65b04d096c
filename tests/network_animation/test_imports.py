"""Organisation imports: every bad row reported, nothing imported from a bad file.

CHECKLIST I1 to I4 and U1 to U3.
"""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from network_animation.models import AuditEvent, Invitation, Membership, PointOfSale, Role, Zone
from network_animation.services.imports import people_import, points_of_sale_import
from network_animation.tabular import ImportRejected
from network_animation.tenancy import all_tenants, tenant_scope

pytestmark = pytest.mark.django_db

GOOD_POINTS = (
    "code;nom;zone;nom_zone;region;nom_region;taille;marques;ville;date_ouverture\n"
    "D001;Garage du Centre;Z-NEW;Zone Nouvelle;R-NEW;Région Nouvelle;L;Autonova|Utilitaires;Lyon;"
    "01/03/1998\n"
    "D002;Garage de la Gare;Z-NEW;;;;S;Autonova;Vienne;2004-09-15\n"
)


def import_points(network, text: str, encoding="utf-8", filename="points.csv"):
    with tenant_scope(network.tenant):
        return points_of_sale_import(
            tenant=network.tenant, actor=None, content=text.encode(encoding), filename=filename
        )


def point_codes(network) -> set[str]:
    with tenant_scope(network.tenant):
        return set(PointOfSale.objects.values_list("code", flat=True))


def test_a_good_file_creates_points_of_sale_zones_and_regions(network_a):
    result = import_points(network_a, GOOD_POINTS)
    assert (result.created, result.updated) == (2, 0)
    with tenant_scope(network_a.tenant):
        point = PointOfSale.objects.select_related("zone__region").get(code="D001")
        assert point.zone.name == "Zone Nouvelle"
        assert point.zone.region.name == "Région Nouvelle"
        assert point.brands == ["Autonova", "Utilitaires"]
        assert point.opening_date.isoformat() == "1998-03-01"
        assert point.size_class == "L"


def test_sending_the_same_file_twice_changes_nothing(network_a):
    import_points(network_a, GOOD_POINTS)
    with tenant_scope(network_a.tenant):
        before = list(PointOfSale.objects.order_by("code").values())
    result = import_points(network_a, GOOD_POINTS)
    assert (result.created, result.updated, result.unchanged) == (0, 0, 2)
    with tenant_scope(network_a.tenant):
        assert list(PointOfSale.objects.order_by("code").values()) == before


def test_bad_rows_are_all_reported_and_nothing_is_imported(network_a):
    bad = (
        "code;name;zone;opening_date;size_class\n"
        f"D010;Good one;{network_a.zone.code};01/01/2001;M\n"
        f"D011;Bad date;{network_a.zone.code};31/02/2001;M\n"
        "D012;Unknown zone;NOPE;01/01/2001;M\n"
        f"D013;Bad size;{network_a.zone.code};;XXL\n"
    )
    before = point_codes(network_a)
    with pytest.raises(ImportRejected) as rejected:
        import_points(network_a, bad)
    errors = {(e.line, e.column) for e in rejected.value.errors}
    assert errors == {(3, "opening_date"), (4, "zone"), (5, "size_class")}
    assert point_codes(network_a) == before


def test_missing_columns_are_named(network_a):
    with pytest.raises(ImportRejected) as rejected:
        import_points(network_a, "code;ville\nD1;Lyon\n")
    assert {e.column for e in rejected.value.errors} == {"name", "zone"}


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
@pytest.mark.parametrize("separator", [";", ","])
def test_french_files_are_read_whatever_their_encoding_and_separator(
    network_a, encoding, separator
):
    text = (
        f"Code PDV{separator}Nom{separator}Zone{separator}Ville\n"
        f"D020{separator}Éts Hervé{separator}{network_a.zone.code}{separator}Besançon\n"
    )
    import_points(network_a, text, encoding=encoding)
    with tenant_scope(network_a.tenant):
        point = PointOfSale.objects.get(code="D020")
    assert (point.name, point.city) == ("Éts Hervé", "Besançon")


def test_xlsx_files_are_read(network_a):
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["code", "name", "zone"])
    sheet.append(["D030", "Garage XLSX", network_a.zone.code])
    buffer = io.BytesIO()
    workbook.save(buffer)
    with tenant_scope(network_a.tenant):
        points_of_sale_import(
            tenant=network_a.tenant, actor=None, content=buffer.getvalue(), filename="points.xlsx"
        )
    assert "D030" in point_codes(network_a)


def test_an_executable_named_xlsx_is_rejected(network_a):
    with pytest.raises(ImportRejected) as rejected:
        import_points(network_a, "MZ\x90\x00binary", filename="points.xlsx")
    assert "n’est pas un classeur Excel" in rejected.value.errors[0].reason


def test_a_binary_file_named_csv_is_rejected(network_a):
    with pytest.raises(ImportRejected):
        import_points(network_a, "MZ\x00\x00\x00binary", filename="points.csv")


def test_a_zip_bomb_is_rejected_before_it_is_opened(network_a):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (50 * 1024 * 1024))
    with tenant_scope(network_a.tenant), pytest.raises(ImportRejected) as rejected:
        points_of_sale_import(
            tenant=network_a.tenant, actor=None, content=buffer.getvalue(), filename="bomb.xlsx"
        )
    assert "dépasse la taille autorisée" in rejected.value.errors[0].reason


def test_a_file_over_the_size_limit_is_rejected(network_a, settings):
    settings.IMPORT_MAX_BYTES = 100
    with pytest.raises(ImportRejected) as rejected:
        import_points(network_a, GOOD_POINTS * 5)
    assert "100\xa0octets" in rejected.value.errors[0].reason


def test_people_import_invites_newcomers_with_their_roles_and_scopes(network_a):
    text = (
        "email;prenom;nom;role;perimetre;langue\n"
        f"anim@example.com;Léa;Roux;animateur;{network_a.zone.code}|{network_a.other_zone.code};fr\n"
        f"dir@example.com;Hugo;Petit;regional_director;{network_a.region.code};en\n"
        f"seller@example.com;Inès;Moreau;pos_staff;{network_a.point_of_sale.code};fr\n"
    )
    with tenant_scope(network_a.tenant):
        result = people_import(
            tenant=network_a.tenant, actor=None, content=text.encode(), filename="people.csv"
        )
        assert (result.invited, result.updated) == (3, 0)
        animator = Invitation.objects.get(email="anim@example.com", status="pending")
        assert animator.role == Role.ANIMATOR
        assert set(animator.zones.all()) == {network_a.zone, network_a.other_zone}
        assert Invitation.objects.get(email="dir@example.com").region == network_a.region
        assert Invitation.objects.get(email="dir@example.com").language == "en"
        assert not Membership.objects.filter(user__email="anim@example.com").exists()


def test_people_import_changes_members_roles_but_never_their_names(network_a):
    seller = network_a.members[Role.POS_STAFF]
    text = (
        "email;prenom;nom;role;perimetre\n"
        f"{seller.user.email};Autre;Nom;pos_manager;{network_a.point_of_sale.code}\n"
    )
    with tenant_scope(network_a.tenant):
        result = people_import(
            tenant=network_a.tenant, actor=None, content=text.encode(), filename="people.csv"
        )
        assert (result.invited, result.updated) == (0, 1)
        seller.refresh_from_db()
        seller.user.refresh_from_db()
    assert seller.role == Role.POS_MANAGER
    assert (seller.user.first_name, seller.user.last_name) != ("Autre", "Nom")


def test_people_import_with_bad_rows_imports_nobody(network_a):
    text = (
        "email;role;scope\n"
        f"ok@example.com;animator;{network_a.zone.code}\n"
        "not-an-email;animator;Z\n"
        "x@example.com;pilot;\n"
        "y@example.com;pos_manager;UNKNOWN\n"
    )
    with tenant_scope(network_a.tenant):
        count = Membership.objects.count()
        with pytest.raises(ImportRejected) as rejected:
            people_import(
                tenant=network_a.tenant, actor=None, content=text.encode(), filename="people.csv"
            )
        assert Membership.objects.count() == count
    assert {(e.line, e.column) for e in rejected.value.errors} == {
        (3, "email"),
        (3, "scope"),
        (4, "role"),
        (5, "scope"),
    }


def test_people_import_cannot_reach_another_tenants_zone(network_a, network_b):
    text = f"email;role;scope\nx@example.com;animator;{network_b.zone.code}\n"
    with tenant_scope(network_a.tenant), pytest.raises(ImportRejected):
        people_import(
            tenant=network_a.tenant, actor=None, content=text.encode(), filename="people.csv"
        )


def test_the_import_page_reports_errors_with_line_and_column(network_a):
    client = network_a.client(Role.HEAD_OFFICE)
    upload = SimpleUploadedFile("points.csv", b"code;name;zone\nD1;Bad;NOPE\n")
    page = client.post(
        reverse("organisation_import", args=[network_a.tenant.slug]),
        {"kind": "points_of_sale", "file": upload},
    )
    assert page.status_code == 400
    body = page.content.decode()
    assert "Rien n’a été importé" in body
    assert "NOPE" in body


def test_the_import_page_imports_and_audits(network_a):
    client = network_a.client(Role.HEAD_OFFICE)
    upload = SimpleUploadedFile("points.csv", GOOD_POINTS.encode())
    page = client.post(
        reverse("organisation_import", args=[network_a.tenant.slug]),
        {"kind": "points_of_sale", "file": upload},
    )
    assert page.status_code == 200
    assert "2 créés" in page.content.decode()
    with all_tenants():
        assert AuditEvent.objects.filter(tenant=network_a.tenant, action="import").exists()
        assert Zone.objects.filter(tenant=network_a.tenant, code="Z-NEW").exists()


def test_the_import_page_counts_the_errors(network_a):
    client = network_a.client(Role.HEAD_OFFICE)
    upload = SimpleUploadedFile("points.csv", b"code;name;zone\nD1;Bad;NOPE\nD2;Bad;NOPE\n")
    page = client.post(
        reverse("organisation_import", args=[network_a.tenant.slug]),
        {"kind": "points_of_sale", "file": upload},
    )
    assert "Le fichier contient 2 erreurs" in page.content.decode()
