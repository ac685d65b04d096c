"""The cosmetics chain's communities (Belle Allure): store managers, beauty advisers, their
animators and head office talk about loyalty cards, baskets, stock-outs, reviews and opening
hours (communities/demo/script.py says how to read a scene)."""

from .script import Message, Scene

WELCOME = Scene(
    "region",
    "Bienvenue dans la communauté {region}",
    days_ago=33,
    hour=9,
    pinned_by="siege",
    messages=(
        Message(
            "siege",
            """
            Bonjour à toutes et à tous,

            Voici l'espace des boutiques **{marque}** de la région **{region}**, de vos
            animatrices et animateurs et de votre directeur régional. On y vient pour :

            - **poser une question** au réseau plutôt que de rester seul en boutique ;
            - **partager une réussite** : une bonne pratique liée à un indicateur (panier,
              fidélité, satisfaction) profite à toutes les boutiques ;
            - **remonter ce qui coince** : ruptures, PLV, outils.

            Quelques règles :

            1. bienveillance, toujours ;
            2. **jamais de données de clientes** (nom, téléphone, e-mail) ;
            3. un sujet par fil, avec un titre parlant.

            Quand une réponse vous a été utile, **acceptez-la** : elle remontera pour les
            autres.

            À très vite ici,
            {siege_prenom}, animation réseau {marque}
            """,
            likes=5,
        ),
        Message(
            "directeur",
            """
            Merci ! Je lirai les nouveaux fils chaque lundi matin. N'hésitez pas à m'y
            interpeller.
            """,
            hours=2,
            likes=3,
        ),
        Message(
            "vendeur",
            "Super idée, on en parlait justement en boutique la semaine dernière.",
            hours=30,
            likes=2,
        ),
    ),
)

LOYALTY_QUESTION = Scene(
    "zone",
    "Comment proposer la carte fidélité sans que ça fasse forcé ?",
    days_ago=11,
    hour=19,
    question=True,
    accepted=1,
    messages=(
        Message(
            "vendeur",
            """
            Bonsoir,

            Je suis en boutique depuis trois mois et j'ai du mal avec la **carte fidélité** :
            quand je la propose en caisse, j'ai l'impression de forcer, et beaucoup de clientes
            disent non.

            - À quel moment vous la proposez ?
            - Qu'est-ce que vous dites exactement ?

            Merci pour vos conseils !
            """,
            likes=3,
        ),
        Message(
            "animateur",
            """
            Très bonne question, c'est celle que j'entends dans toutes les boutiques de la zone.
            Ce qui marche le mieux :

            1. **Pas en caisse, mais pendant le conseil** : « avec la carte, vous auriez eu le
               soin offert pour cet achat ».
            2. **Un bénéfice concret et immédiat**, pas le règlement : l'échantillon du mois,
               le diagnostic offert.
            3. **La cliente remplit elle-même** sur la tablette, c'est plus rapide et moins
               intrusif.

            @{responsable} vous aviez fait une belle progression sur les adhésions le mois
            dernier, tu peux raconter ?
            """,
            hours=2,
            likes=4,
        ),
        Message(
            "responsable",
            """
            Oui ! Chez nous, **chaque conseillère a un objectif de deux adhésions par jour**,
            affiché dans l'arrière-boutique, et on fête la première de la journée. Ça
            dédramatise complètement.
            """,
            hours=14,
            likes=3,
        ),
        Message(
            "voisin",
            """
            Et ne pas hésiter à dire **« je vous la crée en 30 secondes »** : souvent, la
            cliente refuse parce qu'elle pense que ça va être long.
            """,
            hours=17,
            likes=3,
        ),
        Message(
            "vendeur",
            """
            Merci ! J'ai essayé pendant le conseil aujourd'hui : quatre adhésions, dont trois
            clientes qui ne l'avaient jamais prise. Je retiens la méthode de @{animateur}.
            """,
            hours=44,
            likes=3,
        ),
        Message(
            "voisin",
            """
            Je reviens sur ce fil : on propose maintenant la carte pendant le conseil nous
            aussi, et nos adhésions ont **presque doublé** en dix jours. Merci
            {vendeur_prenom} pour la question !
            """,
            hours=10 * 24 + 3,
            likes=2,
        ),
    ),
)

