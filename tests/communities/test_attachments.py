"""Images and files on community posts (network_animation/uploads_media.py, the communities'
attachment view): CHECKLIST U1 to U6 for this upload, T9 and T12 for its downloads, X2 for the
names people give their files."""

import io
import re
import resource
import struct
import zipfile
import zlib
from dataclasses import dataclass

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import InMemoryUploadedFile, SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.template.defaultfilters import filesizeformat
from django.test.client import MULTIPART_CONTENT
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape
from PIL import ExifTags, Image

from communities.models import Post, PostAttachment, PostLike
from communities.services import post_hide, post_reply
from communities.services.attachments import attachments_save, files_removed_on_failure
from network_animation import uploads_media
from network_animation.models import Role
from network_animation.tenancy import tenant_scope
from network_animation.uploads_media import image_reencode, media_check

from ..harmless import dangers
from ..network_animation.test_uploads import (
    UnreadableBody,
    nothing_of_the_upload_is_cached,
    post_body,
)
from .conftest import start
from .test_views import PAYLOADS

pytestmark = pytest.mark.django_db
MB = 1024 * 1024
STORED_NAME = re.compile(r"communities/(\d+)/[0-9a-f]{32}\.(jpg|png|pdf|docx|xlsx|pptx|txt)")


# What people send, built here byte by byte.


def jpeg(size=(800, 600), exif=None, **options) -> bytes:
    out = io.BytesIO()
    image = Image.new("RGB", size, (200, 30, 30))
    image.save(out, "JPEG", exif=exif if exif is not None else Image.Exif(), **options)
    return out.getvalue()


def photo_with_gps() -> bytes:
    """A phone's photo: where it was taken, the phone, a comment, taken sideways."""
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif[ExifTags.Base.Orientation] = 6  # the camera was turned: show it rotated
    exif[ExifTags.IFD.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: (48.0, 51.0, 24.0),
        ExifTags.GPS.GPSLongitudeRef: "E",
        ExifTags.GPS.GPSLongitude: (2.0, 21.0, 3.0),
    }
    return jpeg((4000, 3000), exif=exif, comment=b"Chez le client Dupont")


def png(mode="RGBA", colour=(0, 120, 200, 0), size=(40, 30)) -> bytes:
    out = io.BytesIO()
    Image.new(mode, size, colour).save(out, "PNG")
    return out.getvalue()


def png_declaring(width: int, height: int) -> bytes:
    """A few dozen bytes whose header promises width × height pixels: a decompression bomb."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data)
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00" * 64)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


SVG = b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>'


def minimal_pdf() -> bytes:
    """A one-page PDF, with its cross-reference table."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    table = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        table,
    )
    return bytes(out)


DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


def docx(extra=None, main_type=DOCX_MAIN) -> bytes:
    """A Word document as Word writes its three necessary parts; `extra(zip)` adds members."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org'
            '/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.'
            'openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="'
            f'application/xml"/><Override PartName="/word/document.xml" ContentType="{main_type}"'
            "/></Types>",
        )
        archive.writestr(
            "_rels/.rels",
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxml'
            'formats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas'
            ".openxmlformats.org/officeDocument/2006/relationships/officeDocument"
            '" Target="word/document.xml"/></Relationships>',
        )
        archive.writestr(
            "word/document.xml",
            '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxml'
            "formats.org/wordprocessingml/2006/main\"><w:body><w:p><w:r><w:t>Plan d'action</w:t>"
            "</w:r></w:p></w:body></w:document>",
        )
        if extra:
            extra(archive)
    return out.getvalue()


def zeros(name: str, megabytes: int):
    """A member of that many megabytes of zeros, written a megabyte at a time."""

    def add(archive: zipfile.ZipFile) -> None:
        with archive.open(name, "w") as member:
            for _ in range(megabytes):
                member.write(bytes(MB))

    return add


def understating(content: bytes, name: str, declared: int) -> bytes:
    """The zip with `name`'s uncompressed size lowered to `declared` in both its headers."""
    data = bytearray(content)
    local = zipfile.ZipFile(io.BytesIO(content)).getinfo(name).header_offset
    central = data.rfind(b"PK\x01\x02", 0, data.rfind(name.encode()))
    struct.pack_into("<I", data, local + 22, declared)
    struct.pack_into("<I", data, central + 24, declared)
    return bytes(data)


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


