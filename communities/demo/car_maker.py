"""The car maker's communities (Autonova): dealers, their animators and head office talk about test
drives, follow-ups, the workshop, stock and bonuses (communities/demo/script.py says how to read
a scene)."""

from .script import Message, Scene

WELCOME = Scene(
    "region",
    "Bienvenue dans la communauté {region}",
    days_ago=34,
    hour=9,
    pinned_by="siege",
    messages=(
        Message(
            "siege",
            """
            Bonjour à toutes et à tous,

            Cet espace réunit les concessions de la région **{region}**, leurs animateurs et
            votre directeur régional. Il sert à :

            - **poser vos questions** : un collègue a souvent déjà vécu la même situation ;
            - **partager ce qui marche** : une bonne pratique liée à un indicateur aide tout
              le réseau ;
            - **remonter les irritants du terrain** au siège, sans attendre la prochaine
              réunion.

            Trois règles simples :

            1. on reste bienveillant et concret ;
            2. **aucune donnée personnelle de client** (nom, téléphone, immatriculation) dans
               les messages ;
            3. une question = un fil, avec un titre clair.

            Quand une réponse vous a aidé, **acceptez-la** : elle servira aux suivants.

            Bonne animation à tous,
            {siege_prenom}, animation réseau {marque}
            """,
            likes=6,
        ),
        Message(
            "directeur",
            """
            Merci pour ce lancement. Je passerai ici chaque lundi matin : n'hésitez pas à
            m'interpeller directement, ça ira plus vite qu'un mail.
            """,
            hours=3,
            likes=4,
        ),
        Message(
            "responsable",
            """
            Enfin un endroit pour échanger entre concessions sans passer par dix mails ! On
            partagera ce qu'on fait sur les essais du samedi.
            """,
            hours=27,
            likes=3,
        ),
    ),
)

FOLLOW_UP = Scene(
    "zone",
    "Comment relancer un client après un essai ?",
    days_ago=12,
    hour=18,
    question=True,
    accepted=1,
    messages=(
        Message(
            "vendeur",
            """
            Bonjour à tous,

            Ce mois-ci j'ai fait **14 essais** et seulement **3 commandes**. Beaucoup de clients
            repartent avec un « je vais réfléchir », et ensuite plus de nouvelles.

            - Vous rappelez sous combien de temps ?
            - Par téléphone, SMS ou mail ?
            - Qu'est-ce que vous dites pour ne pas passer pour le vendeur lourd ?

            Merci d'avance !
            """,
            likes=2,
        ),
        Message(
            "animateur",
            """
            Bonne question, c'est le sujet du taux de transformation dans toute la zone. Ce qui
            marche le mieux dans les concessions que je visite :

            1. **Avant qu'il parte**, fixer ensemble le prochain contact : « je vous appelle
               jeudi à 18 h avec la reprise chiffrée, ça vous va ? ». Un rappel convenu n'est
               plus une relance.
            2. **J+1** : un SMS court de remerciement, avec une photo du véhicule essayé.
            3. **J+3** : l'appel prévu, avec **un élément nouveau** (estimation de reprise,
               simulation de financement, délai de livraison).
            4. **J+10** : si toujours rien, un mail qui propose un essai long le week-end.

            Et tout est noté dans la fiche prospect, sinon on oublie. @{responsable} tu as mis
            ça en place chez vous l'an dernier, non ?
            """,
            hours=2.5,
            likes=4,
        ),
        Message(
            "voisin",
            """
            Chez nous on ne laisse jamais partir un client sans **le chiffrage de sa reprise** :
            c'est ce qui le fait revenir. Et on évite de rappeler le samedi, les gens sont en
            famille.
            """,
            hours=5,
            likes=3,
        ),
        Message(
            "responsable",
            """
            Confirmé : on l'a fait tout le deuxième semestre, et fixer le rendez-vous pendant
            l'essai a tout changé. On est passés d'environ une commande pour cinq essais à
            **une pour trois**. {vendeur_prenom}, on en reparle demain au brief du matin.
            """,
            hours=20,
            likes=3,
        ),
        Message(
            "vendeur",
            """
            Merci à tous ! J'ai testé le rendez-vous fixé avant le départ sur mes deux essais de
            samedi : un client a déjà rappelé pour sa reprise. Je garde la méthode de
            @{animateur}.
            """,
            hours=51,
            likes=2,
        ),
        Message(
            "voisin",
            """
            Je reviens sur ce fil : on a repris chez nous le rendez-vous fixé pendant l'essai,
            **trois commandes de plus** ce mois-ci. Merci {vendeur_prenom} d'avoir posé la
            question !
            """,
            hours=11 * 24 + 2,
            likes=2,
        ),
    ),
)

