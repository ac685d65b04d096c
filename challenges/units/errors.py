"""User messages of unit projects and coaching days, translated."""

from django.utils.translation import gettext_lazy as _

CANNOT_EDIT = _("Only the unit manager, the unit's coach and head office edit the project.")
CANNOT_UPDATE_STATUS = _("You can move the status of your own actions only.")
CANNOT_COMMENT = _("Only the unit's team, its coach and head office comment on its actions.")
OWNER_OUTSIDE_UNIT = _("Choose a person of this point of sale.")
KPI_OF_ANOTHER_NETWORK = _("Choose a KPI of this network.")
NOT_ASSIGNED = _("Only a coach assigned to this point of sale records its coaching days.")
NOT_THE_COACH = _("Only the coach who recorded this day edits it.")
CANNOT_RATE = _("Only a manager of this point of sale rates its coaching days, once they are held.")
ALREADY_RATED = _("This coaching day is already rated.")
SCORE_RANGE = _("Rate from 1 to 5.")
HOURS = _("The opening hour comes before the closing hour, between 0 and 24.")
NOT_YET = _("Write what was done once the day has come.")
FLOW_DAY = _("Unknown day: write Monday to Sunday, or 1 to 7.")
FLOW_HOUR = _("Write an hour between 0 and 23.")
FLOW_NUMBER = _("Write a whole number, 0 or more.")
FLOW_TWICE = _("This day and hour appear twice.")
REGION_CANNOT_EDIT = _("Only the region's director and head office edit the region's project.")
REGION_CANNOT_COMMENT = _(
    "Only the regional team and head office comment on the actions of the region's project."
)
OWNER_OUTSIDE_REGION = _("Choose a person of the regional team.")
