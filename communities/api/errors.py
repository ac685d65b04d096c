"""Messages of the communities API's own checks, translated when they are shown."""

from django.utils.translation import gettext_lazy as _

# The same answer whether the email is unknown, another network's or a membership that ended:
# a token learns nothing of people outside its network.
UNKNOWN_AUTHOR = _("Nobody active in this network has this email.")
AUTHOR_CANNOT_READ = _("This person cannot read this thread.")
NOT_A_COACH = _("This person is not a coach: they have no difficulties to follow up.")
NOT_A_COACH_HELP = _(
    "The person named by `coach` is one of this network's people but not a coach: they have no "
    "queue of difficulties."
)
