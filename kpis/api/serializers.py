from rest_framework import serializers

from ..models import KpiDefinition, KpiRollup


class KpiFactInputSerializer(serializers.Serializer):
    """One fact of a batch. Documents the input: the batch is validated as a whole, with pandas."""

    point_of_sale = serializers.CharField(help_text="The point of sale's code.")
    kpi = serializers.CharField(help_text="The KPI's code.")
    date = serializers.CharField(help_text="yyyy-mm-dd or dd/mm/yyyy.")
    value = serializers.FloatField()
    person = serializers.EmailField(required=False, help_text="A person's email (optional).")


class KpiFactBatchInputSerializer(serializers.Serializer):
    facts = KpiFactInputSerializer(many=True, help_text="At most 50,000 facts.")


class KpiFactImportOutputSerializer(serializers.Serializer):
    received = serializers.IntegerField()
    written = serializers.IntegerField(help_text="New or changed facts.")
    job_run = serializers.IntegerField()


class ItemErrorSerializer(serializers.Serializer):
    index = serializers.IntegerField(help_text="The fact's position in the batch (from 0).")
    field = serializers.CharField()
    reason = serializers.CharField()


class KpiOutputSerializer(serializers.ModelSerializer):
    numerator: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )
    denominator: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )

    class Meta:
        model = KpiDefinition
        fields = [
            "id",
            "code",
            "name_fr",
            "name_en",
            "unit",
            "aggregation",
            "numerator",
            "denominator",
            "multiplier",
            "direction",
            "source",
            "decimals",
            "is_active",
        ]


class RollupOutputSerializer(serializers.ModelSerializer):
    kpi: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )
    point_of_sale: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )
    zone: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )
    region: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )

    class Meta:
        model = KpiRollup
        fields = [
            "kpi",
            "period",
            "period_start",
            "level",
            "point_of_sale",
            "zone",
            "region",
            "value",
            "numerator",
            "denominator",
            "fact_count",
            "data_through",
            "days_elapsed",
            "days_in_period",
            "target",
            "achievement_rate",
            "remaining_to_target",
            "projection",
            "zone_rank",
            "zone_peers",
            "zone_gap_to_above",
            "network_rank",
            "network_peers",
            "network_gap_to_above",
            "computed_at",
        ]
