"""The people of the demo's community scenes: the demo accounts (around the brand's first point of
sale) and a few of their peers, drawn with the seeder's random generator.

Each peer falls back on someone who may post where the scenes put them, so the scenes play
whatever the size of the demo (`seed_demo --pos 12` leaves one dealer per zone).
"""

import random
from dataclasses import dataclass

from network_animation.models import Membership, MembershipZone, PointOfSale, Role, Tenant


@dataclass(frozen=True)
class Cast:
    people: dict[str, Membership]
    point_of_sale: PointOfSale  # the demo accounts' point of sale

    def placeholders(self, brand: str) -> dict[str, str]:
        """What scenes' texts name: `{animateur}`, `{animateur_prenom}`, `{animateur_ville}`..."""
        zone = self.point_of_sale.zone
        names = {"marque": brand, "zone": zone.name, "region": zone.region.name}
        for part, person in self.people.items():
            names[part] = person.user.get_full_name() or person.user.email
            names[f"{part}_prenom"] = person.user.first_name or names[part]
            names[f"{part}_ville"] = person.point_of_sale.city if person.point_of_sale else ""
        return names


def _pick(rng: random.Random, candidates: list[Membership], fallback: Membership) -> Membership:
    return rng.choice(candidates) if candidates else fallback


def _demo_accounts(
    tenant: Tenant, people: list[Membership], first: PointOfSale
) -> dict[str, Membership | None]:
    """One account per role, as network_animation/demo.py makes them (the first of each)."""
    animators = set(
        MembershipZone.objects.filter(tenant=tenant, zone=first.zone).values_list(
            "membership_id", flat=True
        )
    )
    wanted = {
        "siege": lambda m: m.role == Role.HEAD_OFFICE,
        "directeur": lambda m: (
            m.role == Role.REGIONAL_DIRECTOR and m.region_id == first.zone.region_id
        ),
        "animateur": lambda m: m.role == Role.ANIMATOR and m.pk in animators,
        "coach": lambda m: m.role == Role.COACH,
        "responsable": lambda m: m.role == Role.POS_MANAGER and m.point_of_sale_id == first.pk,
        "vendeur": lambda m: m.role == Role.POS_STAFF and m.point_of_sale_id == first.pk,
    }
    return {part: next((m for m in people if test(m)), None) for part, test in wanted.items()}


def demo_cast(*, tenant: Tenant, rng: random.Random) -> Cast | None:
    """The cast, or None for a network without the demo's accounts."""
    first = (
        PointOfSale.objects.filter(tenant=tenant).select_related("zone__region").order_by("pk")
    ).first()
    if first is None:
        return None
    people = list(
        Membership.objects.filter(tenant=tenant, is_active=True)
        .select_related("user", "point_of_sale__zone")
        .order_by("pk")
    )
    accounts = _demo_accounts(tenant, people, first)
    cast = {part: person for part, person in accounts.items() if person is not None}
    if len(cast) < len(accounts):
        return None
    _peers(cast, people, first, rng)
    return Cast(people=cast, point_of_sale=first)


def _peers(
    cast: dict[str, Membership], people: list[Membership], first: PointOfSale, rng: random.Random
) -> None:
    """Managers of other points of sale: in the zone, the region, elsewhere; another animator."""
    places = {  # a manager's zone and region
        m.pk: (m.point_of_sale.zone_id, m.point_of_sale.zone.region_id)
        for m in people
        if m.role == Role.POS_MANAGER and m.point_of_sale and m.point_of_sale != first
    }
    managers = [m for m in people if m.pk in places]
    zone, region = first.zone_id, first.zone.region_id
    same_zone = [m for m in managers if places[m.pk][0] == zone]
    same_region = [
        m for m in managers if places[m.pk] != (zone, region) and places[m.pk][1] == region
    ]
    # In the zone's community: a manager of the zone, else the demo's seller.
    cast["voisin"] = _pick(rng, same_zone, cast["vendeur"])
    # In the region's community: a manager of the region.
    others_in_zone = [m for m in same_zone if m != cast["voisin"]]
    cast["regional"] = _pick(rng, same_region or others_in_zone, cast["voisin"])
    # In open communities and the points of sale's: managers elsewhere in the network.
    elsewhere = [m for m in managers if places[m.pk][1] != region] or [
        m for m in managers if m not in (cast["voisin"], cast["regional"])
    ]
    cast["collegue"] = _pick(rng, elsewhere, cast["regional"])
    others = [m for m in elsewhere if m != cast["collegue"]]
    cast["collegue2"] = _pick(rng, others, cast["voisin"])
    animators = [m for m in people if m.role == Role.ANIMATOR and m != cast["animateur"]]
    cast["animateur2"] = _pick(rng, animators, cast["siege"])
