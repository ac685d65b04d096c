from .actions import (
    unit_action,
    unit_action_comment,
    unit_action_edit,
    unit_action_new,
    unit_action_status,
)
from .coaching_days import (
    coaches_activity,
    coaching_day,
    coaching_day_edit,
    coaching_day_new,
    coaching_day_rate,
    coaching_days,
)
from .flows import unit_flow_hours, unit_flow_import, unit_flows
from .projects import (
    unit_project,
    unit_project_stage,
    unit_project_start,
    unit_senses,
    unit_skills,
    unit_voice,
)

__all__ = [
    "coaches_activity",
    "coaching_day",
    "coaching_day_edit",
    "coaching_day_new",
    "coaching_day_rate",
    "coaching_days",
    "unit_action",
    "unit_action_comment",
    "unit_action_edit",
    "unit_action_new",
    "unit_action_status",
    "unit_flow_hours",
    "unit_flow_import",
    "unit_flows",
    "unit_project",
    "unit_project_stage",
    "unit_project_start",
    "unit_senses",
    "unit_skills",
    "unit_voice",
]
