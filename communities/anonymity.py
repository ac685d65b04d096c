"""Is a lesson sheet anonymous? Pure computation, no ORM.

A sheet must not let anyone recognise who met the difficulty: none of the reporter's identifying
strings (their names, their colleagues' names, their point of sale's name, code and city) may
appear in it. Texts and strings are compared without case or accents, ignoring invisible
characters, on word boundaries (a code "D12" does not match "D120"), in the text as written and
as its Markdown shows it (`Du**pont**` reads "Dupont").
"""

import html
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from network_animation.text import markdown_render

# What an identifying string is, as the refusal names it.
NAME = _("a name")
COLLEAGUE = _("a colleague's name")
POINT_OF_SALE = _("the point of sale's name")
CODE = _("the point of sale's code")
CITY = _("the point of sale's city")

_TAG = re.compile(r"<[^>]+>")
_SEPARATORS = re.compile(r"[\s\-‐-―'’_.]+")


@dataclass(frozen=True)
class Identifier:
    """One string that would point at the reporter, and what it is."""

    value: str
    what: Promise | str


@dataclass(frozen=True)
class Finding:
    """An identifying string found in one field of the sheet."""

    field: str
    value: str
    what: Promise | str


def normalised(text: str) -> str:
    """Without accents, case or invisible characters (zero-width spaces, soft hyphens)."""
    decomposed = unicodedata.normalize("NFKD", text)
    kept = "".join(c for c in decomposed if unicodedata.category(c) not in ("Mn", "Cf"))
    return kept.casefold()


def _pattern(value: str) -> re.Pattern[str] | None:
    parts = [part for part in _SEPARATORS.split(normalised(value)) if part]
    if not any(any(c.isalnum() for c in part) for part in parts):
        return None
    # "Jean-Pierre" matches "jean pierre", "Jean–Pierre" and "JEAN PIERRE".
    body = r"[\s\-‐-―'’_.]+".join(re.escape(part) for part in parts)
    return re.compile(rf"(?<![^\W_]){body}(?![^\W_])")


def _readings(text: str) -> list[str]:
    """The text as written, and as its Markdown is shown (emphasis and entities undone)."""
    shown = html.unescape(_TAG.sub("", str(markdown_render(text))))
    return [normalised(text), normalised(shown)]


def identifiers_found(
    fields: Mapping[str, str], identifiers: Iterable[Identifier]
) -> list[Finding]:
    """Each identifying string found, with the field where it is, in the fields' order."""
    patterns = [(each, _pattern(each.value)) for each in identifiers if each.value.strip()]
    findings: list[Finding] = []
    for field, text in fields.items():
        readings = _readings(text or "")
        seen: set[str] = set()
        for identifier, pattern in patterns:
            key = normalised(identifier.value)
            if pattern is None or key in seen:
                continue
            if any(pattern.search(reading) for reading in readings):
                seen.add(key)
                findings.append(Finding(field, identifier.value, identifier.what))
    return findings


def person_identifiers(first_name: str, last_name: str, what: Promise | str) -> list[Identifier]:
    full = f"{first_name} {last_name}".strip()
    return [Identifier(value, what) for value in (full, first_name, last_name) if value.strip()]
