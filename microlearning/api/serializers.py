"""What the learning API shows: modules as learners find them (never a quiz's answers), and
people's progress through them."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..models import CompetenceResult, Module, PlanItem, Progress, Step


class StepOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = Step
        fields = ["position", "kind", "estimated_seconds"]


class CompetenceRefOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name_fr = serializers.CharField(read_only=True)
    name_en = serializers.CharField(read_only=True)


class ModuleOutputSerializer(serializers.ModelSerializer):
    version = serializers.IntegerField(
        source="published.number", read_only=True, help_text="The version newcomers start."
    )
    step_count = serializers.IntegerField(source="published.step_count", read_only=True)
    total_seconds = serializers.IntegerField(
        source="published.total_seconds", read_only=True, help_text="The estimated time."
    )
    zone: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="code",
        read_only=True,
        allow_null=True,
        help_text="The zone it is written for (its code); null: the whole network.",
    )
    kpis = serializers.SerializerMethodField(help_text="The KPIs it helps with (their codes).")
    tags = serializers.SerializerMethodField(help_text="Its tags.")
    competences = serializers.SerializerMethodField(
        help_text="The competences it builds (of the brand's framework)."
    )

    class Meta:
        model = Module
        fields = [
            "id",
            "title_fr",
            "title_en",
            "summary_fr",
            "summary_en",
            "language",
            "zone",
            "pass_mark",
            "version",
            "step_count",
            "total_seconds",
            "kpis",
            "tags",
            "competences",
            "updated_at",
        ]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_kpis(self, module: Module) -> list[str]:
        return [link.kpi.code for link in module.kpi_links.all()]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_tags(self, module: Module) -> list[str]:
        return [link.tag.name for link in module.tag_links.all()]

    @extend_schema_field(CompetenceRefOutputSerializer(many=True))
    def get_competences(self, module: Module) -> list[dict[str, object]]:
        competences = [link.competence for link in module.competence_links.all()]
        return list(CompetenceRefOutputSerializer(competences, many=True).data)


class ModuleDetailOutputSerializer(ModuleOutputSerializer):
    steps = serializers.SerializerMethodField(
        help_text="The published version's steps: their kind and estimated time."
    )

    class Meta(ModuleOutputSerializer.Meta):
        fields = [*ModuleOutputSerializer.Meta.fields, "steps"]

    @extend_schema_field(StepOutputSerializer(many=True))
    def get_steps(self, module: Module) -> list[dict[str, object]]:
        steps = module.published.steps.all() if module.published else []
        return list(StepOutputSerializer(steps, many=True).data)


class ProgressOutputSerializer(serializers.ModelSerializer):
    email = serializers.EmailField(source="membership.user.email", read_only=True)
    module = serializers.IntegerField(source="module_id", read_only=True)
    version = serializers.IntegerField(source="version.number", read_only=True)
    step_count = serializers.IntegerField(source="version.step_count", read_only=True)
    passed = serializers.SerializerMethodField(help_text="Whether they ever reached the pass mark.")

    class Meta:
        model = Progress
        fields = [
            "id",
            "email",
            "module",
            "version",
            "position",
            "step_count",
            "started_at",
            "completed_at",
            "times_completed",
            "seconds_spent",
            "last_score",
            "best_score",
            "points_earned",
            "passed",
        ]

    def get_passed(self, progress: Progress) -> bool:
        return progress.passed_at is not None


class PlanItemOutputSerializer(serializers.ModelSerializer):
    email = serializers.EmailField(source="plan.membership.user.email", read_only=True)
    module = serializers.IntegerField(source="module_id", read_only=True)
    competence = serializers.IntegerField(
        source="competence_id",
        read_only=True,
        allow_null=True,
        help_text="The gap it was chosen for; null: added by the manager.",
    )
    adjusted = serializers.SerializerMethodField(help_text="The manager set its due date.")
    done = serializers.BooleanField(read_only=True, help_text="The module was finished once.")

    class Meta:
        model = PlanItem
        fields = ["id", "email", "module", "competence", "due_on", "source", "adjusted", "done"]

    def get_adjusted(self, item: PlanItem) -> bool:
        return item.adjusted_by_id is not None


class CompetenceResultOutputSerializer(serializers.ModelSerializer):
    email = serializers.EmailField(source="membership.user.email", read_only=True)
    competence = serializers.IntegerField(source="competence_id", read_only=True)
    competence_fr = serializers.CharField(source="competence.name_fr", read_only=True)
    competence_en = serializers.CharField(source="competence.name_en", read_only=True)
    assessment = serializers.IntegerField(source="attempt.assessment_id", read_only=True)
    level_fr = serializers.CharField(source="level.name_fr", read_only=True)
    level_en = serializers.CharField(source="level.name_en", read_only=True)
    proficient = serializers.BooleanField(source="level.proficient", read_only=True)

    class Meta:
        model = CompetenceResult
        fields = [
            "id",
            "email",
            "competence",
            "competence_fr",
            "competence_en",
            "assessment",
            "score",
            "level_fr",
            "level_en",
            "proficient",
            "assessed_at",
        ]
