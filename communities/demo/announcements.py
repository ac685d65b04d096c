"""Demo announcements: head office, the region's director and the zone's animator each wrote to
the people concerned over the last two weeks, through the service; then people read (and
confirmed) them as people do, more in some zones than others, and the demo's seller has not
read the latest yet (it waits on their page)."""

import datetime as dt
import random
from dataclasses import dataclass

from django.db.models import Case, Value, When
from django.utils import timezone

from kpis.audiences import OFF_TARGET
from network_animation.audiences import CRITERIA, Audience
from network_animation.models import Notification, Role, Tenant

from .. import notifications
from ..models import Announcement, AnnouncementRecipient
from ..services import announcement_send
from .cast import Cast

POINT_ROLES = frozenset({Role.POS_MANAGER, Role.POS_STAFF})


@dataclass(frozen=True)
class Note:
    author: str  # a part of the cast
    audience: str  # "region_points", "off_target", "region_animators", "zone"
    title: str
    body: str
    days_ago: float
    read_share: tuple[float, float]  # drawn per zone
    acknowledgement: bool = False
    remind_after_days: int | None = None
    unread_by: tuple[str, ...] = ()  # parts of the cast who have not opened it


CAR_MAKER = [
    Note(
        "siege",
        "region_points",
        "Nouvelle procédure de livraison des véhicules neufs",
        """À partir du 1er décembre, chaque livraison suit la check-list en 12 points :

- véhicule lavé et plein fait la veille ;
- **présentation des aides à la conduite** dans le véhicule, avec le client ;
- rendez-vous de suivi à 15 jours fixé avant le départ.

Merci de confirmer que vos équipes l’ont lue.""",
        days_ago=9,
        read_share=(0.6, 0.95),
        acknowledgement=True,
        remind_after_days=3,
    ),
    Note(
        "siege",
        "off_target",
        "Relance du mois : les leviers qui marchent",
        """Vous êtes sous l’objectif sur **{kpi}** ce mois-ci. Trois leviers ont fait leurs
preuves dans le réseau :

1. rappeler les devis de plus de 10 jours ;
2. proposer un essai à chaque visiteur de l’atelier ;
3. partager vos réussites dans la communauté de votre zone.""",
        days_ago=3,
        read_share=(0.2, 0.6),
    ),
    Note(
        "directeur",
        "region_animators",
        "Revue de zone : vos trois priorités pour décembre",
        "Préparez pour jeudi vos trois priorités de décembre, chiffres à l’appui.",
        days_ago=12,
        read_share=(1.0, 1.0),
    ),
    Note(
        "animateur",
        "zone",
        "Portes ouvertes samedi : préparez l’accueil",
        """Samedi, portes ouvertes dans toute la zone. **Essais sans rendez-vous** de 9 h à 18 h ;
pensez à réserver deux véhicules de démonstration et à confirmer votre présence.""",
        days_ago=1,
        read_share=(0.2, 0.5),
        acknowledgement=True,
        unread_by=("vendeur",),
    ),
]

COSMETICS = [
    Note(
        "siege",
        "region_points",
        "Vitrines de Noël : la charte est en ligne",
        """La charte des vitrines de Noël est en ligne. Mise en place **avant le 5 décembre** ;
envoyez une photo de votre vitrine à votre animatrice.

Merci de confirmer que vous l’avez lue.""",
        days_ago=8,
        read_share=(0.6, 0.95),
        acknowledgement=True,
        remind_after_days=3,
    ),
    Note(
        "siege",
        "off_target",
        "Relance du mois : les argumentaires qui marchent",
        """Vous êtes sous l’objectif sur **{kpi}** ce mois-ci. Les boutiques qui progressent
proposent un diagnostic de peau à chaque cliente et un échantillon adapté.""",
        days_ago=3,
        read_share=(0.2, 0.6),
    ),
    Note(
        "directeur",
        "region_animators",
        "Réunion régionale de décembre",
        "Réunion régionale le 10 décembre : venez avec le bilan de vos visites de novembre.",
        days_ago=12,
        read_share=(1.0, 1.0),
    ),
    Note(
        "animateur",
        "zone",
        "Animation maquillage samedi",
        """Samedi, animation maquillage dans les boutiques de la zone : **deux maquilleuses**
passent de 10 h à 17 h. Prévoyez les testeurs de la nouvelle gamme.""",
        days_ago=1,
        read_share=(0.2, 0.5),
        acknowledgement=True,
        unread_by=("vendeur",),
    ),
]