SKIN_CHECK = Scene(
    "family:Ventes",
    "Le diagnostic peau en 3 minutes : +6 € de panier moyen",
    days_ago=20,
    hour=8,
    messages=(
        Message(
            "collegue",
            """
            Je partage ce qu'on fait à {collegue_ville} depuis deux mois, parce que notre panier
            moyen a vraiment décollé.

            **Le constat** : nos clientes venaient pour un produit précis et repartaient avec
            ce seul produit.

            **Ce qu'on a mis en place**

            - Un **diagnostic peau de 3 minutes**, proposé à toute cliente qui demande un soin
              visage.
            - Une **fiche routine** remise à la fin : matin, soir, une fois par semaine.
            - **Un seul produit complémentaire** proposé, jamais trois.
            - Un **point de 10 minutes le lundi** pour partager les routines qui ont plu.

            **Résultat** : le panier moyen est passé de 31 € à 37 €, sans baisse du nombre de
            tickets.

            Le secret : les conseillères ne « vendent » pas un produit de plus, elles
            complètent une routine.
            """,
            kpis=("panier", "ca"),
            likes=8,
            addendum="""
            **Mise à jour** : on propose maintenant le diagnostic aussi sur rendez-vous le
            samedi matin, les créneaux sont complets deux semaines à l'avance.
            """,
        ),
        Message(
            "animateur2",
            """
            Bravo @{collegue} ! Comment vous faites quand il y a du monde en boutique ?
            """,
            hours=5,
            likes=1,
        ),
        Message(
            "collegue",
            """
            On ne le propose que si une conseillère est libre, sinon on donne un rendez-vous.
            Les clientes reviennent presque toutes.
            """,
            hours=7,
            likes=3,
        ),
        Message(
            "siege",
            """
            Magnifique pratique. On l'ajoute au programme de formation des nouvelles
            conseillères.
            """,
            hours=27,
            likes=3,
        ),
        Message(
            "coach",
            """
            Petit conseil pour démarrer : **filmez-vous** une fois en jeu de rôle entre
            collègues. Trois minutes, c'est court, il faut que les questions soient rodées.
            """,
            hours=17 * 24,
            likes=3,
        ),
    ),
)

LOYALTY_PRACTICE = Scene(
    "family:Fidélité",
    "Adhésions fidélité : notre rituel du matin",
    days_ago=15,
    hour=12,
    messages=(
        Message(
            "responsable",
            """
            En un trimestre, nos adhésions fidélité ont progressé de **40 %** à
            {responsable_ville}. Voici ce qu'on fait :

            1. **Briefing de 5 minutes** à l'ouverture : l'avantage fidélité du jour (un
               échantillon, un soin offert, des points doublés).
            2. **Un objectif par conseillère** (deux adhésions par jour), affiché en
               arrière-boutique.
            3. La **tablette d'adhésion** reste sur le comptoir du conseil, pas en caisse.
            4. On **fête la première adhésion** de la journée, même modestement.

            Ce qui a tout changé, c'est de parler de la carte **pendant le conseil**, quand la
            cliente voit ce qu'elle gagne.
            """,
            kpis=("fidelite",),
            likes=6,
        ),
        Message(
            "collegue2",
            "Vous faites le briefing même le samedi, quand tout le monde arrive à des heures "
            "différentes ?",
            hours=3,
        ),
        Message(
            "responsable",
            """
            Oui, en deux fois : à l'ouverture, puis à 14 h pour l'équipe de l'après-midi. Ça
            prend cinq minutes.
            """,
            hours=5,
            likes=2,
        ),
        Message(
            "animateur",
            """
            J'ai vu le rituel en visite, l'équipe est vraiment embarquée. Je le présente aux
            autres boutiques de la zone.
            """,
            hours=26,
            likes=3,
        ),
    ),
)

STOCK_OUTS = Scene(
    "family:Stock",
    "Ruptures sur les best-sellers le samedi : comment anticiper ?",
    days_ago=9,
    hour=10,
    question=True,
    accepted=1,
    messages=(
        Message(
            "collegue2",
            """
            Trois samedis de suite, **rupture sur le sérum vedette** et sur la crème de jour
            dès 15 h. Les clientes repartent les mains vides et ne reviennent pas toujours.

            Comment vous anticipez vos commandes pour le week-end ?
            """,
        ),
        Message(
            "collegue",
            """
            Chez nous :

            - **un comptage des 20 best-sellers chaque jeudi matin**, avant la commande de
              réassort ;
            - un **stock de sécurité** de deux jours de ventes du samedi sur ces références ;
            - si une rupture arrive quand même, on propose **l'envoi à domicile** depuis une
              boutique voisine.

            Nos ruptures du samedi ont pratiquement disparu en un mois.
            """,
            hours=3,
            likes=4,
            kpis=("ruptures", "ca"),
            marked_by="siege",
        ),
        Message(
            "directeur",
            """
            Et prévenez votre animatrice ou votre animateur dès qu'une référence manque chez
            plusieurs boutiques : on peut faire remonter au siège avant le week-end.
            """,
            hours=20,
            likes=3,
        ),
        Message(
            "collegue2",
            "Merci, on met en place le comptage du jeudi dès cette semaine.",
            hours=40,
            likes=1,
        ),
    ),
)

