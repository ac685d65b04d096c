"""Recommendations' messages to people, translated (STYLE: an errors module per app)."""

from django.utils.translation import gettext_lazy as _

NOT_YOUR_ZONE = _("Only the zone's animators and head office act on its suggestions.")
NOT_YOUR_POINT_OF_SALE = _("Only those who read this point of sale's page dismiss its content.")
NOT_OPEN = _("This suggestion was already dismissed.")
REASON_REQUIRED = _("Say why you dismiss it.")
SAY_WHY = _("Say in a few words what the other reason is.")
NOTE_TOO_LONG = _("Keep it under %(max)s characters.")
HEAD_OFFICE_ONLY = _("Only head office sets the hold-out group.")
