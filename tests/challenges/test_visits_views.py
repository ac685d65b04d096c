"""The visits' pages: recording a visit on a phone with photos (CHECKLIST U1, U4 to U6), its
comment rendered harmless (X2), who reads and records where, the campaign import's errors, and
another tenant's rows answered 404."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test.client import MULTIPART_CONTENT
from django.urls import reverse
from django.utils import timezone
from PIL import ExifTags, Image

from challenges.models import SurveyResult, Visit, VisitPhoto
from network_animation import uploads_media
from network_animation.models import Role
from network_animation.tenancy import tenant_scope

from ..harmless import dangers
from ..network_animation.test_uploads import UnreadableBody, pending_files, post_body
from .units_factories import assign_coach
from .visits_factories import answers_for, jpeg_bytes, make_campaign, make_grid, record_visit

pytestmark = pytest.mark.django_db
MB = 1024 * 1024
PAYLOADS = [
    "<script>alert('x')</script>",
    '<img src=x onerror="alert(1)">',
    "[click](javascript:alert(1))",
    "<svg onload=alert(1)>",
    '<iframe src="https://evil.example"></iframe>',
]
SVG = b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>'


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


def url(network, name, *args):
    return reverse(f"challenges:{name}", args=[network.tenant.slug, *args])


def new_url(network, grid, point=None):
    point = point or network.point_of_sale
    return url(network, "visit_new") + f"?point_of_sale={point.pk}&grid={grid.pk}"


def form_data(network, grid, values, **extra):
    _version, answers = answers_for(network, grid, values)
    data = {"date": timezone.localdate().isoformat(), "comment": ""}
    data |= {f"answer_{pk}": str(value) for pk, value in answers.items()}
    return data | extra


def gps_photo() -> bytes:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif[ExifTags.IFD.GPSInfo] = {ExifTags.GPS.GPSLatitudeRef: "N"}
    out = io.BytesIO()
    Image.new("RGB", (3000, 2000), (10, 20, 30)).save(out, "JPEG", exif=exif)
    return out.getvalue()


def test_an_animator_records_a_visit_with_a_photo_and_its_score_shows(network_a):
    grid = make_grid(network_a)
    client = network_a.client(Role.ANIMATOR)
    assert client.get(new_url(network_a, grid)).status_code == 200
    photo = SimpleUploadedFile("IMG_0001.jpg", gps_photo(), content_type="image/jpeg")
    answer = client.post(
        new_url(network_a, grid), form_data(network_a, grid, [1, 0, 3]) | {"photos": [photo]}
    )
    assert answer.status_code == 302
    with tenant_scope(network_a.tenant):
        visit = Visit.objects.get(tenant=network_a.tenant)
        stored = VisitPhoto.objects.get(visit=visit)
    assert visit.score == 75.0
    assert stored.file.name.startswith(f"visits/{network_a.tenant.pk}/")
    assert "IMG_0001" not in stored.file.name  # generated names (U5)
    image = Image.open(stored.file.path)
    assert max(image.size) <= uploads_media.IMAGE_MAX_SIDE
    assert not image.getexif()  # metadata stripped (U4)
    page = client.get(url(network_a, "visit", visit.pk)).content.decode()
    assert 'data-score="75.0"' in page
    photo_url = url(network_a, "visit_photo", visit.pk, stored.pk)
    assert photo_url in page
    served = client.get(photo_url)
    assert served.status_code == 200
    assert served["Content-Type"] == "image/jpeg"


def test_an_svg_or_a_file_that_is_no_image_is_refused_and_nothing_is_kept(network_a, settings):
    grid = make_grid(network_a)
    client = network_a.client(Role.ANIMATOR)
    for name, content in [("shop.svg", SVG), ("shop.jpg", b"MZ\x90\x00 not an image")]:
        upload = SimpleUploadedFile(name, content)
        answer = client.post(
            new_url(network_a, grid), form_data(network_a, grid, [1, 0, 3]) | {"photos": [upload]}
        )
        assert answer.status_code == 400
    with tenant_scope(network_a.tenant):
        assert not Visit.objects.filter(tenant=network_a.tenant).exists()
    assert pending_files(settings) == []


def test_a_photo_over_the_size_limit_is_refused(network_a, settings, monkeypatch):
    monkeypatch.setattr(uploads_media, "MEDIA_MAX_BYTES", 1000)
    grid = make_grid(network_a)
    upload = SimpleUploadedFile("big.jpg", jpeg_bytes((400, 400)) + b"\x00" * 2000)
    answer = network_a.client(Role.ANIMATOR).post(
        new_url(network_a, grid), form_data(network_a, grid, [1, 0, 3]) | {"photos": [upload]}
    )
    assert answer.status_code == 400
    assert "big.jpg" in answer.content.decode()
    assert pending_files(settings) == []


def test_an_oversized_body_is_refused_before_it_is_read(network_a, settings):
    grid = make_grid(network_a)
    client = network_a.client(Role.ANIMATOR)
    answer = post_body(
        client, new_url(network_a, grid), UnreadableBody(), 60 * MB, MULTIPART_CONTENT
    )
    assert answer.status_code == 413
    assert pending_files(settings) == []


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_visit_comment_runs_nothing(network_a, payload):
    grid = make_grid(network_a)
    visit = record_visit(network_a, grid, [1, 1, 4], comment=f"Seen: {payload}")
    page = network_a.client(Role.HEAD_OFFICE).get(url(network_a, "visit", visit.pk))
    assert page.status_code == 200
    assert dangers(page.content.decode()) == []


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.HEAD_OFFICE, 200),
        (Role.ANIMATOR, 200),
        (Role.REGIONAL_DIRECTOR, 200),
        (Role.POS_MANAGER, 200),
        (Role.COACH, 403),  # not assigned to this point of sale
    ],
)
def test_who_reads_a_visit(network_a, role, status):
    grid = make_grid(network_a)
    visit = record_visit(network_a, grid, [1, 1, 4])
    assert network_a.client(role).get(url(network_a, "visit", visit.pk)).status_code == status


def test_an_assigned_coach_reads_and_records_visits_of_their_points_of_sale(network_a):
    assign_coach(network_a)
    grid = make_grid(network_a)
    client = network_a.client(Role.COACH)
    answer = client.post(new_url(network_a, grid), form_data(network_a, grid, [1, 1, 4]))
    assert answer.status_code == 302
    elsewhere = new_url(network_a, grid, network_a.other_point_of_sale)
    assert client.get(elsewhere).status_code == 403


def test_the_lists_show_only_the_visits_one_may_read(network_a):
    grid = make_grid(network_a)
    mine = record_visit(network_a, grid, [1, 1, 4])
    head_office = network_a.members[Role.HEAD_OFFICE]
    other = record_visit(
        network_a, grid, [0, 0, 0], point=network_a.other_point_of_sale, actor=head_office
    )
    page = network_a.client(Role.ANIMATOR).get(url(network_a, "visits")).content.decode()
    assert f'data-visit="{mine.pk}"' in page
    assert f'data-visit="{other.pk}"' not in page
    everything = network_a.client(Role.HEAD_OFFICE).get(url(network_a, "visits")).content.decode()
    assert f'data-visit="{other.pk}"' in everything
    staff = network_a.client(Role.POS_STAFF).get(url(network_a, "visits")).content.decode()
    assert f'data-visit="{mine.pk}"' in staff
    assert f'data-visit="{other.pk}"' not in staff


def test_only_the_visitor_or_head_office_edits_a_visit(network_a):
    grid = make_grid(network_a)
    visit = record_visit(network_a, grid, [1, 1, 4])
    data = form_data(network_a, grid, [0, 0, 0])
    assert (
        network_a.client(Role.POS_MANAGER)
        .post(url(network_a, "visit_edit", visit.pk), data)
        .status_code
        == 403
    )
    assert (
        network_a.client(Role.ANIMATOR)
        .post(url(network_a, "visit_edit", visit.pk), data)
        .status_code
        == 302
    )
    with tenant_scope(network_a.tenant):
        assert Visit.objects.get(pk=visit.pk).score == 0.0


def test_head_office_creates_a_grid_and_others_cannot(network_a):
    data = {
        "name": "Spring visit",
        "is_active": "on",
        "criteria-TOTAL_FORMS": "2",
        "criteria-INITIAL_FORMS": "0",
        "criteria-0-text": "Clean window",
        "criteria-0-weight": "2",
        "criteria-0-kind": "yes_no",
        "criteria-1-text": "Welcome",
        "criteria-1-weight": "1",
        "criteria-1-kind": "scale",
        "criteria-1-scale_max": "5",
    }
    assert (
        network_a.client(Role.ANIMATOR).post(url(network_a, "visit_grids"), data).status_code == 403
    )
    answer = network_a.client(Role.HEAD_OFFICE).post(url(network_a, "visit_grids"), data)
    assert answer.status_code == 302
    again = network_a.client(Role.HEAD_OFFICE).post(url(network_a, "visit_grids"), data)
    assert again.status_code == 400
    assert "This name is already taken." in again.content.decode()


def test_the_campaign_page_lists_every_bad_row_and_imports_nothing(network_a):
    campaign = make_campaign(network_a)
    content = f"code;date;score\n{network_a.point_of_sale.code};2025-01-05;88\nX1;bad;abc\n"
    upload = SimpleUploadedFile("scores.csv", content.encode())
    client = network_a.client(Role.HEAD_OFFICE)
    answer = client.post(url(network_a, "campaign_import", campaign.pk), {"file": upload})
    assert answer.status_code == 400
    page = answer.content.decode()
    assert "Unknown point of sale code." in page
    assert "Write a date as YYYY-MM-DD or DD/MM/YYYY." in page
    assert "Write a score between 0 and 100." in page
    with tenant_scope(network_a.tenant):
        assert not SurveyResult.objects.filter(tenant=network_a.tenant).exists()
    fine = SimpleUploadedFile(
        "scores.csv", f"code;date;score\n{network_a.point_of_sale.code};2025-01-05;88\n".encode()
    )
    assert (
        client.post(url(network_a, "campaign_import", campaign.pk), {"file": fine}).status_code
        == 302
    )
    assert (
        'data-score="88.0"' in client.get(url(network_a, "campaign", campaign.pk)).content.decode()
    )


def test_head_office_types_a_score_in_and_a_wrong_one_or_another_networks_point_is_refused(
    network_a, network_b
):
    """A campaign's scores entered by hand, not imported: one per point of sale and date."""
    campaign = make_campaign(network_a)
    client = network_a.client(Role.HEAD_OFFICE)
    entry = url(network_a, "campaign_result", campaign.pk)
    typed = {"point_of_sale": network_a.point_of_sale.pk, "date": "2025-03-04", "score": "72.5"}
    assert client.post(entry, typed).status_code == 302
    assert client.post(entry, typed | {"score": "64"}).status_code == 302  # typed again
    for wrong in ({"score": "101"}, {"point_of_sale": network_b.point_of_sale.pk}):
        assert client.post(entry, typed | wrong).status_code == 400, wrong
    assert network_a.client(Role.ANIMATOR).post(entry, typed).status_code == 403
    with tenant_scope(network_a.tenant):
        found = list(SurveyResult.objects.values_list("point_of_sale_id", "date", "score"))
    assert found == [(network_a.point_of_sale.pk, dt.date(2025, 3, 4), 64.0)]


