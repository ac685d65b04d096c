"""Tables as downloads: CSV (Excel-friendly, `;`) and XLSX, for every table of the platform.

Cells that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, carriage return at the
start) are written as text (CHECKLIST X5); numbers stay numbers.
"""

import csv
import io
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.http import HttpResponse
from django.utils.text import slugify

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
FORMATS = ("csv", "xlsx")
SHEET_NAME_MAX = 31  # UTF-16 code units, as Excel counts
SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
# Excel keeps this name for a shared workbook's change history.
SHEET_NAMES_RESERVED = frozenset({"history"})


@dataclass(frozen=True)
class Table:
    title: str
    headers: Sequence[str]
    rows: Iterable[Sequence[object]]


def safe_cell(value: object) -> object:
    """A value as a spreadsheet should show it: never a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def sheet_name(text: str, *, taken: set[str], fallback: str = "Data") -> str:
    """`text` as a sheet name Excel accepts, unlike every name in `taken` (which it joins).

    Excel's rules: at most 31 characters, none of `[]:*?/\\`, no apostrophe first or last, not
    empty, unique in the workbook whatever the case. Characters XML cannot carry are dropped.
    """
    base = _sheet_text(text) or _sheet_text(fallback) or "Data"
    name, number = _cut(base, SHEET_NAME_MAX), 2
    while _sheet_keys(name) & (taken | SHEET_NAMES_RESERVED):
        suffix = f" ({number})"
        name, number = _cut(base, SHEET_NAME_MAX - len(suffix)) + suffix, number + 1
    taken.update(_sheet_keys(name))
    return name


def _sheet_text(text: str) -> str:
    visible = "".join(
        " " if unicodedata.category(char) == "Cc" else char
        for char in SHEET_NAME_FORBIDDEN.sub(" ", text)
        if unicodedata.category(char) != "Cs" and char not in "\ufffe\uffff"
    )
    return " ".join(visible.split()).strip("' ")


def _cut(text: str, units: int) -> str:
    """The longest start of `text` within `units` UTF-16 code units, that still ends well."""
    text = text[:units]
    while len(text.encode("utf-16-le")) > units * 2:
        text = text[:-1]
    return text.rstrip("' ")


def _sheet_keys(name: str) -> set[str]:
    # Excel compares names without case; so does xlsxwriter, with lower().
    return {name.lower(), name.casefold(), name.upper().lower()}


def table_as_csv(table: Table) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow([safe_cell(h) for h in table.headers])
    for row in table.rows:
        writer.writerow(["" if cell is None else safe_cell(cell) for cell in row])
    # A BOM so that Excel opens French accents correctly.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def table_as_xlsx(table: Table) -> bytes:
    import xlsxwriter

    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False})
    sheet = workbook.add_worksheet(sheet_name(table.title, taken=set()))
    bold = workbook.add_format({"bold": True})
    sheet.write_row(0, 0, [str(safe_cell(h)) for h in table.headers], bold)
    for index, row in enumerate(table.rows, start=1):
        for column, cell in enumerate(row):
            value = safe_cell(cell)
            if isinstance(value, str):
                sheet.write_string(index, column, value)
            elif value is not None:
                sheet.write(index, column, value)
    sheet.freeze_panes(1, 0)
    sheet.autofit()
    workbook.close()
    return buffer.getvalue()


def table_response(table: Table, export_format: str, filename: str) -> HttpResponse:
    """The table as an attachment in the asked format (`csv` or `xlsx`)."""
    name = slugify(filename) or "export"
    if export_format == "xlsx":
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        body = table_as_xlsx(table)
    else:
        content_type, body = "text/csv; charset=utf-8", table_as_csv(table)
        export_format = "csv"
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}.{export_format}"'
    return response