TESTERS = Scene(
    "zone",
    "Testeurs de la nouvelle gamme soin : quelqu'un les a reçus ?",
    days_ago=4,
    hour=11,
    question=True,
    messages=(
        Message(
            "responsable",
            """
            La nouvelle gamme soin est en rayon depuis lundi, mais **toujours pas de
            testeurs** chez nous. Les clientes veulent essayer avant d'acheter, et on perd des
            ventes. Quelqu'un de la zone les a reçus ? Un numéro de commande à me donner ?
            """,
        ),
    ),
)

RETURNS = Scene(
    "zone",
    "Clientes qui rapportent des produits entamés",
    days_ago=2,
    hour=9,
    messages=(
        Message(
            "voisin",
            """
            On a de plus en plus de clientes qui rapportent un produit **entamé** en disant
            qu'il ne leur convient pas. Vous acceptez l'échange ? Jusqu'où ?
            """,
            likes=2,
        ),
        Message(
            "vendeur",
            """
            Méfiez-vous de Mme Roussel (06 39 98 45 67, sophie.roussel@example.com) : elle
            fait le tour des boutiques de la zone pour échanger des produits presque vides.
            """,
            hours=4,
            flagged_by="responsable",
            flag_reason="""
            Nom, téléphone et e-mail d'une cliente : données personnelles, merci de retirer ce
            message.
            """,
        ),
        Message(
            "animateur",
            """
            La règle de l'enseigne : **un échange par produit, s'il est entamé de moins d'un
            tiers**, avec le ticket. Au-delà, on propose un échantillon adapté et un conseil :
            la cliente repart rarement fâchée.
            """,
            hours=6,
            likes=4,
        ),
        Message(
            "voisin",
            "Merci {animateur_prenom}, c'est clair. Je l'affiche en caisse pour toute l'équipe.",
            hours=22,
            likes=2,
        ),
    ),
)

WORKSHOPS = Scene(
    "zone",
    "Ateliers maquillage du samedi : on partage les thèmes ?",
    days_ago=1,
    hour=8,
    messages=(
        Message(
            "voisin",
            """
            On lance des **ateliers maquillage de 30 minutes** le samedi matin. Si d'autres
            boutiques de la zone en font, on pourrait se caler sur les mêmes thèmes et partager
            les supports. Qui est intéressé ?
            """,
            likes=3,
        ),
        Message(
            "responsable",
            """
            Intéressés ! On a déjà un support « teint naturel » qu'on peut partager avec
            toutes les boutiques.
            """,
            hours=3,
            likes=2,
        ),
        Message(
            "animateur",
            """
            Super initiative. Je demande au siège des échantillons dédiés si **au moins trois
            boutiques** s'engagent : dites-le ici d'ici vendredi.
            """,
            hours=6,
            likes=3,
        ),
    ),
)

REMOTE = Scene(
    "animators",
    "Vos rituels pour garder le lien avec les boutiques entre deux visites ?",
    days_ago=8,
    hour=17,
    messages=(
        Message(
            "animateur",
            """
            Je vois chaque boutique de ma zone une fois par mois, et entre deux visites j'ai
            l'impression de perdre le fil. Ce que je fais aujourd'hui :

            - un **message le lundi** avec la priorité de la semaine ;
            - un **coup d'œil au tableau de bord** le jeudi pour repérer les boutiques en
              retard ;
            - les **questions sans réponse** de la communauté de zone.

            Vous avez d'autres rituels ?
            """,
            likes=3,
        ),
        Message(
            "animateur2",
            """
            Un **appel de 10 minutes** avec chaque responsable le vendredi, toujours à la même
            heure. Et je félicite publiquement dans la communauté dès qu'une boutique dépasse
            son objectif.
            """,
            hours=5,
            likes=3,
        ),
        Message(
            "siege",
            """
            Très bonnes idées. @{animateur} on pourrait en faire une fiche « semaine type » pour
            les animateurs qui arrivent ?
            """,
            hours=22,
            likes=2,
        ),
        Message(
            "animateur",
            "Oui, je m'en occupe et je la partage ici d'ici la fin du mois.",
            hours=24,
            likes=1,
        ),
    ),
)

