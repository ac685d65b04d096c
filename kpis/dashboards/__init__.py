"""Dashboards: the KPI sections of each person's page, read from the nightly rollups only."""
