"""The demo's competence frameworks, one per brand: four families (product knowledge, sales
techniques, customer relation, after-sales), their competences two or three levels deep, the
modules (by index in content.py) that build each, and two assessment questions per competence
(French, English; the first answer is the right one, the page shuffles nothing)."""

from dataclasses import dataclass, field

Text = tuple[str, str]


@dataclass(frozen=True)
class DemoQuestion:
    body: Text
    right: Text
    wrong: tuple[Text, ...]


@dataclass(frozen=True)
class DemoCompetence:
    name: Text
    description: Text = ("", "")
    modules: tuple[int, ...] = ()
    questions: tuple[DemoQuestion, ...] = ()
    children: tuple["DemoCompetence", ...] = field(default_factory=tuple)


def q(body: Text, right: Text, *wrong: Text) -> DemoQuestion:
    return DemoQuestion(body, right, wrong)


SCALE = [
    (("Débutant", "Beginner"), 0, False),
    (("Confirmé", "Confirmed"), 50, True),
    (("Expert", "Expert"), 85, True),
]

CAR_MAKER = (
    DemoCompetence(
        ("Connaissance produit", "Product knowledge"),
        ("Les véhicules, leurs usages et leurs coûts.", "The vehicles, their uses and costs."),
        children=(
            DemoCompetence(
                ("Gamme électrique", "Electric range"),
                children=(
                    DemoCompetence(
                        ("Recharge et autonomie", "Charging and range"),
                        modules=(0,),
                        questions=(
                            q(
                                (
                                    "Où se recharge le plus souvent une voiture électrique ?",
                                    "Where is an electric car charged most often?",
                                ),
                                ("À domicile ou au travail", "At home or at work"),
                                ("Sur autoroute", "On the motorway"),
                                ("Chez le concessionnaire", "At the dealer's"),
                            ),
                            q(
                                (
                                    "Qu’est-ce qui réduit le plus l’autonomie en hiver ?",
                                    "What cuts the range most in winter?",
                                ),
                                ("Le chauffage de l’habitacle", "Heating the cabin"),
                                ("La radio", "The radio"),
                                ("Les essuie-glaces", "The wipers"),
                            ),
                        ),
                    ),
                ),
            ),
            DemoCompetence(
                ("Reprise", "Trade-in valuation"),
                modules=(5,),
                questions=(
                    q(
                        (
                            "Quel document rassure le plus sur un véhicule repris ?",
                            "Which document reassures most about a trade-in?",
                        ),
                        ("Le carnet d’entretien tamponné", "The stamped service logbook"),
                        ("La carte grise seule", "The registration alone"),
                    ),
                    q(
                        ("Comment présenter l’estimation ?", "How to present the valuation?"),
                        ("Point par point, avec le client", "Point by point, with the customer"),
                        ("Un chiffre, sans explication", "One figure, no explanation"),
                    ),
                ),
            ),
        ),
    ),
    DemoCompetence(
        ("Techniques de vente", "Sales techniques"),
        children=(
            DemoCompetence(
                ("Découverte du besoin", "Discovering needs"),
                modules=(1,),
                questions=(
                    q(
                        (
                            "Quelle question ouvre le mieux la découverte ?",
                            "Which question best opens the discovery?",
                        ),
                        ("« Comment utilisez-vous votre voiture ? »", "“How do you use your car?”"),
                        ("« Quel est votre budget ? »", "“What is your budget?”"),
                    ),
                    q(
                        (
                            "Combien de temps parle le client pendant la découverte ?",
                            "How much does the customer talk during discovery?",
                        ),
                        ("La plupart du temps", "Most of the time"),
                        ("Très peu : on présente l’offre", "Very little: we present the offer"),
                    ),
                ),
            ),
            DemoCompetence(
                ("Proposer l’essai", "Offering a test drive"),
                modules=(2,),
                questions=(
                    q(
                        ("Quand proposer l’essai ?", "When to offer the test drive?"),
                        ("Dès que le besoin est clair", "As soon as the need is clear"),
                        ("À la fin, après le prix", "At the end, after the price"),
                    ),
                    q(
                        ("Un essai transforme…", "A test drive converts…"),
                        ("Deux fois plus souvent", "Twice as often"),
                        ("Pas plus qu’une visite", "No more than a visit"),
                    ),
                ),
            ),
        ),
    ),
    DemoCompetence(
        ("Relation client", "Customer relation"),
        children=(
            DemoCompetence(
                ("Traiter une réclamation", "Handling complaints"),
                modules=(3,),
                questions=(
                    q(
                        ("Première étape face à une réclamation ?", "First step with a complaint?"),
                        ("Écouter sans interrompre", "Listen without interrupting"),
                        ("Expliquer le règlement", "Explain the rules"),
                    ),
                    q(
                        ("Après avoir agi, il faut…", "After acting, you…"),
                        ("Rappeler le client", "Call the customer back"),
                        ("Clore le dossier", "Close the file"),
                    ),
                ),
            ),
        ),
    ),
    DemoCompetence(
        ("Après-vente", "After-sales"),
        children=(
            DemoCompetence(
                ("Contrat d’entretien", "Service plans"),
                modules=(4,),
                questions=(
                    q(
                        (
                            "Le meilleur moment pour proposer le contrat ?",
                            "The best moment to offer the plan?",
                        ),
                        ("À la livraison", "At delivery"),
                        ("À la première panne", "At the first breakdown"),
                    ),
                    q(
                        (
                            "Ce que le contrat apporte à l’atelier :",
                            "What the plan brings the workshop:",
                        ),
                        ("Un client qui revient", "A customer who comes back"),
                        ("Moins de travail", "Less work"),
                    ),
                ),
            ),
        ),
    ),
)