def test_campaigns_are_head_offices(network_a):
    campaign = make_campaign(network_a)
    for role in (Role.ANIMATOR, Role.COACH, Role.POS_MANAGER):
        assert (
            network_a.client(role).get(url(network_a, "campaign", campaign.pk)).status_code == 403
        )


def test_another_tenants_visit_grid_and_campaign_answer_404(network_a, network_b):
    grid = make_grid(network_b)
    visit = record_visit(network_b, grid, [1, 1, 4])
    campaign = make_campaign(network_b)
    client = network_a.client(Role.HEAD_OFFICE)
    for name, pk in [("visit", visit.pk), ("visit_grid", grid.pk), ("campaign", campaign.pk)]:
        assert client.get(url(network_a, name, pk)).status_code == 404
    assert client.get(new_url(network_a, grid)).status_code == 404


def test_the_zone_page_shows_the_last_visit_and_a_new_visit_renews_it(network_a, committed):
    grid = make_grid(network_a)
    zone_url = reverse("zone", args=[network_a.tenant.slug, network_a.zone.pk])
    client = network_a.client(Role.ANIMATOR)
    committed(lambda: record_visit(network_a, grid, [1, 1, 4], date=dt.date(2025, 3, 4)))
    assert 'data-last-visit="2025-03-04"' in client.get(zone_url).content.decode()
    committed(lambda: record_visit(network_a, grid, [1, 1, 4], date=dt.date(2025, 4, 9)))
    page = client.get(zone_url).content.decode()
    assert 'data-last-visit="2025-04-09"' in page
    assert url(network_a, "visits_of_point", network_a.point_of_sale.pk) in page