@dataclass
class RawUpload:
    """A file as a hand-made request may name it: Django's parser, which keeps only the last
    part of a path, never cleaned its name."""

    name: str
    content: bytes

    @property
    def size(self) -> int:
        return len(self.content)

    def read(self, size: int = -1) -> bytes:
        return self.content if size < 0 else self.content[:size]


def refusal(name: str, content: bytes) -> ValidationError:
    with pytest.raises(ValidationError) as refused:
        media_check(upload(name, content))
    return refused.value


def peak_memory_growth_mb(check) -> float:
    """How far the process's peak memory rose while `check` ran (C allocations included)."""
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    check()
    return (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024


# Images (CHECKLIST U4)


def test_a_photo_with_its_gps_position_comes_back_without_any_metadata():
    original = Image.open(io.BytesIO(photo_with_gps()))
    assert original.getexif().get_ifd(ExifTags.IFD.GPSInfo)  # the position is really there

    image = media_check(upload("IMG_2041.JPG", photo_with_gps()))

    stored = Image.open(io.BytesIO(image.content))
    assert stored.format == "JPEG"
    assert dict(stored.getexif()) == {}
    assert "exif" not in stored.info
    assert "comment" not in stored.info
    assert b"Exif" not in image.content
    assert b"PhoneMaker" not in image.content
    assert b"Dupont" not in image.content
    # Turned upright first (the phone was held sideways), then shrunk to 2000 px at most.
    assert (image.width, image.height) == (1500, 2000) == stored.size
    assert (image.filename, image.content_type) == ("IMG_2041.jpg", "image/jpeg")


def test_a_png_with_transparency_stays_png_and_an_opaque_one_becomes_jpeg():
    transparent = media_check(upload("logo.png", png()))
    assert Image.open(io.BytesIO(transparent.content)).format == "PNG"
    assert Image.open(io.BytesIO(transparent.content)).getpixel((0, 0))[3] == 0
    assert (transparent.filename, transparent.content_type) == ("logo.png", "image/png")

    opaque = media_check(upload("capture.png", png(colour=(0, 120, 200, 255))))
    assert Image.open(io.BytesIO(opaque.content)).format == "JPEG"
    assert opaque.filename == "capture.jpg"


@pytest.mark.parametrize("name", ["drawing.svg", "photo.png", "photo.jpg", "notes.txt"])
def test_an_svg_is_refused_by_its_content_whatever_its_name(name):
    assert refusal(name, SVG).messages == [str(uploads_media.SVG_REFUSED)]
    with pytest.raises(ValidationError, match="SVG"):
        image_reencode(upload(name, SVG))


def test_a_decompression_bomb_is_refused_without_decoding_it():
    """40 bytes that claim 30000 × 30000 pixels: 2.7 GB once decoded."""
    bomb = png_declaring(30000, 30000)
    assert len(bomb) < 100
    refused = []

    def check():
        with pytest.raises(ValidationError) as error:
            media_check(upload("bomb.png", bomb))
        refused.append(error.value)

    assert peak_memory_growth_mb(check) < 100
    assert refused[0].error_list[0].code == "pixels"


def test_an_image_just_over_the_pixel_limit_is_refused_and_a_large_photo_is_shrunk():
    assert refusal("wide.png", png_declaring(10_000, 5_001)).error_list[0].code == "pixels"
    large = media_check(upload("large.jpg", jpeg((6000, 4000))))
    assert (large.width, large.height) == (2000, 1333)


def test_something_that_only_starts_like_an_image_is_refused():
    broken = b"\x89PNG\r\n\x1a\n" + b"not really an image" * 10
    assert refusal("photo.png", broken).messages == [str(uploads_media.IMAGE_UNREADABLE)]


# Files: the type is the content's (CHECKLIST U2, U3, U6)


def test_a_real_pdf_docx_and_xlsx_are_accepted():
    pdf = media_check(upload("Compte rendu.pdf", minimal_pdf()))
    assert (pdf.filename, pdf.content_type) == ("Compte rendu.pdf", "application/pdf")
    assert pdf.content == minimal_pdf()
    document = media_check(upload("Plan.docx", docx()))
    assert document.filename == "Plan.docx"
    assert document.content_type == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert document.content == docx()

    workbook = openpyxl.Workbook()
    workbook.active.append(["Point de vente", "Ventes"])
    out = io.BytesIO()
    workbook.save(out)
    sheet = media_check(upload("Ventes.xlsx", out.getvalue()))
    assert (sheet.filename, sheet.extension) == ("Ventes.xlsx", "xlsx")


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("report.pdf", b"<!DOCTYPE html><html><script>alert(1)</script></html>", "markup"),
        ("report.pdf", b"Bonjour, ceci n'est pas un PDF.", "mismatch"),
        ("tableau.xlsx", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + bytes(range(256)) * 8, "type"),
        ("photo.jpg", b"\x7fELF\x02\x01\x01" + bytes(range(256)) * 8, "type"),
        ("tableau.xlsx", docx(), "mismatch"),  # a Word document named as a workbook
        ("notes.txt", minimal_pdf(), "mismatch"),
        ("page.html", b"<html><body onload=alert(1)>Hi</body></html>", "markup"),
    ],
)
def test_a_file_whose_content_is_not_what_its_name_says_is_refused(name, content, code):
    """CHECKLIST U2: an executable named .xlsx, a web page named .pdf..."""
    assert refusal(name, content).error_list[0].code == code


