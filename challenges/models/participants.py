"""A participant is a point of sale, or one of its people: `person_key` (0 for the point of sale
itself) lets one ordinary unique key hold either way, as `KpiFact.person_key` does."""

from django.db import models
from django.db.models import BigIntegerField, F, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from network_animation.models import Membership, PointOfSale, TenantOwnedModel


class ParticipantRow(TenantOwnedModel):
    point_of_sale = models.ForeignKey(
        PointOfSale, on_delete=models.CASCADE, related_name="+", verbose_name=_("point of sale")
    )
    person = models.ForeignKey(
        Membership,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("person"),
    )
    person_key = models.GeneratedField(
        expression=Coalesce(F("person"), Value(0), output_field=BigIntegerField()),
        output_field=BigIntegerField(),
        db_persist=True,
    )

    class Meta:
        abstract = True

    @property
    def participant_label(self) -> str:
        if self.person_id is not None and self.person is not None:
            return str(self.person.user)
        return self.point_of_sale.name