SATURDAYS = Scene(
    "family:Ventes",
    "Nos samedis essais : +35 % d'essais en deux mois",
    days_ago=21,
    hour=8,
    messages=(
        Message(
            "collegue",
            """
            Je partage ce qu'on a fait à {collegue_ville} depuis deux mois, parce que ça a
            vraiment fait bouger nos essais et nos ventes VN.

            **Le constat** : nos commerciaux passaient le samedi en livraisons, et les essais se
            faisaient « quand on avait le temps ».

            **Ce qu'on a changé**

            - **Un créneau d'essai toutes les 45 minutes** le samedi, bloqué dans l'agenda de
              chaque commercial.
            - **Trois véhicules d'essai prêts dès 9 h** : lavés, pleins faits, papiers dans la
              boîte à gants.
            - **Les contacts entrants de la semaine rappelés le jeudi** pour leur proposer un
              créneau le samedi.
            - **Un tableau au mur**, mis à jour chaque soir : essais faits, commandes signées.

            **Résultat** : +35 % d'essais, et notre taux de transformation est passé de 18 % à
            22 %.

            Ce qui a le plus compté : que ce soit **le chef des ventes** qui tienne le planning,
            pas chaque commercial de son côté.
            """,
            kpis=("essais", "transfo", "vn"),
            likes=8,
            addendum="""
            **Mise à jour** : on a ajouté les utilitaires au planning du samedi, les artisans
            adorent venir essayer un fourgon chargé.
            """,
        ),
        Message(
            "animateur2",
            """
            Merci @{collegue} ! Question pratique : comment vous gérez les livraisons qui
            tombaient le samedi ?
            """,
            hours=6,
            likes=1,
        ),
        Message(
            "collegue",
            """
            On les a regroupées le vendredi en fin de journée et le samedi après 16 h. Les
            clients acceptent très bien quand on leur explique qu'ils auront plus de temps pour
            la prise en main.
            """,
            hours=8,
            likes=3,
        ),
        Message(
            "siege",
            """
            Très belle pratique, bravo à toute l'équipe. Nous la présenterons à la prochaine
            réunion des chefs des ventes.
            """,
            hours=26,
            likes=3,
        ),
        Message(
            "coach",
            """
            Un conseil pour ceux qui veulent se lancer : commencez par **un samedi par mois**,
            mesurez, puis étendez. Les équipes adhèrent quand elles voient leurs propres
            chiffres progresser.
            """,
            hours=18 * 24,
            likes=4,
        ),
    ),
)

WORKSHOP = Scene(
    "family:Après-vente",
    "Rappel d'entretien par SMS à J-15 : notre atelier plein le lundi",
    days_ago=16,
    hour=13,
    messages=(
        Message(
            "responsable",
            """
            Notre atelier avait des trous le lundi et le mardi, et des clients qui oubliaient
            leur révision jusqu'à la panne. Voici ce qu'on fait à {responsable_ville} :

            1. **Chaque vendredi**, la réception sort la liste des véhicules dont la révision
               tombe dans 15 jours.
            2. Elle envoie un **SMS personnalisé** qui propose deux créneaux, dont un le lundi.
            3. Sans réponse à J-7, **un appel** de deux minutes, pas plus.
            4. Le jour du rendez-vous, **le véhicule de courtoisie est prêt**, et le client le
               sait d'avance.

            **Résultat** : le lundi est passé de 60 % à 95 % de charge, le chiffre d'affaires
            atelier a pris environ 12 % sur le trimestre et la satisfaction après-vente presque
            un point.

            Le plus dur a été de tenir le rythme du vendredi : c'est maintenant dans la fiche
            de poste de la réception.
            """,
            kpis=("atelier_ca", "satisfaction"),
            likes=6,
        ),
        Message(
            "collegue2",
            "Vous utilisez quel outil pour les SMS ? Celui du DMS ou un outil à part ?",
            hours=4,
        ),
        Message(
            "responsable",
            """
            Le module SMS du DMS, avec un modèle de message validé par le siège. Pas besoin
            d'outil en plus.
            """,
            hours=6,
            likes=2,
        ),
        Message(
            "animateur",
            """
            Je confirme, j'ai vu le planning de l'atelier à ma dernière visite. Je vais le
            montrer aux autres concessions de la zone.
            """,
            hours=25,
            likes=3,
        ),
    ),
)