def test_a_zip_that_is_not_an_office_document_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("setup.exe", b"MZ" + bytes(100))
    assert refusal("contrat.docx", out.getvalue()).error_list[0].code == "document"


def test_a_document_with_macros_is_refused():
    macro_type = "application/vnd.ms-word.document.macroEnabled.main+xml"
    macros = docx(main_type=macro_type)
    assert refusal("Plan.docm", macros).messages == [str(uploads_media.DOCUMENT_MACROS)]
    vba = docx(extra=lambda archive: archive.writestr("word/vbaProject.bin", b"\x00" * 10))
    assert refusal("Plan.docx", vba).messages == [str(uploads_media.DOCUMENT_MACROS)]


def test_a_zip_bomb_docx_is_refused_before_it_is_inflated():
    """CHECKLIST U3: 60 MB of zeros in a document of a few dozen kilobytes."""
    bomb = docx(extra=zeros("word/media/image1.bin", 60))
    assert len(bomb) < 200 * 1024
    refused = []

    def check():
        with pytest.raises(ValidationError) as error:
            media_check(upload("Plan.docx", bomb))
        refused.append(error.value)

    assert peak_memory_growth_mb(check) < 30
    assert refused[0].messages == [str(uploads_media.DOCUMENT_TOO_LARGE)]


def test_a_docx_that_understates_its_sizes_is_refused_without_inflating_it_whole():
    """CHECKLIST U6: the headers say 1 kB, the member inflates to 40 MB."""
    honest = docx(extra=zeros("word/media/image1.bin", 40))
    lying = understating(honest, "word/media/image1.bin", 1000)
    refused = []

    def check():
        with pytest.raises(ValidationError) as error:
            media_check(upload("Plan.docx", lying))
        refused.append(error.value)

    assert peak_memory_growth_mb(check) < 30
    assert refused[0].messages == [str(uploads_media.DOCUMENT_DAMAGED)]


def test_text_is_utf8_without_nul():
    notes = media_check(upload("notes.md", "Idées pour relancer\n".encode()))
    assert (notes.filename, notes.content_type) == ("notes.md", "text/plain; charset=utf-8")
    renamed = media_check(upload("script.sh", b"echo hello\n"))
    assert renamed.filename == "script.txt"
    assert refusal("notes.txt", "Idées".encode("cp1252")).error_list[0].code == "encoding"
    assert refusal("notes.txt", b"abc\x00def").error_list[0].code == "type"


class ReadFails(io.BytesIO):
    def read(self, *args):
        raise AssertionError("the file was read")


