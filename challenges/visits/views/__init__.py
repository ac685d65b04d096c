from .campaigns import campaign, campaign_import, campaign_result, campaigns
from .grids import visit_grid, visit_grids
from .visits import visit, visit_edit, visit_new, visit_photo, visits, visits_of_point

__all__ = [
    "campaign",
    "campaign_import",
    "campaign_result",
    "campaigns",
    "visit",
    "visit_edit",
    "visit_grid",
    "visit_grids",
    "visit_new",
    "visit_photo",
    "visits",
    "visits_of_point",
]
