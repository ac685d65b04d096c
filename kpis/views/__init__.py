"""Head office's KPI pages: KPI definitions, objectives, and importing facts and objectives."""