def announcements_play(
    *, tenant: Tenant, cast: Cast, rng: random.Random, now: dt.datetime | None = None
) -> None:
    now = now or timezone.now()
    notes = CAR_MAKER if tenant.slug == "autonova" else COSMETICS
    for note in notes:
        audience, kpi = _audience(tenant, cast, note)
        if audience is None:
            continue
        sent = announcement_send(
            tenant=tenant,
            actor=cast.people[note.author],
            title=note.title,
            body=note.body.format(kpi=kpi),
            audience=audience,
            requires_acknowledgement=note.acknowledgement,
            remind_after_days=note.remind_after_days,
        )
        _dated(tenant, sent, now - dt.timedelta(days=note.days_ago, hours=rng.uniform(0, 3)))
        _read(tenant, cast, sent, note, rng, now)


def _audience(tenant: Tenant, cast: Cast, note: Note) -> tuple[Audience | None, str]:
    region = frozenset({cast.point_of_sale.zone.region_id})
    if note.audience == "region_points":
        return Audience(regions=region, roles=POINT_ROLES), ""
    if note.audience == "region_animators":
        return Audience(regions=region, roles=frozenset({Role.ANIMATOR})), ""
    if note.audience == "zone":
        return Audience(), ""  # the animator's zones
    criterion = CRITERIA.get(OFF_TARGET)
    if criterion is None:
        return None, ""
    # The KPI most points of sale of the region are behind on this month.
    behind = [
        (len(criterion.points_of_sale(tenant, value)), value, label)
        for value, label in criterion.choices(tenant)
    ]
    count, value, label = max(behind, default=(0, "", ""))
    if not count:
        return None, ""
    return Audience(
        regions=region, roles=POINT_ROLES, criteria=frozenset({(OFF_TARGET, value)})
    ), label


def _dated(tenant: Tenant, sent: Announcement, moment: dt.datetime) -> None:
    Announcement.objects.filter(pk=sent.pk).update(created_at=moment)
    sent.created_at = moment
    at_moment = Value(moment)
    Notification.objects.filter(
        tenant=tenant, target_id=sent.pk, kind=notifications.ANNOUNCEMENT
    ).update(
        created_at=moment,
        # Set at creation for those emailed at once.
        emailed_at=Case(When(emailed_at__isnull=False, then=at_moment), default=None),
    )


def _read(
    tenant: Tenant, cast: Cast, sent: Announcement, note: Note, rng: random.Random, now: dt.datetime
) -> None:
    """Each zone read a share of it within hours or days; a share of readers confirmed."""
    unread = {cast.people[part].pk for part in note.unread_by}
    rows = list(
        AnnouncementRecipient.objects.filter(tenant=tenant, announcement=sent).order_by("pk")
    )
    shares: dict[int | None, float] = {}
    for row in rows:
        share = shares.setdefault(row.zone_id, rng.uniform(*note.read_share))
        if row.membership_id in unread or rng.random() >= share:
            continue
        read_at = min(sent.created_at + dt.timedelta(hours=rng.uniform(0.5, 60)), now)
        row.read_at = read_at
        if note.acknowledgement and rng.random() < 0.85:
            row.acknowledged_at = min(read_at + dt.timedelta(minutes=rng.uniform(1, 30)), now)
    AnnouncementRecipient.objects.bulk_update(rows, ["read_at", "acknowledged_at"])
    read = [row.membership_id for row in rows if row.read_at is not None]
    Notification.objects.filter(
        tenant=tenant, target_id=sent.pk, kind=notifications.ANNOUNCEMENT, recipient_id__in=read
    ).update(read_at=now)
