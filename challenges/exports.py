"""Every table the challenge pages show, as a downloadable table (CSV or XLSX)."""

from django.utils.translation import gettext as _

from network_animation.exports import Table

from .models import Challenge, ChallengeKpi, ChallengeStanding, LabelAward, LabelLevel, Reward


def leaderboard_table(
    challenge: Challenge, kpis: list[ChallengeKpi], standings: list[ChallengeStanding]
) -> Table:
    headers = [_("Rank"), _("Participant"), _("Code"), _("Score")]
    for choice in kpis:
        headers += [choice.kpi.name, _("Reference")]
    rows = []
    for standing in standings:
        cells: list[object] = [
            standing.rank,
            standing.participant_label,
            standing.point_of_sale.code,
            standing.score,
        ]
        for choice in kpis:
            detail = standing.details.get(str(choice.kpi_id), {})
            cells += [detail.get("value"), detail.get("reference")]
        rows.append(cells)
    return Table(challenge.name, headers, rows)


def rewards_table(title: str, rewards: list[Reward]) -> Table:
    headers = [_("Date"), _("Challenge"), _("Participant"), _("Rank"), _("Points"), _("Badge")]
    rows = [
        [
            r.awarded_at.date().isoformat(),
            r.challenge.name,
            r.participant_label,
            r.rank,
            r.points,
            r.badge,
        ]
        for r in rewards
    ]
    return Table(title, headers, rows)


def label_awards_table(title: str, awards: list[LabelAward]) -> Table:
    headers = [_("Year"), _("Point of sale"), _("Code"), _("Label"), _("Criteria met")]
    rows = [
        [
            a.year,
            a.point_of_sale.name,
            a.point_of_sale.code,
            str(LabelLevel(a.level).label) if a.level else "",
            f"{sum(1 for e in a.evidence if e['met'])}/{len(a.evidence)}",
        ]
        for a in awards
    ]
    return Table(title, headers, rows)
