from .campaigns import (
    ResultRow,
    campaign_create,
    campaign_import,
    campaign_result_save,
    campaign_results_parse,
)
from .grids import CriterionSpec, visit_grid_create, visit_grid_save
from .visits import (
    PHOTOS_MAX,
    VisitSpec,
    visit_record,
    visit_update,
)

__all__ = [
    "PHOTOS_MAX",
    "CriterionSpec",
    "ResultRow",
    "VisitSpec",
    "campaign_create",
    "campaign_import",
    "campaign_result_save",
    "campaign_results_parse",
    "visit_grid_create",
    "visit_grid_save",
    "visit_record",
    "visit_update",
]
