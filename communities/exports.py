"""The communities' tables as downloads (CSV or XLSX): the published lesson sheets.

A lesson sheet's row holds what its published page shows and nothing more: the title, the
three texts as written (Markdown), the KPIs, the coach who wrote it, the publication date and
its address. Never the difficulty, the reporter, the reviewer or the review's comment.
"""

from collections.abc import Callable, Iterable

from django.utils import timezone
from django.utils.translation import gettext as _

from network_animation.exports import Table

from .models import LessonSheet


def lesson_sheets_table(
    sheets: Iterable[LessonSheet], *, title: str, address_of: Callable[[LessonSheet], str]
) -> Table:
    headers = [
        _("Title"),
        _("KPIs"),
        _("Written by"),
        _("Published on"),
        _("The difficulty"),
        _("What happened"),
        _("How to succeed"),
        _("Address"),
    ]
    rows = [
        [
            sheet.title,
            ", ".join(kpi.name for kpi in sheet.kpis.all()),
            sheet.author.user.get_full_name() if sheet.author else "",
            timezone.localdate(sheet.published_at).isoformat() if sheet.published_at else "",
            sheet.difficulty_text,
            sheet.happened,
            sheet.how_to_succeed,
            address_of(sheet),
        ]
        for sheet in sheets
    ]
    return Table(title, headers, rows)
