"""Demo feedback: ideas and problems the demo's point of sale and its peers sent up over the last
weeks, at every status, some answered by the zone's animator or head office."""

import datetime as dt
import random
from dataclasses import dataclass

from network_animation.models import Notification, Tenant

from .. import notifications
from ..models import Feedback
from ..services import feedback_send, feedback_update
from .cast import Cast

IDEA, PROBLEM = Feedback.Kind.IDEA, Feedback.Kind.PROBLEM
ANIMATOR, HEAD_OFFICE = Feedback.Recipient.ANIMATOR, Feedback.Recipient.HEAD_OFFICE
NEW, IN_PROGRESS, ANSWERED, CLOSED = Feedback.Status.values


@dataclass(frozen=True)
class Sent:
    author: str  # a part of the cast
    kind: str
    sent_to: str
    title: str
    body: str
    days_ago: float
    status: str = NEW
    answer: str = ""


CAR_MAKER = [
    Sent(
        "vendeur",
        IDEA,
        ANIMATOR,
        "Un créneau d’essai le samedi soir",
        "Plusieurs clients ne peuvent essayer qu’après 18 h le samedi : un créneau tardif par "
        "mois suffirait.",
        days_ago=2,
    ),
    Sent(
        "responsable",
        PROBLEM,
        HEAD_OFFICE,
        "Délais de livraison des pièces de carrosserie",
        "Trois semaines d’attente sur les boucliers avant : les clients partent à la concurrence.",
        days_ago=9,
        status=IN_PROGRESS,
    ),
    Sent(
        "voisin",
        IDEA,
        ANIMATOR,
        "Partager les véhicules de démonstration entre concessions",
        "Nos démonstrateurs dorment la semaine : une réservation commune dans la zone ?",
        days_ago=16,
        status=ANSWERED,
        answer="Bonne idée : on en parle jeudi à la réunion de zone, **apportez vos plannings**.",
    ),
    Sent(
        "animateur",
        PROBLEM,
        HEAD_OFFICE,
        "Les exports du tableau de bord arrivent tard",
        "Le rapport mensuel arrive le 3 : trop tard pour la réunion du 2.",
        days_ago=24,
        status=CLOSED,
        answer="Le rapport part désormais le 1er à 6 h.",
    ),
]

COSMETICS = [
    Sent(
        "vendeur",
        IDEA,
        ANIMATOR,
        "Des échantillons en format voyage",
        "Les clientes demandent des formats voyage avant les vacances : un kit de cinq suffirait.",
        days_ago=2,
    ),
    Sent(
        "responsable",
        PROBLEM,
        HEAD_OFFICE,
        "Ruptures sur le sérum éclat",
        "Deux semaines sans sérum éclat : nos clientes fidèles vont ailleurs.",
        days_ago=8,
        status=IN_PROGRESS,
    ),
    Sent(
        "voisin",
        IDEA,
        ANIMATOR,
        "Un atelier maquillage commun à la zone",
        "Un atelier un samedi par mois, dans une boutique différente à chaque fois ?",
        days_ago=15,
        status=ANSWERED,
        answer="Oui : premier atelier le **14 décembre**, chez vous.",
    ),
    Sent(
        "animateur",
        PROBLEM,
        HEAD_OFFICE,
        "Les PLV de Noël arrivent incomplètes",
        "Il manque les réglettes prix dans la moitié des colis.",
        days_ago=22,
        status=CLOSED,
        answer="Un envoi complémentaire est parti à toutes les boutiques.",
    ),
]


def feedback_play(*, tenant: Tenant, cast: Cast, rng: random.Random, now: dt.datetime) -> None:
    for item in CAR_MAKER if tenant.slug == "autonova" else COSMETICS:
        author = cast.people[item.author]
        sent_to = item.sent_to
        if sent_to == ANIMATOR and author.point_of_sale_id is None:
            sent_to = HEAD_OFFICE
        sent = feedback_send(
            tenant=tenant,
            actor=author,
            kind=item.kind,
            sent_to=sent_to,
            title=item.title,
            body=item.body,
        )
        moment = now - dt.timedelta(days=item.days_ago, hours=rng.uniform(0, 5))
        _dated(tenant, sent, moment)
        if item.status != NEW:
            handler = cast.people["siege" if sent_to == HEAD_OFFICE else "animateur"]
            feedback_update(
                tenant=tenant, actor=handler, feedback=sent, status=item.status, answer=item.answer
            )
            later = min(moment + dt.timedelta(hours=rng.uniform(4, 48)), now)
            Feedback.objects.filter(pk=sent.pk).update(
                updated_at=later, answered_at=later if item.answer else None
            )
            Notification.objects.filter(
                tenant=tenant, target_id=sent.pk, kind=notifications.FEEDBACK_UPDATED
            ).update(created_at=later)


def _dated(tenant: Tenant, sent: Feedback, moment: dt.datetime) -> None:
    Feedback.objects.filter(pk=sent.pk).update(created_at=moment, updated_at=moment)
    Notification.objects.filter(
        tenant=tenant, target_id=sent.pk, kind=notifications.FEEDBACK_NEW
    ).update(created_at=moment)
