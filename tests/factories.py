"""Factories for the core models. They create rows outside any request, so they span tenants."""

import factory
from django.contrib.auth.hashers import make_password
from django_scopes import scopes_disabled

from network_animation.models import (
    Membership,
    MembershipZone,
    PointOfSale,
    Region,
    Role,
    Tenant,
    User,
    Zone,
)

PASSWORD = "correct horse battery"


class ScopedFactory(factory.django.DjangoModelFactory):
    class Meta:
        abstract = True

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        with scopes_disabled():
            return super()._create(model_class, *args, **kwargs)


class TenantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tenant

    slug = factory.Sequence(lambda n: f"brand-{n}")
    name = factory.Sequence(lambda n: f"Brand {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.com")
    username = factory.SelfAttribute("email")
    first_name = "Camille"
    last_name = factory.Sequence(lambda n: f"Martin{n}")
    password = factory.LazyFunction(lambda: make_password(PASSWORD))


class RegionFactory(ScopedFactory):
    class Meta:
        model = Region

    tenant = factory.SubFactory(TenantFactory)
    code = factory.Sequence(lambda n: f"R{n}")
    name = factory.Sequence(lambda n: f"Region {n}")


class ZoneFactory(ScopedFactory):
    class Meta:
        model = Zone

    region = factory.SubFactory(RegionFactory)
    tenant = factory.SelfAttribute("region.tenant")
    code = factory.Sequence(lambda n: f"Z{n}")
    name = factory.Sequence(lambda n: f"Zone {n}")


class PointOfSaleFactory(ScopedFactory):
    class Meta:
        model = PointOfSale

    zone = factory.SubFactory(ZoneFactory)
    tenant = factory.SelfAttribute("zone.tenant")
    code = factory.Sequence(lambda n: f"P{n:04d}")
    name = factory.Sequence(lambda n: f"Dealer {n}")
    city = "Lyon"


class MembershipFactory(ScopedFactory):
    class Meta:
        model = Membership
        skip_postgeneration_save = True

    tenant = factory.SubFactory(TenantFactory)
    user = factory.SubFactory(UserFactory)
    role = Role.HEAD_OFFICE

    @factory.post_generation
    def zones(self, create, extracted, **kwargs):
        if create and extracted:
            with scopes_disabled():
                for zone in extracted:
                    MembershipZone.objects.create(tenant=self.tenant, membership=self, zone=zone)