def png_declaring(width: int, height: int) -> bytes:
    """A few dozen bytes whose header promises width × height pixels: a decompression bomb."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data)
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00" * 64)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def test_a_decompression_bomb_is_refused_before_it_is_decoded(network_a, settings):
    grid = make_grid(network_a)
    bomb = SimpleUploadedFile("bomb.png", png_declaring(60_000, 60_000))
    answer = network_a.client(Role.ANIMATOR).post(
        new_url(network_a, grid), form_data(network_a, grid, [1, 0, 3]) | {"photos": [bomb]}
    )
    assert answer.status_code == 400
    assert pending_files(settings) == []


def test_a_path_in_a_photos_name_never_reaches_the_disk(network_a, settings):
    grid = make_grid(network_a)
    upload = SimpleUploadedFile("../../../etc/cron.d/shop.jpg", jpeg_bytes())
    answer = network_a.client(Role.ANIMATOR).post(
        new_url(network_a, grid), form_data(network_a, grid, [1, 0, 3]) | {"photos": [upload]}
    )
    assert answer.status_code == 302
    with tenant_scope(network_a.tenant):
        stored = VisitPhoto.objects.get(tenant=network_a.tenant)
    assert ".." not in stored.file.name
    assert stored.filename == "shop.jpg"
    media = settings.MEDIA_ROOT.resolve()
    assert all(
        path.resolve().is_relative_to(media) for path in pending_files(settings)
    )  # nothing outside the media folder
