"""network_animation/tabular.py: files that are not what they claim, or that lie about their
sizes, get a clear error and never a server error (CHECKLIST U2, U3, U6); CSV line ends."""

import contextlib
import io
import struct
import tracemalloc
import zipfile
import zlib

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from network_animation.models import PointOfSale
from network_animation.tabular import (
    ImportRejected,
    RowError,
    errors_as_csv,
    read_table,
    unify_line_ends,
)
from network_animation.tenancy import tenant_scope

MB = 1024 * 1024
NOT_A_WORKBOOK = "n’est pas un classeur Excel"
TOO_LARGE = "dépasse la taille autorisée"


def rows_of(content: bytes, filename: str) -> list[list[str]]:
    header, rows = read_table(content, filename)
    return [header, *(row for _line, row in rows)]


def reason(content: bytes, filename: str = "f.xlsx") -> str:
    with pytest.raises(ImportRejected) as rejected:
        rows_of(content, filename)
    return rejected.value.errors[0].reason


def workbook(*rows: list) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def zip_of(members: list[tuple[str, bytes, int, int, int]]) -> bytes:
    """A zip written by hand, headers and all: (name, data as stored, method, declared size,
    CRC) for each member, so that the headers may say what they like."""
    local, central = io.BytesIO(), io.BytesIO()
    for name, data, method, size, crc in members:
        offset, encoded = local.tell(), name.encode()
        fields = (20, 0, method, 0, 33, crc, len(data), size, len(encoded), 0)
        local.write(struct.pack("<4s5H3L2H", b"PK\x03\x04", *fields) + encoded + data)
        entry = (20, *fields, 0, 0, 0, 0, offset)
        central.write(struct.pack("<4s6H3L5H2L", b"PK\x01\x02", *entry) + encoded)
    count, directory = len(members), central.getvalue()
    end = struct.pack(
        "<4s4H2LH", b"PK\x05\x06", 0, 0, count, count, len(directory), local.tell(), 0
    )
    return local.getvalue() + directory + end


