"""network_animation/dates.py: one short month label, unambiguous in French and English."""

import datetime as dt

import pytest
from django.template import Context, Template
from django.utils import translation
from django.utils.formats import date_format

from network_animation.dates import month_label

JUNE, JULY = dt.date(2026, 6, 1), dt.date(2026, 7, 1)


def test_english_months_have_three_letters_and_the_year():
    with translation.override("en"):
        assert [month_label(JUNE), month_label(JULY)] == ["Jun 26", "Jul 26"]
        assert month_label(dt.date(2026, 9, 1)) == "Sep 26"


def test_french_months_never_read_alike():
    with translation.override("fr"):
        assert [month_label(JUNE), month_label(JULY)] == ["juin 26", "juil. 26"]
        assert month_label(dt.date(2026, 9, 1)) == "sept. 26"


@pytest.mark.parametrize("language", ["fr", "en", "en-gb"])
def test_twelve_months_have_twelve_labels_in_every_language(language):
    with translation.override(language):
        labels = {month_label(dt.date(2026, month, 1)) for month in range(1, 13)}
    assert len(labels) == 12


def test_templates_use_the_same_label():
    template = Template("{% load dates %}{{ day|month_label }}|{{ nothing|month_label }}")
    with translation.override("fr"):
        assert template.render(Context({"day": JULY, "nothing": None})) == "juil. 26|"


def test_dates_read_day_first_in_french_and_english():
    day = dt.date(2026, 11, 29)
    with translation.override("fr"):
        assert date_format(day, "SHORT_DATE_FORMAT") == "29/11/2026"
        assert date_format(day, "DATE_FORMAT") == "29 novembre 2026"
    with translation.override("en"):
        assert date_format(day, "SHORT_DATE_FORMAT") == "29 Nov 2026"
        assert date_format(day, "DATE_FORMAT") == "29 November 2026"
