"""The demo's modules, in French and English, for each brand: products, sales techniques,
customer relation and after-sales, each a few minutes with its quiz questions. The six here are
those the demo's story uses (seed.py, competences.py: by index); the rest of each brand's
catalogue is in content_cars.py and content_cosmetics.py."""

from dataclasses import dataclass, field

from ..services import ChoiceData, StepData
from .pictures import DemoPicture


@dataclass(frozen=True)
class DemoModule:
    title: tuple[str, str]
    summary: tuple[str, str]
    tags: tuple[str, ...]
    kpis: tuple[str, ...]
    steps: list[StepData | DemoPicture] = field(default_factory=list)
    by_animator: bool = False  # written by the demo animator for their zone


def text(fr: str, en: str, seconds: int = 60) -> StepData:
    return StepData(kind="text", body_fr=fr, body_en=en, estimated_seconds=seconds)


def card(front: tuple[str, str], back: tuple[str, str], seconds: int = 40) -> StepData:
    return StepData(
        kind="flashcard",
        body_fr=front[0],
        body_en=front[1],
        back_fr=back[0],
        back_en=back[1],
        estimated_seconds=seconds,
    )


def quiz(question: tuple[str, str], *answers: tuple[str, str, bool, str, str]) -> StepData:
    choices = [
        ChoiceData(
            text_fr=a[0], text_en=a[1], is_correct=a[2], explanation_fr=a[3], explanation_en=a[4]
        )
        for a in answers
    ]
    return StepData(
        kind="quiz", body_fr=question[0], body_en=question[1], estimated_seconds=45, choices=choices
    )


