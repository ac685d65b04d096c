"""Reading the tables people upload: CSV as French systems write them, and XLSX.

Shared by every import of the platform (organisation, KPI facts, objectives). Handles `;`, `,` or
tab separators, UTF-8 with or without BOM and Windows-1252, any line ends, and refuses files whose
content does not match their type or that would inflate past the limits or past what their
headers declare (CHECKLIST U1 to U3, U6, I4).
"""

import csv
import io
import struct
import unicodedata
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from .exports import safe_cell

XLSX_MAX_UNCOMPRESSED = 200 * 1024 * 1024
XLSX_MAX_RATIO = 100
INFLATE_STEP = 1024
# A zip member's local header: signature, 22 bytes we do not need, then the lengths of the name
# and of the extra field that come before the member's data.
LOCAL_HEADER = struct.Struct("<4s22xHH")


@dataclass(frozen=True)
class RowError:
    line: int
    column: str
    reason: str


class ImportRejected(Exception):
    """The file cannot be imported; `errors` says where and why. Nothing was written."""

    def __init__(self, errors: list[RowError]):
        super().__init__(f"{len(errors)} error(s)")
        self.errors = errors


def file_error(reason: str) -> ImportRejected:
    return ImportRejected([RowError(line=0, column="", reason=reason)])


def normalise_header(name: str) -> str:
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return "_".join(plain.strip().lower().replace("-", " ").split())


def decode_text(content: bytes) -> str:
    if b"\x00" in content[:4096]:
        raise file_error(_("The file is not a text (CSV) file."))
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return content.decode("cp1252", errors="replace")


def sniff_delimiter(first_line: str) -> str:
    counts = {sep: first_line.count(sep) for sep in (";", ",", "\t")}
    return max(counts, key=lambda sep: counts[sep]) if any(counts.values()) else ","


def is_xlsx(content: bytes, filename: str) -> bool:
    if filename.lower().endswith((".xlsx", ".xlsm")):
        if not content.startswith(b"PK\x03\x04"):
            raise file_error(_not_a_workbook())
        return True
    return False


def _not_a_workbook() -> str:
    return _("The file is named .xlsx but is not an Excel workbook.")


def _damaged() -> str:
    return _("The Excel workbook is damaged.")


def _too_large() -> str:
    return _("The Excel workbook inflates past the allowed size.")


