"""Images and files people attach to what they write (community posts; later lessons and the
document library). What a file is, is decided by its content, never by its name or by what the
browser says it is (CHECKLIST U1 to U5).

- Images (JPEG, PNG, GIF, WebP) are decoded by Pillow under a pixel cap (decompression bombs),
  turned upright by their EXIF orientation, shrunk to a longest side and re-encoded without any
  metadata (EXIF with its GPS position, comments, colour profiles): JPEG, or PNG when they have
  transparency. SVG is refused: it is a document that can run script.
- Files are PDF (`%PDF-`), Word, Excel and PowerPoint documents (zips that hold the main part
  their `[Content_Types].xml` names, no macros, within caps on their members and on what they
  inflate to, each member inflated to prove its declared size), or UTF-8 text without NUL.

`media_check` tells the two apart; every refusal is a ValidationError saying why to the person.
A name that claims another type than the content (an HTML page named `report.pdf`) is refused.
The name kept for display has no path, no control character, and the extension of the content.
"""

import io
import re
import struct
import unicodedata
import warnings
import zipfile
import zlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps

if TYPE_CHECKING:  # a development package: the type of a lazy translated message
    from django_stubs_ext import StrPromise

MEDIA_MAX_BYTES = 10 * 1024 * 1024
IMAGE_MAX_PIXELS = 50_000_000
IMAGE_MAX_SIDE = 2000
IMAGE_FORMATS = ("JPEG", "PNG", "GIF", "WEBP")
JPEG_QUALITY = 85
ZIP_MAX_MEMBERS = 1000
ZIP_MAX_DIRECTORY = 1024 * 1024  # the central directory of a zip, read before anything else
ZIP_MAX_UNCOMPRESSED = 100 * 1024 * 1024
ZIP_MAX_RATIO = 100
CONTENT_TYPES_MAX = 1024 * 1024
INFLATE_CHUNK = 64 * 1024
FILENAME_MAX = 150
TEXT_EXTENSIONS = ("txt", "csv", "md")

TOO_LARGE = _("The file is larger than the %(limit)s allowed.")
EMPTY = _("The file is empty.")
SVG_REFUSED = _("SVG images are not accepted: send a JPEG or PNG image instead.")
MARKUP_REFUSED = _("Web pages and XML files are not accepted: send a PDF or a text file instead.")
IMAGE_UNREADABLE = _("The image cannot be read: send a JPEG, PNG, GIF or WebP image.")
IMAGE_TOO_MANY_PIXELS = _("The image has too many pixels: send one of at most %(limit)s million.")
FILE_TYPE_REFUSED = _(
    "This kind of file is not accepted: send a PDF, a Word, Excel or PowerPoint document, or "
    "a text file."
)
MEDIA_TYPE_REFUSED = _(
    "This kind of file is not accepted: send an image (JPEG, PNG, GIF, WebP), a PDF, a Word, "
    "Excel or PowerPoint document, or a text file."
)
NAME_MISMATCH = _("The file is named .%(extension)s but its content is something else.")
DOCUMENT_DAMAGED = _("The document is damaged, or is not a Word, Excel or PowerPoint document.")
DOCUMENT_TOO_LARGE = _("The document holds more than is allowed once uncompressed.")
DOCUMENT_MACROS = _("Documents with macros are not accepted.")
TEXT_NOT_UTF8 = _("The text file is not in UTF-8: save it as UTF-8 and send it again.")

