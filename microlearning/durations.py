"""Durations as people read them: "3 min 20 s"."""

from django.utils.translation import gettext as _


def duration_text(seconds: int) -> str:
    minutes, rest = divmod(max(int(seconds), 0), 60)
    if minutes and rest:
        return _("%(minutes)s min %(seconds)s s") % {"minutes": minutes, "seconds": rest}
    if minutes:
        return _("%(minutes)s min") % {"minutes": minutes}
    return _("%(seconds)s s") % {"seconds": rest}