STOCK = Scene(
    "family:Stock",
    "Stock VN au-delà de 90 jours : vous faites quoi ?",
    days_ago=9,
    hour=10,
    question=True,
    accepted=1,
    messages=(
        Message(
            "collegue2",
            """
            On a **11 véhicules neufs** en stock depuis plus de 90 jours, surtout des finitions
            haut de gamme dans des couleurs peu demandées. Les frais de stockage commencent à
            peser.

            Vous avez des méthodes qui marchent, à part la remise ?
            """,
        ),
        Message(
            "collegue",
            """
            Trois choses chez nous :

            - **une revue du stock chaque lundi** avec le chef des ventes : chaque véhicule de
              plus de 60 jours a un plan d'action et un responsable ;
            - on les **utilise comme véhicules d'essai** : un client qui essaie la voiture
              qu'il peut emporter tout de suite signe plus vite ;
            - on les **propose d'abord aux clients qui reprennent un VO**, avec un financement
              sur mesure.

            On est passés de 14 à 4 véhicules de plus de 90 jours en deux mois.
            """,
            hours=3,
            likes=5,
            kpis=("stock_vn", "vn"),
            marked_by="siege",
        ),
        Message(
            "directeur",
            """
            Pensez aussi à la bourse de stock entre concessions de la région : un véhicule qui
            dort chez vous est peut-être attendu à 50 km.
            """,
            hours=22,
            likes=3,
        ),
        Message(
            "collegue2",
            """
            Merci ! On lance la revue du lundi dès la semaine prochaine, et je regarde la bourse
            de stock avec {directeur_prenom}.
            """,
            hours=46,
            likes=1,
        ),
    ),
)

DELIVERY = Scene(
    "zone",
    "Délais de livraison du nouveau fourgon : quelqu'un a des dates fiables ?",
    days_ago=4,
    hour=11,
    question=True,
    messages=(
        Message(
            "responsable",
            """
            Trois clients artisans attendent leur fourgon **{marque} Utilitaires** commandé il y
            a deux mois, et on n'a toujours **pas de date confirmée**. Quelqu'un a des
            informations plus récentes que le dernier bulletin ? Je préfère les prévenir avant
            qu'ils ne m'appellent.
            """,
        ),
    ),
)

COMPETITION = Scene(
    "zone",
    "Clients qui font jouer la concurrence entre nos concessions",
    days_ago=2,
    hour=9,
    messages=(
        Message(
            "voisin",
            """
            On voit de plus en plus de clients qui arrivent avec le devis d'une autre concession
            {marque} de la zone et demandent qu'on fasse mieux. Comment vous gérez ça sans se
            tirer dans les pattes entre nous ?
            """,
            likes=2,
        ),
        Message(
            "vendeur",
            """
            Attention à un client en particulier, M. Lefort (06 39 98 12 34), qui a fait le
            tour de toutes les concessions de la zone avec le même devis. Ne perdez pas votre
            temps avec lui.
            """,
            hours=5,
            flagged_by="responsable",
            flag_reason="""
            Nom et téléphone d'un client : ce sont des données personnelles, merci de masquer
            ce message.
            """,
        ),
        Message(
            "animateur",
            """
            Sur le fond, la règle est simple : on vend **notre service** (reprise, délai,
            atelier), pas une remise de plus. Et si un client compare, appelez le chef des
            ventes de l'autre concession : on se connaît tous.
            """,
            hours=7,
            likes=4,
        ),
        Message(
            "voisin",
            """
            D'accord avec {animateur_prenom}. Un coup de fil entre chefs des ventes a suffi le
            mois dernier sur un client commun : personne n'a lâché de remise.
            """,
            hours=24,
            likes=2,
        ),
    ),
)

OPEN_DAYS = Scene(
    "zone",
    "Portes ouvertes utilitaires : on mutualise la communication ?",
    days_ago=1,
    hour=8,
    messages=(
        Message(
            "voisin",
            """
            On organise des portes ouvertes **{marque} Utilitaires** le mois prochain. Si
            plusieurs concessions de la zone les font le même week-end, on pourrait partager
            l'annonce radio et les flyers. Qui est partant ?
            """,
            likes=3,
        ),
        Message(
            "responsable",
            """
            Partants ! On a deux fourgons de démonstration aménagés, on peut en prêter un pour
            le week-end.
            """,
            hours=3,
            likes=2,
        ),
        Message(
            "animateur",
            """
            Très bonne idée. Je porte la demande de budget de communication au siège si **au
            moins trois concessions** s'engagent : répondez ici d'ici vendredi.
            """,
            hours=6,
            likes=3,
        ),
    ),
)

