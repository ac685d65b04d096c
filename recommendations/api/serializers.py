"""What the recommendations API shows: the content recommended to each point of sale, with the
reason in the request's language, and the zones' alerts ranked as the zone page ranks them."""

from rest_framework import serializers

from ..models import ContentRecommendation, KpiGap


class ContentRecommendationOutputSerializer(serializers.ModelSerializer):
    point_of_sale: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )
    kpi: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="code", read_only=True, help_text="The off-target KPI it is for (its code)."
    )
    kind = serializers.CharField(source="item_kind", help_text="module, document, ...")
    title = serializers.SerializerMethodField(help_text="In the request's language.")
    url = serializers.SerializerMethodField(help_text="Its page, for people of the network.")
    expected_uplift = serializers.FloatField(
        help_text="The KPI's relative change expected over the two months after (0.06: 6 %)."
    )
    reason = serializers.CharField(
        read_only=True, help_text="The evidence in words, in the request's language."
    )

    class Meta:
        model = ContentRecommendation
        fields = [
            "point_of_sale",
            "kpi",
            "rank",
            "kind",
            "item_id",
            "title",
            "url",
            "expected_uplift",
            "reason",
            "computed_at",
        ]

    def _item(self, row: ContentRecommendation) -> dict[str, str]:
        items: dict[tuple[str, int], dict[str, str]] = self.context.get("items", {})
        return items.get((row.item_kind, row.item_id), {"title": "", "url": ""})

    def get_title(self, row: ContentRecommendation) -> str:
        return self._item(row)["title"]

    def get_url(self, row: ContentRecommendation) -> str:
        return self._item(row)["url"]


class KpiGapOutputSerializer(serializers.ModelSerializer):
    point_of_sale: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )
    zone: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )
    kpi: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )
    achievement = serializers.FloatField(
        allow_null=True, help_text="Over the last closed months (1: on target)."
    )
    gap_to_target = serializers.FloatField(allow_null=True, help_text="-0.15: 15 % short.")
    confidence = serializers.FloatField(
        allow_null=True, help_text="That the shortfall is real, from the series' own noise (0-1)."
    )
    gap_to_peers = serializers.FloatField(allow_null=True)

    class Meta:
        model = KpiGap
        fields = [
            "point_of_sale",
            "zone",
            "kpi",
            "month",
            "achievement",
            "gap_to_target",
            "confidence",
            "gap_to_peers",
            "peers",
            "computed_at",
        ]
