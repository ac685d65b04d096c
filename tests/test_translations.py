"""Every screen in French: each string marked for translation has a French translation, and the
compiled catalogue matches the source catalogue."""

import ast
import re
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parents[1]
PO = ROOT / "locale" / "fr" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")
SOURCES = [
    "network_animation",
    "kpis",
    "communities",
    "microlearning",
    "challenges",
    "recommendations",
]
TEMPLATE_STRING = re.compile(r"""{%\s*translate\s+(["'])(.+?)\1""")
GETTEXT_NAMES = {"_", "gettext", "gettext_lazy", "pgettext", "pgettext_lazy"}


def marked_strings() -> set[str]:
    found: set[str] = set()
    for path in (ROOT / "templates").rglob("*.html"):
        # The tag asks the catalogue for its text with each "%" doubled, as makemessages writes it.
        found.update(
            match[1].replace("%", "%%") if "%" in match[1] else match[1]
            for match in TEMPLATE_STRING.findall(path.read_text())
        )
    for app in SOURCES:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text())):
                if (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Name)
                    and node.func.id in GETTEXT_NAMES
                    and node.args
                    and isinstance(node.args[-1], ast.Constant)
                    and isinstance(node.args[-1].value, str)
                ):
                    found.add(node.args[-1].value)
    return found


def test_every_marked_string_has_a_french_translation():
    catalogue = {entry.msgid: entry for entry in polib.pofile(str(PO))}
    missing = sorted(
        text
        for text in marked_strings()
        if text not in catalogue
        or not (catalogue[text].msgstr or catalogue[text].msgstr_plural)
        or "fuzzy" in catalogue[text].flags
    )
    assert missing == []


def test_the_compiled_catalogue_is_up_to_date():
    source = {(e.msgid, e.msgstr) for e in polib.pofile(str(PO)) if e.msgstr and not e.obsolete}
    compiled = {(e.msgid, e.msgstr) for e in polib.mofile(str(MO)) if e.msgstr}
    assert source <= compiled


# French typography (issue 18 §6): a plain space where French puts a non-breaking one.
PLAIN_SPACE_BEFORE = re.compile(r"(?<=\S) (?:[:;!?»]|%(?!\()|€)(?=\s|$|<|\.|,)")
PLAIN_SPACE_AFTER = re.compile(r"« ")


def test_the_french_catalogue_uses_french_typography():
    wrong = []
    for entry in polib.pofile(str(PO)):
        if entry.obsolete:
            continue
        texts = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        for text in texts:
            if "'" in text or PLAIN_SPACE_BEFORE.search(text) or PLAIN_SPACE_AFTER.search(text):
                wrong.append(text)
    assert not wrong, wrong[:5]
