"""Dates as people read them, in the active language: the one place a month gets its short label
(charts, tables and workbooks all say "Jun 26" in English and "juin 26" in French)."""

import datetime as dt

from django.conf import settings
from django.utils.formats import date_format
from django.utils.translation import get_language

# Django's three-letter "M" cannot abbreviate French months: juin and juillet are both "jui".
# Its "N" (Associated Press style, translated by Django in every language it ships) writes
# "juin", "juil.", "sept." in French, but "June", "Sept." in English, where three letters are
# the custom and are never ambiguous.
SHORT_MONTH_FORMATS = {"en": "M y"}
SHORT_MONTH_FORMAT = "N y"


def month_label(day: dt.date) -> str:
    """A month in a few characters, unambiguous in every language: "Jun 26", "juil. 26"."""
    language = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return date_format(day, SHORT_MONTH_FORMATS.get(language, SHORT_MONTH_FORMAT))