def _check_workbook_archive(content: bytes) -> None:
    """Refuse a zip that is not a workbook, or that inflates past the limits or past what its
    headers declare (CHECKLIST U3, U6): openpyxl trusts the declared sizes, and inflates a
    part whole in memory."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    # NotImplementedError: a central directory naming a zip version Python cannot read.
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        ValueError,
        EOFError,
        NotImplementedError,
    ) as exc:
        raise file_error(_damaged()) from exc
    members = archive.infolist()
    declared = sum(info.file_size for info in members)
    if declared > XLSX_MAX_UNCOMPRESSED or declared > XLSX_MAX_RATIO * max(len(content), 1):
        raise file_error(_too_large())
    if "[Content_Types].xml" not in archive.namelist():
        raise file_error(_not_a_workbook())
    for info in members:
        inflated = _inflated_size(content, info)
        if inflated > info.file_size:
            raise file_error(_too_large())
        if inflated < info.file_size:
            raise file_error(_damaged())


def _inflated_size(content: bytes, info: zipfile.ZipInfo) -> int:
    """What the member really inflates to, whatever its headers say; counted a kilobyte of
    input at a time (deflate makes at most a megabyte of it), and no further than one step
    past its declared size."""
    data = _member_data(content, info)
    if info.compress_type == zipfile.ZIP_STORED:
        return len(data)
    if info.compress_type != zipfile.ZIP_DEFLATED or info.flag_bits & 0x1:  # or encrypted
        raise file_error(_not_a_workbook())
    inflater, total = zlib.decompressobj(-zlib.MAX_WBITS), 0
    try:
        for start in range(0, len(data), INFLATE_STEP):
            total += len(inflater.decompress(data[start : start + INFLATE_STEP]))
            if total > info.file_size or inflater.eof:
                return total
        return total + len(inflater.flush())
    except zlib.error as exc:
        raise file_error(_damaged()) from exc


def _member_data(content: bytes, info: zipfile.ZipInfo) -> memoryview:
    try:
        signature, name_length, extra_length = LOCAL_HEADER.unpack_from(content, info.header_offset)
    except struct.error as exc:
        raise file_error(_damaged()) from exc
    start = info.header_offset + LOCAL_HEADER.size + name_length + extra_length
    data = memoryview(content)[start : start + info.compress_size]
    if signature != b"PK\x03\x04" or len(data) != info.compress_size:
        raise file_error(_damaged())
    return data


def _xlsx_rows(content: bytes) -> Iterator[list[str]]:
    import openpyxl

    _check_workbook_archive(content)
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        try:
            for row in workbook.worksheets[0].iter_rows(values_only=True):
                yield ["" if cell is None else _cell_text(cell) for cell in row]
        finally:
            workbook.close()
    # openpyxl answers a part it cannot read with errors of every kind (KeyError for a missing
    # part, ParseError, ValueError, TypeError...): for the person, the workbook is damaged.
    except Exception as exc:
        raise file_error(_damaged()) from exc


def _cell_text(cell: object) -> str:
    if hasattr(cell, "date") and hasattr(cell, "hour"):
        return cell.date().isoformat()
    if hasattr(cell, "isoformat"):
        return cell.isoformat()
    return str(cell)


def check_size(size: int) -> None:
    if size > settings.IMPORT_MAX_BYTES:
        limit = filesizeformat(settings.IMPORT_MAX_BYTES)
        raise file_error(_("The file is larger than the %(limit)s allowed.") % {"limit": limit})


def read_table(content: bytes, filename: str) -> tuple[list[str], Iterator[tuple[int, list[str]]]]:
    """Return the header as written and an iterator of (line number, cells) for each data row."""
    check_size(len(content))
    if is_xlsx(content, filename):
        rows: Iterator[list[str]] = _xlsx_rows(content)
    else:
        rows = _csv_rows(decode_text(content))
    header = next(rows, None)
    if not header or not any(cell.strip() for cell in header):
        raise file_error(_("The file is empty."))
    numbered = (
        (number, row) for number, row in enumerate(rows, start=2) if any(c.strip() for c in row)
    )
    return [cell.strip() for cell in header], numbered


def _csv_rows(text: str) -> Iterator[list[str]]:
    text = unify_line_ends(text)
    first_line = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text), delimiter=sniff_delimiter(first_line))
    try:
        yield from reader
    except csv.Error as exc:
        reason = _("This line cannot be read: a field is too long, or a quote is not closed.")
        raise ImportRejected([RowError(line=reader.line_num, column="", reason=reason)]) from exc


def unify_line_ends(text: str) -> str:
    """Lines end with LF, CRLF, or a lone CR in a file that has no other (old Mac files).
    Anywhere else a lone CR is a line break typed inside a cell: it is read as a space."""
    text = text.replace("\r\n", "\n")
    if "\r" not in text:
        return text
    return text.replace("\r", " " if "\n" in text else "\n")


class Columns(dict[str, int]):
    """Each known column's position in the file, and its name as the file writes it: an error
    names the column the person sees in their file ("Code PDV"), not the platform's key."""

    def __init__(self) -> None:
        super().__init__()
        self.written: dict[str, str] = {}

    def name(self, column: str) -> str:
        return self.written.get(column, column)


def map_columns(header: list[str], aliases: dict[str, str], required: set[str]) -> Columns:
    """Find each known column by its name or an alias (French names, any case or accent)."""
    positions = Columns()
    for index, name in enumerate(header):
        canonical = aliases.get(normalise_header(name))
        if canonical and canonical not in positions:
            positions[canonical] = index
            positions.written[canonical] = name
    missing = sorted(required - positions.keys())
    if missing:
        raise ImportRejected(
            [RowError(line=1, column=name, reason=_("This column is missing.")) for name in missing]
        )
    return positions


def errors_as_csv(errors: list[RowError]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow([_("line"), _("column"), _("reason")])
    for error in errors:
        # Reasons quote the file's cells, which may look like formulas (CHECKLIST X5).
        writer.writerow([error.line, safe_cell(error.column), safe_cell(error.reason)])
    return buffer.getvalue()
