"""Messages of the API's own checks, and its schema's explanations, translated when shown
(in the language the call asks for with Accept-Language)."""

from django.utils.translation import gettext_lazy as _

LIMIT_HELP = _(
    "Number of results per page, from 1 to %(max)s (%(default)s when absent); a larger number "
    "is refused with a 400, never cut."
)
OFFSET_HELP = _("Position of the first result in the list, from 0 (the default) to %(max)s.")

BAD_PARAMETERS_HELP = _(
    "A parameter was refused (a bad filter or page, a NUL character): each one is named, with "
    "its reasons."
)
NO_TOKEN_HELP = _("No token, or a token that is unknown or revoked.")
NOT_FOUND_HELP = _("No such object in this network.")
NOT_JSON_HELP = _("The body is not sent as JSON (Content-Type: application/json).")
THROTTLED_HELP = _("Too many calls with this token: wait as long as Retry-After says.")
RETRY_AFTER_HELP = _("Seconds to wait before the next call.")

INVALID_TOKEN = _("Invalid or revoked token.")
NOT_JSON = _("The body is not valid JSON: %(error)s")