def test_a_file_over_the_size_limit_is_refused_before_it_is_read():
    """CHECKLIST U1: its size is known before a byte of it is read."""
    too_large = InMemoryUploadedFile(
        ReadFails(), "attachments", "photo.jpg", "image/jpeg", 10 * MB + 1, None
    )
    with pytest.raises(ValidationError) as refused:
        media_check(too_large)
    assert refused.value.error_list[0].code == "too_large"
    assert refusal("empty.txt", b"").error_list[0].code == "empty"


# Posts with files: storing, showing, serving


def url(network, name: str, *args) -> str:
    return reverse(f"communities:{name}", args=[network.tenant.slug, *args])


def attachment_url(network, attachment: PostAttachment) -> str:
    return url(network, "attachment", attachment.post_id, attachment.pk)


def stored_files(settings) -> list:
    return sorted(path for path in settings.MEDIA_ROOT.rglob("*") if path.is_file())


def reply_with(network, thread, role=Role.POS_STAFF, **files):
    """A reply written on the page with these files ({name: content})."""
    uploads = [upload(name, content) for name, content in files.items()]
    return network.client(role).post(
        url(network, "reply", thread.pk), {"body": "Voici mes photos", "attachments": uploads}
    )


def attachments_of(network, **filters) -> list[PostAttachment]:
    with tenant_scope(network.tenant):
        return list(PostAttachment.objects.filter(**filters).order_by("pk"))


def test_a_reply_shows_its_image_and_offers_its_file_for_download(
    network_a, communities_a, settings
):
    thread = start(network_a, communities_a.zone)
    answer = reply_with(
        network_a, thread, **{"vitrine.jpg": photo_with_gps(), "Compte rendu.pdf": minimal_pdf()}
    )
    assert answer.status_code == 302
    image, pdf = attachments_of(network_a)

    page = network_a.client(Role.ANIMATOR).get(url(network_a, "thread", thread.pk))
    html = page.content.decode()
    assert (
        f'<img src="{attachment_url(network_a, image)}" width="1500" height="2000" '
        'alt="vitrine.jpg" loading="lazy">'
    ) in html
    assert f'<a href="{attachment_url(network_a, pdf)}" download>Compte rendu.pdf</a>' in html
    assert f"<small>({filesizeformat(len(minimal_pdf()))})</small>" in html

    shown = network_a.client(Role.ANIMATOR).get(attachment_url(network_a, image))
    assert shown.status_code == 200
    assert shown["Content-Type"] == "image/jpeg"
    assert shown["Content-Disposition"] == 'inline; filename="vitrine.jpg"'
    stored = (settings.MEDIA_ROOT / image.file.name).read_bytes()
    assert b"".join(shown.streaming_content) == stored
    assert Image.open(io.BytesIO(stored)).size == (1500, 2000)


