from .close import challenge_close, challenge_renew, challenges_nightly_step
from .labels import (
    CriterionSpec,
    label_grid_create,
    label_grid_save,
    labels_evaluate,
    labels_nightly_step,
)
from .launch import (
    ChallengeSpec,
    KpiChoice,
    challenge_launch,
    challenge_publish,
    challenge_scoring_change,
    challenges_start_due,
)
from .standings import challenge_standings_refresh

__all__ = [
    "ChallengeSpec",
    "CriterionSpec",
    "KpiChoice",
    "challenge_close",
    "challenge_launch",
    "challenge_publish",
    "challenge_renew",
    "challenge_scoring_change",
    "challenge_standings_refresh",
    "challenges_nightly_step",
    "challenges_start_due",
    "label_grid_create",
    "label_grid_save",
    "labels_evaluate",
    "labels_nightly_step",
]
