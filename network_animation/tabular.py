"""Reading the tables people upload: CSV as French systems write them, and XLSX.

Shared by every import of the platform (organisation, KPI facts, objectives). Handles `;`, `,` or
tab separators, UTF-8 with or without BOM and Windows-1252, and refuses files whose content does
not match their type or that would inflate past the limits (CHECKLIST U1 to U3, I4).
"""

import csv
import io
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

XLSX_MAX_UNCOMPRESSED = 200 * 1024 * 1024
XLSX_MAX_RATIO = 100


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
            raise file_error(_("The file is named .xlsx but is not an Excel workbook."))
        return True
    return False


def _check_zip_limits(content: bytes) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except zipfile.BadZipFile as exc:
        raise file_error(_("The Excel workbook is damaged.")) from exc
    total = sum(info.file_size for info in archive.infolist())
    if total > XLSX_MAX_UNCOMPRESSED or total > XLSX_MAX_RATIO * max(len(content), 1):
        raise file_error(_("The Excel workbook inflates past the allowed size."))


def _xlsx_rows(content: bytes) -> Iterator[list[str]]:
    import openpyxl

    _check_zip_limits(content)
    workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    sheet = workbook.worksheets[0]
    for row in sheet.iter_rows(values_only=True):
        yield ["" if cell is None else _cell_text(cell) for cell in row]
    workbook.close()


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
    """Return the normalised header and an iterator of (line number, cells) for each data row."""
    check_size(len(content))
    if is_xlsx(content, filename):
        rows: Iterator[list[str]] = _xlsx_rows(content)
    else:
        text = decode_text(content)
        first_line = text.split("\n", 1)[0]
        rows = csv.reader(io.StringIO(text), delimiter=sniff_delimiter(first_line))
    header = next(rows, None)
    if not header or not any(cell.strip() for cell in header):
        raise file_error(_("The file is empty."))
    normalised = [normalise_header(cell) for cell in header]
    numbered = (
        (number, row) for number, row in enumerate(rows, start=2) if any(c.strip() for c in row)
    )
    return normalised, numbered


def map_columns(header: list[str], aliases: dict[str, str], required: set[str]) -> dict[str, int]:
    """Find each known column by its name or an alias (French names, any case or accent)."""
    positions: dict[str, int] = {}
    for index, name in enumerate(header):
        canonical = aliases.get(name)
        if canonical and canonical not in positions:
            positions[canonical] = index
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
        writer.writerow([error.line, error.column, error.reason])
    return buffer.getvalue()