CAR_MAKER = [
    DemoModule(
        ("Présenter la gamme électrique", "Presenting the electric range"),
        (
            "Autonomie, recharge, coût d’usage : les trois questions que pose chaque client.",
            "Range, charging, running costs: the three questions every customer asks.",
        ),
        ("Produits", "Électrique"),
        ("vn",),
        [
            text(
                "Un client sur deux demande d’abord l’**autonomie**. Répondez avec son trajet, "
                "pas avec la fiche technique : « Pour vos 60 km par jour, une charge par semaine "
                "suffit. »",
                "One customer in two asks about **range** first. Answer with their commute, not "
                "the spec sheet: “For your 60 km a day, one charge a week is enough.”",
                75,
            ),
            card(
                (
                    "Recharge sur borne rapide : 10 à 80 % en combien de temps ?",
                    "Fast charger: 10 to 80 % in how long?",
                ),
                ("Environ 30 minutes : le temps d’un café.", "About 30 minutes: a coffee break."),
            ),
            quiz(
                (
                    "Quel argument parle le mieux à un gros rouleur ?",
                    "Which point speaks best to a high-mileage driver?",
                ),
                (
                    "Le coût au kilomètre",
                    "The cost per kilometre",
                    True,
                    "Oui : sur 30 000 km par an, l’écart se chiffre en milliers d’euros.",
                    "Yes: over 30,000 km a year the gap runs into thousands of euros.",
                ),
                (
                    "La couleur de la sellerie",
                    "The upholstery colour",
                    False,
                    "Utile plus tard, pas pour convaincre.",
                    "Useful later, not to convince.",
                ),
                (
                    "La vitesse maximale",
                    "Top speed",
                    False,
                    "Rarement décisive pour un usage quotidien.",
                    "Rarely decisive for daily use.",
                ),
            ),
            quiz(
                (
                    "Que proposer à un client qui n’a pas de prise chez lui ?",
                    "What to offer a customer with no socket at home?",
                ),
                (
                    "Une étude d’installation de borne",
                    "A charger installation survey",
                    True,
                    "Oui : la plupart des copropriétés y ont droit.",
                    "Yes: most apartment buildings are entitled to one.",
                ),
                (
                    "Un modèle thermique, sans discuter",
                    "A petrol model, no questions",
                    False,
                    "Trop tôt : vérifiez d’abord ses possibilités de recharge.",
                    "Too early: check their charging options first.",
                ),
            ),
            text(
                "À vous : au prochain client, demandez son trajet quotidien avant de parler "
                "d’autonomie.",
                "Your turn: with the next customer, ask about their daily trip before talking "
                "about range.",
                30,
            ),
        ],
    ),
    DemoModule(
        ("Découvrir le besoin en 5 questions", "Discovering needs in 5 questions"),
        (
            "Les questions ouvertes qui transforment une visite en essai.",
            "The open questions that turn a visit into a test drive.",
        ),
        ("Techniques de vente",),
        ("transfo", "leads"),
        [
            text(
                "Une bonne découverte prend **3 minutes** et évite 30 minutes de négociation. "
                "Commencez par l’usage : *qui*, *où*, *combien de kilomètres*.",
                "A good discovery takes **3 minutes** and saves 30 minutes of negotiation. "
                "Start with usage: *who*, *where*, *how many kilometres*.",
                70,
            ),
            card(
                (
                    "Question ouverte ou fermée : « Vous roulez beaucoup ? »",
                    "Open or closed question: “Do you drive a lot?”",
                ),
                (
                    "Fermée. Ouverte : « Racontez-moi une semaine type avec votre voiture. »",
                    "Closed. Open: “Tell me about a typical week with your car.”",
                ),
            ),
            text(
                "Reformulez avant de proposer : « Si je comprends bien, vous cherchez... ». "
                "Le client corrige, et vous gagnez sa confiance.",
                "Rephrase before you suggest: “If I understand correctly, you are looking "
                "for...”. The customer corrects you, and you earn their trust.",
                60,
            ),
            quiz(
                (
                    "Quelle question ouvre le mieux la découverte ?",
                    "Which question best opens the discovery?",
                ),
                (
                    "« Comment utilisez-vous votre voiture aujourd’hui ? »",
                    "“How do you use your car today?”",
                    True,
                    "Oui : elle fait parler le client de son usage.",
                    "Yes: it gets the customer talking about their use.",
                ),
                (
                    "« Quel est votre budget ? »",
                    "“What is your budget?”",
                    False,
                    "Trop tôt : le budget vient après le besoin.",
                    "Too early: budget comes after the need.",
                ),
                (
                    "« Vous voulez la version haut de gamme ? »",
                    "“Do you want the top trim?”",
                    False,
                    "Question fermée qui oriente le client.",
                    "A closed question that steers the customer.",
                ),
            ),
            quiz(
                ("Pourquoi reformuler ?", "Why rephrase?"),
                (
                    "Pour vérifier et montrer qu’on a écouté",
                    "To check and show you listened",
                    True,
                    "Exact.",
                    "Exactly.",
                ),
                (
                    "Pour gagner du temps",
                    "To save time",
                    False,
                    "Ce n’est pas son but premier.",
                    "That is not its main purpose.",
                ),
            ),
        ],
    ),
    DemoModule(
        ("Proposer un essai au bon moment", "Offering a test drive at the right time"),
        (
            "L’essai transforme deux fois plus : comment le proposer sans forcer.",
            "Test drives convert twice as often: how to offer one without pushing.",
        ),
        ("Techniques de vente",),
        ("essais", "transfo"),
        [
            text(
                "Proposez l’essai **dès que le besoin est clair**, pas à la fin. Ayez un "
                "véhicule prêt, chargé et propre.",
                "Offer the drive **as soon as the need is clear**, not at the end. Keep a car "
                "ready, charged and clean.",
                60,
            ),
            card(
                (
                    "Le client hésite : « Je n’ai pas le temps ».",
                    "The customer hesitates: “I don’t have time.”",
                ),
                (
                    "« Quinze minutes, sur votre trajet habituel. Samedi 10 h vous va ? »",
                    "“Fifteen minutes, on your usual route. Does Saturday 10 am work?”",
                ),
            ),
            quiz(
                ("Quand proposer l’essai ?", "When to offer the drive?"),
                (
                    "Quand le besoin est clair",
                    "When the need is clear",
                    True,
                    "Oui : le client se projette.",
                    "Yes: the customer can picture it.",
                ),
                (
                    "Après la remise",
                    "After the discount",
                    False,
                    "Trop tard : la discussion est déjà sur le prix.",
                    "Too late: the talk is already about price.",
                ),
            ),
        ],
    ),
    DemoModule(
        ("Répondre à une réclamation", "Handling a complaint"),
        (
            "Écouter, reconnaître, agir, rappeler : la méthode en quatre temps.",
            "Listen, acknowledge, act, call back: the four-step method.",
        ),
        ("Relation client",),
        ("satisfaction",),
        [
            text(
                "Un client mécontent qui est **bien traité** revient plus souvent qu’un client "
                "qui n’a jamais eu de problème. Laissez-le finir avant de répondre.",
                "An unhappy customer who is **treated well** comes back more often than one "
                "who never had a problem. Let them finish before you answer.",
                60,
            ),
            card(
                ("Les 4 temps d’une réclamation ?", "The 4 steps of a complaint?"),
                (
                    "Écouter, reconnaître, agir, rappeler sous 48 h.",
                    "Listen, acknowledge, act, call back within 48 hours.",
                ),
            ),
            quiz(
                (
                    "Le client s’énerve. Première chose à faire ?",
                    "The customer gets angry. First thing to do?",
                ),
                (
                    "Le laisser finir et reformuler",
                    "Let them finish and rephrase",
                    True,
                    "Oui : il se sent entendu et se calme.",
                    "Yes: they feel heard and calm down.",
                ),
                (
                    "Expliquer que ce n’est pas votre faute",
                    "Explain it is not your fault",
                    False,
                    "Cela ferme la discussion.",
                    "That closes the conversation.",
                ),
                (
                    "Proposer tout de suite un geste commercial",
                    "Offer a goodwill gesture at once",
                    False,
                    "Trop tôt : vous ne connaissez pas encore le problème.",
                    "Too early: you do not know the problem yet.",
                ),
            ),
            quiz(
                ("Quand rappeler le client ?", "When to call the customer back?"),
                (
                    "Sous 48 heures, même sans solution",
                    "Within 48 hours, even with no fix yet",
                    True,
                    "Oui : le silence aggrave tout.",
                    "Yes: silence makes it worse.",
                ),
                (
                    "Quand tout est réglé",
                    "Once everything is fixed",
                    False,
                    "Il aura l’impression d’être oublié.",
                    "They will feel forgotten.",
                ),
            ),
        ],
    ),
    DemoModule(
        ("Vendre le contrat d’entretien", "Selling the service plan"),
        (
            "Un contrat vendu à la livraison, c’est un client qui revient à l’atelier.",
            "A plan sold at delivery is a customer who comes back to the workshop.",
        ),
        ("Après-vente",),
        ("atelier_ca", "fidelite"),
        [
            text(
                "Présentez le contrat **à la livraison**, en une phrase : « Vos entretiens "
                "sont payés d’avance, au prix d’aujourd’hui. »",
                "Present the plan **at delivery**, in one sentence: “Your services are paid in "
                "advance, at today’s price.”",
                50,
            ),
            card(
                ("Objection : « Je verrai plus tard »", "Objection: “I’ll see later”"),
                (
                    "« Le prix est garanti seulement aujourd’hui. »",
                    "“The price is only guaranteed today.”",
                ),
            ),
            quiz(
                ("Quel est le meilleur moment ?", "What is the best moment?"),
                (
                    "La livraison du véhicule",
                    "The car’s delivery",
                    True,
                    "Oui : le client est content et disponible.",
                    "Yes: the customer is happy and has time.",
                ),
                (
                    "Le premier passage à l’atelier",
                    "The first workshop visit",
                    False,
                    "Souvent trop tard : il a déjà comparé.",
                    "Often too late: they have already compared.",
                ),
            ),
        ],
    ),
    DemoModule(
        ("Estimer une reprise en confiance", "Valuing a trade-in with confidence"),
        (
            "Carnet, factures, contrôle : une estimation que le client comprend.",
            "Logbook, invoices, inspection: a valuation the customer understands.",
        ),
        ("Techniques de vente", "Occasion"),
        ("vo",),
        [
            text(
                "Montrez au client **comment** vous estimez : il accepte mieux un prix qu’il "
                "a vu se construire.",
                "Show the customer **how** you value the car: they accept a price better when "
                "they saw it built.",
                60,
            ),
            quiz(
                (
                    "Il n’a pas de carnet d’entretien. Que faire ?",
                    "There is no service logbook. What to do?",
                ),
                (
                    "Demander les factures du garage",
                    "Ask for the garage’s invoices",
                    True,
                    "Oui : elles remplacent le carnet.",
                    "Yes: they stand in for the logbook.",
                ),
                (
                    "Refuser la reprise",
                    "Refuse the trade-in",
                    False,
                    "Vous perdez la vente.",
                    "You lose the sale.",
                ),
            ),
        ],
        by_animator=True,
    ),
]