def test_downloads_are_attachments_with_nosniff_and_a_policy_that_runs_nothing(
    network_a, communities_a
):
    thread = start(network_a, communities_a.zone)
    reply_with(network_a, thread, **{"Compte rendu.pdf": minimal_pdf()})
    (pdf,) = attachments_of(network_a)
    answer = network_a.client(Role.POS_MANAGER).get(attachment_url(network_a, pdf))
    assert answer.status_code == 200
    assert answer["Content-Disposition"] == 'attachment; filename="Compte rendu.pdf"'
    assert answer["Content-Type"] == "application/pdf"
    assert answer["X-Content-Type-Options"] == "nosniff"
    assert answer["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert b"".join(answer.streaming_content) == minimal_pdf()
    assert network_a.client().post(attachment_url(network_a, pdf)).status_code == 405


def test_a_new_thread_keeps_its_files(network_a, communities_a):
    client = network_a.client(Role.POS_STAFF)
    answer = client.post(
        url(network_a, "thread_new", communities_a.zone.pk),
        {
            "kind": "question",
            "title": "Notre vitrine",
            "body": "Qu'en pensez-vous ?",
            "attachments": [upload("vitrine.png", png()), upload("Plan.docx", docx())],
        },
    )
    assert answer.status_code == 302
    image, document = attachments_of(network_a)
    assert (image.kind, image.extension, image.width, image.height) == ("image", "png", 40, 30)
    assert (document.kind, document.filename) == ("file", "Plan.docx")
    assert image.post_id == document.post_id


def reply_by_hand(network, thread, *uploads: RawUpload, role=Role.POS_STAFF):
    """A reply through the service, with files named as no browser would name them."""
    with tenant_scope(network.tenant):
        return post_reply(
            tenant=network.tenant,
            actor=network.members[role],
            thread=thread,
            body="Pièces jointes",
            attachments=[media_check(raw) for raw in uploads],
        )


def test_stored_names_are_generated_under_the_tenants_folder(network_a, communities_a, settings):
    """CHECKLIST U5: the name a person gave never reaches a path."""
    thread = start(network_a, communities_a.zone)
    reply_by_hand(
        network_a,
        thread,
        RawUpload("../../../etc/passwd.txt", b"root\n"),
        RawUpload("..\\..\\boot.ini", b"x\n"),
    )
    first, second = attachments_of(network_a)
    for attachment in (first, second):
        match = STORED_NAME.fullmatch(attachment.file.name)
        assert match, attachment.file.name
        assert match.group(1) == str(network_a.tenant.pk)
    assert (first.filename, second.filename) == ("passwd.txt", "boot.txt")
    media = settings.MEDIA_ROOT.resolve()
    assert [path.parent for path in stored_files(settings)] == [
        media / "communities" / str(network_a.tenant.pk)
    ] * 2


def test_a_name_with_quotes_and_line_breaks_is_safe_in_the_download_header(
    network_a, communities_a
):
    thread = start(network_a, communities_a.zone)
    reply_by_hand(
        network_a, thread, RawUpload('bilan "final"\r\nSet-Cookie: a=1\u202etxt.exe', b"x\n")
    )
    (attachment,) = attachments_of(network_a)
    answer = network_a.client(Role.ANIMATOR).get(attachment_url(network_a, attachment))
    header = answer["Content-Disposition"]
    assert "\r" not in header
    assert "\n" not in header
    assert "\u202e" not in header
    assert header == 'attachment; filename="bilan \\"final\\"Set-Cookie: a=1txt.txt"'
    assert "a=1" not in answer.cookies


@pytest.mark.parametrize("payload", [*PAYLOADS, '"><img src=x onerror=alert(1)>'])
def test_hostile_file_names_are_shown_harmlessly(network_a, communities_a, payload):
    """CHECKLIST X2, for the names of files and images, sent through the page and by hand."""
    thread = start(network_a, communities_a.zone)
    answer = reply_with(network_a, thread, **{f"{payload}.txt": b"notes\n"})
    assert answer.status_code == 302
    reply_by_hand(
        network_a, thread, RawUpload(f"{payload}.txt", b"notes\n"), RawUpload(payload, png())
    )
    assert len(attachments_of(network_a)) == 3
    page = network_a.client(Role.ANIMATOR).get(url(network_a, "thread", thread.pk))
    assert page.status_code == 200
    assert dangers(page.content.decode()) == []


def test_a_bad_file_is_reported_on_its_field_and_the_text_is_kept(
    network_a, communities_a, settings
):
    client = network_a.client(Role.POS_STAFF)
    answer = client.post(
        url(network_a, "thread_new", communities_a.zone.pk),
        {
            "kind": "question",
            "title": "Notre bilan du mois",
            "body": "Tout est dans le fichier joint.",
            "attachments": [
                upload("vitrine.png", png()),
                upload("report.pdf", b"<html><script>alert(1)</script></html>"),
            ],
        },
    )
    assert answer.status_code == 400
    form = answer.context["form"]
    reason = str(uploads_media.MARKUP_REFUSED)
    assert form.errors == {"attachments": [f"report.pdf\u00a0: {reason}"]}
    html = answer.content.decode()
    assert escape(f"report.pdf\u00a0: {reason}") in html
    assert 'value="Notre bilan du mois"' in html
    assert "Tout est dans le fichier joint.</textarea>" in html
    with tenant_scope(network_a.tenant):
        assert not Post.objects.exists()
    assert stored_files(settings) == []


def test_a_reply_with_a_bad_file_keeps_its_text(network_a, communities_a, settings):
    thread = start(network_a, communities_a.zone)
    answer = reply_with(network_a, thread, **{"dessin.png": SVG})
    assert answer.status_code == 400
    assert answer.context["reply"].errors["attachments"] == [
        f"dessin.png\u00a0: {uploads_media.SVG_REFUSED}"
    ]
    assert "Voici mes photos</textarea>" in answer.content.decode()
    assert attachments_of(network_a) == []
    assert stored_files(settings) == []


def test_at_most_five_files_per_post(network_a, communities_a, settings):
    thread = start(network_a, communities_a.zone)
    answer = reply_with(network_a, thread, **{f"note{n}.txt": b"x\n" for n in range(6)})
    assert answer.status_code == 400
    assert stored_files(settings) == []
    assert (
        reply_with(network_a, thread, **{f"note{n}.txt": b"x\n" for n in range(5)}).status_code
        == 302
    )


def test_a_file_over_the_limit_on_the_page_is_refused_and_nothing_is_kept(
    network_a, communities_a, settings
):
    """CHECKLIST U1: 10 MB per file (the body may hold 20 MB)."""
    thread = start(network_a, communities_a.zone)
    answer = reply_with(network_a, thread, **{"long.txt": b"a" * (10 * MB + 1)})
    assert answer.status_code == 400
    assert answer.context["reply"].errors["attachments"][0].startswith("long.txt\u00a0: ")
    assert stored_files(settings) == []


def test_an_oversized_body_is_refused_before_it_is_read(network_a, communities_a, settings):
    """CHECKLIST U6: the reply's route, like every route, refuses 60 MB unread."""
    thread = start(network_a, communities_a.zone)
    client = network_a.client(Role.POS_STAFF)
    answer = post_body(
        client, url(network_a, "reply", thread.pk), UnreadableBody(), 60 * MB, MULTIPART_CONTENT
    )
    assert answer.status_code == 413
    assert stored_files(settings) == []
    with tenant_scope(network_a.tenant):
        assert Post.objects.filter(thread=thread).count() == 1


def test_files_live_on_disk_never_in_the_cache(network_a, communities_a, settings):
    """CHECKLIST U6: nothing of a file reaches the cache (the broker's Redis)."""
    thread = start(network_a, communities_a.zone)
    content = b"Chiffres confidentiels du mois\n"
    reply_with(network_a, thread, **{"chiffres.txt": content})
    network_a.client(Role.ANIMATOR).get(url(network_a, "thread", thread.pk))
    assert [path.read_bytes() for path in stored_files(settings)] == [content]
    assert nothing_of_the_upload_is_cached(content)


def test_files_written_for_a_post_that_is_rolled_back_are_removed(
    network_a, communities_a, settings
):
    """A failure after the files are on disk, in the transaction that writes the post."""
    thread = start(network_a, communities_a.zone)
    tenant, staff = network_a.tenant, network_a.members[Role.POS_STAFF]
    with tenant_scope(tenant):
        post = Post.objects.get(thread=thread)
        PostLike.objects.create(tenant=tenant, post=post, membership=staff)
        files = [media_check(upload("a.txt", b"a\n")), media_check(upload("b.png", png()))]

        def write_then_fail():
            with files_removed_on_failure() as written, transaction.atomic():
                attachments_save(tenant=tenant, post=post, files=files, written=written)
                assert len(stored_files(settings)) == 2
                PostLike.objects.create(tenant=tenant, post=post, membership=staff)  # twice

        with pytest.raises(IntegrityError):
            write_then_fail()
    assert stored_files(settings) == []


# Who may download (CHECKLIST T9, T12)


def test_a_private_communitys_file_is_missing_for_someone_outside_it(network_a, communities_a):
    """The other zone's community: the first zone's staff may not see it, nor its files."""
    thread = start(network_a, communities_a.other_zone, role=Role.HEAD_OFFICE)
    with tenant_scope(network_a.tenant):
        reply = post_reply(
            tenant=network_a.tenant,
            actor=network_a.members[Role.HEAD_OFFICE],
            thread=thread,
            body="Le plan",
            attachments=[media_check(upload("plan.pdf", minimal_pdf()))],
        )
    (attachment,) = attachments_of(network_a)
    outsider = network_a.client(Role.POS_STAFF)
    answer = outsider.get(attachment_url(network_a, attachment))
    missing = outsider.get(url(network_a, "attachment", reply.pk, 987654321))
    assert answer.status_code == missing.status_code == 404
    assert b"%PDF" not in answer.content
    coach = network_a.client(Role.COACH)  # coaches see every community
    assert coach.get(attachment_url(network_a, attachment)).status_code == 200


def test_another_tenants_file_is_missing(network_a, network_b, communities_b):
    thread = start(network_b, communities_b.zone)
    reply_with(network_b, thread, **{"plan.txt": b"CANARY-B-7f3a\n"})
    (attachment,) = attachments_of(network_b)
    foreign = reverse(
        "communities:attachment",
        args=[network_a.tenant.slug, attachment.post_id, attachment.pk],
    )
    answer = network_a.client(Role.HEAD_OFFICE).get(foreign)
    assert answer.status_code == 404
    assert b"CANARY" not in answer.content


def test_a_file_is_reached_only_through_its_own_post(network_a, communities_a):
    thread = start(network_a, communities_a.zone)
    reply_with(network_a, thread, **{"plan.txt": b"x\n"})
    (attachment,) = attachments_of(network_a)
    with tenant_scope(network_a.tenant):
        opening = Post.objects.filter(thread=thread).order_by("pk").first()
    wrong_post = url(network_a, "attachment", opening.pk, attachment.pk)
    assert network_a.client().get(wrong_post).status_code == 404


def test_a_hidden_posts_files_are_hidden_with_it(network_a, communities_a):
    thread = start(network_a, communities_a.zone)
    reply_with(network_a, thread, role=Role.POS_STAFF, **{"vitrine.png": png()})
    (image,) = attachments_of(network_a)
    with tenant_scope(network_a.tenant):
        post = Post.objects.get(pk=image.post_id)
        post_hide(
            tenant=network_a.tenant,
            actor=network_a.members[Role.ANIMATOR],
            post=post,
            reason="Photo d'un client",
        )
    href = attachment_url(network_a, image)
    reader = network_a.client(Role.POS_MANAGER)
    assert reader.get(href).status_code == 404
    assert href not in reader.get(url(network_a, "thread", thread.pk)).content.decode()
    for role in (Role.POS_STAFF, Role.ANIMATOR, Role.HEAD_OFFICE):  # its author, moderators
        assert network_a.client(role).get(href).status_code == 200, role
    moderator_page = network_a.client(Role.ANIMATOR).get(url(network_a, "thread", thread.pk))
    assert href in moderator_page.content.decode()


def test_files_cost_the_thread_page_no_query_per_post(network_a, communities_a):
    thread = start(network_a, communities_a.zone)
    reader = network_a.client(Role.ANIMATOR)
    page = url(network_a, "thread", thread.pk)

    def queries() -> int:
        with CaptureQueriesContext(transaction.get_connection()) as captured:
            assert reader.get(page).status_code == 200
        return len(captured)

    reply_with(network_a, thread, **{"a.png": png(), "a.txt": b"a\n"})
    queries()  # the first page of the session loads what the next ones find in place
    once = queries()
    for _ in range(3):
        reply_with(network_a, thread, **{"b.png": png(), "b.txt": b"b\n"})
    queries()  # the reader catches up with the new replies (their read marker moves on)
    assert queries() == once


def test_the_reply_and_new_thread_forms_send_several_files(network_a, communities_a):
    thread = start(network_a, communities_a.zone)
    client = network_a.client(Role.POS_STAFF)
    zone = communities_a.zone.pk
    reply, new = url(network_a, "thread", thread.pk), url(network_a, "thread_new", zone)
    for page in (reply, new):
        html = client.get(page).content.decode()
        assert 'enctype="multipart/form-data"' in html
        field = re.search(r'<input type="file" name="attachments"[^>]*>', html)
        assert field, page
        assert " multiple" in field.group(0)
        assert 'accept=".jpg,' in field.group(0)
