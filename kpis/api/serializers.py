from rest_framework import serializers

from ..models import KpiDefinition, KpiRollup
from ..models.rollups import ROLLUP_FIGURES
from ..services.facts import API_BATCH_LIMIT


class KpiFactInputSerializer(serializers.Serializer):
    """One fact of a batch. Documents the input: the batch is validated as a whole, with pandas."""

    point_of_sale = serializers.CharField(min_length=1, help_text="The point of sale's code.")
    kpi = serializers.CharField(min_length=1, help_text="The KPI's code.")
    date = serializers.DateField(
        help_text="yyyy-mm-dd (dd/mm/yyyy is read too); not in the future."
    )
    value = serializers.FloatField()
    person = serializers.EmailField(required=False, help_text="A person's email (optional).")


class KpiFactBatchInputSerializer(serializers.Serializer):
    facts = serializers.ListField(
        child=KpiFactInputSerializer(),
        min_length=1,
        max_length=API_BATCH_LIMIT,
        help_text="At most 50,000 facts.",
    )


class KpiFactImportOutputSerializer(serializers.Serializer):
    received = serializers.IntegerField()
    written = serializers.IntegerField(help_text="New or changed facts.")
    job_run = serializers.IntegerField()


class ItemErrorSerializer(serializers.Serializer):
    index = serializers.IntegerField(help_text="The fact's position in the batch (from 0).")
    field = serializers.CharField()
    reason = serializers.CharField()


class KpiOutputSerializer(serializers.ModelSerializer):
    # Only a ratio has a numerator and a denominator: null for the others.
    numerator: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True
    )
    denominator: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True
    )

    class Meta:
        model = KpiDefinition
        fields = [
            "id",
            "code",
            "name_fr",
            "name_en",
            "unit",
            "family",
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
    # The scope's codes as far as its level goes: a zone's row has no point of sale, the
    # network's has none of the three.
    point_of_sale: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True
    )
    zone: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True
    )
    region: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True
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
            *ROLLUP_FIGURES,
            "computed_at",
        ]
