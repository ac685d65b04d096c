"""Writes of unit projects and coaching days."""

from .coaching_days import (
    DaySpec,
    coaching_day_rate,
    coaching_day_record,
    coaching_day_update,
    coaching_day_url,
)
from .flows import SlotFigures, flow_day_save, flow_hours_save, flows_import, flows_parse
from .projects import (
    ActionSpec,
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
    "skills_save",
]
