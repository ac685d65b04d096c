"""The reason of each recommendation, in words, with the evidence behind it."""

from collections.abc import Mapping
from contextlib import ExitStack, suppress

import numpy as np
import pandas as pd
from django.core.exceptions import ImproperlyConfigured
from django.utils.formats import number_format
from django.utils.translation import gettext, override

from .claims import cited, quoted_gain
from .history import AFTER_MONTHS, Panel
from .uplift import Evidence


def _(message: str) -> str:
    """gettext when Django is configured: the engine also runs on plain frames without it."""
    try:
        return gettext(message)
    except ImproperlyConfigured:
        return message


NETWORK = "network"


def _templates() -> dict[str, str]:
    """The sentences, translated once per ranking: by kind of content, and the network's."""
    return {
        "module": _(
            "Points of sale like yours (%(type)s, size %(size_class)s) did %(gain)s%% better "
            "on %(kpi)s than comparable ones in the %(months)s months after this module; "
            "%(count)s of them did it."
        ),
        "document": _(
            "Points of sale like yours (%(type)s, size %(size_class)s) did %(gain)s%% better "
            "on %(kpi)s than comparable ones in the %(months)s months after reading this "
            "document; %(count)s of them read it."
        ),
        "best_practice": _(
            "Points of sale like yours (%(type)s, size %(size_class)s) did %(gain)s%% better "
            "on %(kpi)s than comparable ones in the %(months)s months after this best "
            "practice; %(count)s of them applied it."
        ),
        "lesson_sheet": _(
            "Points of sale like yours (%(type)s, size %(size_class)s) did %(gain)s%% better "
            "on %(kpi)s than comparable ones in the %(months)s months after this lesson sheet; "
            "%(count)s of them read it."
        ),
        "": _(
            "Points of sale like yours (%(type)s, size %(size_class)s) did %(gain)s%% better "
            "on %(kpi)s than comparable ones in the %(months)s months after this content; "
            "%(count)s of them did it."
        ),
        NETWORK: _(
            "Across the network, points of sale did %(gain)s%% better on %(kpi)s than "
            "comparable ones in the %(months)s months after this content; %(count)s of them "
            "did it (too few like yours to tell them apart)."
        ),
    }


def percent(share: float) -> str:
    """A share as a percentage for a sentence: one decimal under 10 %, in the active language's
    notation when Django is configured (7,3 in French)."""
    digits = 1 if abs(share) < 0.1 else 0
    value = round(share * 100, digits)
    try:
        return number_format(value, digits)
    except ImproperlyConfigured:
        return f"{value:.{digits}f}"


def reason_sentences(
    rows: pd.DataFrame,
    panel: Panel,
    evidence: Evidence,
    kinds: np.ndarray,
    names: Mapping[str, Mapping[str, str]] | None = None,
) -> list[str]:
    """One sentence per distinct (item, kpi, segment), citing the evidence it rests on, in the
    active language. The gain quoted is what the engine claims (its expected uplift), never
    more than the points of sale's observed mean: a lucky mean is not sold at face value.
    `names` renames KPIs ("kpi": code -> name) and types ("type": code -> name)."""
    names = names or {}
    kpi_names, type_names = names.get("kpi", {}), names.get("type", {})
    cells = rows[["item_at", "kpi_at", "segment"]].drop_duplicates()
    templates = _templates()
    evidence_cited = cited(evidence)
    sentences = {}
    for item, kpi, segment in cells.itertuples(index=False):
        at = item, kpi, segment
        kpi_code = panel.kpis[kpi]
        values = {"kpi": kpi_names.get(kpi_code, panel.kpi_names[kpi]), "months": AFTER_MONTHS}
        if evidence_cited.own[at]:
            type_, size_class = panel.segment_labels[segment]
            template = templates.get(str(kinds[item]), templates[""])
            values |= {"type": type_names.get(type_, type_), "size_class": size_class}
        else:
            template = templates[NETWORK]
        gain = float(quoted_gain(evidence.claim[at], evidence_cited.observed[at]))
        sentences[at] = template % (
            values | {"gain": percent(gain), "count": int(evidence_cited.count[at])}
        )
    keys = zip(rows["item_at"], rows["kpi_at"], rows["segment"], strict=True)
    return [sentences[key] for key in keys]


def reasons_in(
    language: str,
    rows: pd.DataFrame,
    panel: Panel,
    evidence: Evidence,
    kinds: np.ndarray,
    names: Mapping[str, Mapping[str, str]] | None = None,
) -> list[str]:
    """The sentences in `language` (in English when Django is not configured)."""
    with ExitStack() as stack:
        with suppress(ImproperlyConfigured):
            stack.enter_context(override(language))
        return reason_sentences(rows, panel, evidence, kinds, names)
