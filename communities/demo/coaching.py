"""Demo coaching: the brand's coach assigned to the demo's zone (another coach, if there is one,
to its region), difficulties the demo's point of sale and a neighbour reported (open, private,
closed with their follow-ups), two lesson sheets published (anonymised, reviewed by head office)
and one waiting for its review. Played through the services, then dated over the last weeks."""

import datetime as dt
import random
from dataclasses import dataclass

from django.core.exceptions import ValidationError

from network_animation.models import Membership, Notification, Role, Tenant

from ..models import Difficulty, FollowUp, LessonSheet
from ..services import (
    coach_assign,
    difficulty_close,
    difficulty_report,
    follow_up_log,
    sheet_approve,
    sheet_edit,
    sheet_start,
    sheet_submit,
)
from .cast import Cast

PUBLISHED, IN_REVIEW = "published", "in_review"


@dataclass(frozen=True)
class Lesson:
    title: str
    difficulty: str
    happened: str
    how_to_succeed: str
    stage: str  # published or in review


@dataclass(frozen=True)
class Met:
    reporter: str  # a part of the cast
    title: str
    practice: str
    tried: str
    happened: str
    days_ago: int
    private: bool = False
    follow_ups: tuple[tuple[str, str], ...] = ()  # (kind, note), a few days apart
    lesson: Lesson | None = None


CAR_MAKER = [
    Met(
        "vendeur",
        "L’essai prolongé ne convainc pas",
        "Proposer un essai de 48 h",
        "J’ai proposé l’essai de 48 h à tous les clients hésitants de la semaine.",
        "Deux essais sur cinq se sont terminés sans rendez-vous : les clients ont rendu la "
        "voiture à l’accueil sans me voir.",
        days_ago=3,
    ),
    Met(
        "responsable",
        "Le rappel des clients après l’atelier",
        "Appeler chaque client le lendemain de son passage à l’atelier",
        "Nous appelons tous les clients le lendemain.",
        "L’équipe n’a pas le temps le lundi : la moitié des appels ne sont pas passés.",
        days_ago=6,
        private=True,
    ),
    Met(
        "vendeur",
        "La reprise annoncée trop tôt",
        "Annoncer l’estimation de reprise au premier rendez-vous",
        "J’ai donné l’estimation de reprise dès le premier rendez-vous.",
        "Les clients sont partis comparer ailleurs avec mon chiffre en poche.",
        days_ago=26,
        follow_ups=(
            ("call", "Rappelé : parler du projet d’abord, de la reprise au second rendez-vous."),
            ("meeting", "Jeu de rôle en concession sur le premier rendez-vous."),
        ),
        lesson=Lesson(
            "Parler de la reprise au second rendez-vous",
            "Annoncer l’estimation de reprise dès le premier rendez-vous paraissait rassurant.",
            "Les clients partaient comparer avec ce chiffre et ne revenaient pas.",
            "Au premier rendez-vous, parler du projet et de l’essai ; proposer l’estimation au "
            "second, **avec le véhicule examiné** : le client revient pour l’entendre.",
            PUBLISHED,
        ),
    ),
    Met(
        "voisin",
        "Les rendez-vous en ligne oubliés",
        "Confirmer les rendez-vous pris en ligne",
        "Les rendez-vous pris sur le site étaient confirmés par courriel.",
        "Un client sur quatre ne venait pas.",
        days_ago=34,
        follow_ups=(("advice", "Un SMS la veille, signé du vendeur, avec son numéro direct."),),
        lesson=Lesson(
            "Confirmer un rendez-vous pris en ligne",
            "Les rendez-vous pris en ligne et confirmés par courriel étaient souvent manqués.",
            "Un client sur quatre ne venait pas, sans prévenir.",
            "Un SMS la veille, signé du vendeur et avec son numéro direct : le client répond, "
            "ou décale au lieu de ne pas venir.",
            PUBLISHED,
        ),
    ),
    Met(
        "vendeur",
        "La livraison expédiée un samedi",
        "La livraison en vingt minutes",
        "J’ai fait les livraisons du samedi en vingt minutes pour tenir le planning.",
        "Les clients rappelaient la semaine suivante avec des questions sur l’écran de bord.",
        days_ago=14,
        follow_ups=(("call", "Prévoir la prise en main de l’écran dans la livraison."),),
        lesson=Lesson(
            "Une livraison qui prend le temps de l’écran de bord",
            "Des livraisons raccourcies le samedi pour tenir le planning.",
            "Des appels la semaine suivante pour des réglages simples.",
            "Dix minutes de prise en main de l’écran de bord, avec le téléphone du client "
            "connecté avant qu’il parte.",
            IN_REVIEW,
        ),
    ),
]