PDF = "application/pdf"
TEXT = "text/plain; charset=utf-8"
# The content type of a document's main part in [Content_Types].xml: its extension and type.
OFFICE_MAIN_PARTS = {
    b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": (
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": (
        "xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    b"application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml": (
        "pptx",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ),
}
# What a name's extension claims: a file whose content is something else is refused.
CLAIMED_KIND = {
    **dict.fromkeys(("jpg", "jpeg", "png", "gif", "webp"), "image"),
    "pdf": "pdf",
    **dict.fromkeys(("docx", "docm", "doc"), "docx"),
    **dict.fromkeys(("xlsx", "xlsm", "xls"), "xlsx"),
    **dict.fromkeys(("pptx", "pptm", "ppt"), "pptx"),
    **dict.fromkeys(TEXT_EXTENSIONS, "text"),
}
IMAGE_SIGNATURES = (b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"GIF87a", b"GIF89a")
OVERRIDE = re.compile(rb"<Override\b([^>]*)>", re.IGNORECASE)
ATTRIBUTE = re.compile(rb"""(PartName|ContentType)\s*=\s*["']([^"']*)["']""")
# The end of a zip's central directory: its signature, then its size at offset 12.
END_OF_DIRECTORY = b"PK\x05\x06"
DIRECTORY_SIZE = struct.Struct("<I")


class Upload(Protocol):
    """What is read of an upload (Django's UploadedFile is one)."""

    @property
    def name(self) -> str | None: ...
    @property
    def size(self) -> int | None: ...
    def read(self, size: int = -1, /) -> bytes: ...


@dataclass(frozen=True)
class ReencodedImage:
    content: bytes
    filename: str  # for display and Content-Disposition only, never a path
    extension: str
    content_type: str
    width: int
    height: int

    @property
    def size(self) -> int:
        return len(self.content)


@dataclass(frozen=True)
class CheckedFile:
    content: bytes
    filename: str  # for display and Content-Disposition only, never a path
    extension: str
    content_type: str

    @property
    def size(self) -> int:
        return len(self.content)


def media_check(upload: Upload) -> ReencodedImage | CheckedFile:
    """An image re-encoded, or a file of an accepted type; anything else is refused."""
    content = _content(upload)
    if _is_image(content):
        return _reencoded(content, upload.name or "")
    return _checked_file(content, upload.name or "", MEDIA_TYPE_REFUSED)


def image_reencode(upload: Upload) -> ReencodedImage:
    content = _content(upload)
    if not _is_image(content):
        raise ValidationError(SVG_REFUSED if _is_svg(content) else IMAGE_UNREADABLE)
    return _reencoded(content, upload.name or "")


def attachment_check(upload: Upload) -> CheckedFile:
    """A PDF, Word, Excel or PowerPoint document, or a text file (images: `image_reencode`)."""
    return _checked_file(_content(upload), upload.name or "", FILE_TYPE_REFUSED)


def filename_shown(name: str) -> str:
    """A person's file name as it can be shown: its last path part, no control character."""
    last = re.split(r"[\\/]", name)[-1]
    shown = "".join(c for c in last if not unicodedata.category(c).startswith("C"))
    return shown.strip(" .")[:FILENAME_MAX]


def filename_for(name: str, extension: str) -> str:
    """The name kept for display and Content-Disposition: the extension of the content."""
    shown = filename_shown(name)
    stem = shown.rsplit(".", 1)[0].strip(" .") if "." in shown else shown
    return f"{stem or 'attachment'}.{extension}"


def _content(upload: Upload) -> bytes:
    """The upload's bytes, once its size is known to be within the limit (CHECKLIST U1)."""
    if upload.size is not None and upload.size > MEDIA_MAX_BYTES:
        raise _too_large()
    content = upload.read(MEDIA_MAX_BYTES + 1)
    if len(content) > MEDIA_MAX_BYTES:
        raise _too_large()
    if not content:
        raise ValidationError(EMPTY, code="empty")
    return content


def _too_large() -> ValidationError:
    limit = filesizeformat(MEDIA_MAX_BYTES)
    return ValidationError(TOO_LARGE, code="too_large", params={"limit": limit})


def _extension(name: str) -> str:
    shown = filename_shown(name)
    return shown.rsplit(".", 1)[-1].lower() if "." in shown else ""


def _check_claim(name: str, kind: str) -> None:
    claimed = _extension(name)
    if CLAIMED_KIND.get(claimed, kind) != kind:
        raise ValidationError(NAME_MISMATCH, code="mismatch", params={"extension": claimed})


