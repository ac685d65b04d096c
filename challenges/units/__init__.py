"""Unit excellence projects and coaching days (issue 16, items 2 and 3): models in
challenges/models/units.py, the rest here."""