COSMETICS = (
    DemoCompetence(
        ("Connaissance produit", "Product knowledge"),
        children=(
            DemoCompetence(
                ("Soin", "Skincare"),
                modules=(0,),
                questions=(
                    q(
                        ("Les trois gestes de la routine ?", "The routine's three steps?"),
                        ("Nettoyer, traiter, protéger", "Cleanse, treat, protect"),
                        ("Protéger, nettoyer, parfumer", "Protect, cleanse, perfume"),
                    ),
                    q(
                        ("Quand appliquer la protection solaire ?", "When to apply sunscreen?"),
                        ("En dernier, le matin", "Last, in the morning"),
                        ("Le soir", "In the evening"),
                    ),
                ),
            ),
            DemoCompetence(
                ("Parfum", "Fragrance"),
                modules=(5,),
                questions=(
                    q(
                        ("Combien de touches faire sentir au plus ?", "How many blotters at most?"),
                        ("Deux ou trois", "Two or three"),
                        ("Une dizaine", "About ten"),
                    ),
                    q(
                        ("Première question à poser ?", "First question to ask?"),
                        ("Pour qui et pour quelle occasion", "For whom and for what occasion"),
                        ("Quel prix", "What price"),
                    ),
                ),
            ),
        ),
    ),
    DemoCompetence(
        ("Techniques de vente", "Sales techniques"),
        children=(
            DemoCompetence(
                ("Vente complémentaire", "Complementary selling"),
                modules=(1,),
                questions=(
                    q(
                        ("Un produit complémentaire…", "A complementary product…"),
                        ("Complète le besoin exprimé", "Completes the stated need"),
                        ("Est le plus cher du rayon", "Is the dearest on the shelf"),
                    ),
                    q(
                        ("Quand le proposer ?", "When to suggest it?"),
                        ("Une fois le premier choix fait", "Once the first choice is made"),
                        ("Avant tout conseil", "Before any advice"),
                    ),
                ),
            ),
            DemoCompetence(
                ("Fidélité", "Loyalty programme"),
                modules=(4,),
                questions=(
                    q(
                        ("Quand proposer l’adhésion ?", "When to offer sign-up?"),
                        ("Au passage en caisse", "At the till"),
                        ("À l’entrée du magasin", "At the shop's entrance"),
                    ),
                    q(
                        ("Durée d’une adhésion bien menée ?", "Length of a good sign-up?"),
                        ("Moins d’une minute", "Under a minute"),
                        ("Un quart d’heure", "A quarter of an hour"),
                    ),
                ),
            ),
        ),
    ),
    DemoCompetence(
        ("Relation client", "Customer relation"),
        children=(
            DemoCompetence(
                ("Accueil", "Welcome"),
                modules=(2,),
                questions=(
                    q(
                        ("En combien de temps accueillir ?", "How soon to welcome?"),
                        ("Moins de 30 secondes", "Within 30 seconds"),
                        ("Quand la cliente le demande", "When the customer asks"),
                    ),
                    q(
                        ("L’accueil tient en…", "A welcome is…"),
                        ("Un regard, un sourire, une phrase", "A look, a smile, a sentence"),
                        ("Une présentation des promotions", "A pitch of the offers"),
                    ),
                ),
            ),
        ),
    ),
    DemoCompetence(
        ("Après-vente", "After-sales"),
        children=(
            DemoCompetence(
                ("Retours produit", "Product returns"),
                modules=(3,),
                questions=(
                    q(
                        ("Un retour bien accueilli…", "A well-handled return…"),
                        ("Fidélise la cliente", "Builds loyalty"),
                        ("Coûte une vente", "Costs a sale"),
                    ),
                    q(
                        ("Que garder d’un retour ?", "What to keep of a return?"),
                        ("Une trace et la raison", "A record and the reason"),
                        ("Rien", "Nothing"),
                    ),
                ),
            ),
        ),
    ),
)

FRAMEWORKS = {"autonova": CAR_MAKER, "belle-allure": COSMETICS}
ASSESSMENT_TITLE = ("Évaluation des compétences du réseau", "Network competence assessment")
ASSESSMENT_SUMMARY = (
    "Deux questions par compétence, cinq minutes : vos résultats construisent votre plan.",
    "Two questions per competence, five minutes: your results build your plan.",
)
CERTIFICATION = (
    ("Responsable des ventes confirmé", "Confirmed sales manager"),
    (
        "Techniques de vente et relation client au niveau confirmé, à repasser tous les deux ans.",
        "Sales techniques and customer relation at the confirmed level, renewed every two years.",
    ),
)