def _is_image(content: bytes) -> bool:
    webp = content[:4] == b"RIFF" and content[8:12] == b"WEBP"
    return webp or content.startswith(IMAGE_SIGNATURES)


def _markup_head(content: bytes) -> bytes:
    """The start of a text that begins with a tag (HTML, XML, SVG), lowered; else nothing."""
    head = content[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head if head.startswith(b"<") else b""


def _is_svg(content: bytes) -> bool:
    return b"<svg" in _markup_head(content)


def _reencoded(content: bytes, name: str) -> ReencodedImage:
    _check_claim(name, "image")
    try:
        image = _decoded(content)
        transparent = _has_transparency(image)
        clean = image.convert("RGBA" if transparent else "RGB")
    # Pillow answers a broken image with errors of many kinds (OSError, SyntaxError,
    # ValueError, struct.error, EOFError...): for the person, the image cannot be read.
    except ValidationError:
        raise
    except Exception as exc:
        raise ValidationError(IMAGE_UNREADABLE, code="image") from exc
    clean.info = {}  # no comment, XMP, EXIF nor profile carried into the new file
    encoded = io.BytesIO()
    if transparent:
        clean.save(encoded, "PNG", optimize=True)
    else:
        clean.save(encoded, "JPEG", quality=JPEG_QUALITY, optimize=True)
    extension = "png" if transparent else "jpg"
    return ReencodedImage(
        content=encoded.getvalue(),
        filename=filename_for(name, extension),
        extension=extension,
        content_type="image/png" if transparent else "image/jpeg",
        width=clean.width,
        height=clean.height,
    )


def _decoded(content: bytes) -> Image.Image:
    """The image decoded, upright, within IMAGE_MAX_SIDE; its pixels counted before decoding."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(content), formats=IMAGE_FORMATS)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise _too_many_pixels() from exc
    if image.width * image.height > IMAGE_MAX_PIXELS:
        raise _too_many_pixels()
    image.draft(image.mode, (IMAGE_MAX_SIDE, IMAGE_MAX_SIDE))  # JPEG: decoded already scaled
    # In place, and shrunk before any conversion: the decoded pixels are never copied whole.
    ImageOps.exif_transpose(image, in_place=True)
    image.thumbnail((IMAGE_MAX_SIDE, IMAGE_MAX_SIDE), Image.Resampling.LANCZOS)
    return image


def _too_many_pixels() -> ValidationError:
    limit = IMAGE_MAX_PIXELS // 1_000_000
    return ValidationError(IMAGE_TOO_MANY_PIXELS, code="pixels", params={"limit": limit})


def _has_transparency(image: Image.Image) -> bool:
    if image.mode not in ("RGBA", "LA", "PA") and "transparency" not in image.info:
        return False
    lowest, _highest = image.convert("RGBA").getchannel("A").getextrema()
    return isinstance(lowest, int) and lowest < 255


def _checked_file(content: bytes, name: str, refusal: "StrPromise") -> CheckedFile:
    if _is_svg(content):
        raise ValidationError(SVG_REFUSED, code="svg")
    if content.startswith(b"%PDF-"):
        kind, content_type = "pdf", PDF
    elif content.startswith(b"PK\x03\x04"):
        kind, content_type = _office_document(content)
    elif _markup_head(content):
        raise ValidationError(MARKUP_REFUSED, code="markup")
    elif _is_text(content):
        kind, content_type = "text", TEXT
    else:
        raise ValidationError(refusal, code="type")
    _check_claim(name, kind)
    extension = kind
    if kind == "text":
        claimed = _extension(name)
        extension = claimed if claimed in TEXT_EXTENSIONS else "txt"
    return CheckedFile(
        content=content,
        filename=filename_for(name, extension),
        extension=extension,
        content_type=content_type,
    )


def _is_text(content: bytes) -> bool:
    if b"\x00" in content:
        return False
    try:
        content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if _looks_binary(content):
            return False
        raise ValidationError(TEXT_NOT_UTF8, code="encoding") from exc
    return True


def _looks_binary(content: bytes) -> bool:
    """Control characters other than tabs and line ends: an executable, not a text in Latin-1."""
    head = content[:4096]
    controls = sum(1 for byte in head if byte < 32 and byte not in b"\t\n\r\f")
    return controls > len(head) // 100


def _office_document(content: bytes) -> tuple[str, str]:
    """A Word, Excel or PowerPoint document's kind and content type, once its zip is proved
    harmless: a small directory, few members, a bounded inflated size that each member really
    has (a member that understates its size fails its CRC), and no macros (CHECKLIST U3, U6)."""
    _check_directory_size(content)
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        members = archive.infolist()
        _check_sizes(members, len(content))
        names = {info.filename for info in members}
        if any(name.lower().endswith("vbaproject.bin") for name in names):
            raise ValidationError(DOCUMENT_MACROS, code="macros")
        document = _main_part(_content_types(archive), names)
        for info in members:
            _inflate(archive, info)
    # zipfile answers a damaged, encrypted or oddly compressed member with errors of several
    # kinds: for the person, the document is damaged.
    except (zipfile.BadZipFile, zipfile.LargeZipFile, RuntimeError, NotImplementedError) as exc:
        raise ValidationError(DOCUMENT_DAMAGED, code="document") from exc
    except (EOFError, OSError, ValueError, zlib.error, struct.error) as exc:
        raise ValidationError(DOCUMENT_DAMAGED, code="document") from exc
    return document


def _check_directory_size(content: bytes) -> None:
    """zipfile reads the whole central directory into objects: refuse a huge one unread."""
    end = content.rfind(END_OF_DIRECTORY, max(0, len(content) - 65_557))
    if end < 0 or end + 16 > len(content):
        raise ValidationError(DOCUMENT_DAMAGED, code="document")
    (directory_size,) = DIRECTORY_SIZE.unpack_from(content, end + 12)
    if directory_size > ZIP_MAX_DIRECTORY:
        raise ValidationError(DOCUMENT_TOO_LARGE, code="document_size")


def _check_sizes(members: list[zipfile.ZipInfo], compressed: int) -> None:
    declared = sum(info.file_size for info in members)
    too_much = declared > ZIP_MAX_UNCOMPRESSED or declared > ZIP_MAX_RATIO * compressed
    if too_much or len(members) > ZIP_MAX_MEMBERS:
        raise ValidationError(DOCUMENT_TOO_LARGE, code="document_size")


def _content_types(archive: zipfile.ZipFile) -> bytes:
    try:
        info = archive.getinfo("[Content_Types].xml")
    except KeyError as exc:
        raise ValidationError(DOCUMENT_DAMAGED, code="document") from exc
    if info.file_size > CONTENT_TYPES_MAX:
        raise ValidationError(DOCUMENT_TOO_LARGE, code="document_size")
    return archive.read(info)


def _main_part(content_types: bytes, names: set[str]) -> tuple[str, str]:
    """Read as text, not parsed as XML: no entity of the file is ever expanded."""
    for override in OVERRIDE.finditer(content_types):
        attributes = dict(ATTRIBUTE.findall(override.group(1)))
        part = attributes.get(b"PartName", b"").decode(errors="replace").lstrip("/")
        document = OFFICE_MAIN_PARTS.get(attributes.get(b"ContentType", b"").strip())
        if document and part in names:
            return document
    if b"macroenabled" in content_types.lower():
        raise ValidationError(DOCUMENT_MACROS, code="macros")
    raise ValidationError(DOCUMENT_DAMAGED, code="document")


def _inflate(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    """Inflate a member a chunk at a time: zipfile stops at its declared size and checks its
    CRC, so a member that holds more than it says is refused without being inflated whole."""
    with archive.open(info) as member:
        while member.read(INFLATE_CHUNK):
            pass
