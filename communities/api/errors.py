"""Messages of the communities API's own checks, translated when they are shown."""

from django.utils.translation import gettext_lazy as _

# The same answer whether the email is unknown, another network's or a membership that ended:
# a token learns nothing of people outside its network.
UNKNOWN_AUTHOR = _("Nobody active in this network has this email.")
AUTHOR_CANNOT_READ = _("This person cannot read this thread.")
