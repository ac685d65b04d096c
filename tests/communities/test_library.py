"""The document library (issue 14, item 2): folders, facets, tenant-scoped tags, versions (the
latest shown, the history kept), audiences as announcements; files checked by content, stored
under generated names and served only by the authorising view (U1–U6, T9, T12); hostile text
runs nothing (X2)."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from communities.models import Document, DocumentVersion, Folder, Tag
from communities.services import document_create, document_version_add, folder_create
from network_animation.audiences import Audience
from network_animation.models import PointOfSale, Role
from network_animation.tenancy import all_tenants, tenant_scope
from network_animation.uploads_media import media_check

from ..factories import MembershipFactory, UserFactory
from ..harmless import dangers
from .test_views import PAYLOADS

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def url(network, name: str, *args) -> str:
    return reverse(f"communities:{name}", args=[network.tenant.slug, *args])


def pdf(name="guide.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def client_of(membership) -> Client:
    client = Client()
    client.force_login(membership.user)
    return client


def other_dealer(network):
    return MembershipFactory(
        tenant=network.tenant,
        role=Role.POS_STAFF,
        point_of_sale=network.other_point_of_sale,
        user=UserFactory(),
    )


def publish(network, role=Role.HEAD_OFFICE, audience=None, **fields):
    values = {"title": "Guide de reprise", "file": media_check(pdf()), **fields}
    with tenant_scope(network.tenant):
        return document_create(
            tenant=network.tenant,
            actor=network.members[role],
            audience=audience or Audience(zones=frozenset({network.zone.pk})),
            **values,
        )


def stored_files() -> list[Path]:
    return [path for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file()]


def test_head_office_publishes_for_one_zone_and_only_that_zone_reads_it(network_a, kpis_a):
    head_office = network_a.client(Role.HEAD_OFFICE)
    answer = head_office.post(
        url(network_a, "document_new"),
        {
            "title": "Argumentaire financement",
            "file": pdf(),
            "language": "fr",
            "point_of_sale_type": "",
            "kpis": [kpis_a.sales.pk],
            "tags": "Financement, crédit, financement",
            "zones": [network_a.zone.pk],
        },
    )
    with tenant_scope(network_a.tenant):
        document = Document.objects.get()
        version = document.current
        tags = sorted(Tag.objects.values_list("name", flat=True))
    assert answer.url == url(network_a, "document", document.pk)
    assert tags == ["Financement", "crédit"]
    # Stored under a generated name, in the tenant's folder, never the name given.
    assert "guide" not in version.file.name
    assert version.file.name.startswith(f"library/{network_a.tenant.pk}/")
    dealer = network_a.client(Role.POS_STAFF)
    assert "Argumentaire financement" in dealer.get(url(network_a, "library")).content.decode()
    download = dealer.get(url(network_a, "document_download", document.pk, version.pk))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert b"".join(download.streaming_content) == PDF
    outsider = client_of(other_dealer(network_a))
    assert "Argumentaire" not in outsider.get(url(network_a, "library")).content.decode()
    assert outsider.get(url(network_a, "document", document.pk)).status_code == 404
    download = outsider.get(url(network_a, "document_download", document.pk, version.pk))
    assert download.status_code == 404


def test_another_brand_never_opens_it(network_a, network_b):
    document = publish(network_a, audience=Audience())
    for role in Role.values:
        client = network_b.client(role)
        assert client.get(url(network_b, "document", document.pk)).status_code == 404, role
        address = url(network_b, "document_download", document.pk, document.current_id)
        assert client.get(address).status_code == 404, role


def test_a_new_version_is_shown_and_the_history_kept(network_a):
    document = publish(network_a, audience=Audience())
    with tenant_scope(network_a.tenant):
        first = document.current
        second = document_version_add(
            tenant=network_a.tenant,
            actor=network_a.members[Role.HEAD_OFFICE],
            document=document,
            file=media_check(pdf("guide-v2.pdf", PDF + b"%v2\n")),
            note="Taux de décembre",
        )
        document.refresh_from_db()
    assert document.current == second
    assert second.number == 2
    dealer = network_a.client(Role.POS_STAFF)
    page = dealer.get(url(network_a, "document", document.pk)).content.decode()
    assert "Taux de décembre" in page
    assert url(network_a, "document_download", document.pk, first.pk) in page
    old = dealer.get(url(network_a, "document_download", document.pk, first.pk))
    assert b"".join(old.streaming_content) == PDF
    assert "Ajouter une version" not in page  # a dealer adds no version


def test_a_spoofed_file_is_refused_on_its_field_and_nothing_is_kept(network_a):
    head_office = network_a.client(Role.HEAD_OFFICE)
    page = b"<html><script>alert(1)</script></html>"
    answer = head_office.post(
        url(network_a, "document_new"),
        {"title": "Titre gardé", "file": pdf("rapport.pdf", page), "language": "fr"},
    )
    assert answer.status_code == 400
    assert "rapport.pdf\u00a0: Les pages web" in answer.content.decode()
    assert 'value="Titre gardé"' in answer.content.decode()
    with tenant_scope(network_a.tenant):
        assert not Document.objects.exists()
    assert stored_files() == []


def test_a_failed_write_leaves_no_file_behind(network_a, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("database gone")

    monkeypatch.setattr(DocumentVersion, "save", broken)
    with pytest.raises(RuntimeError):
        publish(network_a)
    assert stored_files() == []


def test_a_spoofed_version_is_refused_and_the_shown_one_stays(network_a):
    document = publish(network_a, audience=Audience())
    head_office = network_a.client(Role.HEAD_OFFICE)
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>'
    answer = head_office.post(
        url(network_a, "document_version_new", document.pk),
        {"file": SimpleUploadedFile("plan.png", svg), "note": "v2"},
    )
    assert answer.status_code == 400
    assert "SVG" in answer.content.decode()
    with tenant_scope(network_a.tenant):
        assert DocumentVersion.objects.count() == 1


def test_facets_narrow_the_list(network_a, kpis_a):
    publish(network_a, title="Vente flotte", kpis=[kpis_a.sales], language="en")
    publish(
        network_a,
        title="Atelier agent",
        point_of_sale_type=PointOfSale.Type.AGENT,
        tags=["atelier"],
    )
    dealer = network_a.client(Role.HEAD_OFFICE)

    def titles(query: str) -> set[str]:
        page = dealer.get(url(network_a, "library") + query).content.decode()
        return {title for title in ("Vente flotte", "Atelier agent") if title in page}

    assert titles("") == {"Vente flotte", "Atelier agent"}
    assert titles(f"?kpi={kpis_a.sales.pk}") == {"Vente flotte"}
    assert titles("?language=en") == {"Vente flotte"}
    assert titles("?type=agent") == {"Vente flotte", "Atelier agent"}  # no type: for every type
    assert titles("?type=dealer") == {"Vente flotte"}
    with tenant_scope(network_a.tenant):
        tag = Tag.objects.get(name="atelier")
    assert titles(f"?tag={tag.pk}") == {"Atelier agent"}


def test_tags_belong_to_one_tenant(network_a, network_b):
    publish(network_a, tags=["Promo"])
    publish(network_b, tags=["promo"])
    with tenant_scope(network_a.tenant):
        mine = list(Tag.objects.filter(tenant=network_a.tenant).values_list("name", flat=True))
    assert mine == ["Promo"]
    page = network_b.client(Role.HEAD_OFFICE).get(url(network_b, "library")).content.decode()
    assert ">Promo<" not in page


def test_folders_nest_and_show_only_what_one_may_read(network_a):
    with tenant_scope(network_a.tenant):
        guides = folder_create(
            tenant=network_a.tenant,
            actor=network_a.members[Role.HEAD_OFFICE],
            name="Guides",
            parent=None,
        )
        folder_create(
            tenant=network_a.tenant,
            actor=network_a.members[Role.HEAD_OFFICE],
            name="Vide",
            parent=None,
        )
    publish(network_a, title="Guide zone", folder=guides)
    dealer = network_a.client(Role.POS_STAFF)
    root = dealer.get(url(network_a, "library")).content.decode()
    assert "Guides" in root
    assert "Vide" not in root  # an empty folder is only for those who keep the library
    inside = dealer.get(url(network_a, "library_folder", guides.pk)).content.decode()
    assert "Guide zone" in inside
    outsider = client_of(other_dealer(network_a))
    assert "Guides" not in outsider.get(url(network_a, "library")).content.decode()
    answer = network_a.client(Role.HEAD_OFFICE).post(
        url(network_a, "library_folder_new"), {"name": "guides"}
    )
    assert answer.status_code == 400  # the same name, whatever the case


def test_an_animator_publishes_for_their_zones_only(network_a):
    animator = network_a.client(Role.ANIMATOR)
    page = animator.get(url(network_a, "document_new")).content.decode()
    assert network_a.other_zone.name not in page
    answer = animator.post(
        url(network_a, "document_new"),
        {"title": "Pour ma zone", "file": pdf(), "language": "fr"},
    )
    with tenant_scope(network_a.tenant):
        document = Document.objects.get()
    assert answer.status_code == 302
    assert Audience.from_json(document.audience).zones == {network_a.zone.pk}


@pytest.mark.parametrize("role", [Role.POS_STAFF, Role.POS_MANAGER, Role.COACH])
def test_people_who_do_not_publish_cannot(network_a, role):
    client = network_a.client(role)
    assert client.get(url(network_a, "document_new")).status_code == 403
    assert client.get(url(network_a, "library_folder_new")).status_code == 403
    document = publish(network_a, audience=Audience())
    answer = client.post(url(network_a, "document_version_new", document.pk), {"file": pdf()})
    assert answer.status_code == 403


@pytest.mark.parametrize("payload", PAYLOADS)
def test_hostile_text_runs_nothing(network_a, payload):
    with tenant_scope(network_a.tenant):
        folder = folder_create(
            tenant=network_a.tenant,
            actor=network_a.members[Role.HEAD_OFFICE],
            name=f"Dossier {payload}",
            parent=None,
        )
    document = publish(
        network_a,
        title=f"Doc {payload}",
        description=f"Texte {payload}",
        tags=[f"tag {payload}"[:60]],
        folder=folder,
        file=media_check(pdf(f"{payload}.pdf")),
    )
    dealer = network_a.client(Role.POS_STAFF)
    for address in (
        url(network_a, "library"),
        url(network_a, "library_folder", folder.pk),
        url(network_a, "document", document.pk),
    ):
        assert dangers(dealer.get(address).content.decode()) == [], address


def test_the_library_runs_a_fixed_number_of_queries(
    network_a, kpis_a, django_assert_max_num_queries
):
    for number in range(30):
        publish(network_a, title=f"Doc {number}", kpis=[kpis_a.sales], tags=[f"t{number}"])
    dealer = network_a.client(Role.POS_STAFF)
    dealer.get(url(network_a, "library"))
    with django_assert_max_num_queries(20):
        assert dealer.get(url(network_a, "library")).status_code == 200


def test_a_folder_with_documents_stays_but_its_tenant_can_go(network_a):
    """A folder in use is not deleted on its own; a whole brand deleted takes its library."""
    from django.db.models import RestrictedError

    with tenant_scope(network_a.tenant):
        folder = folder_create(
            tenant=network_a.tenant,
            actor=network_a.members[Role.HEAD_OFFICE],
            name="Guides",
            parent=None,
        )
    publish(network_a, folder=folder)
    with tenant_scope(network_a.tenant), pytest.raises(RestrictedError):
        folder.delete()
    network_a.tenant.delete()
    with all_tenants():
        assert not Folder.objects.filter(pk=folder.pk).exists()
