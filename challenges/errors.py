"""User messages of the challenges app, translated."""

from django.utils.translation import gettext_lazy as _

OUTSIDE_SCOPE = _("These points of sale are outside the challenge's scope: %(codes)s.")
NO_PARTICIPANTS = _("No point of sale matches: widen the filter.")
NO_PEOPLE = _("No one works at the chosen points of sale yet.")
KPI_OF_ANOTHER_NETWORK = _("Choose the KPIs of this network.")
NO_KPI = _("Choose at least one KPI.")
SAME_KPI_TWICE = _("Each KPI can be chosen once.")
END_BEFORE_START = _("The end must not come before the start.")
ENDED_IN_THE_PAST = _("The period is already over: choose an end from today on.")
SCORING_LOCKED = _("The scoring of a running or closed challenge cannot change.")
NOT_A_DRAFT = _("Only a draft can be launched.")
GRID_FROZEN = _("Labels for %(year)s are awarded: that year's grid can no longer change.")
SAME_CRITERION_TWICE = _("A criterion appears twice for the same level.")
KPI_FOR_MEASURE = _(
    "Choose a KPI for an achievement or a value, and none for the diagnostic, the actions done "
    "or the visit score."
)
CERTIFICATION_FOR_MEASURE = _(
    "Choose a certification for the share of people certified, and none for the other measures."
)
CERTIFICATION_OF_ANOTHER_NETWORK = _("Choose a certification of this network.")
