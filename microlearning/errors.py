"""User messages of learning, translated when they are shown."""

from django.utils.translation import gettext_lazy as _

CANNOT_AUTHOR = _("Only head office, and animators for their zones, write modules.")
ZONE_NOT_YOURS = _("Choose one of the zones you animate.")
TOO_LONG = _(
    "This module lasts %(total)s: %(excess)s too long. A module lasts 10 minutes at most: "
    "shorten or remove steps."
)
NO_STEP = _("Add at least one step before publishing.")
NOTHING_TO_PUBLISH = _("Nothing new to publish: change a step first.")
# By language, each a whole sentence: translations need to agree with it.
STEP_WITHOUT = {
    "fr": _("Step %(number)s has no French text."),
    "en": _("Step %(number)s has no English text."),
}
ANSWER_WITHOUT = {
    "fr": _("Answer %(number)s has no French text."),
    "en": _("Answer %(number)s has no English text."),
}
NEEDS_TITLE = _("Give the module a title in this language.")
NEEDS_TEXT = _("Write this step's text.")
NEEDS_BACK = _("Write the back of the card.")
NEEDS_VIDEO = _("Give the video's link.")
VIDEO_HOST = _("Only YouTube and Vimeo videos can be shown: paste the video's address there.")
NEEDS_CHOICES = _("A question needs at least two answers.")
NEEDS_CORRECT = _("Mark at least one answer as right.")
CHOOSE_AN_ANSWER = _("Choose an answer.")
NOT_PUBLISHED = _("This module is not published.")
CANNOT_ASSIGN = _("Only head office, and animators for their zones, assign modules.")
DUE_IN_THE_PAST = _("Choose a due date from today on.")
NOBODY_TO_ENROL = _("Nobody matches this audience.")
ZONE_MODULE = _("This module is for one zone: assign it to people of that zone only.")
DAY_OFF_INVALID = _("Give a day up to today.")
CANNOT_MANAGE_COMPETENCES = _(
    "Only head office writes competences, assessments and certifications."
)
PARENT_LOOP = _("A competence cannot be placed under itself or one of its own.")
NEEDS_NAME = _("Give a name in French or English.")
LEVEL_TAKEN = _("Another level starts at this score.")
NEEDS_LEVELS = _("Define the scale's levels first, at least one counted as proficient.")
ASSESSMENT_FROZEN = _("This assessment is published: its questions no longer change.")
NO_QUESTION = _("Add at least one question before publishing.")
ASSESSMENT_CLOSED = _("This assessment is not open.")
NOT_YOUR_PERSON = _("You review the plans of your own people only.")
MODULE_ALREADY_IN_PLAN = _("This module is already in the plan.")
NEEDS_REQUIREMENT = _("Name at least one competence and the level it needs.")
NEEDS_IMAGE = _("Choose the image to show.")
NEEDS_ALT = _("Describe the image for those who cannot see it.")
STEP_WITHOUT_ALT = {
    "fr": _("Step %(number)s has no French description of its image."),
    "en": _("Step %(number)s has no English description of its image."),
}
COMPETENCE_ELSEWHERE = _("Choose competences of this network's framework.")
CANNOT_CONFIGURE = _("Only head office sets the rules of learning.")
POINTS_COUNT = _("Give between 1 and %(most)s values, one per attempt.")
POINTS_NEGATIVE = _("Points are whole numbers, 0 or more.")
POINTS_NOT_DECREASING = _(
    "Each attempt is worth fewer points than the one before: %(later)s follows %(earlier)s."
)
POINTS_FORMAT = _("Write whole numbers separated by commas, for example 10, 7, 5, 2.")
