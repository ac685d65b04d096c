"""Error messages of the KPI imports and services, translated when they are shown."""

from django.utils.translation import gettext_lazy as _

EMPTY_VALUE = _("This value is empty.")
UNKNOWN_POINT_OF_SALE = _("Unknown point of sale code “%(value)s”.")
UNKNOWN_KPI = _("Unknown KPI code “%(value)s”.")
KPI_NOT_IMPORTABLE = _("The KPI “%(value)s” is computed by the platform: it cannot be imported.")
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

BAD_PERIOD_START = _("The period must start on its first day (%(value)s).")
RATIO_NEEDS_PARTS = _("A ratio needs a numerator and a denominator.")
RATIO_PARTS_MUST_BE_SUMS = _("The numerator and denominator of a ratio must be summed KPIs.")
PARTS_ONLY_FOR_RATIO = _("Only a ratio has a numerator and a denominator.")
SCOPE_MISSING = _("Choose the %(value)s this objective is for.")
UNKNOWN_ZONE = _("Unknown zone code “%(value)s”.")
UNKNOWN_REGION = _("Unknown region code “%(value)s”.")
UNKNOWN_LEVEL = _("Unknown scope “%(value)s” (point_of_sale, person, zone, region, network).")
UNKNOWN_PERIOD = _("Unknown period “%(value)s” (month, quarter, year).")
