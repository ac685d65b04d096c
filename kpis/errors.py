"""Error messages of the KPI imports and services, translated when they are shown."""

from django.utils.translation import gettext_lazy as _

EMPTY_VALUE = _("This value is empty.")
UNKNOWN_POINT_OF_SALE = _("Unknown point of sale code “%(value)s”.")
UNKNOWN_KPI = _("Unknown KPI code “%(value)s”.")
KPI_NOT_IMPORTABLE = _("The KPI “%(value)s” is computed by the platform: it cannot be imported.")
WRITTEN_BY_THE_PLATFORM = _("The platform writes this KPI's facts: this cannot change.")
UNKNOWN_PERSON = _("No person with the email “%(value)s” in this network.")
BAD_DATE = _("“%(value)s” is not a date (dd/mm/yyyy or yyyy-mm-dd).")
FUTURE_DATE = _("The date %(value)s is in the future.")
BAD_NUMBER = _("“%(value)s” is not a number.")
DUPLICATE_FACT = _("The same point of sale, KPI, person and date already appear on line %(value)s.")
TOO_MANY_FACTS = _("A batch holds at most %(limit)s facts; this one holds %(count)s.")
NOT_A_LIST = _("Send a JSON list of facts, or an object with a “facts” list.")
NOT_AN_OBJECT = _("Each fact is an object with point_of_sale, kpi, date and value.")
FIELD_MISSING = _("This field is missing.")
NO_FACTS = _("The file holds no facts.")
REFERENCE_DELETED = _(
    "A point of sale, KPI or person of these facts was deleted while they were imported: "
    "nothing was imported. Send them again."
)

BAD_PERIOD_START = _("The period must start on its first day (%(value)s).")
RATIO_NEEDS_PARTS = _("A ratio needs a numerator and a denominator.")
RATIO_PARTS_MUST_BE_SUMS = _("The numerator and denominator of a ratio must be summed KPIs.")
PARTS_ONLY_FOR_RATIO = _("Only a ratio has a numerator and a denominator.")
SCOPE_MISSING = _("Choose the %(value)s this objective is for.")
UNKNOWN_ZONE = _("Unknown zone code “%(value)s”.")
UNKNOWN_REGION = _("Unknown region code “%(value)s”.")
UNKNOWN_LEVEL = _("Unknown scope “%(value)s” (point_of_sale, person, zone, region, network).")
UNKNOWN_PERIOD = _("Unknown period “%(value)s” (month, quarter, year).")
PART_OF_A_RATIO = _("This KPI is a part of the ratio “%(value)s”: it must stay summed.")
RATIO_HAS_FACTS = _("This KPI has imported facts: it cannot become a ratio of two KPIs.")
RATIO_OF_ITSELF = _("A ratio cannot be made of itself.")
CODE_TAKEN = _("This code is already used.")
MULTIPLIER_ZERO = _("The multiplier cannot be 0.")
OBJECTIVE_EXISTS = _("This KPI already has an objective for this scope and period.")
NO_OBJECTIVES = _("The file holds no objectives.")
DUPLICATE_OBJECTIVE = _("The same KPI, scope and period already appear on line %(value)s.")
SEVERAL_SCOPES = _("Fill only one of point_of_sale, person, zone and region, or give the level.")
LEVEL_MISSING = _("Say which scope the code “%(value)s” is for (level column).")
