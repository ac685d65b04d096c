from rest_framework import serializers

from ..models import Challenge, ChallengeKpi, ChallengeStanding, LabelAward


class ChallengeKpiOutputSerializer(serializers.ModelSerializer):
    kpi: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )

    class Meta:
        model = ChallengeKpi
        fields = ["kpi", "weight", "target"]


class ChallengeOutputSerializer(serializers.ModelSerializer):
    # A zone's challenge names its zone, a region's its region, the network's neither.
    zone: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True
    )
    region: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True
    )
    kpis = ChallengeKpiOutputSerializer(many=True, read_only=True)

    class Meta:
        model = Challenge
        fields = [
            "id",
            "name",
            "level",
            "zone",
            "region",
            "participant_kind",
            "start_date",
            "end_date",
            "scoring_rule",
            "tie_break",
            "status",
            "winner_count",
            "winner_points",
            "winner_badge",
            "threshold",
            "threshold_points",
            "renewal",
            "previous",
            "kpis",
            "data_through",
            "standings_computed_at",
        ]


class StandingOutputSerializer(serializers.ModelSerializer):
    point_of_sale: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )
    person = serializers.SerializerMethodField()

    class Meta:
        model = ChallengeStanding
        fields = ["rank", "point_of_sale", "person", "score", "gap_to_above", "details"]

    def get_person(self, standing: ChallengeStanding) -> str | None:
        return standing.person.user.email if standing.person_id and standing.person else None


class LabelAwardOutputSerializer(serializers.ModelSerializer):
    point_of_sale: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )

    class Meta:
        model = LabelAward
        fields = ["year", "point_of_sale", "level", "evidence", "awarded_at"]
