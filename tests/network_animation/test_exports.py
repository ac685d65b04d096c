"""Exports: CSV and XLSX cells never become formulas (CHECKLIST X5)."""

import csv
import io

import openpyxl

from network_animation.exports import Table, table_as_csv, table_as_xlsx, table_response

DANGEROUS = ['=HYPERLINK("http://evil")', "+1+1", "-2+3", "@SUM(A1)", "\tx"]


def table() -> Table:
    return Table("Zone Nord", ["Point of sale", "Sales"], [[text, 3.5] for text in DANGEROUS])


def test_csv_cells_starting_like_formulas_are_written_as_text():
    rows = list(csv.reader(io.StringIO(table_as_csv(table()).decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Point of sale", "Sales"]
    assert [row[0] for row in rows[1:]] == ["'" + text for text in DANGEROUS]


def test_xlsx_cells_starting_like_formulas_are_strings_and_numbers_stay_numbers():
    workbook = openpyxl.load_workbook(io.BytesIO(table_as_xlsx(table())))
    sheet = workbook.active
    for row, text in enumerate(DANGEROUS, start=2):
        cell = sheet.cell(row=row, column=1)
        assert cell.data_type == "s"
        assert cell.value == "'" + text
        assert sheet.cell(row=row, column=2).value == 3.5


def test_downloads_are_attachments_with_a_clean_name():
    response = table_response(table(), "xlsx", "../../etc/passwd zone")
    assert response["Content-Disposition"] == 'attachment; filename="etcpasswd-zone.xlsx"'
    assert table_response(table(), "csv", "x")["Content-Type"].startswith("text/csv")