COSMETICS = [
    DemoModule(
        ("La routine soin en 3 gestes", "The 3-step skincare routine"),
        (
            "Nettoyer, traiter, protéger : expliquer la routine en moins d’une minute.",
            "Cleanse, treat, protect: explain the routine in under a minute.",
        ),
        ("Produits", "Soin"),
        ("ca",),
        [
            text(
                "La cliente retient **trois gestes**, pas dix produits. Nettoyer, traiter, "
                "protéger : un produit par geste.",
                "Customers remember **three steps**, not ten products. Cleanse, treat, "
                "protect: one product per step.",
                60,
            ),
            card(
                (
                    "Peau sèche : quel soin en deuxième geste ?",
                    "Dry skin: which treatment as the second step?",
                ),
                (
                    "Un sérum hydratant à l’acide hyaluronique.",
                    "A hydrating serum with hyaluronic acid.",
                ),
            ),
            quiz(
                ("Quel est le troisième geste ?", "What is the third step?"),
                (
                    "Protéger (crème avec SPF)",
                    "Protect (cream with SPF)",
                    True,
                    "Oui : même en hiver.",
                    "Yes: even in winter.",
                ),
                (
                    "Gommer",
                    "Exfoliate",
                    False,
                    "Une à deux fois par semaine seulement.",
                    "Once or twice a week only.",
                ),
            ),
            quiz(
                ("Combien de produits proposer d’abord ?", "How many products to suggest first?"),
                (
                    "Trois, un par geste",
                    "Three, one per step",
                    True,
                    "Oui : simple à retenir.",
                    "Yes: easy to remember.",
                ),
                (
                    "Toute la gamme",
                    "The whole range",
                    False,
                    "La cliente se perd.",
                    "The customer gets lost.",
                ),
            ),
        ],
    ),
    DemoModule(
        ("La vente complémentaire", "Suggesting a complementary product"),
        (
            "Un produit qui complète, jamais un produit de plus.",
            "A product that completes, never just one more product.",
        ),
        ("Techniques de vente",),
        ("panier",),
        [
            text(
                "Proposez ce qui **complète l’usage** : le démaquillant avec le mascara "
                "waterproof, la base avec le fond de teint.",
                "Suggest what **completes the use**: the remover with the waterproof mascara, "
                "the primer with the foundation.",
                60,
            ),
            quiz(
                (
                    "Une cliente prend un mascara waterproof. Que proposer ?",
                    "A customer buys a waterproof mascara. What to suggest?",
                ),
                (
                    "Un démaquillant biphasé",
                    "A two-phase make-up remover",
                    True,
                    "Oui : sans lui, le waterproof ne part pas.",
                    "Yes: without it, waterproof will not come off.",
                ),
                (
                    "Un deuxième mascara",
                    "A second mascara",
                    False,
                    "Ce n’est pas un complément.",
                    "That does not complement it.",
                ),
            ),
            card(
                ("La phrase qui marche ?", "The sentence that works?"),
                (
                    "« Pour l’enlever sans frotter, celui-ci est fait pour. »",
                    "“To take it off without rubbing, this one is made for it.”",
                ),
            ),
        ],
    ),
    DemoModule(
        ("Accueillir en moins de 30 secondes", "Welcoming within 30 seconds"),
        (
            "Un regard, un sourire, une phrase : l’accueil qui donne envie de rester.",
            "A look, a smile, a sentence: the welcome that makes people stay.",
        ),
        ("Relation client",),
        ("satisfaction", "visiteurs"),
        [
            text(
                "Saluez chaque cliente **dans les 30 secondes**, même si vous êtes occupée : "
                "« Bonjour, je suis à vous dans un instant. »",
                "Greet every customer **within 30 seconds**, even when busy: “Hello, I’ll be "
                "with you in a moment.”",
                45,
            ),
            quiz(
                (
                    "Vous êtes en caisse, une cliente entre. Que faire ?",
                    "You are at the till and a customer walks in. What to do?",
                ),
                (
                    "La saluer et lui dire que vous arrivez",
                    "Greet her and say you are coming",
                    True,
                    "Oui : elle se sait attendue.",
                    "Yes: she knows she is expected.",
                ),
                (
                    "Finir d’abord l’encaissement",
                    "Finish the sale first",
                    False,
                    "Elle risque de repartir.",
                    "She may walk out.",
                ),
            ),
        ],
    ),
    DemoModule(
        ("Gérer un retour produit", "Handling a product return"),
        (
            "Un retour bien accueilli fidélise : échange, conseil, trace.",
            "A well-handled return builds loyalty: exchange, advice, record.",
        ),
        ("Après-vente", "Relation client"),
        ("satisfaction", "fidelite"),
        [
            text(
                "Une réaction cutanée ? **Échangez d’abord**, questionnez ensuite, et notez "
                "le lot pour la qualité.",
                "A skin reaction? **Exchange first**, ask questions after, and note the batch "
                "for quality.",
                60,
            ),
            card(
                ("Que noter sur la fiche retour ?", "What to note on the return form?"),
                (
                    "Le numéro de lot, la date d’achat et la réaction décrite.",
                    "The batch number, purchase date and the reaction described.",
                ),
            ),
            quiz(
                (
                    "La cliente n’a pas le ticket. Que faire ?",
                    "The customer has no receipt. What to do?",
                ),
                (
                    "Chercher l’achat sur sa carte de fidélité",
                    "Look up the purchase on her loyalty card",
                    True,
                    "Oui : l’achat y est enregistré.",
                    "Yes: the purchase is recorded there.",
                ),
                (
                    "Refuser le retour",
                    "Refuse the return",
                    False,
                    "Vous perdez une cliente.",
                    "You lose a customer.",
                ),
            ),
        ],
    ),
    DemoModule(
        ("Faire adhérer au programme fidélité", "Signing customers up to the loyalty programme"),
        (
            "Une adhésion en 40 secondes, au bon moment du passage en caisse.",
            "A sign-up in 40 seconds, at the right moment at the till.",
        ),
        ("Fidélité",),
        ("fidelite",),
        [
            text(
                "Proposez la carte **pendant l’emballage** : la cliente attend, vous avez 40 "
                "secondes.",
                "Offer the card **while wrapping**: the customer is waiting, you have 40 seconds.",
                45,
            ),
            quiz(
                ("Quel avantage citer en premier ?", "Which benefit to mention first?"),
                (
                    "Le cadeau dès le prochain achat",
                    "The gift on the next purchase",
                    True,
                    "Oui : concret et proche.",
                    "Yes: concrete and soon.",
                ),
                (
                    "Les conditions générales",
                    "The terms and conditions",
                    False,
                    "Elles sont sur le site.",
                    "They are on the website.",
                ),
            ),
        ],
    ),
    DemoModule(
        ("Conseiller un parfum", "Advising on a fragrance"),
        (
            "Trois questions et deux touches : trouver son parfum sans saturer le nez.",
            "Three questions and two blotters: find their fragrance without tiring the nose.",
        ),
        ("Produits", "Parfum"),
        ("tickets",),
        [
            text(
                "Demandez ce qu’elle porte aujourd’hui, pour quelle occasion, et ce qu’elle "
                "n’aime pas. Puis **deux touches**, pas plus.",
                "Ask what she wears today, for which occasion, and what she dislikes. Then "
                "**two blotters**, no more.",
                60,
            ),
            card(
                (
                    "Combien de parfums faire sentir à la fois ?",
                    "How many fragrances to try at once?",
                ),
                (
                    "Deux ou trois : au-delà, le nez sature.",
                    "Two or three: beyond that the nose tires.",
                ),
            ),
            quiz(
                (
                    "La cliente hésite entre deux parfums. Que proposer ?",
                    "She hesitates between two fragrances. What to suggest?",
                ),
                (
                    "Un essai sur la peau et revenir dans une heure",
                    "Try one on the skin and come back in an hour",
                    True,
                    "Oui : le parfum évolue sur la peau.",
                    "Yes: a fragrance changes on the skin.",
                ),
                (
                    "Un troisième parfum",
                    "A third fragrance",
                    False,
                    "Le choix devient plus difficile.",
                    "It makes choosing harder.",
                ),
            ),
        ],
        by_animator=True,
    ),
]

MODULES = {"autonova": CAR_MAKER, "belle-allure": COSMETICS}
