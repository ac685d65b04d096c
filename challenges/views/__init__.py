from .challenges import challenge_detail, challenge_publish, challenge_scoring_edit, launch
from .labels import label_grid_edit, label_grids, point_of_sale_labels
from .rewards import point_of_sale_rewards, zone_recognition
from .zone import zone_challenges

__all__ = [
    "challenge_detail",
    "challenge_publish",
    "challenge_scoring_edit",
    "label_grid_edit",
    "label_grids",
    "launch",
    "point_of_sale_labels",
    "point_of_sale_rewards",
    "zone_challenges",
    "zone_recognition",
]
