"""User messages of visits and survey campaigns, translated."""

from django.utils.translation import gettext_lazy as _

CANNOT_MANAGE = _("Only head office defines visit grids and survey campaigns.")
CANNOT_RECORD = _(
    "Only head office, the animator of this point of sale's zone and its coach record its visits."
)
NOT_THE_VISITOR = _("Only the person who recorded this visit, or head office, edits it.")
NO_CRITERIA = _("Give the grid at least one criterion.")
ANSWER_MISSING = _("Answer every criterion.")
ANSWER_RANGE = _("Answer between 0 and %(top)s.")
GRID_INACTIVE = _("This grid is no longer offered for new visits.")
FUTURE_DATE = _("A visit cannot be dated in the future.")
PHOTOS_MAX = _("Attach at most %(count)s photos to a visit.")
PHOTO_REFUSED = _("%(name)s: %(reason)s")
POINT_OF_SALE_UNKNOWN = _("Unknown point of sale code.")
DATE_INVALID = _("Write a date as YYYY-MM-DD or DD/MM/YYYY.")
SCORE_INVALID = _("Write a score between 0 and 100.")
RESULT_TWICE = _("This point of sale and date appear twice.")
OF_ANOTHER_NETWORK = _("Choose a point of sale of this network.")
NAME_TAKEN = _("This name is already taken.")
