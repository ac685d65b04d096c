"""Alerts grouped per point of sale (kpis/alerts.py), as the zone's heat map and its "What
matters first" show them."""

from kpis.alerts import alerts_grouped


def test_each_point_of_sale_comes_once_at_the_rank_of_its_first_alert():
    ranked = [
        ("Garage B", "leads"),
        ("Garage A", "sales"),
        ("Garage B", "sales"),
        ("Garage C", "nps"),
    ]
    groups = alerts_grouped(ranked, owner=lambda alert: alert[0])
    assert groups == [
        [("Garage B", "leads"), ("Garage B", "sales")],
        [("Garage A", "sales")],
        [("Garage C", "nps")],
    ]


def test_no_alert_no_group():
    assert alerts_grouped([], owner=lambda alert: alert) == []