def deflated_repeats(block: bytes, times: int) -> bytes:
    """Deflated data that inflates to `block` repeated `times`, made without inflating it: each
    copy of the block is compressed on its own (a full flush forgets the history)."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    copy = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    return copy * times + compressor.flush()


def stored(name: str, data: bytes) -> tuple[str, bytes, int, int, int]:
    return (name, data, zipfile.ZIP_STORED, len(data), zlib.crc32(data))


def test_a_zip_holding_a_text_file_named_xlsx_is_not_a_workbook():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes.txt", "hello")
    assert NOT_A_WORKBOOK in reason(buffer.getvalue())


@pytest.mark.parametrize("crc_of_first_kilobyte", [True, False])
def test_a_zip_that_understates_its_sizes_is_rejected_without_inflating_it(
    crc_of_first_kilobyte,
):
    """Its headers say 1 KB, its data inflates to 500 MB: Python's zipfile would inflate all
    of it in memory to return the first kilobyte (and, with the CRC of that kilobyte, accept it).
    """
    block = (b"<row><c><v>1</v></c></row>" * 40_000)[:MB]
    crc = zlib.crc32(block[:1024]) if crc_of_first_kilobyte else 0
    bomb = (
        "xl/worksheets/sheet1.xml",
        deflated_repeats(block, 500),
        zipfile.ZIP_DEFLATED,
        1024,
        crc,
    )
    content = zip_of([stored("[Content_Types].xml", b"<Types/>"), bomb])
    tracemalloc.start()
    try:
        assert TOO_LARGE in reason(content)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 16 * MB


def test_a_zip_that_overstates_its_sizes_is_damaged():
    data = b"<worksheet/>"
    compressed = zlib.compress(data)[2:-4]  # raw deflate: no zlib header nor checksum
    member = ("xl/worksheets/sheet1.xml", compressed, zipfile.ZIP_DEFLATED, 5000, zlib.crc32(data))
    content = zip_of([stored("[Content_Types].xml", b"<Types/>"), member])
    assert "endommagé" in reason(content)


def test_a_workbook_with_a_part_that_is_not_xml_is_damaged():
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(workbook(["a"], ["1"]))) as source,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as damaged,
    ):
        for info in source.infolist():
            data = source.read(info)
            damaged.writestr(
                info, b"not xml at all" if "worksheets/sheet" in info.filename else data
            )
    assert "endommagé" in reason(buffer.getvalue())


def test_a_good_workbook_is_still_read():
    assert rows_of(workbook(["code", "name"], ["D1", "Garage"]), "f.xlsx") == [
        ["code", "name"],
        ["D1", "Garage"],
    ]


GOOD_WORKBOOK = workbook(["code", "name"], ["D1", "Garage"], ["D2", 3.5])


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.integers(0, len(GOOD_WORKBOOK) - 1), st.integers(0, 255)), max_size=6))
def test_a_damaged_workbook_is_read_or_refused_never_a_crash(changes):
    content = bytearray(GOOD_WORKBOOK)
    for position, value in changes:
        content[position] = value
    with contextlib.suppress(ImportRejected):  # any other exception would be a server error
        rows_of(bytes(content), "f.xlsx")


def test_a_workbook_of_a_zip_version_python_cannot_read_is_refused_as_damaged():
    """Its central directory asks for zip 6.4 (found by the property test above)."""
    content = bytearray(GOOD_WORKBOOK)
    directory = content.index(b"PK\x01\x02")
    content[directory + 6 : directory + 8] = (64).to_bytes(2, "little")
    with pytest.raises(ImportRejected):
        rows_of(bytes(content), "f.xlsx")


PARTS = zipfile.ZipFile(io.BytesIO(GOOD_WORKBOOK)).namelist()


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(PARTS), st.integers(0, 2000), st.binary(max_size=40))
def test_a_workbook_with_a_part_changed_inside_is_read_or_refused_never_a_crash(
    part, position, text
):
    """The zip is sound; what openpyxl parses is not."""
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(GOOD_WORKBOOK)) as source,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as changed,
    ):
        for info in source.infolist():
            data = source.read(info)
            if info.filename == part:
                data = data[:position] + text + data[position + len(text) :]
            changed.writestr(info, data)
    with contextlib.suppress(ImportRejected):
        rows_of(buffer.getvalue(), "f.xlsx")


def test_a_lone_carriage_return_inside_a_field_is_read_as_a_space():
    content = b'code;name;city\nD1;Garage du\rCentre;Lyon\nD2;"Garage\rde la Gare";Vienne\n'
    assert rows_of(content, "f.csv") == [
        ["code", "name", "city"],
        ["D1", "Garage du Centre", "Lyon"],
        ["D2", "Garage de la Gare", "Vienne"],
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a;b\r\nc;d\r\n", "a;b\nc;d\n"),  # Windows
        ("a;b\rc;d\r", "a;b\nc;d\n"),  # old Mac files: a lone CR ends every line
        ("a;b\nc\r;d\n", "a;b\nc ;d\n"),  # a lone CR among LFs: a break typed in a cell
    ],
)
def test_line_ends(text, expected):
    assert unify_line_ends(text) == expected


def test_a_quote_left_open_is_a_clear_error_on_its_line():
    content = b'code;name\nD1;ok\nD2;"never closed\n' + b"x" * 200_000
    with pytest.raises(ImportRejected) as rejected:
        rows_of(content, "f.csv")
    [error] = rejected.value.errors
    assert error.line >= 3
    assert "guillemet" in error.reason or "quote" in error.reason


@pytest.mark.django_db
def test_the_organisation_page_reads_a_file_with_a_carriage_return_inside_a_field(network_a):
    text = "code;nom;zone;nom_zone;region;nom_region\nD001;Garage du\rCentre;Z1;Zone;R1;Région\n"
    page = network_a.client().post(
        reverse("organisation_import", args=[network_a.tenant.slug]),
        {"kind": "points_of_sale", "file": SimpleUploadedFile("points.csv", text.encode())},
    )
    assert page.status_code == 200
    with tenant_scope(network_a.tenant):
        assert PointOfSale.objects.get(code="D001").name == "Garage du Centre"


def test_the_errors_report_writes_cells_that_look_like_formulas_as_text():
    """CHECKLIST X5."""
    report = errors_as_csv([RowError(2, "=cmd", "@SUM(A1)"), RowError(3, "code", "fine")])
    assert report.splitlines()[1:] == ["2;'=cmd;'@SUM(A1)", "3;code;fine"]
