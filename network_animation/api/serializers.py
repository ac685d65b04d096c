from rest_framework import serializers

from ..models import JobRun, PointOfSale, Region, Zone


class RegionOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = Region
        fields = ["id", "code", "name"]


class ZoneOutputSerializer(serializers.ModelSerializer):
    region: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )

    class Meta:
        model = Zone
        fields = ["id", "code", "name", "region"]


class PointOfSaleOutputSerializer(serializers.ModelSerializer):
    zone: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )
    region = serializers.CharField(source="zone.region.code", read_only=True)

    class Meta:
        model = PointOfSale
        fields = [
            "id",
            "code",
            "name",
            "zone",
            "region",
            "type",
            "size_class",
            "brands",
            "city",
            "opening_date",
            "is_active",
        ]


class JobRunOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = JobRun
        fields = ["id", "job", "status", "started_at", "finished_at", "counts", "progress", "error"]
