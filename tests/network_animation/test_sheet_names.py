"""network_animation/exports.py `sheet_name`: any text becomes a sheet name Excel accepts,
unique in its workbook; every workbook the platform writes names its sheets with it."""

import io
import re

import openpyxl
import xlsxwriter
from hypothesis import given, settings
from hypothesis import strategies as st

from network_animation.exports import Table, sheet_name, table_as_xlsx

FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def utf16_length(name: str) -> int:
    return len(name.encode("utf-16-le")) // 2


def is_valid(name: str) -> bool:
    return (
        0 < utf16_length(name) <= 31
        and not FORBIDDEN.search(name)
        and not name.startswith("'")
        and not name.endswith("'")
        and name.lower() != "history"
    )


@settings(max_examples=100, deadline=None)
@given(st.lists(st.text(), min_size=1, max_size=6))
def test_any_texts_become_valid_distinct_sheet_names_that_excel_files_keep(texts):
    taken: set[str] = set()
    names = [sheet_name(text, taken=taken) for text in texts]
    assert all(is_valid(name) for name in names)
    assert len({name.lower() for name in names}) == len(names)
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    for name in names:
        book.add_worksheet(name)  # raises on any name Excel would refuse
    book.close()
    assert openpyxl.load_workbook(buffer).sheetnames == names


@given(st.text(alphabet="ab'", min_size=25, max_size=40), st.integers(1, 4))
def test_names_cut_next_to_an_apostrophe_or_made_unique_still_end_well(text, copies):
    taken: set[str] = set()
    names = [sheet_name(text, taken=taken) for _ in range(copies)]
    assert all(is_valid(name) for name in names)
    assert len(set(names)) == copies


def test_a_name_whose_31st_character_is_an_apostrophe():
    text = "Défis de printemps du réseau d'Ouest"
    assert text[:31].endswith("'")
    assert sheet_name(text, taken=set()) == "Défis de printemps du réseau d"


def test_empty_and_reserved_names():
    taken: set[str] = set()
    assert sheet_name("", taken=taken) == "Data"
    assert sheet_name("[]:*?/\\'", taken=taken) == "Data (2)"
    assert sheet_name("History", taken=taken) == "History (2)"
    assert sheet_name("x", taken=set(), fallback="KPI") == "x"
    assert sheet_name("   ", taken=set(), fallback="KPI") == "KPI"


def test_a_table_export_names_its_sheet_with_it():
    title = "Défi d'été des concessions de l'Ouest"
    content = table_as_xlsx(Table(title, ["A"], [["1"]]))
    [name] = openpyxl.load_workbook(io.BytesIO(content)).sheetnames
    assert is_valid(name)
    assert title.startswith(name)
