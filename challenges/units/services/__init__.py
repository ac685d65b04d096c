"""Writes of unit projects and coaching days."""

from .coaching_days import (
    DaySpec,
    coaching_day_rate,
    coaching_day_record,
    coaching_day_update,
    coaching_day_url,
)
from .flows import SlotFigures, flow_day_save, flow_hours_save, flows_import, flows_parse
from .plans import ActionSpec
from .projects import (
    SkillEntry,
    action_comment_add,
    action_create,
    action_status_set,
    action_update,
    action_url,
    project_diagnostic_save,
    project_stage_set,
    project_start,
    skills_save,
)
from .regions import (
    region_action_comment_add,
    region_action_create,
    region_action_status_set,
    region_action_update,
    region_action_url,
    region_diagnostic_save,
    region_project_start,
    region_stage_set,
)

__all__ = [
    "ActionSpec",
    "DaySpec",
    "SkillEntry",
    "SlotFigures",
    "action_comment_add",
    "action_create",
    "action_status_set",
    "action_update",
    "action_url",
    "coaching_day_rate",
    "coaching_day_record",
    "coaching_day_update",
    "coaching_day_url",
    "flow_day_save",
    "flow_hours_save",
    "flows_import",
    "flows_parse",
    "project_diagnostic_save",
    "project_stage_set",
    "project_start",
    "region_action_comment_add",
    "region_action_create",
    "region_action_status_set",
    "region_action_update",
    "region_action_url",
    "region_diagnostic_save",
    "region_project_start",
    "region_stage_set",
    "skills_save",
]
