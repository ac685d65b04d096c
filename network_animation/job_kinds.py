"""What background jobs and their counters are called, in the reader's language.

A job run is recorded under a key (`kpis.import_facts`, `nightly.kpi_aggregation`) with counters
under keys (`facts_written`); head office reads names ("KPI figures import") and sentences
("12,345 figures written"), never the keys. Each app registers its own in its `ready()`, from
its `job_kinds.py`; a key nobody registered is shown in words made from it, so a forgotten
registration reads oddly instead of breaking the page (a test checks every nightly step has a
name).
"""

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING

from django.utils.formats import number_format
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise

# A name, or a counter's label: a lazy ngettext with the plural chosen by "count" and the figure,
# formatted for the reader, as "number": ngettext_lazy("%(number)s fact", "%(number)s facts",
# "count").
type LazyText = _StrPromise

JOB_NAMES: dict[str, LazyText] = {}
COUNTER_LABELS: dict[str, LazyText] = {}


def register_job_kinds(
    names: Mapping[str, LazyText], counters: Mapping[str, LazyText] | None = None
) -> None:
    JOB_NAMES.update(names)
    COUNTER_LABELS.update(counters or {})


def _words(key: str) -> str:
    return key.rsplit(".", 1)[-1].replace("_", " ").capitalize()


def job_name(key: str) -> str:
    name = JOB_NAMES.get(key)
    return str(name) if name is not None else _words(key)


def whole_number(value: int | float) -> str:
    """A count in the reader's language: `12 345` in French, `12,345` in English."""
    return number_format(value, decimal_pos=0, use_l10n=True, force_grouping=True)


def counter_text(key: str, value: int) -> str:
    """A counter as a phrase: `12 345 chiffres écrits`."""
    number = whole_number(value)
    label = COUNTER_LABELS.get(key)
    if label is None:
        return f"{_words(key)}: {number}"
    return str(label % {"count": value, "number": number})


def duration_text(duration: dt.timedelta | None) -> str:
    """A duration as people say it: `0,04 s`, `2 min 05 s`, `1 h 03 min`."""
    if duration is None:
        return "…"
    total = max(duration.total_seconds(), 0.0)
    if total < 60:
        decimals = 2 if total < 1 else 1 if total < 10 else 0
        seconds = number_format(round(total, decimals), decimal_pos=decimals, use_l10n=True)
        return _("%(seconds)s s") % {"seconds": seconds}
    whole = round(total)
    hours, rest = divmod(whole, 3600)
    minutes, seconds_left = divmod(rest, 60)
    if hours:
        return _("%(hours)s h %(minutes)02d min") % {"hours": hours, "minutes": minutes}
    return _("%(minutes)s min %(seconds)02d s") % {
        "minutes": minutes,
        "seconds": seconds_left,
    }
