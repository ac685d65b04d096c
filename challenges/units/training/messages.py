"""User messages of the skills axis's training, translated."""

from django.utils.translation import gettext_lazy as _

NO_GAP = _("Assess this person's skills as short of the standard first.")
