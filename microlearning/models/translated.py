"""Text written in French, English or both: the reader's language when it is there, the other
one otherwise (a module in French only is read in French by everyone)."""

from django.utils.translation import get_language


def in_reader_language(french: str, english: str) -> str:
    if (get_language() or "fr").startswith("en"):
        return english or french
    return french or english