VISITS = Scene(
    "animators",
    "Comment préparez-vous vos visites en concession ?",
    days_ago=8,
    hour=17,
    messages=(
        Message(
            "animateur",
            """
            Avec une douzaine de concessions par zone, je passe environ une fois par mois dans
            chacune. Je voudrais rendre ces visites plus utiles. Ma préparation actuelle :

            - le **tableau de bord de la concession** (écart à l'objectif, tendance) la veille ;
            - les **questions sans réponse** de la communauté de zone ;
            - **une seule priorité** par visite, pas cinq.

            Et vous, qu'est-ce que vous regardez avant d'y aller ?
            """,
            likes=3,
        ),
        Message(
            "animateur2",
            """
            Pareil, plus **le classement du challenge en cours** : commencer par une bonne
            nouvelle change l'ambiance. Et je termine toujours par un engagement écrit du chef
            des ventes, relu à la visite suivante.
            """,
            hours=4,
            likes=3,
        ),
        Message(
            "siege",
            """
            Merci pour ce fil, c'est exactement l'esprit. @{animateur} on pourrait en faire une
            fiche « visite type » pour les nouveaux animateurs ?
            """,
            hours=21,
            likes=2,
        ),
        Message(
            "animateur",
            "Avec plaisir, je prépare un premier jet pour la fin du mois.",
            hours=23,
            likes=1,
        ),
    ),
)

BONUSES = Scene(
    "region",
    "Primes des vendeurs : pourquoi le barème a changé en cours de trimestre ?",
    days_ago=19,
    hour=8,
    locked_by="siege",
    messages=(
        Message(
            "regional",
            """
            On découvre que le barème des primes VN a changé au début du trimestre, sans
            prévenir. Plusieurs vendeurs sont démotivés. Quelqu'un a une explication ?
            """,
            likes=4,
        ),
        Message(
            "voisin",
            """
            Même chose chez nous, et personne n'a été prévenu avant. Franchement, ce n'est pas
            la bonne méthode.
            """,
            hours=2,
            likes=4,
        ),
        Message(
            "responsable",
            "Idem. On a dû refaire tous les calculs à la main avec l'équipe.",
            hours=3,
            likes=3,
        ),
        Message(
            "directeur",
            """
            Je comprends la frustration. Le changement a été décidé au niveau national pour
            intégrer les utilitaires ; la note explicative aurait dû vous arriver avant. Je
            remonte le problème de communication.
            """,
            hours=5,
            likes=3,
        ),
        Message(
            "siege",
            """
            Merci pour vos retours, ils sont entendus. Toutes les modalités sont dans la
            **note du service rémunération** (espace documentaire) et une **visio de
            questions-réponses** a lieu jeudi à 18 h.

            Je ferme ce fil pour que les échanges continuent pendant la visio. Pour un cas
            individuel, passez par votre animateur.
            """,
            hours=26,
            likes=2,
        ),
    ),
)

SURVEYS = Scene(
    "family:Satisfaction client",
    "Comment faire remplir les questionnaires de satisfaction ?",
    days_ago=5,
    hour=14,
    question=True,
    messages=(
        Message(
            "regional",
            """
            Notre taux de retour des questionnaires de satisfaction est à 18 %, et ce sont
            surtout les mécontents qui répondent. Vos astuces pour que les clients satisfaits
            répondent aussi ?
            """,
            likes=2,
        ),
        Message(
            "coach",
            """
            Trois leviers qui marchent dans les concessions que j'accompagne :

            - **annoncer le questionnaire à la livraison**, en expliquant qu'il est lu par
              l'équipe (et il faut que ce soit vrai) ;
            - **un QR code sur la carte du conseiller**, remise avec les clés ;
            - **afficher les commentaires positifs** à l'atelier et au showroom : l'équipe en
              parle naturellement aux clients.
            """,
            hours=5,
            likes=3,
        ),
        Message(
            "collegue",
            """
            Chez nous, le conseiller rappelle à J+3 pour prendre des nouvelles du véhicule,
            sans parler du questionnaire. Le taux de retour a doublé.
            """,
            hours=26,
            likes=2,
        ),
    ),
)

TRADE_IN = Scene(
    "points_of_sale",
    "Reprise VO sans carnet d'entretien : vous faites comment ?",
    days_ago=26,
    hour=16,
    question=True,
    accepted=1,
    messages=(
        Message(
            "voisin",
            """
            Un client veut nous laisser sa berline de 2019 en reprise, mais il a perdu le carnet
            et les factures d'entretien. Vous décotez de combien ? Vous refusez ?
            """,
        ),
        Message(
            "collegue",
            """
            On ne refuse pas, mais on **consulte l'historique constructeur** : si l'entretien a
            été fait dans le réseau {marque}, tout y est. Sinon, **contrôle complet à
            l'atelier** avant de chiffrer, et on explique la décote au client.
            """,
            hours=3,
            likes=3,
        ),
        Message(
            "collegue2",
            """
            Et au-delà de 100 000 km sans historique, on la passe en vente à un marchand plutôt
            qu'en VO garanti.
            """,
            hours=6,
            likes=2,
        ),
    ),
)

SCENES = [
    WELCOME,
    TRADE_IN,
    SATURDAYS,
    BONUSES,
    WORKSHOP,
    FOLLOW_UP,
    STOCK,
    VISITS,
    COMPETITION,
    SURVEYS,
    DELIVERY,
    OPEN_DAYS,
]
