"""DESIGN section 2 and docs/scaling.md: every unique constraint and index of a tenant-owned model
starts with the tenant column, so that its rows can be distributed by tenant (Citus wants the
tenant in every unique constraint) and every lookup through the index stays inside one tenant.

The models are introspected: a model, constraint or index added later is checked without anyone
writing a test for it. Today's exceptions are listed below, each with its reason; the list must
stay exact (an exception that is fixed has to leave it)."""

from types import SimpleNamespace

from django.apps import apps
from django.db import models

from network_animation.models import TenantOwnedModel

# (model, constraint, index or field) -> why it does not lead with the tenant today. Each one is
# also listed in docs/scaling.md, with what distributing by tenant would need of it.
_CHILD = (
    "unique within its parent row, whose id already names one tenant; Citus needs the tenant "
    "added in front (a migration of communities)"
)
_FOUND_BEFORE_THE_TENANT = (
    "looked up by its digest before the tenant is known (the tenant comes from the key or the "
    "link), so unique across tenants by design; under Citus this lookup needs a table of its own"
)
ALLOWED: dict[tuple[str, str], str] = {
    ("communities.AnnouncementRecipient", "announcement_recipient_unique"): _CHILD,
    ("communities.DocumentKpi", "document_kpi_unique"): _CHILD,
    ("communities.DocumentTag", "document_tag_unique"): _CHILD,
    ("communities.DocumentVersion", "document_version_unique"): _CHILD,
    ("communities.LessonSheetKpi", "lesson_sheet_kpi_unique"): _CHILD,
    # A one-to-one field: one lesson sheet per difficulty.
    ("communities.LessonSheet", "difficulty"): _CHILD,
    ("network_animation.Invitation", "token_digest"): _FOUND_BEFORE_THE_TENANT,
    ("network_animation.ServiceToken", "key_digest"): _FOUND_BEFORE_THE_TENANT,
    # Django's cascade deletes a membership's facts with `person_id IN (...)`, naming no tenant;
    # partial: only the facts that name a person. Not unique, so Citus does not mind it.
    ("kpis.KpiFact", "kpi_fact_person"): (
        "serves the cascade from a deleted membership, whose query names no tenant"
    ),
}


def _first_column(item: models.UniqueConstraint | models.Index) -> str:
    """The first field a constraint or index is on (an expression's first column)."""
    if item.fields:
        return item.fields[0].removeprefix("-")
    expression = item.expressions[0]
    while not isinstance(expression, models.F):
        expression = expression.get_source_expressions()[0]
    return expression.name


def tenant_owned_models() -> list[type[models.Model]]:
    return [
        model
        for model in apps.get_models()
        if issubclass(model, TenantOwnedModel) and model._meta.managed
    ]


def not_led_by_tenant(checked: list) -> set[tuple[str, str]]:
    """Each unique constraint, index, unique field and unique_together of these models that
    does not start with the tenant."""
    found = set()
    for model in checked:
        meta = model._meta
        keys = [
            item
            for item in [*meta.constraints, *meta.indexes]
            if isinstance(item, models.Index | models.UniqueConstraint)
        ]
        found |= {(meta.label, item.name) for item in keys if _first_column(item) != "tenant"}
        found |= {
            (meta.label, field.name)
            for field in meta.local_fields
            if field.unique and not field.primary_key
        }
        found |= {
            (meta.label, "+".join(together))
            for together in meta.unique_together
            if together[0] != "tenant"
        }
    return found


def test_every_unique_constraint_and_index_of_a_tenant_owned_model_starts_with_the_tenant():
    assert not_led_by_tenant(tenant_owned_models()) == set(ALLOWED)
    assert all(reason.strip() for reason in ALLOWED.values())


def test_the_check_finds_a_key_without_the_tenant_first():
    def fake(*keys: models.UniqueConstraint | models.Index) -> SimpleNamespace:
        return SimpleNamespace(
            _meta=SimpleNamespace(
                label="app.Fake",
                constraints=[k for k in keys if isinstance(k, models.UniqueConstraint)],
                indexes=[k for k in keys if isinstance(k, models.Index)],
                local_fields=[models.CharField(name="code", unique=True)],
                unique_together=[("zone", "code")],
            ),
        )

    checked = fake(
        models.UniqueConstraint(fields=["tenant", "code"], name="good_unique"),
        models.UniqueConstraint(fields=["zone", "tenant"], name="bad_unique"),
        models.Index(fields=["-tenant", "date"], name="good_index"),
        models.Index(fields=["date"], name="bad_index"),
        models.UniqueConstraint(models.functions.Lower("code"), name="bad_expression"),
    )
    assert not_led_by_tenant([checked]) == {
        ("app.Fake", "bad_unique"),
        ("app.Fake", "bad_index"),
        ("app.Fake", "bad_expression"),
        ("app.Fake", "code"),
        ("app.Fake", "zone+code"),
    }