SUNDAYS = Scene(
    "region",
    "Ouverture le dimanche : pourquoi c'est imposé à toutes les boutiques ?",
    days_ago=18,
    hour=8,
    locked_by="siege",
    messages=(
        Message(
            "regional",
            """
            On apprend que toutes les boutiques devront ouvrir **un dimanche par mois**, sans
            concertation. Les équipes sont déjà fatiguées. Pourquoi imposer ça à tout le
            monde ?
            """,
            likes=4,
        ),
        Message(
            "voisin",
            """
            Pareil chez nous. Dans notre centre-ville, le dimanche ne fait pas de chiffre :
            pourquoi ne pas laisser chaque boutique décider ?
            """,
            hours=2,
            likes=4,
        ),
        Message(
            "responsable",
            "D'accord, il faudrait au moins tenir compte de la zone de chalandise.",
            hours=3,
            likes=3,
        ),
        Message(
            "directeur",
            """
            J'entends vos remarques. La décision vient des centres commerciaux partenaires,
            mais les boutiques de centre-ville doivent pouvoir en discuter. Je remonte.
            """,
            hours=5,
            likes=3,
        ),
        Message(
            "siege",
            """
            Merci pour vos retours. Nouvelle règle : **les boutiques de centre-ville
            choisissent leurs dimanches** avec leur animatrice ou animateur ; celles des
            centres commerciaux suivent le calendrier du centre. La note détaillée est dans
            l'espace documentaire.

            Je ferme ce fil : pour un cas particulier, voyez-le avec votre animation.
            """,
            hours=28,
            likes=3,
        ),
    ),
)

REVIEWS = Scene(
    "family:Satisfaction client",
    "Faut-il répondre aux avis négatifs en ligne ?",
    days_ago=5,
    hour=14,
    question=True,
    messages=(
        Message(
            "regional",
            """
            Notre boutique a reçu deux avis à une étoile cette semaine (attente en caisse,
            produit en rupture). On répond ? Et qu'est-ce qu'on dit sans s'enfoncer ?
            """,
            likes=2,
        ),
        Message(
            "coach",
            """
            Oui, toujours, et **sous 48 heures**. Une bonne réponse tient en trois temps :

            - **remercier** pour le retour, sans se justifier ;
            - **reconnaître** le problème précis (l'attente, la rupture) ;
            - **inviter** la cliente à revenir voir la responsable, avec son prénom.

            Les clientes qui lisent les avis regardent surtout **comment la boutique répond**.
            """,
            hours=4,
            likes=4,
        ),
        Message(
            "collegue",
            """
            Chez nous, c'est la responsable qui répond, jamais un message générique. Deux
            clientes sont revenues et ont modifié leur note.
            """,
            hours=25,
            likes=2,
        ),
    ),
)

RESTOCKING = Scene(
    "points_of_sale",
    "Faire le réassort sans personne pour vous relayer : vos astuces ?",
    days_ago=25,
    hour=15,
    question=True,
    accepted=1,
    messages=(
        Message(
            "voisin",
            """
            Le mardi après-midi, personne ne peut me relayer en boutique et la livraison arrive
            à 14 h. Entre les clientes et les cartons, je n'arrive à rien. Vous vous organisez
            comment ?
            """,
        ),
        Message(
            "collegue",
            """
            On a demandé à décaler la livraison **avant l'ouverture**, une fois par semaine :
            accordé sans problème. Et les cartons sont **triés par meuble** dans la réserve,
            pour remettre en rayon par petites séries entre deux clientes.
            """,
            hours=3,
            likes=4,
        ),
        Message(
            "collegue2",
            """
            Et une **priorité claire** : d'abord les best-sellers en rupture, le reste peut
            attendre le lendemain matin.
            """,
            hours=6,
            likes=2,
        ),
    ),
)

SCENES = [
    WELCOME,
    RESTOCKING,
    SKIN_CHECK,
    SUNDAYS,
    LOYALTY_PRACTICE,
    LOYALTY_QUESTION,
    STOCK_OUTS,
    REMOTE,
    RETURNS,
    REVIEWS,
    TESTERS,
    WORKSHOPS,
]
