"""Messages of the challenges API's own checks, translated when they are shown."""

from django.utils.translation import gettext_lazy as _

NOT_A_COACH = _("This person is not a coach: they have no coaching days.")
NOT_A_COACH_HELP = _(
    "The person named by `coach` is one of this network's people but not a coach: they have no "
    "coaching days."
)