COSMETICS = [
    Met(
        "vendeur",
        "Le diagnostic de peau écourté",
        "Le diagnostic de peau en cinq questions",
        "J’ai proposé le diagnostic en cinq questions à chaque nouvelle cliente.",
        "Les clientes pressées l’ont refusé et sont reparties sans conseil.",
        days_ago=2,
    ),
    Met(
        "responsable",
        "Le programme de fidélité mal compris",
        "Présenter le programme de fidélité en caisse",
        "Nous présentons le programme à chaque passage en caisse.",
        "La file d’attente s’allonge et les clientes disent non pour aller plus vite.",
        days_ago=5,
        private=True,
    ),
    Met(
        "vendeur",
        "L’échantillon donné sans suite",
        "Offrir un échantillon à chaque cliente",
        "J’ai offert un échantillon à chaque cliente hésitante.",
        "Elles ne revenaient pas acheter le produit.",
        days_ago=24,
        follow_ups=(
            ("call", "Noter le produit testé sur la fiche cliente et rappeler dans la semaine."),
            ("meeting", "Revu ensemble la façon de présenter l’échantillon."),
        ),
        lesson=Lesson(
            "Un échantillon qui fait revenir",
            "Les échantillons offerts aux clientes hésitantes ne les faisaient pas revenir.",
            "Les clientes repartaient avec l’échantillon et achetaient ailleurs.",
            "Donner l’échantillon avec **un rendez-vous** : noter le produit sur la fiche "
            "cliente et proposer de revenir en parler dans la semaine.",
            PUBLISHED,
        ),
    ),
    Met(
        "voisin",
        "L’atelier maquillage sans inscrites",
        "Les ateliers du samedi",
        "Nous avons annoncé l’atelier en vitrine.",
        "Deux inscrites seulement.",
        days_ago=31,
        follow_ups=(("advice", "Inviter personnellement les clientes fidèles par SMS."),),
        lesson=Lesson(
            "Remplir un atelier du samedi",
            "Un atelier annoncé en vitrine attirait peu de monde.",
            "Deux inscrites seulement, et une boutique mobilisée pour rien.",
            "Inviter personnellement dix clientes fidèles par SMS, chacune pouvant venir avec "
            "une amie.",
            PUBLISHED,
        ),
    ),
    Met(
        "vendeur",
        "Le conseil routine trop long",
        "La routine en trois gestes",
        "J’ai présenté la routine complète à chaque cliente.",
        "Les clientes décrochaient au troisième produit.",
        days_ago=12,
        follow_ups=(("call", "Commencer par un seul geste, le plus utile pour la cliente."),),
        lesson=Lesson(
            "Une routine en un geste d’abord",
            "Présenter une routine complète de soin à chaque cliente.",
            "Les clientes décrochaient au troisième produit.",
            "Commencer par le geste le plus utile pour la cliente, puis proposer la suite à "
            "sa prochaine visite.",
            IN_REVIEW,
        ),
    ),
]


def coaching_play(*, tenant: Tenant, cast: Cast, rng: random.Random, now: dt.datetime) -> None:
    head_office = cast.people["siege"]
    coach = cast.people["coach"]
    zone = cast.point_of_sale.zone
    coach_assign(tenant=tenant, actor=head_office, coach=coach, zone=zone)
    other = Membership.objects.filter(tenant=tenant, role=Role.COACH, is_active=True).exclude(
        pk=coach.pk
    )
    second = other.order_by("pk").first()
    if second is not None:
        coach_assign(tenant=tenant, actor=head_office, coach=second, region=zone.region)
    for met in CAR_MAKER if tenant.slug == "autonova" else COSMETICS:
        moment = now - dt.timedelta(days=met.days_ago, hours=rng.uniform(1, 6))
        _play(tenant, cast, coach, met, moment)


def _play(tenant: Tenant, cast: Cast, coach: Membership, met: Met, moment: dt.datetime) -> None:
    reporter = cast.people[met.reporter]
    found = difficulty_report(
        tenant=tenant,
        actor=reporter,
        title=met.title,
        practice=met.practice,
        tried=met.tried,
        happened=met.happened,
        is_private=met.private,
    )
    _dated(tenant, found, moment)
    for step, (kind, note) in enumerate(met.follow_ups, start=1):
        day = (moment + dt.timedelta(days=2 * step)).date()
        follow_up_log(tenant=tenant, actor=coach, difficulty=found, kind=kind, date=day, note=note)
    if met.lesson is None:
        return
    difficulty_close(tenant=tenant, actor=coach, difficulty=found)
    closed = moment + dt.timedelta(days=2 * len(met.follow_ups) + 1)
    Difficulty.objects.filter(pk=found.pk).update(closed_at=closed)
    _lesson(tenant, cast, coach, found, met.lesson, closed)


def _lesson(
    tenant: Tenant,
    cast: Cast,
    coach: Membership,
    found: Difficulty,
    lesson: Lesson,
    closed: dt.datetime,
) -> None:
    sheet = sheet_start(tenant=tenant, actor=coach, difficulty=found)
    sheet_edit(
        tenant=tenant,
        actor=coach,
        sheet=sheet,
        title=lesson.title,
        difficulty_text=lesson.difficulty,
        happened=lesson.happened,
        how_to_succeed=lesson.how_to_succeed,
    )
    try:
        sheet_submit(tenant=tenant, actor=coach, sheet=sheet)
        if lesson.stage == PUBLISHED:
            sheet_approve(tenant=tenant, actor=cast.people["siege"], sheet=sheet)
    except ValidationError:
        return  # a demo name the text happens to use: the sheet stays a draft to fix
    later = closed + dt.timedelta(days=2)
    LessonSheet.objects.filter(pk=sheet.pk).update(
        created_at=closed, updated_at=later, submitted_at=closed + dt.timedelta(days=1)
    )
    if lesson.stage == PUBLISHED:
        LessonSheet.objects.filter(pk=sheet.pk).update(published_at=later)


def _dated(tenant: Tenant, found: Difficulty, moment: dt.datetime) -> None:
    Difficulty.objects.filter(pk=found.pk).update(created_at=moment)
    Notification.objects.filter(tenant=tenant, target_id=found.pk).filter(
        kind__startswith="community.difficulty"
    ).update(created_at=moment)
    FollowUp.objects.filter(tenant=tenant, difficulty=found).update(created_at=moment)
