"""Autonova's other demo modules (a car dealership's trade), after the six of content.py: short,
in French and English, some with a picture drawn at seed time."""

from .content import DemoModule, card, quiz, text
from .pictures import picture

RED, BLUE, GREY, WHITE, GREEN = "#b3261e", "#1d4e89", "#7a7f87", "#e8e6e1", "#2e7d32"

CAR_MAKER_MORE = [
    DemoModule(
        ("Réussir l’essai routier", "A test drive that sells"),
        (
            "Préparer le véhicule, choisir le parcours, laisser conduire.",
            "Prepare the car, choose the route, let them drive.",
        ),
        ("Techniques de vente", "Essai"),
        ("essais", "transfo"),
        [
            text(
                "Un essai se prépare : véhicule propre, plein fait, **parcours de 20 minutes** "
                "qui ressemble au trajet du client (ville, voie rapide, parking).",
                "A test drive is prepared: clean car, full tank, a **20-minute route** like the "
                "customer's own trip (town, fast road, parking).",
            ),
            card(
                ("Qui conduit en premier ?", "Who drives first?"),
                (
                    "Vous, cinq minutes, pour montrer les réglages ; puis le client.",
                    "You, for five minutes, to show the settings; then the customer.",
                ),
            ),
            quiz(
                ("Que faire pendant que le client conduit ?", "What to do while they drive?"),
                (
                    "Se taire et observer ses réactions",
                    "Keep quiet and watch how they react",
                    True,
                    "Oui : il découvre la voiture, vous découvrez ce qui lui plaît.",
                    "Yes: they discover the car, you discover what they like.",
                ),
                (
                    "Réciter la fiche technique",
                    "Recite the spec sheet",
                    False,
                    "Il ne l’écoute pas : il conduit.",
                    "They are not listening: they are driving.",
                ),
            ),
        ],
    ),
    DemoModule(
        ("Estimer une reprise", "Valuing a trade-in"),
        (
            "Une estimation juste, expliquée, qui ne casse pas la vente.",
            "A fair valuation, explained, that does not kill the sale.",
        ),
        ("Occasion", "Techniques de vente"),
        ("vo",),
        [
            text(
                "Faites le tour du véhicule **avec** le client : carnet d’entretien, pneus, "
                "carrosserie. Il voit ce que vous voyez, le prix ne le surprend pas.",
                "Walk round the car **with** the customer: service book, tyres, bodywork. They "
                "see what you see, so the price does not surprise them.",
            ),
            quiz(
                (
                    "Le client trouve l’offre de reprise trop basse. Première réponse ?",
                    "The customer finds the trade-in offer too low. First answer?",
                ),
                (
                    "Montrer la cote et les frais de remise en état",
                    "Show the market value and the reconditioning costs",
                    True,
                    "Oui : des faits, pas un bras de fer.",
                    "Yes: facts, not an arm wrestle.",
                ),
                (
                    "Augmenter l’offre tout de suite",
                    "Raise the offer at once",
                    False,
                    "Vous perdez de la marge et de la crédibilité.",
                    "You lose margin and credibility.",
                ),
            ),
            text(
                "À vous : notez les trois points relevés pendant le tour du véhicule sur la "
                "fiche de reprise.",
                "Your turn: write the three points you noticed on the trade-in sheet.",
                30,
            ),
        ],
    ),
    DemoModule(
        ("Présenter la location avec option d’achat", "Presenting a lease with option to buy"),
        (
            "Un loyer, une durée, un kilométrage : trois chiffres à expliquer simplement.",
            "A monthly payment, a term, a mileage: three figures to explain simply.",
        ),
        ("Financement",),
        ("vn", "transfo"),
        [
            text(
                "Partez de **l’usage** : combien de kilomètres par an, combien de temps il garde "
                "une voiture. Le loyer vient ensuite.",
                "Start from **usage**: how many kilometres a year, how long they keep a car. "
                "The monthly payment comes after.",
            ),
            card(
                (
                    "Que se passe-t-il au-delà du kilométrage prévu ?",
                    "What happens beyond the agreed mileage?",
                ),
                (
                    "Chaque kilomètre en plus est facturé : estimez large.",
                    "Each extra kilometre is charged: estimate generously.",
                ),
            ),
            quiz(
                (
                    "Un client change de voiture tous les trois ans. Quelle durée proposer ?",
                    "A customer changes cars every three years. Which term to offer?",
                ),
                (
                    "36 mois",
                    "36 months",
                    True,
                    "Oui : le contrat suit son rythme.",
                    "Yes: the contract follows their rhythm.",
                ),
                (
                    "60 mois, pour un loyer plus bas",
                    "60 months, for a lower payment",
                    False,
                    "Il voudra changer avant la fin : des frais de sortie.",
                    "They will want to change before the end: exit fees.",
                ),
            ),
        ],
    ),
    DemoModule(
        ("Relancer après un devis", "Following up a quote"),
        (
            "Le bon moment, le bon canal, la bonne question.",
            "The right time, the right channel, the right question.",
        ),
        ("Techniques de vente", "Relance"),
        ("leads", "transfo"),
        [
            text(
                "Relancez **sous 48 heures**, par le canal que le client a choisi. Une question "
                "ouverte : « Qu’est-ce qui vous fait encore hésiter ? »",
                "Follow up **within 48 hours**, through the channel the customer chose. An open "
                "question: “What is still holding you back?”",
            ),
            quiz(
                ("Quelle relance est la plus efficace ?", "Which follow-up works best?"),
                (
                    "Un appel avec une question ouverte",
                    "A call with an open question",
                    True,
                    "Oui : vous apprenez l’objection réelle.",
                    "Yes: you learn the real objection.",
                ),
                (
                    "Un courriel « Avez-vous réfléchi ? »",
                    "An email saying “Have you thought about it?”",
                    False,
                    "Trop facile d’y répondre non, ou pas du tout.",
                    "Too easy to answer no, or not at all.",
                ),
            ),
        ],
    ),
    DemoModule(
        ("Accueillir au showroom en 30 secondes", "Welcoming in the showroom in 30 seconds"),
        (
            "Se lever, sourire, se présenter : le client décide vite s’il reste.",
            "Stand up, smile, introduce yourself: customers decide fast whether to stay.",
        ),
        ("Relation client", "Accueil"),
        ("leads", "satisfaction"),
        [
            text(
                "Dans les **30 premières secondes**, levez-vous, allez vers le client, "
                "présentez-vous par votre prénom. Puis laissez-le regarder.",
                "In the **first 30 seconds**, stand up, walk over, introduce yourself by your "
                "first name. Then let them look around.",
            ),
            picture(
                (RED, BLUE, GREY),
                (
                    "Un showroom vu de l’entrée : trois voitures, rouge, bleue et grise, "
                    "alignées face à la porte.",
                    "A showroom seen from the entrance: three cars, red, blue and grey, lined "
                    "up facing the door.",
                ),
                (
                    "Ce que voit le client en entrant : **rien ne doit cacher l’accueil**.",
                    "What the customer sees on coming in: **nothing should hide the welcome**.",
                ),
            ),
            quiz(
                ("Le client dit « Je regarde ». Vous…", "The customer says “Just looking”. You…"),
                (
                    "Lui dites où vous trouver et restez disponible",
                    "Tell them where to find you and stay available",
                    True,
                    "Oui : il revient vers vous quand il est prêt.",
                    "Yes: they come back to you when ready.",
                ),
                (
                    "Le suivez pour présenter chaque modèle",
                    "Follow them to present every model",
                    False,
                    "Il se sent pressé et repart.",
                    "They feel pushed and leave.",
                ),
            ),
        ],
    ),
    DemoModule(
        ("La livraison, un moment clé", "Delivery, the moment that counts"),
        (
            "Une heure bien préparée vaut un client fidèle et un bon avis.",
            "One well-prepared hour is worth a loyal customer and a good review.",
        ),
        ("Relation client", "Livraison"),
        ("satisfaction",),
        [
            text(
                "Préparez la livraison la veille : véhicule lavé, plein fait, documents prêts, "
                "téléphone du client appairé **avant** son arrivée si possible.",
                "Prepare the delivery the day before: car washed, tank full, papers ready, the "
                "customer's phone paired **before** they arrive if possible.",
            ),
            picture(
                (WHITE,),
                (
                    "Une voiture blanche seule au centre de l’espace de livraison.",
                    "A single white car in the middle of the delivery area.",
                ),
                (
                    "Une voiture, un espace dégagé : le client est **le seul** ce jour-là.",
                    "One car, a clear space: the customer is **the only one** that day.",
                ),
            ),
            quiz(
                ("Que montrer en priorité ?", "What to show first?"),
                (
                    "Ce que le client utilisera dès le retour",
                    "What they will use on the way home",
                    True,
                    "Oui : navigation, téléphone, sièges. Le reste au premier entretien.",
                    "Yes: navigation, phone, seats. The rest at the first service.",
                ),
                (
                    "Toutes les fonctions du menu",
                    "Every function of the menu",
                    False,
                    "Il n’en retiendra aucune.",
                    "They will remember none.",
                ),
            ),
        ],
    ),
    DemoModule(
        ("Accueillir un rendez-vous atelier", "Checking in a workshop appointment"),
        (
            "Reformuler la demande, annoncer un prix et une heure, tenir parole.",
            "Restate the request, give a price and a time, keep your word.",
        ),
        ("Après-vente", "Atelier"),
        ("atelier_ca", "satisfaction"),
        [
            text(
                "Reformulez la demande avec les mots du client, faites le tour du véhicule, "
                "annoncez **un prix et une heure de restitution**.",
                "Restate the request in the customer's words, walk round the car, give **a "
                "price and a pick-up time**.",
            ),
            card(
                ("Un travail imprévu est nécessaire. Que faire ?", "Unplanned work is needed?"),
                (
                    "Appeler le client avant de commencer, avec le prix.",
                    "Call the customer before starting, with the price.",
                ),
            ),
            quiz(
                ("Le véhicule ne sera pas prêt à l’heure.", "The car won’t be ready on time."),
                (
                    "Prévenir dès que vous le savez",
                    "Tell them as soon as you know",
                    True,
                    "Oui : un retard annoncé est pardonné, un retard subi beaucoup moins.",
                    "Yes: a delay announced is forgiven, a delay discovered much less.",
                ),
                (
                    "Attendre qu’il appelle",
                    "Wait for them to call",
                    False,
                    "Il appellera mécontent.",
                    "They will call unhappy.",
                ),
            ),
        ],
    ),
    DemoModule(
        ("Proposer l’extension de garantie", "Offering an extended warranty"),
        (
            "La tranquillité se vend au bon moment : à la commande.",
            "Peace of mind sells at the right moment: when ordering.",
        ),
        ("Après-vente", "Garantie"),
        ("atelier_ca",),
        [
            text(
                "Présentez l’extension **à la commande**, avec un exemple chiffré de réparation "
                "courante hors garantie.",
                "Present the extension **when ordering**, with a priced example of a common "
                "repair outside the warranty.",
            ),
            quiz(
                ("Quel argument porte le mieux ?", "Which point works best?"),
                (
                    "Le coût d’une réparation courante",
                    "The cost of a common repair",
                    True,
                    "Oui : concret, et le client fait le calcul.",
                    "Yes: concrete, and the customer does the maths.",
                ),
                (
                    "« Tout le monde la prend »",
                    "“Everybody takes it”",
                    False,
                    "Ce n’est pas une raison pour lui.",
                    "That is no reason for them.",
                ),
            ),
        ],
    ),
    DemoModule(
        ("Traiter une réclamation", "Handling a complaint"),
        (
            "Écouter jusqu’au bout, reformuler, proposer, confirmer par écrit.",
            "Listen to the end, restate, propose, confirm in writing.",
        ),
        ("Relation client", "Réclamation"),
        ("satisfaction",),
        [
            text(
                "Laissez le client **aller au bout** sans l’interrompre. Reformulez : « Si je "
                "comprends bien, … ». Puis proposez une solution et un délai.",
                "Let the customer **finish** without interrupting. Restate: “If I understand "
                "correctly, …”. Then offer a solution and a deadline.",
            ),
            card(
                ("Que confirmer par écrit ?", "What to confirm in writing?"),
                (
                    "La solution et la date promises, le jour même.",
                    "The solution and the date promised, the same day.",
                ),
            ),
            quiz(
                ("Le client s’emporte. Vous…", "The customer loses their temper. You…"),
                (
                    "Restez calme et reformulez",
                    "Stay calm and restate",
                    True,
                    "Oui : il se sent entendu, le ton baisse.",
                    "Yes: they feel heard, the tone drops.",
                ),
                (
                    "Expliquez que ce n’est pas votre faute",
                    "Explain it is not your fault",
                    False,
                    "Vrai peut-être, mais il n’entend que le refus.",
                    "Maybe true, but all they hear is a refusal.",
                ),
            ),
        ],
    ),
    DemoModule(
        ("Hybride, rechargeable, électrique", "Hybrid, plug-in, electric"),
        (
            "Trois motorisations, trois usages : aider le client à choisir.",
            "Three powertrains, three uses: helping the customer choose.",
        ),
        ("Produits", "Électrique"),
        ("vn",),
        [
            picture(
                (GREEN, BLUE, GREY),
                (
                    "Trois voitures côte à côte : verte pour l’électrique, bleue pour "
                    "l’hybride rechargeable, grise pour l’hybride.",
                    "Three cars side by side: green for electric, blue for plug-in hybrid, "
                    "grey for hybrid.",
                ),
                (
                    "L’**hybride** se recharge seul, l’**hybride rechargeable** roule 50 km en "
                    "électrique, l’**électrique** ne brûle rien.",
                    "A **hybrid** charges itself, a **plug-in hybrid** drives 50 km on "
                    "electricity, an **electric** car burns nothing.",
                ),
                seconds=40,
            ),
            quiz(
                (
                    "Un client fait 30 km par jour et part en vacances loin. Que proposer ?",
                    "A customer drives 30 km a day and goes far on holiday. What to offer?",
                ),
                (
                    "Un hybride rechargeable, ou un électrique s’il peut charger en route",
                    "A plug-in hybrid, or an electric car if they can charge on the way",
                    True,
                    "Oui : électrique au quotidien, sans crainte pour les vacances.",
                    "Yes: electric every day, no worry for the holidays.",
                ),
                (
                    "Un diesel",
                    "A diesel",
                    False,
                    "Peu adapté aux petits trajets quotidiens.",
                    "Poorly suited to short daily trips.",
                ),
            ),
        ],
    ),
    DemoModule(
        ("Faire tourner le stock neuf", "Keeping new-car stock moving"),
        (
            "Un véhicule qui dort coûte chaque jour : savoir lequel proposer.",
            "A car that sits costs money every day: knowing which one to offer.",
        ),
        ("Stock",),
        ("stock_vn", "vn"),
        [
            text(
                "Chaque lundi, regardez les véhicules en stock depuis **plus de 90 jours** : ce "
                "sont eux à proposer en priorité, avec leur remise autorisée.",
                "Every Monday, look at the cars in stock for **more than 90 days**: offer them "
                "first, with the discount allowed.",
            ),
            quiz(
                (
                    "Un client veut une couleur en commande usine (3 mois).",
                    "A customer wants a colour on factory order (3 months).",
                ),
                (
                    "Montrer aussi le véhicule en stock le plus proche",
                    "Also show the nearest car in stock",
                    True,
                    "Oui : disponible tout de suite, il peut préférer.",
                    "Yes: available now, they may prefer it.",
                ),
                (
                    "Commander sans proposer le stock",
                    "Order without mentioning the stock",
                    False,
                    "Le stock vieillit, et le client attend.",
                    "The stock ages, and the customer waits.",
                ),
            ),
        ],
    ),
    DemoModule(
        ("Les aides à l’achat", "Purchase incentives"),
        (
            "Savoir où les vérifier plutôt que les promettre.",
            "Knowing where to check them rather than promising them.",
        ),
        ("Financement", "Électrique"),
        ("vn",),
        [
            text(
                "Les aides changent souvent et dépendent du client (revenus, domicile, ancien "
                "véhicule). **Vérifiez sur le site officiel** avec lui avant de les chiffrer.",
                "Incentives change often and depend on the customer (income, home, old car). "
                "**Check the official website** with them before putting a figure on them.",
            ),
            quiz(
                ("Le client demande le montant de l’aide.", "The customer asks how much aid."),
                (
                    "Le simuler ensemble sur le site officiel",
                    "Simulate it together on the official website",
                    True,
                    "Oui : un chiffre juste, et aucune promesse intenable.",
                    "Yes: a correct figure, and no promise you cannot keep.",
                ),
                (
                    "Annoncer le maximum",
                    "Announce the maximum",
                    False,
                    "S’il n’y a pas droit, la vente se défait.",
                    "If they are not entitled, the sale falls apart.",
                ),
            ),
        ],
    ),
    DemoModule(
        ("Expliquer les aides à la conduite", "Explaining driver assistance"),
        (
            "Régulateur adaptatif, maintien dans la voie : montrer plutôt que lister.",
            "Adaptive cruise, lane keeping: show rather than list.",
        ),
        ("Produits", "Sécurité"),
        ("vn", "essais"),
        [
            text(
                "Pendant l’essai, activez le **régulateur adaptatif** sur voie rapide : le "
                "client le comprend en une minute, et ne veut plus s’en passer.",
                "During the test drive, switch on **adaptive cruise control** on a fast road: "
                "the customer gets it in a minute, and won't want to do without.",
            ),
            picture(
                (BLUE, BLUE),
                (
                    "Deux voitures bleues l’une derrière l’autre, à distance régulière.",
                    "Two blue cars one behind the other, at a steady distance.",
                ),
                (
                    "Le régulateur adaptatif garde **la distance** avec la voiture de devant.",
                    "Adaptive cruise keeps **the distance** to the car in front.",
                ),
            ),
            quiz(
                ("Le maintien dans la voie…", "Lane keeping…"),
                (
                    "aide le conducteur, qui garde les mains sur le volant",
                    "helps the driver, who keeps their hands on the wheel",
                    True,
                    "Oui : c’est une aide, pas une conduite autonome.",
                    "Yes: it is an aid, not self-driving.",
                ),
                (
                    "conduit à la place du conducteur",
                    "drives instead of the driver",
                    False,
                    "Non, et le dire serait dangereux.",
                    "No, and saying so would be dangerous.",
                ),
            ),
        ],
    ),
    DemoModule(
        ("Répondre aux avis en ligne", "Answering online reviews"),
        (
            "Remercier, reconnaître, proposer d’en parler : en public, en trois phrases.",
            "Thank, acknowledge, offer to talk: in public, in three sentences.",
        ),
        ("Relation client", "Avis"),
        ("satisfaction", "leads"),
        [
            text(
                "Répondez à **chaque avis** sous 48 heures. Négatif : remerciez, reconnaissez le "
                "problème, proposez un contact direct. Jamais de détail privé en public.",
                "Answer **every review** within 48 hours. Negative: thank, acknowledge the "
                "problem, offer direct contact. Never private details in public.",
            ),
            quiz(
                ("Un avis injuste vous met en cause.", "An unfair review blames you."),
                (
                    "Répondre poliment et proposer un échange",
                    "Answer politely and offer to talk",
                    True,
                    "Oui : vous répondez surtout pour les futurs clients qui lisent.",
                    "Yes: you answer mostly for the future customers reading it.",
                ),
                (
                    "Corriger point par point",
                    "Correct it point by point",
                    False,
                    "La dispute se voit plus que vos arguments.",
                    "The argument shows more than your points.",
                ),
            ),
        ],
    ),
]
